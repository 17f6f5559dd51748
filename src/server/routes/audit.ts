import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AUDIT_PAGE_SIZE, auditPage } from '../../services/audit';
import { roleGate } from '../middleware/session';
import { errorResponses } from '../schemas';
import type { AppEnv } from '../types';

/**
 * The hash-chained audit log, a page at a time, for the chair's own check (`confidence audit verify` while a server
 * holds the data folder). The entries name who did what, letters included: the chair alone may read them, as on the
 * database itself. The client re-computes every hash; the server only hands over the rows.
 */
export function auditRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const Entry = z.object({ seq: z.number().int(), at: z.string(), actor: z.string(), kind: z.string(), action: z.string(), procedureId: z.string().nullable(), payload: z.string(), prevHash: z.string(), hash: z.string() });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/audit/entries',
      middleware: [roleGate('chair')],
      tags: ['chair'],
      summary: `The audit log's entries after \`after\` in chain order, at most ${AUDIT_PAGE_SIZE} a page, and the total (chair only)`,
      request: {
        query: z.object({
          after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
          limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_SIZE).default(AUDIT_PAGE_SIZE),
        }),
      },
      responses: { 200: { description: 'A page', content: { 'application/json': { schema: z.object({ entries: z.array(Entry), total: z.number().int() }) } } }, ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const { after, limit } = c.req.valid('query');
      return c.json(await auditPage(c.var.ctx.db, after, limit), 200);
    },
  );
  return app;
}
