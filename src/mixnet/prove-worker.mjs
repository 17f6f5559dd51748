// Worker-thread entry for ./prove-parallel.ts. Plain ESM so it starts under any parent loader: it registers tsx
// itself, then loads the TypeScript job runner.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runProveJob, ready } = await import('./prove-worker-impl.ts');
await ready;
parentPort.on('message', (msg) => {
  try {
    parentPort.postMessage({ id: msg.id, result: runProveJob(msg.job) });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort.postMessage({ ready: true });
