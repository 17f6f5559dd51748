/**
 * A BallotChecker that spreads checks B9–B11 over worker threads (Node only; the browser uses the in-thread
 * checker). The workers are started when the checker is created, so their start-up (loading the TypeScript
 * sources and the WebAssembly back end) overlaps with reading the file. The verifier streams the ballots as it
 * reads them; they are cut into chunks handed out from a queue, so a slow worker never holds up the rest and progress is reported per
 * chunk. Failures and partial sums come back per chunk and are merged here; the outcome is identical to the
 * single-threaded verifier's (the tests check both).
 */
import { jobWorker } from '../workers/start-job-worker';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { IDENTITY, addCiphertexts, ciphertextFromJSON, ciphertextToJSON, type Ciphertext } from '../crypto';
import type { BallotFailure, BallotJobResult } from './ballot-check';
import type { BallotChecker } from './verify';
import type { WorkerJob } from './verify-worker-impl';

export interface ParallelOptions {
  /** Worker threads (default: available cores). */
  threads?: number;
  /** Ballots per chunk (default 2,000: one multi-scalar multiplication per chunk costs less per point the larger it is). */
  chunk?: number;
}

export interface PoolWorker<R = BallotJobResult> {
  worker: Worker;
  ready: Promise<void>;
  run(job: unknown): Promise<R>;
}

/**
 * Starts one verification worker: `entry` is a plain-ESM worker file that registers tsx, posts {ready: true} once
 * loaded, then answers each {id, job} with {id, result} or {id, error} (the shared entry ../workers/job-worker.mjs).
 */
export function startWorker<R = BallotJobResult>(module: URL = new URL('./verify-worker-impl.ts', import.meta.url), run = 'runWorkerJob'): PoolWorker<R> {
  // A small young generation: a worker's garbage is short-lived (one chunk's points and scalars), and V8's default
  // semi-spaces would add tens of MB per worker to the verifier's peak memory (measured: 4 MB saves ≈ 23 MB a worker).
  const worker = jobWorker(module, run, { maxYoungGenerationSizeMb: 4 });
  worker.unref();
  const pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let readyResolve!: () => void;
  let readyReject!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });
  ready.catch(() => {});
  worker.on('message', (m: { ready?: boolean; id?: number; result?: R; error?: string }) => {
    if (m.ready) return readyResolve();
    const p = pending.get(m.id!);
    pending.delete(m.id!);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.result!);
  });
  worker.on('error', (e) => {
    readyReject(e);
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  });
  // A worker that stops without an error (terminated, or process.exit in a job) would otherwise leave its jobs
  // waiting forever: the verifier would never give a verdict. Its jobs fail, and so does any job sent to it later.
  let exited: Error | null = null;
  worker.on('exit', (code) => {
    exited = new Error(`a verification worker stopped (exit code ${code}) before answering`);
    readyReject(exited);
    for (const p of pending.values()) p.reject(exited);
    pending.clear();
  });
  return {
    worker,
    ready,
    run: (job) =>
      new Promise((resolve, reject) => {
        if (exited) return reject(exited);
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, job });
      }),
  };
}

/** A chunk of ballot lines as a worker takes it (./verify-worker-impl.ts WorkerJob). */
export function workerJob(electionHash: string, publicKey: string, ballots: readonly { seq: number; line: string; counted: boolean }[]): WorkerJob {
  return {
    electionHash,
    publicKey,
    text: ballots.map((b) => b.line).join('\n'),
    seqs: Int32Array.from(ballots, (b) => b.seq),
    counted: Uint8Array.from(ballots, (b) => (b.counted ? 1 : 0)),
  };
}

/** Re-cuts a stream of ballot chunks into chunks of `size` (the workers' unit of work). */
async function* rechunk<T>(source: AsyncIterable<T[]>, size: number): AsyncGenerator<T[]> {
  let buf: T[] = [];
  for await (const part of source) {
    for (const x of part) {
      buf.push(x);
      if (buf.length >= size) {
        yield buf;
        buf = [];
      }
    }
  }
  if (buf.length > 0) yield buf;
}

export function parallelChecker(opts: ParallelOptions = {}): BallotChecker & { close(): Promise<void> } {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const size = opts.chunk ?? 2000;
  let pool: PoolWorker[] | null = Array.from({ length: threads }, () => startWorker());
  const close = async () => {
    const p = pool;
    pool = null;
    if (p) await Promise.all(p.map((w) => w.worker.terminate()));
  };
  const checker = async (job: Parameters<BallotChecker>[0], onProgress: (done: number) => void): Promise<BallotJobResult> => {
    const workers = pool ?? (pool = Array.from({ length: threads }, () => startWorker()));
    const chunks = rechunk(job.ballots, size);
    const failures: BallotFailure[] = [];
    let sum: Ciphertext = { alpha: IDENTITY, beta: IDENTITY };
    let done = 0;
    try {
      await Promise.all(
        workers.map(async (w) => {
          await w.ready;
          for (;;) {
            const next = await chunks.next();
            if (next.done) break;
            const r = await w.run(workerJob(job.electionHash, job.publicKey, next.value));
            failures.push(...r.failures);
            sum = addCiphertexts(sum, ciphertextFromJSON(r.sum, 'sum', { allowIdentityAlpha: true }));
            done += r.checked;
            onProgress(done);
          }
        }),
      );
    } finally {
      await close();
    }
    return { failures, sum: ciphertextToJSON(sum), checked: done };
  };
  return Object.assign(checker, { close });
}
