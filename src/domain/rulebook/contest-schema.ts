import { z } from 'zod';
import { isoDate } from './schema';

/**
 * A contest rulebook: the rules of a leadership contest as typed, validated data — nominations, the MPs'
 * exhaustive ballots and the members' ballot. It sits beside the confidence rulebooks (./schema.ts): a lost
 * confidence vote or a resignation opens a contest, and the contest engine (src/contest) interprets these
 * settings with pure functions. A contest stores a snapshot of its rulebook when it opens, so later edits never
 * rewrite history; the verifier reads the same snapshot from the contest summary.
 *
 * Every number is an integer or an exact rational: no floating point near a threshold.
 */

/** A number of votes: fixed, or a fraction of the round's electorate (the MPs eligible to vote that day). */
export const voteCountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('absolute'), count: z.number().int().nonnegative() }),
  z
    .object({
      kind: z.literal('fraction'),
      numerator: z.number().int().positive(),
      denominator: z.number().int().positive(),
      rounding: z.enum(['up', 'down', 'nearest']),
    })
    .refine((f) => f.numerator <= f.denominator, 'the fraction must be at most 1'),
]);

/** The rule of one MP round: who stays on. */
export const roundRuleSchema = z.object({
  /** Candidates must reach this to continue ("at least 30"); null for no threshold. */
  threshold: z
    .object({
      comparison: z.enum(['at-least', 'more-than']),
      votes: voteCountSchema,
    })
    .nullable(),
  /**
   * Whether the lowest is out in this round. Candidates below the threshold are out first; the lowest is out
   * "regardless" only if the threshold removed nobody (so each round removes at least one candidate).
   */
  eliminateLowest: z.boolean(),
});

export const contestRulebookSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lowercase letters, digits and dashes'),
    name: z.string().min(1),
    organisation: z.string().min(1),
    /** Dated facts and their sources (shared/domain/procedures.md). */
    sources: z.array(z.string().min(1)),
    /** Who votes in the MP rounds and may nominate. */
    mps: z.object({ party: z.string().min(1), description: z.string().min(1) }),
    nominations: z.object({
      /** Nominators needed, proposer and seconder included. */
      required: z.number().int().positive(),
      /** Whether one nominator must be the proposer and one the seconder. */
      proposerAndSeconder: z.boolean(),
      /** An MP may nominate one candidate only. */
      onePerMember: z.boolean(),
      /** Whether the nominators' names are published when the list closes, or known to the chair alone. */
      nominators: z.enum(['public', 'confidential']),
      /** A single valid nomination elects that candidate unopposed. */
      unopposedElected: z.boolean(),
    }),
    rounds: z.object({
      /** Rule of round 1, 2, … ; rounds beyond the list use `later`. */
      byRound: z.array(roundRuleSchema),
      later: roundRuleSchema,
      /** The MP rounds stop when this many candidates remain (they go to the members). */
      stopAt: z.number().int().min(1),
      /** The MP rounds pause (e.g. for the party conference) when this many remain; null for no pause. */
      pauseAt: z.number().int().min(2).nullable(),
      /** Candidates may withdraw between rounds. */
      withdrawalsBetweenRounds: z.boolean(),
      /** The final `stopAt` candidates undertake not to withdraw. */
      finalMayNotWithdraw: z.boolean(),
      /** A tie for the last place: re-run the round, eliminate every tied candidate, or draw lots from public randomness. */
      tie: z.enum(['rerun', 'eliminate-all-tied', 'lot']),
      /** A ballot may be cast blank (counted as spoilt). */
      blankAllowed: z.boolean(),
    }),
    /** The members' ballot between the final candidates; null when the MPs decide alone. */
    members: z
      .object({
        /** Members of at least this many months at the freeze date may vote. */
        minMembershipMonths: z.number().int().nonnegative(),
        /** The freeze date when the rulebook fixes it; otherwise the board sets it when the contest opens. */
        freezeDate: isoDate.nullable(),
        channels: z.array(z.enum(['online', 'postal'])).min(1),
        /** A member who votes both ways: the postal ballot overrides online, the first valid one counts, or the last counts. */
        reconciliation: z.enum(['postal-overrides-online', 'first-valid-counts', 'revoting']),
        blankAllowed: z.boolean(),
        /** Plurality of the valid votes (two candidates: a majority). */
        decision: z.literal('most-votes'),
      })
      .nullable(),
    /** A new leader cannot face a confidence vote for this many months. */
    immunityMonths: z.number().int().nonnegative(),
    notes: z.array(z.string()),
  })
  .refine((r) => r.rounds.pauseAt === null || r.rounds.pauseAt > r.rounds.stopAt, { message: 'pauseAt must be above stopAt', path: ['rounds', 'pauseAt'] })
  .refine((r) => !r.nominations.proposerAndSeconder || r.nominations.required >= 2, { message: 'a proposer and a seconder need at least 2 nominators', path: ['nominations', 'required'] })
  .refine((r) => r.members !== null || r.rounds.stopAt === 1, { message: 'without a members’ ballot the MP rounds must go down to 1', path: ['rounds', 'stopAt'] });

export type ContestRulebook = z.infer<typeof contestRulebookSchema>;
export type RoundRule = z.infer<typeof roundRuleSchema>;
export type VoteCount = z.infer<typeof voteCountSchema>;
