import { z } from 'zod';

/**
 * A rulebook is typed, validated data: every procedure rule that differs between organisations is a
 * setting here, and the pure functions in `threshold.ts`, `outcome.ts` and `immunity.ts` interpret it.
 * A procedure stores a snapshot of its rulebook when it opens, so later edits never rewrite history.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

/** Who counts in the denominator (and who may write a letter). */
export const electorateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('whip-holders'),
    party: z.string().min(1),
    description: z.string().min(1),
  }),
  z.object({ kind: z.literal('all-members'), description: z.string().min(1) }),
]);

/** How many letters trigger: a fraction of the denominator with a rounding rule, or a fixed number. */
export const triggerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fraction'),
    /** Exact rational, e.g. 15/100: no floating point near the boundary. */
    numerator: z.number().int().positive(),
    denominator: z.number().int().positive(),
    rounding: z.enum(['up', 'down', 'nearest']),
  }).refine((t) => t.numerator <= t.denominator, 'the fraction must be at most 1'),
  z.object({ kind: z.literal('absolute'), count: z.number().int().positive() }),
]);

export const majoritySchema = z.object({
  /** `votes-cast`: share of valid votes; `all-members`: share of the whole electorate. */
  basis: z.enum(['votes-cast', 'all-members']),
  /** Required share as an exact rational: 1/2 for a simple majority, 2/3 for a supermajority. */
  numerator: z.number().int().positive(),
  denominator: z.number().int().positive(),
  /** `more-than`: strictly more than the share (a tie fails); `at-least`: the share or more. */
  comparison: z.enum(['more-than', 'at-least']),
});

export const rulebookSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lowercase letters, digits and dashes'),
  name: z.string().min(1),
  organisation: z.string().min(1),
  /** Dated facts and their sources (shared/domain/procedures.md). */
  sources: z.array(z.string().min(1)),
  electorate: electorateSchema,
  trigger: triggerSchema,
  letters: z.object({
    /** What a "letter" is called in this organisation (letter, nomination, signature, notice). */
    noun: z.string().min(1),
    postDating: z.boolean(),
    withdrawal: z.boolean(),
    /** Who learns the signatories: nobody but the chair, or everyone. */
    secrecy: z.enum(['chair-only', 'published']),
    /** Letters lapse after this many months unless renewed (before 2010 the 1922 Committee's did, yearly). */
    lapseAfterMonths: z.number().int().positive().nullable(),
  }),
  /** What reaching the threshold starts. */
  onTrigger: z.enum(['confidence-ballot', 'leadership-contest']),
  ballot: z.object({
    question: z.string().min(1),
    /** `confidence`: a Yes keeps the leader; `removal`: a Yes removes them. */
    polarity: z.enum(['confidence', 'removal']),
    majority: majoritySchema,
    /** Minimum turnout as a share of the electorate (percent), or null for none. */
    quorumPercent: z.number().min(0).max(100).nullable(),
    /** Latest day the ballot may be held, counted from the day the threshold is reached. */
    maxDaysAfterTrigger: z.number().int().nonnegative(),
    /** Minimum notice between scheduling and opening, in hours. */
    minNoticeHours: z.number().nonnegative(),
  }),
  immunity: z.object({
    afterWonVoteMonths: z.number().int().nonnegative(),
    afterTakingOfficeMonths: z.number().int().nonnegative(),
    /** The rule stated: during immunity letters are still received and kept, but nothing triggers. */
    duringImmunity: z.literal('letters-received-no-trigger'),
    /** Whether the letters counted for a ballot stay on file afterwards. */
    lettersSpentByBallot: z.boolean(),
  }),
  afterLoss: z.object({
    consequence: z.enum(['leader-resigns-contest', 'leader-removed-interim', 'contest-with-incumbent']),
    leaderMayStand: z.boolean(),
  }),
  notes: z.array(z.string()),
});

export type Rulebook = z.infer<typeof rulebookSchema>;
export type Trigger = z.infer<typeof triggerSchema>;
export type Majority = z.infer<typeof majoritySchema>;
export { isoDate };
