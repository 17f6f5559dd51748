import { readFileSync } from 'node:fs';
import { openDatabase } from '../src/db';
import { createApp } from '../src/server/app';
import { createLogger } from '../src/services/logger';
const seeded = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const d = await openDatabase({ driver: 'pglite', dataDir: seeded.CONFIDENCE_DATA_DIR });
const ctx: any = { db: d.db, clock: () => new Date(), logger: createLogger('silent'), config: { secureCookies: false, publicUrl: null, env: 'production', loginMaxPerIp: 50, readsPerMinute: 0 } };
const app = createApp(ctx, { serveWeb: false });
await (await app.request('/api/procedures/bench-2022')).text();
const state = seeded.cookies.map(() => false);
for (const conc of [1, 60]) {
  const c0 = process.cpuUsage(); const t0 = performance.now(); let n = 0;
  await Promise.all(Array.from({ length: conc }, async (_, w) => { while (n < 600) { n++; const c = seeded.cookies[w]; const m = state[w] ? 'DELETE' : 'PUT';
    const r = await app.request('/api/procedures/bench-2022/letters/mine', { method: m, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json' }, body: m === 'PUT' ? '{}' : undefined });
    if (r.status !== 200) throw new Error(await r.text()); state[w] = !state[w]; } }));
  const cu = process.cpuUsage(c0);
  console.log(`conc ${conc}: ${(600 / ((performance.now() - t0) / 1000)).toFixed(0)} writes/s, cpu ${((cu.user + cu.system) / 1000 / 600).toFixed(3)} ms/write`);
}
await d.close();
