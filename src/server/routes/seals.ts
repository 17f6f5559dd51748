import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors';
import { actorFor } from '../../services/auth';
import { getProcedureRow, loadProcedure } from '../../services/procedures';
import { currentMemberKey, latestSeal, listMemberKeys, mySealSlot, publishSeal, registerMemberKey, sealAt, sealVerifierInputs } from '../../services/seals';
import { gatedAccount, roleGate } from '../middleware/session';
import { errorResponses, ProcedureIdParam, RosterIdParam } from '../schemas';
import type { AppEnv } from '../types';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const hex = z.string().regex(/^[0-9a-f]+$/, 'must be lowercase hex');
const SigmaProof = z.object({ commitments: z.array(z.array(hex)), challenges: z.array(hex), responses: z.array(hex) }).openapi('SigmaProof');

const SealSummary = z
  .object({ seq: z.number().int(), on: z.string(), outcome: z.enum(['reached', 'not-reached']), denominator: z.number().int(), threshold: z.number().int(), hash: z.string() })
  .openapi('SealSummary');
const PublicSeal = z
  .object({
    version: z.number().int(),
    procedureId: z.string(),
    rosterId: z.string(),
    seq: z.number().int(),
    on: z.string(),
    denominator: z.number().int(),
    threshold: z.number().int(),
    outcome: z.enum(['reached', 'not-reached']),
    keyRegistrySeq: z.number().int(),
    tagKey: z.string(),
    memberKeys: z.array(z.string()),
    bindingProof: z.unknown(),
    slots: z.array(z.object({ tag: z.string(), commitment: z.string(), proof: z.unknown() })),
    thresholdProof: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('PublicSeal', {
    description: 'A sealed count (docs/sealed-count.md): one tagged 0/1 commitment per member of the electorate, a binding proof and a threshold proof. It reveals the outcome, never the count or who wrote.',
  });
const MySlot = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('keyed'), seq: z.number().int(), sealHash: z.string(), slot: z.number().int(), value: z.union([z.literal(0), z.literal(1)]), proof: SigmaProof }),
    z.object({
      mode: z.literal('keyless'),
      seq: z.number().int(),
      sealHash: z.string(),
      slot: z.number().int(),
      value: z.union([z.literal(0), z.literal(1)]),
      randomness: z.string(),
      bindingProof: SigmaProof,
    }),
  ])
  .openapi('MySealSlot', {
    description:
      'keyed: a designated-verifier proof of the slot\u2019s value that convinces the key holder and nobody else; keyless (no registered key): the opening, which is a receipt.',
  });
const KeyRegistration = z
  .object({ seq: z.number().int(), memberId: z.string(), publicKey: z.string(), proof: SigmaProof, registeredAt: z.string() })
  .openapi('MemberKeyRegistration');
const SeqParam = ProcedureIdParam.extend({ seq: z.coerce.number().int().positive().openapi({ param: { name: 'seq', in: 'path' }, example: 1 }) });
const RosterParam = RosterIdParam;

