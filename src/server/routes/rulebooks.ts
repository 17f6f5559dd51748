import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { findRulebook, RULEBOOK_PRESETS, summariseRulebook } from '../../domain/rulebook/presets';
import { thresholdOn } from '../../domain/rulebook/denominator';
import { COMMONS_2019_ROSTER_ID, countWhipHolders, loadRoster } from '../../services/roster';
import { errorResponses, IsoDay, RosterIdParam } from '../schemas';
import type { AppEnv } from '../types';

export function rulebookRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const Summary = z.object({ id: z.string(), name: z.string(), summary: z.array(z.string()) });

  app.openapi(
    createRoute({ method: 'get', path: '/api/rulebooks', tags: ['rulebooks'], summary: 'The rulebook presets', responses: { 200: { description: 'Rulebooks', content: { 'application/json': { schema: z.object({ rulebooks: z.array(Summary) }) } } } } }),
    (c) => c.json({ rulebooks: RULEBOOK_PRESETS.map((r) => ({ id: r.id, name: r.name, summary: summariseRulebook(r) })) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/rulebooks/{rulebookId}',
      tags: ['rulebooks'],
      summary: 'A rulebook in full; with ?on=, its denominator and threshold on that day (over the bundled 2019 Commons roster)',
      request: { params: z.object({ rulebookId: z.string().max(64).openapi({ param: { name: 'rulebookId', in: 'path' }, example: 'conservative-1922' }) }), query: z.object({ on: IsoDay.optional(), roster: z.string().max(64).default(COMMONS_2019_ROSTER_ID) }) },
      responses: {
        200: { description: 'Rulebook', content: { 'application/json': { schema: z.object({ rulebook: z.record(z.string(), z.unknown()), summary: z.array(z.string()), denominator: z.number().int().nullable(), threshold: z.number().int().nullable() }) } } },
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const rulebook = findRulebook(c.req.valid('param').rulebookId);
      const { on, roster } = c.req.valid('query');
      const t = on ? thresholdOn(rulebook, await loadRoster(c.var.ctx.db, roster), on) : null;
      return c.json({ rulebook, summary: summariseRulebook(rulebook), denominator: t?.denominator ?? null, threshold: t?.threshold ?? null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/rosters/{rosterId}/count',
      tags: ['roster'],
      summary: 'How many sitting members of a party hold its whip on a day',
      request: { params: RosterIdParam, query: z.object({ party: z.string().min(1).max(20), on: IsoDay }) },
      responses: { 200: { description: 'Count', content: { 'application/json': { schema: z.object({ party: z.string(), on: z.string(), count: z.number().int() }) } } }, ...errorResponses(400, 404) },
    }),
    async (c) => {
      const { party, on } = c.req.valid('query');
      return c.json({ party, on, count: await countWhipHolders(c.var.ctx.db, c.req.valid('param').rosterId, party, on) }, 200);
    },
  );
  return app;
}
