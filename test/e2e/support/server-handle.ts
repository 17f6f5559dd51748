import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shape of `startTestServer` in test/support/server.ts (the real app on a random port). */
export interface TestServerOptions {
  seed?: 'demo' | 'empty-procedure';
}
export interface MailboxEntry {
  to: string;
  subject: string;
  text: string;
  code: string | null;
}
export interface TestServer {
  url: string;
  procedureId: string;
  close(): Promise<void>;
  /** Newest first. */
  mailbox(to?: string): Promise<MailboxEntry[]>;
  /** Called before each login-code request the tests make (see `withLoginWindowRollover`). */
  beforeLoginRequest?(): Promise<void>;
}

/** What test/support/server.ts exposes beyond the TestServer contract (used only to roll the rate window). */
interface RealTestServer extends TestServer {
  runtime?: { ctx: { db: { delete(table: unknown): PromiseLike<unknown> } } };
}

/**
 * The server allows 50 login-code requests per IP per 15 minutes, and every browser in these tests
 * comes from 127.0.0.1. 56 MPs logging in within a minute is the test's compression of days of real
 * traffic, so before each request beyond the first 40 we forget the login-request log, as if the
 * window had rolled over. Nothing else is touched: codes, sessions and guesses per code are as in production.
 */
function withLoginWindowRollover(server: RealTestServer): TestServer {
  const db = server.runtime?.ctx.db;
  if (!db) return server;
  let requests = 0;
  server.beforeLoginRequest = async () => {
    if (++requests % 40 !== 0) return;
    const { loginRequests } = await import('../../../src/db/schema');
    await db.delete(loginRequests);
  };
  return server;
}

const REAL_SERVER = fileURLToPath(new URL('../../support/server.ts', import.meta.url));

/**
 * Starts the server the browser tests run against: the real app, unless E2E_SERVER=contract asks for the
 * in-memory stand-in written from the API contract (useful when working on the UI alone).
 */
export async function startServerUnderTest(options: TestServerOptions): Promise<TestServer> {
  if (process.env.E2E_SERVER === 'contract') {
    const { startContractServer } = await import('./contract-server');
    return startContractServer(options);
  }
  if (!existsSync(REAL_SERVER)) {
    throw new Error('test/support/server.ts is missing: the e2e tests need the real server (or set E2E_SERVER=contract).');
  }
  const mod = (await import(/* @vite-ignore */ REAL_SERVER)) as {
    startTestServer(options?: TestServerOptions): Promise<TestServer>;
  };
  return withLoginWindowRollover((await mod.startTestServer(options)) as RealTestServer);
}
