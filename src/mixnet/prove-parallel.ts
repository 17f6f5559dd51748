/**
 * One mixer's shuffle and proof on worker threads (Node only): the same GenShuffle and GenShuffleProof as
 * ./shuffle.ts (the proof is checked by the same CheckShuffleProof), with the group operations batched across
 * cores. What makes the prover parallel is the commitment chain in closed form: ĉ_i = g^{r̂_i}·ĉ_{i−1}^{u'_i} is
 * g^{R_i}·h^{U_i} with R_i = r̂_i + u'_i·R_{i−1}, U_i = u'_i·U_{i−1} (R_0 = 0, U_0 = 1), so every ĉ_i, and every
 * t̂_i = g^{ω̂_i}·ĉ_{i−1}^{ω'_i} = g^{ω̂_i + ω'_i·R_{i−1}}·h^{ω'_i·U_{i−1}}, is computed independently of the others.
 * The values are exactly those of the sequential prover; only the order of work changes.
 *
 * Threat model: as ./shuffle.ts. The witness (permutation, re-encryption exponents) is drawn in the main thread and
 * handed to the workers in memory; every multiplication by a secret uses libsodium's constant-time paths.
 */
import { jobWorker } from '../workers/start-job-worker';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { G, IDENTITY, Point, mulBase, scalarToHex } from '../crypto/group';
import { systemRng, type Rng } from '../crypto/random';
import { modq } from './group';
import { RISTRETTO } from './group-ristretto';
import type { MixStep } from './pipeline';
import { checkMixSigner, mixerTurn, signMixStep, type MixRecordJSON, type PreferentialState } from './board';
import type { MixSigner } from './mix-signature';
import { proofToJSON, rowsToJSON } from './contest';
import { pack, unpack, type ProveJob } from './prove-worker-impl';
import { assertRows, challenges, finalChallenge, randomPermutation, shuffleGenerators, statementDigest, type Row, type ShuffleProof, type ShuffleStatement } from './shuffle';

/** A pool of prover workers; each job goes to the next free worker. */
export class ProverPool {
  private constructor(private readonly workers: Worker[]) {}
  private free: Worker[] = [];
  private waiting: ((w: Worker) => void)[] = [];

  static async start(threads = availableParallelism()): Promise<ProverPool> {
    const workers = Array.from({ length: Math.max(1, threads) }, () => jobWorker(new URL('./prove-worker-impl.ts', import.meta.url), 'runProveJob'));
    await Promise.all(workers.map((w) => new Promise<void>((res, rej) => {
      w.once('message', () => res());
      w.once('error', rej);
    })));
    const pool = new ProverPool(workers);
    pool.free = [...workers];
    return pool;
  }

  private async acquire(): Promise<Worker> {
    const w = this.free.pop();
    if (w) return w;
    return new Promise((res) => this.waiting.push(res));
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.free.push(w);
  }

