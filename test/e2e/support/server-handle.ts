import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer as RealTestServer } from '../../support/server';
import { launchBrowser } from './browser';
import { ensureWebBuilt } from './build-web';

/** The real app (API and built web app) on a random loopback port: see test/support/server.ts. */
export type TestServer = Pick<RealTestServer, 'url' | 'procedureId' | 'close' | 'mailbox'>;
export interface TestServerOptions {
  seed?: 'demo' | 'empty-procedure';
}

export function startServerUnderTest(options: TestServerOptions): Promise<TestServer> {
  return startTestServer(options);
}

/** The usual pair for a browser test file: the real server with a seed, and Debian's Chromium. */
export async function startServerAndBrowser(seed: TestServerOptions['seed']): Promise<{ server: TestServer; browser: Browser; close(): Promise<void> }> {
  await ensureWebBuilt();
  const [server, browser] = await Promise.all([startServerUnderTest({ seed }), launchBrowser()]);
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
