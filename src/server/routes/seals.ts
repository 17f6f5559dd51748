import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors';
import { actorFor } from '../../services/auth';
import { loadProcedure } from '../../services/procedures';
import { latestSeal, mySealSlot, publishSeal } from '../../services/seals';
import { requireRole } from '../middleware/session';
import { errorResponses, ProcedureIdParam } from '../schemas';
import type { AppEnv } from '../types';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const SealSummary = z
  .object({ seq: z.number().int(), on: z.string(), outcome: z.enum(['reached', 'not-reached']), denominator: z.number().int(), threshold: z.number().int(), hash: z.string() })
  .openapi('SealSummary');
const PublicSeal = z
  .object({
    version: z.number().int(),
    procedureId: z.string(),
    seq: z.number().int(),
    on: z.string(),
    denominator: z.number().int(),
    threshold: z.number().int(),
    outcome: z.enum(['reached', 'not-reached']),
    slots: z.array(z.object({ commitment: z.string(), proof: z.unknown() })),
    thresholdProof: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('PublicSeal', { description: 'A sealed count (docs/sealed-count.md): one 0/1 commitment per member of the electorate and a threshold proof. It reveals the outcome, never the count.' });

/** The sealed count: verifiable "threshold reached / not reached" without the count. */
export function sealRoutes() {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/procedures/{id}/seals',
      tags: ['chair'],
      summary: 'Publish a sealed count: a verifiable announcement of whether the threshold is reached (chair only)',
      request: { params: ProcedureIdParam },
      responses: { 200: json(SealSummary, 'The new seal'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const account = requireRole(c, 'chair');
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
      await loadProcedure(c.var.ctx, id);
      return c.json(await latestSeal(c.var.ctx.db, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/procedures/{id}/seals/latest/mine',
      tags: ['seals'],
      summary: 'My slot in the latest seal and its opening, to check it holds 1 if I wrote and 0 if not (members only)',
      request: { params: ProcedureIdParam },
      responses: {
        200: json(z.object({ seq: z.number().int(), sealHash: z.string(), slot: z.number().int(), value: z.union([z.literal(0), z.literal(1)]), randomness: z.string() }), 'My slot'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const account = requireRole(c, 'member');
      const id = c.req.valid('param').id;
      const p = await loadProcedure(c.var.ctx, id);
      if (!account.memberId || account.rosterId !== p.row.rosterId) throw new AppError('FORBIDDEN', 'your account is not a member of this procedure\u2019s organisation');
      const mine = await mySealSlot(c.var.ctx.db, id, account.memberId);
      if (!mine) throw new AppError('NOT_FOUND', 'you have no slot in the latest seal (none published, or you were not in the electorate that day)');
      return c.json(mine, 200);
    },
  );
  return app;
}
