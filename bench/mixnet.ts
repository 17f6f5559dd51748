/**
 * Benchmark of the verifiable shuffle and the preferential count. NOT a test: numbers only.
 *
 *   npm run bench:mixnet -- [--rows 2000] [--width 3] [--mps] [--json]
 *
 * 1. --mps (default on): 359 MPs ranking 5 candidates, end to end after the ballots are cast: 3 mixers shuffle and
 *    prove, the verifier checks the 3 proofs, 2-of-3 trustees decrypt the preferences the count needs (with proofs),
 *    the verifier checks those and redoes the IRV count. Target: under 10 s on 2 cores.
 * 2. Per-row costs of one mixer on --rows rows of width --width (shuffle, prove, verify) and the extrapolation to
 *    200,000 rows × 3 mixers (targets: each mixer under 3 minutes, all three proofs verified under 5 minutes).
 *    Run `--rows 200000` to measure the full size (several minutes; not on a shared machine).
 * --parallel-only: only the parallel prover and verifier (src/mixnet/prove-parallel.ts, ./verify-parallel.ts).
 * The load average is printed with the numbers: on a shared machine the wall-clock times scale with it.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { initCrypto, activeBackend } from '../src/crypto';
import { seededRng, systemRng } from '../src/crypto/random';
import { countIrv } from '../src/count/irv';
import { RISTRETTO } from '../src/mixnet/group-ristretto';
import { encryptRankings, mixChain, PrefixDecryptor, PublishedSource, trusteeCeremony, verifyDecryptions, verifyMixChain } from '../src/mixnet/pipeline';
import { checkShuffleProof, genShuffle, genShuffleProof, shuffleGenerators } from '../src/mixnet/shuffle';
import { mixParallel, ProverPool } from '../src/mixnet/prove-parallel';
import { verifyMixChainParallel } from '../src/mixnet/verify-parallel';
import { proofToJSON, rowsToJSON } from '../src/mixnet/contest';
import { checkShufflePacked, packProofFromJSON, packRowsFromJSON } from '../src/mixnet/shuffle-packed';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const ROWS = Number(opt('rows', '2000'));
const WIDTH = Number(opt('width', '3'));
const asJson = args.includes('--json');
const skipMps = args.includes('--no-mps');

await initCrypto();
const rng = systemRng;
const results: Record<string, unknown> = { backend: activeBackend(), cpus: cpus().length, loadBefore: loadavg()[0] };
const log = (s: string) => {
  if (!asJson) process.stdout.write(`${s}\n`);
};
/** Wall-clock seconds; CPU seconds of this process are accumulated in `cpu` (less sensitive to a loaded machine). */
const cpu: Record<string, number> = {};
let label = '';
const time = <T>(f: () => T, name = label): [T, number] => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = f();
  const c = process.cpuUsage(c0);
  cpu[name] = (c.user + c.system) / 1e6;
  return [r, (performance.now() - t0) / 1000];
};
const cpuOf = (name: string) => `${cpu[name]!.toFixed(2)} s CPU`;

log(`mixnet benchmark — backend ${activeBackend()}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`);

