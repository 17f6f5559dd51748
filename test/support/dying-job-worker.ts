/**
 * A job module for the worker-thread entry (src/workers/job-worker.mjs) whose jobs stop the worker instead of
 * answering: what a crashed verification worker looks like to the pool that sent the job.
 */
import { parentPort, workerData } from 'node:worker_threads';

export const ready = Promise.resolve();

// A worker that crashes before its answer leaves: the answer is swallowed and an uncaught error ends the thread.
if (workerData?.run === 'crashInJob') {
  const post = parentPort!.postMessage.bind(parentPort!);
  parentPort!.postMessage = (m: unknown) => {
    if (typeof m === 'object' && m !== null && 'id' in m) {
      setTimeout(() => {
        throw new Error('worker crashed');
      }, 0);
      return;
    }
    post(m);
  };
}

/** Ends the worker thread without an error (as terminate() or process.exit in a job would). */
export function exitInJob(): never {
  process.exit(0);
}

/** Its answer is never sent (see above). */
export function crashInJob(): null {
  return null;
}

/** Blocks the worker for a long time without answering (a job still running when the pool is closed). */
export function hangInJob(): null {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  return null;
}
