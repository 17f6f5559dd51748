import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { desc, eq } from 'drizzle-orm';
import { loadConfig } from '../../src/config/env';
import { devMailbox } from '../../src/db/schema';
import { startRuntime, type Runtime } from '../../src/runtime';
import { createApp } from '../../src/server/app';
import { DEMO_PROCEDURE_ID } from '../../src/services/demo';
import { createLogger } from '../../src/services/logger';
import { loginMailSettled } from '../../src/services/auth';

export interface TestServer {
  url: string;
  procedureId: string;
  runtime: Runtime;
  close(): Promise<void>;
  mailbox(to?: string): Promise<{ to: string; subject: string; text: string; code: string | null }[]>;
}

/**
 * Starts the real app (API and built web app) on a random loopback port over a fresh in-memory
 * PGlite database. `demo`: the full demo; `empty-procedure`: demo accounts and the Johnson procedure
 * as of 5 June 2022 with no letters.
 */
export async function startTestServer(options: { seed?: 'demo' | 'empty-procedure'; loginMaxPerIp?: number } = {}): Promise<TestServer> {
  // Every test browser comes from 127.0.0.1: 56 MPs logging in within a minute is days of real traffic
  // compressed, so the per-address login limit is raised (per-email limits and code guesses are unchanged), and
  // the anonymous read budget is off (its own test is in test/production.test.ts).
  const config = loadConfig({
    NODE_ENV: 'test',
    CONFIDENCE_DEMO: 'on',
    LOG_LEVEL: 'silent',
    CONFIDENCE_LOGIN_MAX_PER_IP: String(options.loginMaxPerIp ?? 10_000),
    CONFIDENCE_READS_PER_MINUTE: '0',
  });
  const runtime = await startRuntime(
    { ...config, database: { driver: 'pglite', dataDir: null } },
    { logger: createLogger('silent'), print: () => {}, seedLetters: options.seed === 'empty-procedure' ? 'none' : 'simulated' },
  );
  const app = createApp(runtime.ctx);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    procedureId: DEMO_PROCEDURE_ID,
    runtime,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await runtime.close();
    },
    async mailbox(to) {
      await loginMailSettled(runtime.ctx);
      const rows = await runtime.ctx.db
        .select()
        .from(devMailbox)
        .where(to ? eq(devMailbox.to, to.toLowerCase()) : undefined)
        .orderBy(desc(devMailbox.id));
      return rows.map((r) => ({ to: r.to, subject: r.subject, text: r.text, code: /\b(\d{6})\b/.exec(r.text)?.[1] ?? null }));
    },
  };
}
