/**
 * A ContestBallotChecker that spreads the contest verifier's per-ballot checks (R9 decoding, R10, R11) over worker
 * threads (Node only; the browser uses the in-thread checker). Chunks queue here and go to whichever worker is free;
 * the verifier keeps its own order of results, so the outcome is the one-thread verifier's (the tests check both).
 */
import { availableParallelism } from 'node:os';
import { startWorker, type PoolWorker } from '../ballot/verify-parallel';
import type { ContestBallotChecker, ContestChunkJob, ContestChunkResult } from './ballot-check';

export function contestParallelChecker(opts: { threads?: number; chunk?: number } = {}): ContestBallotChecker & { close(): Promise<void> } {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const impl = new URL('./verify-worker-impl.ts', import.meta.url);
  let pool: PoolWorker<ContestChunkResult>[] | null = null;
  const idle: PoolWorker<ContestChunkResult>[] = [];
  const queue: { job: ContestChunkJob; resolve: (r: ContestChunkResult) => void; reject: (e: Error) => void }[] = [];
  const start = () => {
    if (pool) return;
    pool = Array.from({ length: threads }, () => startWorker<ContestChunkResult>(impl, 'runWorkerJob'));
    idle.push(...pool);
  };
  const pump = () => {
    while (idle.length > 0 && queue.length > 0) {
      const w = idle.pop()!;
      const t = queue.shift()!;
      w.ready
        .then(() => w.run(t.job))
        .then(
          (r) => {
            idle.push(w);
            t.resolve(r);
            pump();
          },
          (e: Error) => {
            idle.push(w);
            t.reject(e);
            pump();
          },
        );
    }
  };
  // Workers start now: loading the sources (about a second each) overlaps with reading the board's first records.
  start();
  return {
    concurrency: threads,
    ...(opts.chunk !== undefined ? { chunk: Math.max(1, opts.chunk) } : {}),
    check: (job) =>
      new Promise<ContestChunkResult>((resolve, reject) => {
        start();
        queue.push({ job, resolve, reject });
        pump();
      }),
    async close() {
      const p = pool;
      pool = null;
      idle.length = 0;
      for (const t of queue.splice(0)) t.reject(new Error('the contest verifier’s workers were closed'));
      if (p) await Promise.all(p.map((w) => w.worker.terminate()));
    },
  };
}
