// Worker-thread entry for ./verify-parallel.ts (contest ballots). Plain ESM so it starts under any parent loader: it registers
// tsx itself, then loads the TypeScript checker (the same code the single-threaded verifier runs).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runWorkerJob, ready } = await import('./verify-worker-impl.ts');
await ready;
parentPort.on('message', (msg) => {
  try {
    parentPort.postMessage({ id: msg.id, result: runWorkerJob(msg.job) });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort.postMessage({ ready: true });