  async run<T>(job: ProveJob): Promise<T> {
    const w = await this.acquire();
    try {
      return await new Promise<T>((resolve, reject) => {
        w.once('message', (m: { result?: T; error?: string }) => (m.error !== undefined ? reject(new Error(m.error)) : resolve(m.result as T)));
        w.postMessage({ id: 0, job });
      });
    } finally {
      this.release(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Splits 0..n−1 into about `parts` contiguous ranges. */
function ranges(n: number, parts: number): [number, number][] {
  const size = Math.max(1, Math.ceil(n / parts));
  const out: [number, number][] = [];
  for (let a = 0; a < n; a += size) out.push([a, Math.min(n, a + size)]);
  return out;
}


/** One mix server's step, shuffle and proof, with the work spread over `pool`'s threads. */
export async function mixParallel(pool: ProverPool, electionHash: string, mixer: number, publicKey: Point, input: readonly Row<Point>[], rng: Rng = systemRng): Promise<MixStep> {
  const w = assertRows(input, 'input');
  const n = input.length;
  const q = RISTRETTO.order;
  const parts = pool.size * 4;
  const rand = () => RISTRETTO.randomScalar(rng);
  const pkBytes = publicKey.encoded;

  // GenShuffle: output row i is input row ψ(i) re-encrypted
  const psi = randomPermutation(n, rng);
  const reenc = input.map(() => Array.from({ length: w }, rand));
  const outCells = await Promise.all(
    ranges(n, parts).map(([a, b]) => {
      const cells: Point[] = [];
      const exps: string[] = [];
      for (let i = a; i < b; i++) for (let k = 0; k < w; k++) {
        const cell = input[psi[i]!]![k]!;
        cells.push(cell.alpha, cell.beta);
        exps.push(scalarToHex(reenc[psi[i]!]![k]!));
      }
      return pool.run<Uint8Array>({ kind: 'reencrypt', publicKey: pkBytes, cells: pack(cells), exps }).then(unpack);
    }),
  );
  const flat = outCells.flat();
  const output: Row<Point>[] = Array.from({ length: n }, (_, i) => Array.from({ length: w }, (_, k) => ({ alpha: flat[2 * (i * w + k)]!, beta: flat[2 * (i * w + k) + 1]! })));
  const st: ShuffleStatement<Point> = { electionHash, mixer, publicKey, input, output };

  const { h, hs } = shuffleGenerators(RISTRETTO, n);
  const combine = async (base: Point | null, items: { a: bigint; b?: bigint; P?: Point }[]): Promise<Point[]> => {
    const res = await Promise.all(
      ranges(items.length, parts).map(([a, b]) => {
        const slice = items.slice(a, b);
        return pool
          .run<Uint8Array>({
            kind: 'combine',
            base: base ? base.encoded : null,
            a: slice.map((it) => scalarToHex(it.a)),
            b: slice[0]?.b === undefined ? null : slice.map((it) => scalarToHex(it.b!)),
            P: slice[0]?.P ? pack(slice.map((it) => it.P!)) : null,
          })
          .then(unpack);
      }),
    );
    return res.flat();
  };
  const msm = async (points: readonly Point[], scalars: readonly bigint[]): Promise<Point> => {
    // one slice per thread: a multi-exponentiation gets cheaper per term as it grows (Pippenger)
    const res = await Promise.all(ranges(points.length, pool.size).map(([a, b]) => pool.run<Uint8Array>({ kind: 'msm', points: pack(points.slice(a, b)), scalars: scalars.slice(a, b).map((s) => scalarToHex(modq(q, s))) }).then((x) => unpack(x)[0]!)));
    return res.reduce((x, y) => x.add(y), IDENTITY);
  };

  // GenPermutationCommitment: c_{ψ(i)} = g^{r_{ψ(i)}}·h_i
  const r: bigint[] = Array.from({ length: n }, rand);
  const byI = await combine(null, psi.map((j, i) => ({ a: r[j]!, P: hs[i]! })));
  const c: Point[] = new Array(n);
  psi.forEach((j, i) => (c[j] = byI[i]!));

  const digest = statementDigest(RISTRETTO, st, w, c);
  const u = challenges(RISTRETTO, digest, n);
  const uPrime = psi.map((j) => u[j]!);

  // the commitment chain in closed form: ĉ_i = g^{R_i}·h^{U_i}
  const rHat = Array.from({ length: n }, rand);
  const R: bigint[] = new Array(n);
  const U: bigint[] = new Array(n);
  for (let i = 0; i < n; i++) {
    R[i] = (rHat[i]! + uPrime[i]! * (i === 0 ? 0n : R[i - 1]!)) % q;
    U[i] = (uPrime[i]! * (i === 0 ? 1n : U[i - 1]!)) % q;
  }
  const chainP = combine(h, R.map((a, i) => ({ a, b: U[i]! })));

  const w1 = rand();
  const w2 = rand();
  const w3 = rand();
  const w4 = Array.from({ length: w }, rand);
  const wHat = Array.from({ length: n }, rand);
  const wPrime = Array.from({ length: n }, rand);
  // t̂_i = g^{ω̂_i + ω'_i·R_{i−1}}·h^{ω'_i·U_{i−1}}
  const tHatP = combine(h, wHat.map((x, i) => ({ a: (x + wPrime[i]! * (i === 0 ? 0n : R[i - 1]!)) % q, b: (wPrime[i]! * (i === 0 ? 1n : U[i - 1]!)) % q })));
  const t3P = msm(hs, wPrime);
  const t4P = Promise.all(
    Array.from({ length: w }, async (_, k) => ({
      beta: publicKey.mulSecret(modq(q, -w4[k]!)).add(await msm(output.map((row) => row[k]!.beta), wPrime)),
      alpha: mulBase(modq(q, -w4[k]!)).add(await msm(output.map((row) => row[k]!.alpha), wPrime)),
    })),
  );
  const [chain, tHat, t3m, t4] = await Promise.all([chainP, tHatP, t3P, t4P]);
  const t1 = RISTRETTO.expSecret(G, w1);
  const t2 = RISTRETTO.expSecret(G, w2);
  const t3 = RISTRETTO.expSecret(G, w3).add(t3m);

  const cc = finalChallenge(RISTRETTO, digest, { commitmentChain: chain, t1, t2, t3, t4, tHat });
  let rBar = 0n;
  for (const x of r) rBar += x;
  let v = 1n;
  let rHatSum = 0n;
  for (let i = n - 1; i >= 0; i--) {
    rHatSum = (rHatSum + rHat[i]! * v) % q;
    v = (v * uPrime[i]!) % q;
  }
  let rTilde = 0n;
  for (let j = 0; j < n; j++) rTilde = (rTilde + r[j]! * u[j]!) % q;
  const s4 = Array.from({ length: w }, (_, k) => {
    let rp = 0n;
    for (let j = 0; j < n; j++) rp = (rp + reenc[j]![k]! * u[j]!) % q;
    return modq(q, w4[k]! - cc * rp);
  });
  const proof: ShuffleProof<Point> = {
    permutationCommitment: c,
    commitmentChain: chain,
    t1,
    t2,
    t3,
    t4,
    tHat,
    challenge: cc,
    s1: modq(q, w1 - cc * rBar),
    s2: modq(q, w2 - cc * rHatSum),
    s3: modq(q, w3 - cc * rTilde),
    s4,
    sHat: wHat.map((x, i) => modq(q, x - cc * rHat[i]!)),
    sPrime: wPrime.map((x, i) => modq(q, x - cc * uPrime[i]!)),
  };
  return { mixer, output, proof };
}

/** A mix server's device on worker threads: the same step as board.ts's mixerStep (same records, same checks). */
export async function mixerStepParallel(pool: ProverPool, s: PreferentialState, signer: MixSigner, rng: Rng = systemRng): Promise<MixRecordJSON> {
  checkMixSigner(s, signer);
  const t = mixerTurn(s);
  const step = await mixParallel(pool, s.electionHash, t.mixer, t.publicKey, t.input, rng);
  return signMixStep(s, { mixer: t.mixer, output: rowsToJSON(step.output), proof: proofToJSON(step.proof) }, signer, rng);
}
