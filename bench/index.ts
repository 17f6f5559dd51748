/**
 * `npm run bench`: every benchmark in sequence, each in its own process so none inherits another's warm
 * caches or heap. Pass-through flags go to each (e.g. `npm run bench -- --json`). For the full-size runs
 * use the individual scripts: `bench:crypto`, `bench:ballot -- --voters 10000 --peer`, `bench:tracker`.
 */
import { spawnSync } from 'node:child_process';

const extra = process.argv.slice(2);
const runs: { name: string; script: string; args: string[] }[] = [
  { name: 'crypto', script: 'bench/crypto.ts', args: [] },
  { name: 'ballot', script: 'bench/ballot.ts', args: ['--voters', process.env.BENCH_VOTERS ?? '2000'] },
  { name: 'tracker', script: 'bench/tracker.ts', args: [] },
  { name: 'seal', script: 'bench/seal.ts', args: [] },
];

let failed = 0;
for (const run of runs) {
  process.stderr.write(`\n=== bench:${run.name} ===\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', run.script, ...run.args, ...extra], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`bench:${run.name} exited with ${r.status}\n`);
  }
}
process.exit(failed ? 1 : 0);
