import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { CONTEST_RULEBOOK_PRESETS } from '../../domain/rulebook/contest-presets';
import { actorFor } from '../../services/auth';
import { closeNominations, contestBallots, createContestBallot, rerunContestBallot, declareMembers, importContestRoll, declareRound, getContest, listContests, nominate, openContest, resumeRounds, scheduleRound, withdrawCandidate, contestEventLog } from '../../services/contests';
import { gatedAccount, roleGate } from '../middleware/session';
import { errorResponses } from '../schemas';
import type { AppEnv } from '../types';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const Id = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/).openapi({ param: { name: 'id', in: 'path' }, example: 'conservative-2022' }) });
const Instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/, 'must be an ISO instant such as 2022-07-12T18:00:00Z');
/** Kept in the schema only to refuse it with LOT_SEED_NOT_ACCEPTED (the engine): a lot's seed comes from the board. */
const NoLotSeed = z.unknown().optional().openapi({ description: 'No longer accepted (LOT_SEED_NOT_ACCEPTED): a tie broken by lot is drawn from the close record of the ballot’s board; nobody names the seed' });
const Counts = z.record(z.string().min(1).max(100), z.number().int().nonnegative());
const ContestView = z
  .object({ id: z.string(), rulebook: z.string(), phase: z.string(), candidates: z.array(z.unknown()), rounds: z.array(z.unknown()), members: z.unknown(), winner: z.unknown(), log: z.array(z.unknown()) })
  .passthrough()
  .openapi('Contest', { description: 'A leadership contest as the public sees it: candidates (with nominators once the list closes, if the rulebook publishes them), rounds with results and eliminations, the members’ ballot and the winner.' });
const ok = (d: string) => ({ 200: json(ContestView, d), ...errorResponses(400, 401, 403, 404, 409) });

