import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { desc } from 'drizzle-orm';
import { devMailbox } from '../../db/schema';
import { loginMailSettled } from '../../services/auth';
import type { AppEnv } from '../types';

/**
 * The dev mailbox: in the demo, mail "sent" (one-time codes) is shown here. Outside the demo, or when a
 * real SMTP mailer is configured, it reports `enabled: false` and shows nothing.
 */
export function devRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dev/mailbox',
      tags: ['demo'],
      summary: 'Mail kept by the demo mailer (demo only)',
      request: { query: z.object({ to: z.string().max(254).optional() }) },
      responses: {
        200: {
          description: 'Mailbox',
          content: { 'application/json': { schema: z.object({ enabled: z.boolean(), messages: z.array(z.object({ id: z.number(), to: z.string(), subject: z.string(), text: z.string(), createdAt: z.string() })) }) } },
        },
      },
    }),
    async (c) => {
      if (!c.var.ctx.config.demoMode || !c.var.ctx.mailer.isDevMailbox) return c.json({ enabled: false, messages: [] }, 200);
      await loginMailSettled(c.var.ctx); // codes are mailed after the reply to request-code
      const to = c.req.valid('query').to?.trim().toLowerCase();
      const rows = await c.var.ctx.db.select().from(devMailbox).orderBy(desc(devMailbox.id)).limit(50);
      const messages = rows.filter((r) => !to || r.to === to).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
      return c.json({ enabled: true, messages }, 200);
    },
  );
  return app;
}
