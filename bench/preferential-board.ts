/**
 * Benchmark of a preferential ballot run on a server (in process, PGlite in memory). NOT a test: numbers only.
 *
 *   node --import tsx bench/preferential-board.ts [--rows 2000] [--mixers 3] [--threads 2]
 *
 * Casts --rows ranked ballots through the service, 100 at a time concurrently (the cast queue's group commit),
 * closes, lets --mixers mix servers shuffle in turn (on --threads prover threads, as `confidence preferential mix`
 * does from 2,000 rows; 0 = in this thread) and post through the streamed upload (the server checks each proof, on
 * a worker thread from 2,000 rows, before appending), then times:
 *  - the anonymous view cold and warm (cached by board head);
 *  - `verifyPreferentialBoard` on the board (every ballot's proofs and signature, M12, and every shuffle, M1–M9) with
 *    the shuffles checked in this thread, and with them on worker threads (`confidence verify` from 2,000 rows).
 * The load average is printed: on a shared machine the wall-clock times scale with it; CPU time is printed too.
 */
import { availableParallelism, loadavg } from 'node:os';
import { openDatabase } from '../src/db';
import { initCrypto } from '../src/crypto';
import { mixChainInputs, mixerStep, mixStreamParts, prepareRankedBallot, preferentialStateFromBoard, verifyPreferentialBoard } from '../src/mixnet/board';
import { mixerStepParallel, ProverPool } from '../src/mixnet/prove-parallel';
import { verifyMixChainParallel } from '../src/mixnet/verify-parallel';
import { SYSTEM_ACTOR } from '../src/services/context';
import { boardText, closeElection } from '../src/services/elections';
import { castRankedBallot, postMixStream, preferentialView } from '../src/services/preferential';
import { testContext } from '../test/support/db';
import { openedPreferential } from '../test/support/preferential';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : dflt;
};
const ROWS = opt('rows', 2000);
const MIXERS = opt('mixers', 3);
const THREADS = opt('threads', availableParallelism());
const log = (s: string) => process.stdout.write(`${s}\n`);

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number, number]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const v = await fn();
  const c = process.cpuUsage(c0);
  // process.cpuUsage counts every thread of the process, worker threads included
  return [v, (performance.now() - t0) / 1000, (c.user + c.system) / 1e6];
}

await initCrypto();
const database = await openDatabase({ driver: 'pglite', dataDir: null });
const ctx = testContext(database);
log(`preferential board: ${ROWS} ballots, width 3, ${MIXERS} mixers (load average ${loadavg()[0]!.toFixed(1)})`);
const c = await openedPreferential(ctx, { title: 'Bench', candidates: ['A', 'B', 'C', 'D'], rankCap: 3, electorate: ROWS, trustees: Math.max(2, MIXERS), threshold: 2, mixers: MIXERS });
const [ballots, tPrep, cPrep] = await timed(() => c.credentials.map((cred, i) => prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, cred.secret, [i % 4, (i + 1) % 4, (i + 2) % 4])));
log(`  prepare (voters' devices)  ${((tPrep / ROWS) * 1000).toFixed(2)} ms/ballot  (CPU ${((cPrep / ROWS) * 1000).toFixed(2)})`);
const [, tCast, cCast] = await timed(async () => {
  for (let i = 0; i < ROWS; i += 100) await Promise.all(ballots.slice(i, i + 100).map((b) => castRankedBallot(ctx, c.eid, b)));
});
log(`  cast, 100 at a time        ${(ROWS / tCast).toFixed(0)} ballots/s  (CPU ${((cCast / ROWS) * 1000).toFixed(2)} ms/ballot: checks + group commit)`);
await closeElection(ctx, SYSTEM_ACTOR, c.eid);
const pool = THREADS > 0 && ROWS >= 2000 ? await ProverPool.start(THREADS) : null;
for (let k = 1; k <= MIXERS; k++) {
  const state = preferentialStateFromBoard(await boardText(ctx, c.eid));
  const [step, tMix, cMix] = await timed(() => (pool ? mixerStepParallel(pool, state, c.trustees[k - 1]!) : mixerStep(state, c.trustees[k - 1]!)));
  const parts = mixStreamParts(step);
  const bytes = parts.reduce((a, p) => a + Buffer.byteLength(p), 0);
  const [, tPost, cPost] = await timed(() => postMixStream(ctx, SYSTEM_ACTOR, c.eid, new Blob(parts).stream()));
  log(`  mixer ${k}: shuffle+prove ${tMix.toFixed(1)} s wall, ${cMix.toFixed(1)} s CPU (this process, all threads) = ${((cMix / ROWS) * 1000).toFixed(3)} ms CPU/row; streamed upload ${(bytes / 1e6).toFixed(1)} MB (${(bytes / ROWS).toFixed(0)} B/row) read + checked + appended ${tPost.toFixed(1)} s wall, ${cPost.toFixed(1)} s CPU  (load ${loadavg()[0]!.toFixed(1)})`);
}
await pool?.close();
const [, tCold] = await timed(() => preferentialView(ctx, c.eid));
const [, tWarm] = await timed(() => preferentialView(ctx, c.eid));
log(`  anonymous view             cold ${(tCold * 1000).toFixed(0)} ms, warm ${(tWarm * 1000).toFixed(1)} ms`);
const text = await boardText(ctx, c.eid);
const [seq, tSeq, cSeq] = await timed(() => verifyPreferentialBoard(text));
if (!seq.ok) throw new Error(`the board did not verify: ${seq.failures[0]!.message}`);
log(`  verify, shuffles in thread ${tSeq.toFixed(1)} s  (CPU ${cSeq.toFixed(1)} s; ${((tSeq / ROWS) * 1000).toFixed(2)} ms/row)`);
const [par, tPar] = await timed(async () => {
  const chain = mixChainInputs(text)!;
  const failures = await verifyMixChainParallel(chain.electionHash, chain.publicKey, chain.rows, chain.mixes, chain.mixers, THREADS);
  return verifyPreferentialBoard(text, { mixChainFailures: failures });
});
if (!par.ok) throw new Error(`the board did not verify (parallel): ${par.failures[0]!.message}`);
log(`  verify, shuffles on ${THREADS} threads ${tPar.toFixed(1)} s  (${((tPar / ROWS) * 1000).toFixed(2)} ms/row; load average ${loadavg()[0]!.toFixed(1)})`);
await database.close();
