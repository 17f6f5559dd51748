/**
 * The server's own cost per request without HTTP: the Hono app called in process (`app.request`) on a data
 * folder seeded by `bench/server.ts`. It separates the application's CPU per public GET and per letter write
 * from node's HTTP stack and from a load generator sharing the machine, and shows whether a write's cost grows
 * with the procedure's history (seed with different --events and compare).
 *
 *   BENCH_SEED_ONLY=1 node --import tsx bench/server.ts --events 5000 | tail -1 > /tmp/seed.json
 *   node --import tsx bench/server-app.ts /tmp/seed.json        # PGlite on the main thread
 *
 * The seeded folder is used up (letters change); seed again for another run.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/config/env';
import { startRuntime } from '../src/runtime';
import { createApp } from '../src/server/app';
import { createLogger } from '../src/services/logger';

const seed = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { CONFIDENCE_DATA_DIR: string; cookies: { cookie: string; csrf: string }[] };
const config = loadConfig({ ...process.env, CONFIDENCE_DATA_DIR: seed.CONFIDENCE_DATA_DIR, DATABASE_URL: '', CONFIDENCE_DEMO: 'on', CONFIDENCE_READS_PER_MINUTE: '0', NODE_ENV: 'production' });
const rt = await startRuntime(config, { logger: createLogger('silent'), demoMode: true });
const app = createApp(rt.ctx);
const base = 'http://127.0.0.1/api/procedures/bench-2022';
const cpuMs = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
};

for (let i = 0; i < 2000; i++) await (await app.request(base)).text(); // warm-up
const GETS = 20_000;
let c0 = process.cpuUsage();
for (let i = 0; i < GETS; i++) await (await app.request(base)).text();
const getMs = cpuMs(c0) / GETS;

// 60 MPs submit and withdraw in turn, all at once (the group commit gathers them), 40 writes each.
const submitted = seed.cookies.map(() => false);
let writes = 0;
let failed = 0;
c0 = process.cpuUsage();
await Promise.all(
  seed.cookies.map(async (c, w) => {
    for (let i = 0; i < 40; i++) {
      const method = submitted[w] ? 'DELETE' : 'PUT';
      const r = await app.request(`${base}/letters/mine`, { method, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json' }, body: method === 'PUT' ? '{}' : undefined });
      await r.text();
      if (r.ok) {
        submitted[w] = !submitted[w];
        writes++;
      } else failed++;
    }
  }),
);
const writeMs = cpuMs(c0) / Math.max(1, writes);
process.stdout.write(
  `in process (no HTTP), PGlite on the main thread: public GET ${getMs.toFixed(3)} ms CPU each; letter write ${writeMs.toFixed(2)} ms CPU each (${writes} ok, ${failed} failed); load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}\n`,
);
await rt.close();
