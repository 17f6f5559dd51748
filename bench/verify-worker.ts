/**
 * CPU cost of the verifier's per-ballot work (checks B9–B11) as one worker thread does it: the critical path of
 * `confidence verify` on a large board. Reads the ballot records of a board (e.g. from
 * `confidence simulate confidence-vote --eligible 200000 …`), hands them to the worker's job function in chunks
 * as verify-parallel does, and reports CPU milliseconds per ballot (process.cpuUsage, so a loaded machine inflates
 * it less than wall time) and the ballots per CPU second.
 *
 *   node --import tsx bench/verify-worker.ts BOARD.jsonl [--ballots N] [--chunk 2000]
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ready, runWorkerJob } from '../src/ballot/verify-worker-impl';
import { workerJob } from '../src/ballot/verify-parallel';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) throw new Error('usage: bench/verify-worker.ts BOARD.jsonl [--ballots N] [--chunk N]');
const opt = (name: string, d: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const N = opt('--ballots', 20000);
const CHUNK = opt('--chunk', 2000);

let electionHash = '';
let publicKey = '';
const ballots: { seq: number; line: string; counted: boolean }[] = [];
let seq = -1;
for await (const line of createInterface({ input: createReadStream(file) })) {
  seq++;
  if (seq === 0) electionHash = (JSON.parse(line) as { hash: string }).hash;
  if (line.includes('"type":"election_key"')) publicKey = (JSON.parse(line) as { body: { publicKey: string } }).body.publicKey;
  else if (line.endsWith('"type":"ballot"}')) {
    ballots.push({ seq, line, counted: true });
    if (ballots.length >= N) break;
  }
}
await ready;
// Warm-up on one chunk (JIT), not timed.
runWorkerJob(workerJob(electionHash, publicKey, ballots.slice(0, CHUNK)));
const t0 = process.cpuUsage();
const w0 = performance.now();
let failures = 0;
for (let i = 0; i < ballots.length; i += CHUNK) {
  const r = runWorkerJob(workerJob(electionHash, publicKey, ballots.slice(i, i + CHUNK)));
  failures += r.failures.length;
}
const wall = (performance.now() - w0) / 1000;
const cpu = process.cpuUsage(t0);
const cpuS = (cpu.user + cpu.system) / 1e6;
console.log(`${ballots.length} ballots in chunks of ${CHUNK}: ${cpuS.toFixed(2)} s CPU (${((cpuS * 1000) / ballots.length).toFixed(3)} ms/ballot, ${(ballots.length / cpuS).toFixed(0)} ballots per CPU s), ${wall.toFixed(2)} s wall, ${failures} failures`);
