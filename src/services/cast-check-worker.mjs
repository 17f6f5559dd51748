// Worker-thread entry for ./cast-check-pool.ts. Plain ESM so it starts under any parent loader: it registers tsx
// itself, then loads the same TypeScript check the server's thread runs. Each message is one batch of casts; the
// casts of the messages that arrive in one turn are checked together (./cast-check.ts batches per turn).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { initCrypto } = await import('../crypto/index.ts');
const { checkCastJob } = await import('./cast-check.ts');
await initCrypto();
parentPort.on('message', (msg) => {
  Promise.all(msg.jobs.map((job) => checkCastJob(job))).then(
    (outcomes) => parentPort.postMessage({ id: msg.id, outcomes }),
    (e) => parentPort.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
