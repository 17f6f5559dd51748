import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorFor } from '../../services/auth';
import { castRankedBallot, createPreferentialElection, isMixStreamType, isPreferentialId, listPreferential, MIX_STREAM_TYPE, postCount, postDecryptionShare, postMix, postMixStream, preferentialView } from '../../services/preferential';
import { AppError } from '../../domain/errors';
import { gatedAccount, roleGate } from '../middleware/session';
import { ElectionIdPattern, errorResponses } from '../schemas';
import type { AppEnv } from '../types';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/**
 * Preferential ballots (ranked, counted through a verifiable mixnet: docs/mixnet-spec.md). The key ceremony,
 * credentials, revocations, opening, closing and the board export are the election routes' own
 * (/api/elections/{eid}/…); these add the set-up, ranked casting, the mixers' and trustees' posts and the count.
 * Casting needs no login (the credential's signature authorises a ballot); mixers and trustees need a chair or
 * officer session, and the set-up and the count the chair.
 */
const Pid = z.object({ eid: ElectionIdPattern.openapi({ param: { name: 'eid', in: 'path' }, example: 'pref-0123456789ab' }) });
const Any = (name: string) => z.unknown().openapi(name);

/** Routes of the yes/no vote that would write the wrong records on a preferential board. */
const VOTE_ONLY = /^\/api\/elections\/(pref-[a-z0-9-]+)\/(ballots|tally|partial-decryptions|result)$/;

export function preferentialRoutes() {
  const app = new OpenAPIHono<AppEnv>();

  app.use('/api/elections/*', async (c, next) => {
    const m = VOTE_ONLY.exec(c.req.path);
    if (m && c.req.method === 'POST' && isPreferentialId(m[1]!)) throw new AppError('ELECTION_WRONG_STAGE', `${m[1]} is a preferential ballot: ranked ballots, mixes, decryption shares and the count go to /api/preferential/${m[1]}/…`);
    await next();
  });

  app.openapi(
    createRoute({ method: 'get', path: '/api/preferential', tags: ['preferential'], summary: 'Preferential ballots, newest first', responses: { 200: json(z.object({ ballots: z.array(z.object({ id: z.string(), title: z.string(), lastType: z.string() })) }), 'List') } }),
    async (c) => c.json({ ballots: await listPreferential(c.var.ctx) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('chair')],
      path: '/api/preferential',
      tags: ['preferential'],
      summary: 'Set up a preferential ballot (chair): {title, authority, electorate, rulebook? | candidates, method, seats, rankCap, tieBreak; trustees, threshold, mixers}',
      request: { body: { required: true, content: { 'application/json': { schema: Any('PreferentialSetup') } } } },
      responses: { 200: json(z.unknown(), 'The new ballot'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      return c.json((await createPreferentialElection(c.var.ctx, actorFor(gatedAccount(c)), c.req.valid('json') as never)) as never, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/preferential/{eid}', tags: ['preferential'], summary: 'A preferential ballot’s public state: manifest, board head, ballots, mixes, decryption progress, count', request: { params: Pid }, responses: { 200: json(z.unknown(), 'Ballot'), ...errorResponses(404) } }),
    async (c) => c.json((await preferentialView(c.var.ctx, c.req.valid('param').eid)) as never, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/preferential/{eid}/needed', tags: ['preferential'], summary: 'The cells the count needs decrypted now (prefix decryption), with the trustees who posted a share of each', request: { params: Pid }, responses: { 200: json(z.unknown(), 'Progress'), ...errorResponses(404) } }),
    async (c) => c.json((await preferentialView(c.var.ctx, c.req.valid('param').eid)).progress as never, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/preferential/{eid}/ballots',
      tags: ['preferential'],
      summary: 'Cast a ranked ballot {credential, row, proofs, signature} (no login). Returns the tracker and the board’s signed receipt.',
      request: { params: Pid, body: { required: true, content: { 'application/json': { schema: Any('RankedBallot') } } } },
      responses: { 200: json(z.unknown(), 'Receipt'), ...errorResponses(400, 403, 404, 409) },
    }),
    async (c) => c.json((await castRankedBallot(c.var.ctx, c.req.valid('param').eid, c.req.valid('json'))) as never, 200),
  );

  const step = (path: string, summary: string, roles: ('chair' | 'officer')[], run: (c: { var: AppEnv['Variables'] }, eid: string, body: unknown) => Promise<unknown>) =>
    app.openapi(
      createRoute({
        method: 'post',
        middleware: [roleGate(...roles)],
        path,
        tags: ['preferential'],
        summary,
        request: { params: Pid, body: { required: false, content: { 'application/json': { schema: Any('Message') } } } },
        responses: { 200: json(z.unknown(), 'Done'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
        return c.json((await run(c, c.req.valid('param').eid, body)) as never, 200);
      },
    );
  step('/api/preferential/{eid}/mixes', 'Mixer: post a shuffle of the previous mixer’s output with its proof, signed by mix server k = trustee k with its key-ceremony key {mixer, output, proof, signature} (M16); answered with the board’s signed receipt for it (M17)', ['chair', 'officer'], (c, eid, b) => postMix(c.var.ctx, actorFor(c.var.account!), eid, b));
  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('chair', 'officer')],
      path: '/api/preferential/{eid}/mixes/stream',
      tags: ['preferential'],
      summary: `Mixer: post a shuffle too large for a JSON body, as a stream of lines (${MIX_STREAM_TYPE}): {mixer, rows}, then one output row a line, then {proof, signature} (mix server k = trustee k signs, M16). Read as it arrives, at most about 1 KB a row; checked whole before anything is appended; answered with the board’s signed receipt for the mix (M17).`,
      request: { params: Pid },
      responses: { 200: json(z.unknown(), 'Done'), ...errorResponses(400, 401, 403, 404, 409, 413) },
    }),
    async (c) => {
      if (!isMixStreamType(c.req.header('content-type'))) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `a streamed mix is sent as ${MIX_STREAM_TYPE}`);
      return c.json((await postMixStream(c.var.ctx, actorFor(c.var.account!), c.req.valid('param').eid, c.req.raw.body)) as never, 200);
    },
  );
  step('/api/preferential/{eid}/decryption-shares', 'Trustee: partial decryptions of cells the count needs now {trustee, cells: [{row, rank, partial}]}', ['chair', 'officer'], (c, eid, b) => postDecryptionShare(c.var.ctx, actorFor(c.var.account!), eid, b));
  step('/api/preferential/{eid}/count', 'Post the round table once the count needs no more cells (chair)', ['chair'], (c, eid) => postCount(c.var.ctx, actorFor(c.var.account!), eid));

  return app;
}
