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
  mailbox(to?: string): Promise<MailboxEntry[]>;
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
  return mod.startTestServer(options);
}
