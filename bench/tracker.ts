/**
 * `npm run bench:tracker`: articles per minute for extraction on one core (the process is single
 * threaded). Runs the labelled set round-robin: the first pass includes building the roster index
 * for each publication date (cold); the timed passes are what a batch ingest sees (warm).
 */
import { readFileSync } from 'node:fs';
import { loadCommons2019 } from '../src/data/commons-2019';
import { extractDeclarations } from '../src/tracker/extract';
import { EVAL_DIR, loadLabels } from '../eval/tracker/dataset';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const roster = loadCommons2019();
const articles = loadLabels().map((a) => ({ ...a, text: readFileSync(`${EVAL_DIR}${a.file}`, 'utf8') }));
const bytes = articles.reduce((n, a) => n + a.text.length, 0);

const coldStart = performance.now();
for (const a of articles) extractDeclarations(a.text, roster, { party: a.party, leader: a.leader, published: a.published });
const coldMs = performance.now() - coldStart;

let done = 0;
let declarations = 0;
const start = performance.now();
// CPU time as well as wall time: on a shared machine the wall clock counts other processes' turns too.
const cpuStart = process.cpuUsage();
const deadline = start + seconds * 1000;
while (performance.now() < deadline) {
  for (const a of articles) {
    declarations += extractDeclarations(a.text, roster, { party: a.party, leader: a.leader, published: a.published }).declarations.length;
    done++;
  }
}
const elapsed = (performance.now() - start) / 1000;
const cpuUsed = process.cpuUsage(cpuStart);
const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
const perMinute = Math.round((done / elapsed) * 60);
console.log(`tracker extraction, one core, ${articles.length} articles (mean ${Math.round(bytes / articles.length)} chars)`);
console.log(`cold first pass (roster index per date built): ${coldMs.toFixed(0)} ms for ${articles.length} articles`);
console.log(`warm: ${done} articles in ${elapsed.toFixed(1)} s = ${perMinute.toLocaleString('en-GB')} articles/min (${(elapsed * 1000 / done).toFixed(2)} ms each; ${declarations} declarations)`);
console.log(`  CPU: ${cpuSeconds.toFixed(1)} s = ${Math.round((done / cpuSeconds) * 60).toLocaleString('en-GB')} articles per CPU-minute`);
console.log(perMinute >= 1000 ? 'target (>= 1,000 articles/min) met' : 'BELOW the 1,000 articles/min target');

// The real seed articles are longer than the written ones (about 2,400 characters); measure them alone too,
// and a long article (the four seeds joined, about 10,000 characters), which is nearer a full news page.
const seeds = articles.filter((a) => a.file.startsWith('seeds/'));
const joined = { text: seeds.map((a) => a.text).join('\n\n'), party: 'Con', leader: 'Boris Johnson', published: '2022-07-06' };
for (const [label, set] of [
  ['the four seeds', seeds],
  [`a long article (${joined.text.length} chars)`, [joined]],
] as const) {
  let n = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const until = t0 + (seconds * 1000) / 2;
  while (performance.now() < until) {
    for (const a of set) {
      extractDeclarations(a.text, roster, { party: a.party, leader: a.leader, published: a.published });
      n++;
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  console.log(`${label}: ${Math.round((n / secs) * 60).toLocaleString('en-GB')} articles/min (${Math.round((n / cpu) * 60).toLocaleString('en-GB')} per CPU-minute)`);
}
