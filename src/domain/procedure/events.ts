import { z } from 'zod';

/**
 * Procedure events: the only facts stored about a procedure. Its state on any day is computed from
 * them (plus the roster and the rulebook) by `evaluate`. `on` is the procedure's calendar day when
 * the event happened (a historical re-enactment runs on a fixed day; a live one on today's date).
 */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const instant = z.string().datetime({ offset: true });

export const procedureEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('procedure_opened'),
    on: day,
    leaderName: z.string().min(1),
    leaderMemberId: z.string().nullable(),
    leaderTookOfficeOn: day.nullable(),
  }),
  z.object({
    type: z.literal('letter_submitted'),
    on: day,
    memberId: z.string().min(1),
    /** The day the letter takes effect: `on` unless post-dated. */
    effectiveFrom: day,
    /** `member`: sent by the member through the app; `chair`: a paper letter recorded by the chair. */
    recordedBy: z.enum(['member', 'chair']),
    /** Demo data: letters invented for a re-enactment, labelled wherever they appear. */
    simulated: z.boolean(),
  }),
  z.object({ type: z.literal('letter_withdrawn'), on: day, memberId: z.string().min(1), recordedBy: z.enum(['member', 'chair']) }),
  z.object({ type: z.literal('ballot_scheduled'), on: day, opensAt: instant, closesAt: instant }),
  z.object({ type: z.literal('ballot_opened'), on: day }),
  z.object({ type: z.literal('ballot_closed'), on: day }),
  z.object({
    type: z.literal('result_declared'),
    on: day,
    yes: z.number().int().nonnegative(),
    no: z.number().int().nonnegative(),
    spoilt: z.number().int().nonnegative(),
    electorate: z.number().int().nonnegative(),
    /** Where the count comes from: a verifiable tally's board hash, or the chair's paper count. */
    source: z.string().min(1),
  }),
]);

export type ProcedureEvent = z.infer<typeof procedureEventSchema>;
export type ProcedureEventType = ProcedureEvent['type'];