/** The sealed count: verifiable "threshold reached / not reached" without the count; members' keys for checking it. */
export function sealRoutes() {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('chair')],
      path: '/api/procedures/{id}/seals',
      tags: ['chair'],
      summary: 'Publish a sealed count: a verifiable announcement of whether the threshold is reached (chair only)',
      request: { params: ProcedureIdParam },
      responses: { 200: json(SealSummary, 'The new seal'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      return c.json(await publishSeal(c.var.ctx, actorFor(account), c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/procedures/{id}/seals/latest',
      tags: ['seals'],
      summary: 'The latest sealed count, for anyone to verify',
      request: { params: ProcedureIdParam },
      responses: { 200: json(PublicSeal, 'Seal'), ...errorResponses(404) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      await getProcedureRow(c.var.ctx.db, id);
      return c.json(await latestSeal(c.var.ctx.db, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      middleware: [roleGate('member')],
      path: '/api/procedures/{id}/seals/latest/mine',
      tags: ['seals'],
      summary: 'My slot in the latest seal and the proof of its value, to check it holds 1 if I wrote and 0 if not (members only)',
      request: { params: ProcedureIdParam },
      responses: { 200: json(MySlot, 'My slot'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const id = c.req.valid('param').id;
      const p = await getProcedureRow(c.var.ctx.db, id);
      if (!account.memberId || account.rosterId !== p.rosterId) throw new AppError('FORBIDDEN', 'your account is not a member of this procedure\u2019s organisation');
      const mine = await mySealSlot(c.var.ctx, id, account.memberId);
      if (!mine) throw new AppError('NOT_FOUND', 'you have no slot in the latest seal (none published, or you were not in the electorate that day)');
      return c.json(mine, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/procedures/{id}/seals/{seq}',
      tags: ['seals'],
      summary: 'Sealed count number seq (e.g. the previous seal, to check the chain)',
      request: { params: SeqParam },
      responses: { 200: json(PublicSeal, 'Seal'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const { id, seq } = c.req.valid('param');
      await getProcedureRow(c.var.ctx.db, id);
      return c.json(await sealAt(c.var.ctx.db, id, seq), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/procedures/{id}/seals/{seq}/electorate',
      tags: ['seals'],
      summary: 'The electorate of the seal\u2019s day (member ids from the public roster) with the rulebook\u2019s denominator and threshold, for verifiers that hold no roster copy',
      request: { params: SeqParam },
      responses: {
        200: json(z.object({ on: z.string(), electorate: z.array(z.string()), denominator: z.number().int(), threshold: z.number().int() }), 'Electorate of the day'),
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const { id, seq } = c.req.valid('param');
      const seal = await sealAt(c.var.ctx.db, id, seq);
      const inputs = await sealVerifierInputs(c.var.ctx, id, seal.on);
      return c.json({ on: seal.on, electorate: inputs.electorate, denominator: inputs.denominator, threshold: inputs.threshold }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/rosters/{rosterId}/member-keys',
      tags: ['seals'],
      summary: 'The public member-key registry of a roster, in registration order, each key with its proof of possession',
      request: { params: RosterParam },
      responses: { 200: json(z.object({ rosterId: z.string(), registrations: z.array(KeyRegistration) }), 'Registry') },
    }),
    async (c) => {
      const { rosterId } = c.req.valid('param');
      return c.json({ rosterId, registrations: await listMemberKeys(c.var.ctx.db, rosterId) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      middleware: [roleGate('member')],
      path: '/api/member-key',
      tags: ['seals'],
      summary: 'My registered public key for checking sealed counts (members only)',
      responses: {
        200: json(z.object({ rosterId: z.string(), memberId: z.string(), key: KeyRegistration.nullable() }), 'My key, or null'),
        ...errorResponses(401, 403),
      },
    }),
    async (c) => {
      const account = gatedAccount(c);
      if (!account.memberId || !account.rosterId) throw new AppError('FORBIDDEN', 'your account is not linked to a member');
      return c.json({ rosterId: account.rosterId, memberId: account.memberId, key: await currentMemberKey(c.var.ctx.db, account.rosterId, account.memberId) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      middleware: [roleGate('member')],
      path: '/api/member-key',
      tags: ['seals'],
      summary: 'Register the public key I generated on my device, with its proof of possession (members only). The secret key never leaves the device.',
      request: { body: { content: { 'application/json': { schema: z.object({ publicKey: hex.length(64), proof: SigmaProof }) } }, required: true } },
      responses: { 200: json(KeyRegistration, 'Registered'), ...errorResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      if (!account.memberId || !account.rosterId) throw new AppError('FORBIDDEN', 'your account is not linked to a member');
      const body = c.req.valid('json');
      return c.json(await registerMemberKey(c.var.ctx, actorFor(account), account.rosterId, account.memberId, body), 200);
    },
  );
  return app;
}
