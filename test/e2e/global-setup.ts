import { ensureWebBuilt } from './support/build-web';

/** vitest globalSetup for the browser tests: the server serves dist/web, so build it once if it is stale. */
export default async function setup(): Promise<void> {
  await ensureWebBuilt();
}
