import { startTestServer, type TestServer as RealTestServer } from '../../support/server';

/** The real app (API and built web app) on a random loopback port: see test/support/server.ts. */
export type TestServer = Pick<RealTestServer, 'url' | 'procedureId' | 'close' | 'mailbox'>;
export interface TestServerOptions {
  seed?: 'demo' | 'empty-procedure';
}

export function startServerUnderTest(options: TestServerOptions): Promise<TestServer> {
  return startTestServer(options);
}
