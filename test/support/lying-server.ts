/**
 * A lying Confidence server for attack tests: an HTTP server on loopback whose answers the test writes (a forged
 * tally, someone else's keys, a doctored transcript), and a CLI configuration directory signed in to it, so that the
 * real `confidence` commands run against it as they would against a hostile operator.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Starts `handler` on a free loopback port and signs the CLI config under `configDir` (XDG_CONFIG_HOME) in to it. */
export async function lyingServer(configDir: string, handler: RequestListener): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  const base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  mkdirSync(join(configDir, 'confidence'), { recursive: true });
  writeFileSync(join(configDir, 'confidence', 'credentials.json'), JSON.stringify({ [base]: { token: 't', email: null, savedAt: '2026-12-03T00:00:00Z' } }));
  return { server, base };
}
