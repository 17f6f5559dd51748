import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorFor } from '../../services/auth';
import { enterPostalBatch, listPostalBatches, trackerFate } from '../../services/contest-postal';
import { gatedAccount, roleGate } from '../middleware/session';
import { ElectionIdPattern, errorResponses } from '../schemas';
import type { AppEnv } from '../types';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const ElectionIdParam = z.object({ eid: ElectionIdPattern.openapi({ param: { name: 'eid', in: 'path' }, example: 'contest-c22-members' }) });
const Batch = z.object({ batch: z.number(), seq: z.number(), at: z.string(), papers: z.number(), digest: z.string(), chain: z.string() }).openapi('PostalBatch');

/** A postal batch request may carry up to 10,000 papers (≈ 2 KB each with its revocation): its own limit. */
export const MAX_POSTAL_BODY_BYTES = 24 * 1024 * 1024;
export const POSTAL_BATCH_PATH = /^\/api\/elections\/[a-z0-9-]+\/postal-batches$/;

/** Postal batches on a members' board (docs/contest.md §4 R18, §7; src/services/contest-postal.ts). */
export function contestPostalRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/elections/{eid}/postal-batches',
      tags: ['contests'],
      summary: 'The postal batches on a members’ board, in order: number, record, time, papers, digest of the envelope list, chain value (public)',
      request: { params: ElectionIdParam },
      responses: { 200: json(z.object({ batches: z.array(Batch), papers: z.number() }), 'Batches'), ...errorResponses(404) },
    }),
    async (c) => c.json(await listPostalBatches(c.var.ctx, c.req.valid('param').eid), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('chair', 'officer')],
      path: '/api/elections/{eid}/postal-batches',
      tags: ['contests'],
      summary: 'Enter a postal batch prepared by the credential authority’s tool: {batch (the signed batch record), entries: [{revocation|null, ballot}]}, whole, in one transaction (chair or officer)',
      request: { params: ElectionIdParam, body: { required: true, content: { 'application/json': { schema: z.object({ batch: z.unknown(), entries: z.unknown() }).strict().openapi('PostalBatchEntry') } } } },
      responses: { 200: json(Batch, 'Entered'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      return c.json(await enterPostalBatch(c.var.ctx, actorFor(account), c.req.valid('param').eid, c.req.valid('json')), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/elections/{eid}/trackers/{tracker}/fate',
      tags: ['contests'],
      summary: 'A contest ballot’s status with its channel and, if it does not count, what replaced it (a postal ballot of batch B recorded at T, a revocation in no batch, or the credential’s other ballot), in one plain sentence (public; R19)',
      request: { params: ElectionIdParam.extend({ tracker: z.string().openapi({ param: { name: 'tracker', in: 'path' } }) }) },
      responses: { 200: json(z.object({ status: z.string(), channel: z.string(), message: z.string() }).passthrough(), 'Fate'), ...errorResponses(400, 404) },
    }),
    async (c) => c.json(await trackerFate(c.var.ctx, c.req.valid('param').eid, c.req.valid('param').tracker), 200),
  );
  return app;
}
