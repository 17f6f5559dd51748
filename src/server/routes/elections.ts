import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { actorFor } from '../../services/auth';
import {
  castBallot,
  closeElection,
  computeTally,
  createElection,
  credentialStatus,
  declareResult,
  electionForProcedure,
  electionView,
  exportBoard,
  finishKeyCeremony,
  lookupTracker,
  openElection,
  postDkgAnswer,
  postDkgCommitment,
  postDkgComplaint,
  postDkgDealing,
  postPartialDecryption,
  postTrusteeKey,
  publicRecords,
  revokeCredential,
  rescheduleElection,
  uploadCredentials,
} from '../../services/elections';
import { AppError } from '../../domain/errors';
import { refuseNamedSeed } from '../../contest/engine';
import { gatedAccount, roleGate } from '../middleware/session';
import { ElectionIdPattern, errorResponses, Hex64Pattern, ProcedureIdParam } from '../schemas';
import type { AppEnv } from '../types';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/**
 * The verifiable confidence vote's HTTP API (issue 4). Public reads (election, board export, tracker lookup)
 * and ballot casting need no login: a login would tie a ballot to a person at the server, and the credential
 * signature is what authorises a ballot. Trustee steps need a chair or officer session; the bodies are the
 * public messages computed on the trustee's device (the secret share never travels).
 */
const ElectionIdParam = z.object({ eid: ElectionIdPattern.openapi({ param: { name: 'eid', in: 'path' }, example: 'vote-johnson-2022' }) });
const Election = z.record(z.string(), z.unknown()).openapi('Election');
// Bodies below are checked by the protocol's strict decoders (src/ballot, src/crypto/serialize), which name
// the failing field; zod only documents them, so a bad ballot is BALLOT_MALFORMED, not a generic error.
const Any = (name: string) => z.unknown().openapi(name);
const RECORD_TYPES_PUBLIC = ['trustee_key', 'dkg_commitment', 'dkg_dealing', 'dkg_complaint', 'dkg_answer', 'election_key', 'reschedule', 'tally', 'partial_decryption', 'result'] as const;

