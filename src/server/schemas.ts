import { z } from '@hono/zod-openapi';

/** Shared request and response schemas: they validate input and document the API. */
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD').openapi({ example: '2022-06-06' });

export const ErrorBody = z
  .object({ error: z.object({ code: z.string().openapi({ example: 'VALIDATION_FAILED' }), message: z.string(), details: z.unknown().optional() }) })
  .openapi('Error');

export const errorResponses = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 429)[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: 'Error', content: { 'application/json': { schema: ErrorBody } } }])) as Record<
    number,
    { description: string; content: { 'application/json': { schema: typeof ErrorBody } } }
  >;

export const AccountSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(['chair', 'officer', 'member', 'editor']),
    memberId: z.string().nullable(),
  })
  .openapi('Account');

export const ProcedureState = z.enum(['collecting', 'threshold_reached', 'ballot_scheduled', 'ballot_open', 'ballot_closed', 'immune', 'contest_required']);

export const ProcedurePublic = z
  .object({
    id: z.string(),
    title: z.string(),
    simulated: z.boolean(),
    leader: z.object({ name: z.string() }),
    party: z.string().nullable(),
    rulebook: z.object({ id: z.string(), name: z.string(), summary: z.array(z.string()) }),
    asOf: z.string(),
    denominator: z.number().int(),
    threshold: z.number().int(),
    state: ProcedureState,
    stateLabel: z.string(),
    immuneUntil: z.string().nullable(),
    ballot: z.object({ opensAt: z.string(), closesAt: z.string() }).nullable(),
    outcome: z.object({ result: z.enum(['survived', 'lost']), yes: z.number().int(), no: z.number().int() }).nullable(),
  })
  .openapi('ProcedurePublic', { description: 'What anyone may see. It never contains the count or a name.' });

export const ChairLetter = z.object({
  memberId: z.string(),
  displayName: z.string(),
  constituency: z.string(),
  status: z.enum(['submitted', 'withdrawn']),
  effectiveFrom: z.string(),
  submittedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  inForce: z.boolean(),
  notCountingBecause: z.string().nullable(),
  simulated: z.boolean(),
  recordedBy: z.string(),
});

export const ProcedureChair = ProcedurePublic.extend({
  count: z.number().int(),
  thresholdReachedOn: z.string().nullable(),
  letters: z.array(ChairLetter),
  timeline: z.array(z.object({ at: z.string(), kind: z.string(), description: z.string(), count: z.number().int(), threshold: z.number().int() })),
}).openapi('ProcedureChair', { description: 'The chair\u2019s and officers\u2019 view: the count, the names and the timeline.' });

export const MyLetter = z
  .object({
    eligible: z.boolean(),
    letter: z
      .object({
        status: z.enum(['submitted', 'withdrawn']),
        effectiveFrom: z.string(),
        submittedAt: z.string(),
        withdrawnAt: z.string().nullable(),
        inForce: z.boolean(),
      })
      .nullable(),
    spentLetter: z
      .object({ submittedAt: z.string(), effectiveFrom: z.string() })
      .nullable()
      .openapi({ description: 'The member\u2019s letter that helped trigger a confidence vote (spent by it).' }),
  })
  .openapi('MyLetter');

/** Ids as the services create them: a path parameter that cannot be one is refused before any query. */
export const ProcedureIdPattern = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a procedure id is 1–63 lowercase letters, digits and dashes');
/** A roster member id (docs/roster-csv.md): 1–100 letters, digits, `.`, `-`, `_`. */
/** An election id: the route parameter's pattern. */
const ELECTION_ID_RE = /^[a-z0-9][a-z0-9-]{0,129}$/;
export const ElectionIdPattern = z.string().regex(ELECTION_ID_RE, 'an election id is 1–130 lowercase letters, digits and dashes');
export const Hex64Pattern = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
export const RosterIdParam = z.object({ rosterId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a roster id is 1–64 lowercase letters, digits and dashes').openapi({ param: { name: 'rosterId', in: 'path' }, example: 'uk-commons-2019' }) });
export const MemberIdPattern = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'a member id is 1–100 letters, digits, dots, dashes and underscores');

export const ProcedureIdParam = z.object({ id: ProcedureIdPattern.openapi({ param: { name: 'id', in: 'path' }, example: 'johnson-2022' }) });