/** Leadership contests: nominations, MP rounds, the members' ballot (docs/contest.md). */
export function contestRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const view = async (c: { var: AppEnv['Variables'] }, id: string) => {
    const r = await getContest(c.var.ctx.db, id);
    return { ...r.view, names: r.names, ballots: await contestBallots(c.var.ctx.db, id) };
  };

  app.openapi(createRoute({ method: 'get', path: '/api/contest-rulebooks', tags: ['contests'], summary: 'The contest rulebook presets', responses: { 200: json(z.array(z.unknown()), 'Rulebooks') } }), (c) => c.json(CONTEST_RULEBOOK_PRESETS as unknown[], 200));

  app.openapi(
    createRoute({ method: 'get', path: '/api/contests', tags: ['contests'], summary: 'Every contest, newest last', responses: { 200: json(z.array(z.object({ id: z.string(), rulebook: z.string(), phase: z.string(), winner: z.string().nullable() })), 'Contests') } }),
    async (c) => c.json(await listContests(c.var.ctx.db), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('chair')],
      path: '/api/contests',
      tags: ['chair'],
      summary: 'Open a contest: after a lost confidence vote (contest_required), a resignation, or by the chair (chair only)',
      request: body(
        z.object({
          id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/),
          rulebookId: z.string(),
          reason: z.enum(['contest-required', 'resignation', 'chair']),
          procedureId: z.string().optional(),
          rosterId: z.string().optional(),
          outgoingLeader: z.string().optional(),
          nominationsClose: Instant,
          freezeDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
        }),
      ),
      responses: { 201: json(ContestView, 'The new contest'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const v = await openContest(c.var.ctx, actorFor(account), c.req.valid('json'));
      return c.json(v, 201);
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/api/contests/{id}', tags: ['contests'], summary: 'A contest, as the public sees it', request: { params: Id }, responses: { 200: json(ContestView, 'Contest'), ...errorResponses(404) } }), async (c) =>
    c.json(await view(c, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/contests/{id}/events', tags: ['contests'], summary: 'The contest’s events, for the contest verifier (C6)', request: { params: Id }, responses: { 200: json(z.array(z.unknown()), 'Events'), ...errorResponses(404) } }),
    async (c) => {
      const id = c.req.valid('param').id;
      const { state } = await getContest(c.var.ctx.db, id);
      const events = await contestEventLog(c.var.ctx.db, id);
      // Nominators stay confidential under such a rulebook, and under any rulebook until the list closes (as the public
      // view: a whip reading who nominated a rival could lean on them before the deadline): the log then omits who nominated.
      const hide = state.rulebook.nominations.nominators === 'confidential' || state.phase === 'nominations';
      return c.json(hide ? events.filter((e) => e.type !== 'nominate') : events, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('member', 'chair')],
      path: '/api/contests/{id}/nominations',
      tags: ['contests'],
      summary: 'Nominate a candidate: an MP in their own name; the chair records a paper nomination naming the nominator',
      request: { params: Id, ...body(z.object({ candidate: z.string().min(1).max(100), role: z.enum(['proposer', 'seconder', 'supporter']), nominator: z.string().min(1).max(100).optional() })) },
      responses: ok('The contest after the nomination'),
    }),
    async (c) => {
      const account = gatedAccount(c);
      await nominate(c.var.ctx, actorFor(account), c.req.valid('param').id, c.req.valid('json'));
      return c.json(await view(c, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', middleware: [roleGate('member', 'chair')], path: '/api/contests/{id}/withdrawals', tags: ['contests'], summary: 'Withdraw a candidate (the candidate or the chair)', request: { params: Id, ...body(z.object({ candidate: z.string().min(1).max(100) })) }, responses: ok('The contest after the withdrawal') }),
    async (c) => {
      const account = gatedAccount(c);
      await withdrawCandidate(c.var.ctx, actorFor(account), c.req.valid('param').id, c.req.valid('json').candidate);
      return c.json(await view(c, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', middleware: [roleGate('chair')], path: '/api/contests/{id}/close-nominations', tags: ['chair'], summary: 'Close the candidate list at the deadline (chair only)', request: { params: Id }, responses: ok('The contest with its candidate list') }),
    async (c) => {
      const account = gatedAccount(c);
      await closeNominations(c.var.ctx, actorFor(account), c.req.valid('param').id);
      return c.json(await view(c, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', middleware: [roleGate('chair')], path: '/api/contests/{id}/rounds', tags: ['chair'], summary: 'Schedule the next MP round (chair only; the last one must be declared)', request: { params: Id, ...body(z.object({ opensAt: Instant })) }, responses: ok('The contest with the new round') }),
    async (c) => {
      const account = gatedAccount(c);
      await scheduleRound(c.var.ctx, actorFor(account), c.req.valid('param').id, c.req.valid('json').opensAt);
      return c.json(await view(c, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', middleware: [roleGate('chair')], path: '/api/contests/{id}/resume', tags: ['chair'], summary: 'Resume paused MP rounds (chair only)', request: { params: Id }, responses: ok('The contest') }),
    async (c) => {
      const account = gatedAccount(c);
      await resumeRounds(c.var.ctx, actorFor(account), c.req.valid('param').id);
      return c.json(await view(c, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('chair')],
      path: '/api/contests/{id}/rounds/result',
      tags: ['chair'],
      summary: 'Declare the last scheduled round: votes per candidate and spoilt; the rulebook decides who is out (chair only)',
      request: { params: Id, ...body(z.object({ counts: Counts, spoilt: z.number().int().nonnegative(), lotSeed: NoLotSeed })) },
      responses: ok('The contest after the round'),
    }),
    async (c) => {
      const account = gatedAccount(c);
      await declareRound(c.var.ctx, actorFor(account), c.req.valid('param').id, c.req.valid('json'));
      return c.json(await view(c, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('chair')],
      path: '/api/contests/{id}/ballots',
      tags: ['chair'],
      summary:
        'Put the scheduled MP round (or the members’ ballot) on a verifiable board: trustees, key ceremony, credentials, casting, tally and result then run through /api/elections/{eid}; posting the result declares the round from the decrypted counts (chair only)',
      request: {
        params: Id,
        ...body(
          z
            .object({
              trustees: z.number().int().min(1).max(20).optional(),
              threshold: z.number().int().min(1).max(20).optional(),
              trusteeNames: z.array(z.string().min(1).max(200)).max(20).optional(),
              electorate: z.number().int().positive().max(10_000_000).optional(),
              closesAt: Instant.optional(),
              authority: z.string().regex(/^[0-9a-fA-F]{64}$/).optional().openapi({ description: 'the credential authority’s public key (required; 64 hex digits)' }),
            })
            .strict(),
        ),
      },
      responses: { 201: json(z.record(z.string(), z.unknown()).openapi('ContestBallotElection'), 'The new board (an election)'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      return c.json((await createContestBallot(c.var.ctx, actorFor(account), c.req.valid('param').id, c.req.valid('json'))) as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('chair')],
      path: '/api/contests/{id}/rerun',
      tags: ['chair'],
      summary:
        'Run a tied ballot again (the rulebook’s re-run tie policy): the same candidates vote on a new ballot `<ballot>-rerun-N`; if the tied ballot ran on a board, the rerun gets its own board with the same trustees and credential authority. The tied count stays in the record (chair only)',
      request: { params: Id, ...body(z.object({ opensAt: Instant.optional(), closesAt: Instant.optional() }).strict()) },
      responses: { 201: json(z.object({ contest: z.record(z.string(), z.unknown()), election: z.record(z.string(), z.unknown()).nullable() }).openapi('ContestRerun'), 'The contest and the rerun’s board (null if the tied ballot was declared by hand)'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const id = c.req.valid('param').id;
      const r = await rerunContestBallot(c.var.ctx, actorFor(account), id, c.req.valid('json'));
      return c.json({ contest: await view(c, id), election: r.election } as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('chair')],
      path: '/api/contests/{id}/roll',
      tags: ['chair'],
      summary:
        'Import the membership roll for the members’ ballot (CSV member_id, joined, left?, email?): all or nothing; members eligible at the freeze date become the electorate; only counts and a digest are kept. The chair may send up to 21 MB (`confidence contest roll-record` sends its file here while a server runs) (chair only)',
      request: { params: Id, ...body(z.object({ csv: z.string().min(1), freezeDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict()) },
      responses: ok('The contest with the roll recorded'),
    }),
    async (c) => {
      const account = gatedAccount(c);
      await importContestRoll(c.var.ctx, actorFor(account), c.req.valid('param').id, c.req.valid('json'));
      return c.json(await view(c, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('chair')],
      path: '/api/contests/{id}/members-result',
      tags: ['chair'],
      summary: 'Declare the members’ ballot: votes per finalist, rejected ballots, electorate (chair only)',
      request: { params: Id, ...body(z.object({ counts: Counts, rejected: z.number().int().nonnegative(), electorate: z.number().int().positive(), lotSeed: NoLotSeed })) },
      responses: ok('The contest with its winner'),
    }),
    async (c) => {
      const account = gatedAccount(c);
      await declareMembers(c.var.ctx, actorFor(account), c.req.valid('param').id, c.req.valid('json'));
      return c.json(await view(c, c.req.valid('param').id), 200);
    },
  );
  return app;
}
