import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { assertCleanText } from '../../domain/text';
import { actorFor } from '../../services/auth';
import { COMMONS_2019_ROSTER_ID, importCommons2019, parseGenericRosterCsv, saveRoster } from '../../services/roster';
import { gatedAccount, roleGate } from '../middleware/session';
import { errorResponses } from '../schemas';
import type { AppEnv } from '../types';

/** A roster CSV may be far larger than any other request body (the CLI accepts files up to this size). */
export const MAX_ROSTER_CSV_BYTES = 20 * 1024 * 1024;
/** The request around it (JSON quoting can double a CSV's size at worst; ordinary files grow a few per cent). */
export const MAX_ROSTER_BODY_BYTES = MAX_ROSTER_CSV_BYTES + 1024 * 1024;
export const ROSTER_IMPORT_PATH = '/api/rosters/import';

/**
 * Roster import through the running server (the chair, or the CLI as the chair with an API token): the one
 * writer of a PGlite data folder does it, and the audit log names the account.
 */
export function rosterRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const Body = z.discriminatedUnion('source', [
    z.object({ source: z.literal('commons-2019') }).strict(),
    z
      .object({
        source: z.literal('csv'),
        id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a roster id is 1–63 lowercase letters, digits and dashes'),
        name: z.string().min(1).max(200),
        fileName: z.string().min(1).max(200),
        csv: z.string().min(1),
      })
      .strict(),
  ]);
  app.openapi(
    createRoute({
      method: 'post',
      path: ROSTER_IMPORT_PATH,
      // Its own, larger body limit (app.ts); the role check comes before the body's.
      middleware: [roleGate('chair')],
      tags: ['chair'],
      summary: 'Import the bundled 2019 Commons roster, or an organisation’s roster CSV (docs/roster-csv.md) (chair only)',
      request: { body: { required: true, content: { 'application/json': { schema: Body } } } },
      responses: { 200: { description: 'Imported', content: { 'application/json': { schema: z.object({ rosterId: z.string(), members: z.number().int(), changes: z.number().int() }) } } }, ...errorResponses(400, 401, 403, 409, 413) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const body = c.req.valid('json');
      if (body.source === 'commons-2019') {
        const r = await importCommons2019(c.var.ctx, actorFor(account));
        return c.json({ rosterId: COMMONS_2019_ROSTER_ID, ...r }, 200);
      }
      const parsed = parseGenericRosterCsv(assertCleanText(body.csv, body.fileName));
      const r = await saveRoster(c.var.ctx, actorFor(account), { id: body.id, name: body.name, format: 'csv', attribution: `imported from ${body.fileName}` }, parsed);
      return c.json({ rosterId: body.id, ...r }, 200);
    },
  );
  return app;
}
