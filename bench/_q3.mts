import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
const dir = process.argv[2]!;
const proc = spawn(process.execPath, ['bin/confidence.js', 'serve'], { env: { ...process.env, CONFIDENCE_DATA_DIR: dir, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', CONFIDENCE_DEMO: 'on', LOG_LEVEL: 'warn', CONFIDENCE_READS_PER_MINUTE: '0', NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((res) => { let seen = ''; proc.stdout!.on('data', (c) => { seen += c; const m = /running on (http:\/\/[^\s]+)/.exec(seen); if (m) res(m[1]!); }); });
const cpu = () => { const f = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
for (const path of ['/api/procedures/bench-2022', '/api/nothing-here', '/api/procedures/bench-2022']) {
  await fetch(url + path).then((r) => r.text());
  const c0 = cpu(); const t0 = performance.now(); let n = 0;
  await Promise.all(Array.from({ length: 50 }, async () => { while (performance.now() - t0 < 4000) { n++; await (await fetch(url + path)).text(); } }));
  console.log(path, `${(n / 4).toFixed(0)} req/s, server cpu ${((cpu() - c0) / n).toFixed(2)} ms/req`);
}
proc.kill('SIGKILL');
