import { openDatabase } from '../src/db';
import { createApp } from '../src/server/app';
import { createLogger } from '../src/services/logger';
const d = await openDatabase({ driver: 'pglite', dataDir: process.argv[2]! });
const ctx: any = { db: d.db, clock: () => new Date(), logger: createLogger('silent'), config: { secureCookies: false, publicUrl: null, env: 'production', loginMaxPerIp: 50, readsPerMinute: 0 } };
const app = createApp(ctx, { serveWeb: false });
let r = await app.request('/api/procedures/bench-2022');
console.log(r.status, (await r.text()).slice(0, 100));
for (const conc of [1, 50]) {
  const c0 = process.cpuUsage(); const t0 = performance.now(); let n = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (n < 3000) { n++; const x = await app.request('/api/procedures/bench-2022'); await x.text(); } }));
  const cu = process.cpuUsage(c0);
  console.log(`conc ${conc}: ${(3000 / ((performance.now() - t0) / 1000)).toFixed(0)} req/s, cpu ${((cu.user + cu.system) / 1000 / 3000).toFixed(3)} ms/req`);
}
await d.close();