export function electionRoutes() {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('chair')],
      path: '/api/procedures/{id}/election',
      tags: ['elections'],
      summary: 'Create the verifiable confidence vote of a procedure whose vote is scheduled (chair only)',
      request: {
        params: ProcedureIdParam,
        body: { required: true, content: { 'application/json': { schema: z.object({ authority: z.string().regex(/^[0-9a-f]{64}$/).openapi({ description: 'the credential authority’s public key (`confidence credentials key` prints it); bound into the manifest' }), threshold: z.number().int().min(1).max(20).optional(), trustees: z.number().int().min(1).max(20).optional(), trusteeNames: z.array(z.string().min(1).max(200)).max(20).optional() }).strict() } } },
      },
      responses: { 200: json(Election, 'Election'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      return c.json(await createElection(c.var.ctx, actorFor(account), c.req.valid('param').id, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/procedures/{id}/election', tags: ['elections'], summary: 'The procedure’s election, public view (null while it has none)', request: { params: ProcedureIdParam }, responses: { 200: json(Election.nullable(), 'Election or null'), ...errorResponses(404) } }),
    async (c) => c.json(await electionForProcedure(c.var.ctx, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/elections/{eid}', tags: ['elections'], summary: 'An election’s public state: manifest, stage, board head, key, tally, result', request: { params: ElectionIdParam }, responses: { 200: json(Election, 'Election'), ...errorResponses(404) } }),
    async (c) => c.json(await electionView(c.var.ctx, c.req.valid('param').eid), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/elections/{eid}/board.jsonl',
      tags: ['elections'],
      summary: 'The whole public bulletin board as JSON lines (verify it with `confidence verify`)',
      request: { params: ElectionIdParam },
      responses: { 200: { description: 'JSON lines', content: { 'application/x-ndjson': { schema: z.string() } } }, ...errorResponses(404) },
    }),
    async (c) => {
      const eid = c.req.valid('param').eid;
      const gen = exportBoard(c.var.ctx, eid);
      const first = await gen.next(); // 404 before the stream starts
      c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
      c.header('Content-Disposition', `inline; filename="${eid}-board.jsonl"`);
      return stream(c, async (s) => {
        if (!first.done) await s.write(first.value);
        for await (const chunk of gen) await s.write(chunk);
      }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/elections/{eid}/records/{type}',
      tags: ['elections'],
      summary: 'Bodies of the public records of one type (what a trustee’s device needs for its next step)',
      request: { params: ElectionIdParam.extend({ type: z.enum(RECORD_TYPES_PUBLIC).openapi({ param: { name: 'type', in: 'path' } }) }) },
      responses: { 200: json(z.object({ records: z.array(z.unknown()) }), 'Records'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const { eid, type } = c.req.valid('param');
      return c.json({ records: await publicRecords(c.var.ctx, eid, type) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/elections/{eid}/trackers/{tracker}',
      tags: ['elections'],
      summary: 'Is my ballot on the board, and does it count? (counted, superseded by a later ballot, or from a revoked credential)',
      request: { params: ElectionIdParam.extend({ tracker: Hex64Pattern.openapi({ param: { name: 'tracker', in: 'path' } }) }) },
      responses: { 200: json(z.object({ tracker: z.string(), seq: z.number(), hash: z.string(), status: z.enum(['counted', 'superseded', 'revoked']) }), 'Found'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const { eid, tracker } = c.req.valid('param');
      return c.json(await lookupTracker(c.var.ctx, eid, tracker), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/elections/{eid}/credentials/{credential}',
      tags: ['elections'],
      summary: 'Is this credential (public key) active or revoked, how many ballots has it cast, and which revision comes next?',
      request: { params: ElectionIdParam.extend({ credential: Hex64Pattern.openapi({ param: { name: 'credential', in: 'path' } }) }) },
      responses: {
        200: json(z.object({ credential: z.string(), status: z.enum(['active', 'revoked', 'unknown']), ballots: z.number(), nextRevision: z.number(), revokedAt: z.number().nullable() }), 'Status'),
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const { eid, credential } = c.req.valid('param');
      return c.json(await credentialStatus(c.var.ctx, eid, credential), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/elections/{eid}/ballots',
      tags: ['voting'],
      summary: 'Cast a ballot (no login: the credential signature authorises it). Returns the tracker once the ballot is on the board.',
      request: { params: ElectionIdParam, body: { required: true, content: { 'application/json': { schema: Any('Ballot') } } } },
      responses: {
        200: json(
          z.object({
            tracker: z.string(),
            shortTracker: z.string(),
            seq: z.number(),
            head: z.string(),
            receipt: z.object({ election: z.string(), seq: z.number(), tracker: z.string(), head: z.string(), at: z.string(), signature: z.object({ R: z.string(), s: z.string() }) }).openapi('CastReceipt'),
          }),
          'Receipt: keep `receipt` (signed by the board key in the manifest); `confidence verify --receipt` checks the board still holds the ballot where it was',
        ),
        ...errorResponses(400, 403, 404, 409),
      },
    }),
    async (c) => c.json(await castBallot(c.var.ctx, c.req.valid('param').eid, c.req.valid('json')), 200),
  );

  // Steps with a body, by trustees (chair or officer) or by the chair.
  const step = (path: string, summary: string, roles: ('chair' | 'officer')[], run: (c: Parameters<Parameters<typeof app.openapi>[1]>[0], eid: string, body: unknown) => Promise<unknown>) =>
    app.openapi(
      createRoute({
        method: 'post',
        middleware: [roleGate(...roles)],
        path,
        tags: ['elections'],
        summary,
        request: { params: ElectionIdParam, body: { required: false, content: { 'application/json': { schema: Any('Message') } } } },
        responses: { 200: json(z.unknown(), 'Done'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
        return c.json((await run(c, c.req.valid('param').eid, body)) as never, 200);
      },
    );
  const actor = (c: { var: AppEnv['Variables'] }) => actorFor(c.var.account!);
  const obj = (b: unknown) => {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new AppError('TRUSTEE_MESSAGE_INVALID', 'expected a JSON object');
    return b as never;
  };

  step('/api/elections/{eid}/trustee-keys', 'Trustee: register a transport key with its proof of knowledge', ['chair', 'officer'], (_c, eid, b) => postTrusteeKey(_c.var.ctx, eid, obj(b)));
  step('/api/elections/{eid}/dkg/commitments', 'Trustee: commit to a dealing (digest first)', ['chair', 'officer'], (c, eid, b) => postDkgCommitment(c.var.ctx, eid, obj(b)));
  step('/api/elections/{eid}/dkg/dealings', 'Trustee: reveal the dealing with the shares encrypted to each trustee', ['chair', 'officer'], (c, eid, b) => postDkgDealing(c.var.ctx, eid, obj(b)));
  step('/api/elections/{eid}/dkg/complaints', 'Trustee: complain about a dealer’s share, signed, with the evidence (the decrypted share with its proof); a false complaint is recorded against its author', ['chair', 'officer'], (c, eid, b) => postDkgComplaint(c.var.ctx, eid, obj(b)));
  step('/api/elections/{eid}/dkg/answers', 'Trustee (accused dealer): answer a complaint by revealing the disputed share, signed', ['chair', 'officer'], (c, eid, b) => postDkgAnswer(c.var.ctx, eid, obj(b)));
  step('/api/elections/{eid}/key', 'Finish the key ceremony: post the joint key computed from the dealings (chair)', ['chair'], (c, eid) => finishKeyCeremony(c.var.ctx, actor(c), eid));
  step(
    '/api/elections/{eid}/credentials',
    'Credential authority: upload the credential public keys (stored sorted); large lists in batches with more: true; the last batch carries {authority, signature} (credentials-public.json)',
    ['chair'],
    (c, eid, b) => {
      const o = obj(b) as { credentials?: unknown; more?: unknown; authority?: unknown; signature?: unknown };
      return uploadCredentials(c.var.ctx, actor(c), eid, o.credentials, { more: o.more === true, authority: o.authority, signature: o.signature });
    },
  );
  step('/api/elections/{eid}/revocations', 'Credential authority: revoke a lost credential and register its replacement, signed by the authority {revoked, replacement, signature, memberId?} (memberId: mail that member)', ['chair'], (c, eid, b) => revokeCredential(c.var.ctx, actor(c), eid, obj(b)));
  step(
    '/api/elections/{eid}/reschedule',
    'Credential authority: move the voting window the manifest fixed, before the opening, signed by the authority {opensAt, closesAt, revision, signature} (`confidence credentials reschedule`); the procedure’s schedule follows',
    ['chair'],
    (c, eid, b) => rescheduleElection(c.var.ctx, actor(c), eid, obj(b)),
  );
  step('/api/elections/{eid}/open', 'Open the vote within the voting window (chair)', ['chair'], (c, eid) => openElection(c.var.ctx, actor(c), eid));
  step('/api/elections/{eid}/close', 'Close the vote (chair)', ['chair'], (c, eid) => closeElection(c.var.ctx, actor(c), eid));
  step('/api/elections/{eid}/tally', 'Post the encrypted tally (chair)', ['chair'], (c, eid) => computeTally(c.var.ctx, actor(c), eid));
  step('/api/elections/{eid}/partial-decryptions', 'Trustee: post a partial decryption of the tally with its proof', ['chair', 'officer'], (c, eid, b) => postPartialDecryption(c.var.ctx, eid, obj(b)));
  step('/api/elections/{eid}/result', 'Combine k partial decryptions, post the result, declare it in the procedure or the contest round (chair; a contest tie broken by lot is drawn from the board’s close record — a body naming a lotSeed is refused, LOT_SEED_NOT_ACCEPTED)', ['chair'], (c, eid, b) => {
    refuseNamedSeed(b as { lotSeed?: unknown } | null);
    return declareResult(c.var.ctx, actor(c), eid);
  });

  return app;
}