if (!skipMps) {
  const EH = 'bench-359';
  const trustees = trusteeCeremony(EH, 2, 3, rng);
  const prng = seededRng('mps');
  // 359 MPs, full rankings of 5 candidates, skewed so the count runs several rounds
  const rankings = Array.from({ length: 359 }, () => {
    const order = [0, 1, 2, 3, 4];
    for (let i = 4; i > 0; i--) {
      const j = prng(1)[0]! % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  });
  const ballots = encryptRankings(trustees.publicKey, rankings, 5, 5, rng);
  const [steps, tMix] = time(() => mixChain(EH, trustees.publicKey, ballots, 3, rng), 'mix');
  const [failures, tVerify] = time(() => verifyMixChain(EH, trustees.publicKey, ballots, steps, 3, rng), 'verify');
  const last = steps[2]!.output;
  const dec = new PrefixDecryptor(EH, last, 5, trustees.keys.slice(1), rng);
  const [count, tDecrypt] = time(() => countIrv(dec, { candidates: ['A', 'B', 'C', 'D', 'E'], tieBreak: 'lot', seed: EH }), 'decrypt');
  const [recount, tRecount] = time(() => {
    const v = verifyDecryptions(EH, last, dec.decryptions, trustees.verificationKeys, 2);
    return countIrv(new PublishedSource(last.length, 5, 5, v.values), { candidates: ['A', 'B', 'C', 'D', 'E'], tieBreak: 'lot', seed: EH });
  }, 'recount');
  if (failures.length || JSON.stringify(recount) !== JSON.stringify(count)) throw new Error('the 359-MP run did not verify');
  const total = tMix + tVerify + tDecrypt + tRecount;
  const totalCpu = cpu.mix! + cpu.verify! + cpu.decrypt! + cpu.recount!;
  results.mps = { mix3: tMix, verify3: tVerify, decryptAndCount: tDecrypt, verifyDecryptionsAndRecount: tRecount, total, totalCpu, cpu: { ...cpu }, decrypted: dec.decryptions.length, cells: 359 * 5, rounds: count.rounds.length };
  log('');
  log('359 MPs ranking 5 candidates (rows of width 5), 3 mixers, 2-of-3 trustees');
  log(`  3 × shuffle + prove        ${tMix.toFixed(2)} s  (${cpuOf('mix')})`);
  log(`  verify 3 proofs            ${tVerify.toFixed(2)} s  (${cpuOf('verify')})`);
  log(`  prefix decryption + count  ${tDecrypt.toFixed(2)} s  (${cpuOf('decrypt')}; ${dec.decryptions.length} of ${359 * 5} cells decrypted, ${count.rounds.length} rounds)`);
  log(`  verify decryptions + recount ${tRecount.toFixed(2)} s  (${cpuOf('recount')})`);
  log(`  total                      ${total.toFixed(2)} s wall, ${totalCpu.toFixed(2)} s CPU  (target < 10 s)`);
}

if (!args.includes('--parallel-only')) {
  const { publicKey } = trusteeCeremony('bench-rows', 2, 3, rng);
  const rankings = Array.from({ length: ROWS }, (_, i) => [i % 3, (i + 1) % 3, (i + 2) % 3].slice(0, WIDTH));
  const [input, tEnc] = time(() => encryptRankings(publicKey, rankings, 3, WIDTH, rng));
  const [, tGen] = time(() => shuffleGenerators(RISTRETTO, ROWS));
  const [sh, tShuffle] = time(() => genShuffle(RISTRETTO, input, publicKey, rng), 'shuffle');
  const st = { electionHash: 'bench', mixer: 1, publicKey, input, output: sh.output };
  const [proof, tProve] = time(() => genShuffleProof(RISTRETTO, st, sh.witness, rng), 'prove');
  const [verdict, tCheck] = time(() => checkShuffleProof(RISTRETTO, st, proof, { rng }), 'check');
  if (!verdict.ok) throw new Error('proof did not verify');
  // the streaming verifier's check: packed encodings from the published JSON, one random linear combination
  const json = { input: rowsToJSON(input), output: rowsToJSON(sh.output), proof: proofToJSON(proof) };
  const [packedVerdict, tPacked] = time(() => {
    const job = { input: packRowsFromJSON(json.input, 'input'), output: packRowsFromJSON(json.output, 'output'), proof: packProofFromJSON(json.proof, 'proof') };
    return checkShufflePacked({ electionHash: 'bench', mixer: 1, publicKey, input: job.input, output: job.output }, job.proof, { rng });
  }, 'packed');
  if (!packedVerdict.ok) throw new Error('proof did not verify (packed)');
  const per = (t: number) => (t / ROWS) * 1000;
  const perCpu = (name: string) => `${((cpu[name]! / ROWS) * 1000).toFixed(3)} ms CPU/row`;
  const N = 200000;
  const mixer = ((tShuffle + tProve) / ROWS) * N;
  const verify3 = (tCheck / ROWS) * N * 3;
  results.rows = { rows: ROWS, width: WIDTH, encryptMsPerRow: per(tEnc), generatorsS: tGen, shuffleMsPerRow: per(tShuffle), proveMsPerRow: per(tProve), verifyMsPerRow: per(tCheck), extrapolated200k: { mixerS: mixer, verify3S: verify3 } };
  log('');
  log(`one mixer, ${ROWS} rows of width ${WIDTH}`);
  log(`  generators h_1..h_N        ${tGen.toFixed(2)} s (once per size, cached)`);
  log(`  shuffle (re-encryption)    ${per(tShuffle).toFixed(3)} ms/row  (${perCpu('shuffle')})`);
  log(`  prove                      ${per(tProve).toFixed(3)} ms/row  (${perCpu('prove')})`);
  log(`  verify                     ${per(tCheck).toFixed(3)} ms/row  (${perCpu('check')})`);
  log(`  verify, packed (streaming)  ${per(tPacked).toFixed(3)} ms/row  (${perCpu('packed')}; from the published JSON: packing, decoding and checking)`);
  const mixerCpu = ((cpu.shuffle! + cpu.prove!) / ROWS) * N;
  const verify3Cpu = (cpu.check! / ROWS) * N * 3;
  const verify3PackedCpu = (cpu.packed! / ROWS) * N * 3;
  (results.rows as Record<string, unknown>).extrapolated200kCpu = { mixerS: mixerCpu, verify3S: verify3Cpu, verify3PackedS: verify3PackedCpu };
  log(`  extrapolated to 200,000 rows, packed check: 3 proofs verify in ${verify3PackedCpu.toFixed(0)} s CPU (one core; ≈ ${(verify3PackedCpu / 2).toFixed(0)} s on 2 cores)`);
  log(`  extrapolated to 200,000 rows: one mixer shuffles + proves in ${mixer.toFixed(0)} s wall / ${mixerCpu.toFixed(0)} s CPU (target < 180 s); 3 proofs verify in ${verify3.toFixed(0)} s wall / ${verify3Cpu.toFixed(0)} s CPU (target < 300 s)`);
}
if (!args.includes('--no-parallel')) {
  // The parallel prover (src/mixnet/prove-parallel.ts) and the parallel verifier (one shuffle per thread), as a
  // mixer and a verifier would run them on a 2-core machine. CPU time is the whole process's (all threads).
  const threads = Number(opt('threads', String(availableParallelism())));
  const { publicKey } = trusteeCeremony('bench-par', 2, 3, rng);
  const rankings = Array.from({ length: ROWS }, (_, i) => [i % 3, (i + 1) % 3, (i + 2) % 3].slice(0, WIDTH));
  const input = encryptRankings(publicKey, rankings, 3, WIDTH, rng);
  shuffleGenerators(RISTRETTO, ROWS);
  const pool = await ProverPool.start(threads);
  const steps: Awaited<ReturnType<typeof mixParallel>>[] = [];
  const walls: number[] = [];
  const cpus0: number[] = [];
  let rows = input;
  for (let m = 1; m <= 3; m++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const step = await mixParallel(pool, 'bench-par', m, publicKey, rows, rng);
    walls.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpus0.push((c.user + c.system) / 1e6);
    steps.push(step);
    rows = step.output;
  }
  await pool.close();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const failures = await verifyMixChainParallel('bench-par', publicKey.toHex(), rowsToJSON(input), steps.map((s) => ({ mixer: s.mixer, output: rowsToJSON(s.output), proof: proofToJSON(s.proof) })), 3, threads);
  const tVer = (performance.now() - t0) / 1000;
  const cv = process.cpuUsage(c0);
  if (failures.length) throw new Error(`parallel proofs did not verify: ${failures[0]!.message}`);
  const N = 200000;
  const mixWall = walls.reduce((a, b) => a + b, 0) / 3;
  const mixCpu = cpus0.reduce((a, b) => a + b, 0) / 3;
  results.parallel = { threads, rows: ROWS, mixerWallPerRowMs: (mixWall / ROWS) * 1000, mixerCpuPerRowMs: (mixCpu / ROWS) * 1000, verify3WallS: tVer, extrapolated200k: { mixerWallS: (mixWall / ROWS) * N, verify3WallS: (tVer / ROWS) * N } };
  log('');
  log(`parallel, ${threads} threads, ${ROWS} rows of width ${WIDTH} (load average ${loadavg()[0]!.toFixed(1)})`);
  log(`  one mixer: shuffle + prove  ${((mixWall / ROWS) * 1000).toFixed(3)} ms/row wall, ${((mixCpu / ROWS) * 1000).toFixed(3)} ms CPU/row (all threads)`);
  log(`  3 proofs verified           ${tVer.toFixed(2)} s wall (${((cv.user + cv.system) / 1e6).toFixed(2)} s CPU of this thread; workers' time is in the wall clock)`);
  log(`  extrapolated to 200,000 rows: one mixer ${((mixWall / ROWS) * N).toFixed(0)} s wall (target < 180 s); 3 proofs verified in ${((tVer / ROWS) * N).toFixed(0)} s wall (target < 300 s)`);
}
results.loadAfter = loadavg()[0];
log(`\nload average after: ${loadavg()[0]!.toFixed(1)}`);
if (asJson) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
