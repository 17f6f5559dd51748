/**
 * A BallotChecker that spreads checks B9–B11 over worker threads (Node only; the browser uses the in-thread
 * checker). The board is cut into chunks handed out from a queue, so a slow worker never holds up the rest
 * and progress is reported per chunk. Failures and partial sums come back per chunk and are merged here;
 * the outcome is identical to the single-threaded verifier's (the tests check both).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { IDENTITY, addCiphertexts, ciphertextFromJSON, ciphertextToJSON, type Ciphertext } from '../crypto';
import type { BallotFailure, BallotJobResult } from './ballot-check';
import type { BallotChecker } from './verify';

export interface ParallelOptions {
  /** Worker threads (default: available cores). */
  threads?: number;
  /** Ballots per chunk (default 1,000). */
  chunk?: number;
}

export function parallelChecker(opts: ParallelOptions = {}): BallotChecker {
  return async (job, onProgress) => {
    const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), Math.ceil(job.ballots.length / 200)));
    const size = opts.chunk ?? 1000;
    const chunks: (typeof job.ballots)[] = [];
    for (let i = 0; i < job.ballots.length; i += size) chunks.push(job.ballots.slice(i, i + size));
    const workers: Worker[] = [];
    const failures: BallotFailure[] = [];
    let sum: Ciphertext | null = null;
    let done = 0;
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: threads }, async () => {
          const w = new Worker(new URL('./verify-worker.mjs', import.meta.url));
          workers.push(w);
          const pending = new Map<number, { resolve: (r: BallotJobResult) => void; reject: (e: Error) => void }>();
          let readyResolve!: () => void;
          const ready = new Promise<void>((r) => (readyResolve = r));
          let dead: Error | null = null;
          w.on('message', (m: { ready?: boolean; id?: number; result?: BallotJobResult; error?: string }) => {
            if (m.ready) return readyResolve();
            const p = pending.get(m.id!);
            pending.delete(m.id!);
            if (m.error !== undefined) p?.reject(new Error(m.error));
            else p?.resolve(m.result!);
          });
          w.on('error', (e) => {
            dead = e;
            readyResolve();
            for (const p of pending.values()) p.reject(e);
          });
          await ready;
          while (next < chunks.length) {
            if (dead) throw dead;
            const id = next++;
            const ballots = chunks[id]!;
            const r = await new Promise<BallotJobResult>((resolve, reject) => {
              pending.set(id, { resolve, reject });
              w.postMessage({ id, job: { electionHash: job.electionHash, publicKey: job.publicKey, ballots } });
            });
            failures.push(...r.failures);
            const s = ciphertextFromJSON(r.sum, 'sum', { allowIdentityAlpha: true });
            sum = sum ? addCiphertexts(sum, s) : s;
            done += r.checked;
            onProgress(done);
          }
        }),
      );
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    const total = sum as Ciphertext | null;
    return { failures, sum: ciphertextToJSON(total ?? { alpha: IDENTITY, beta: IDENTITY }), checked: done };
  };
}
