// The one worker-thread entry for CPU-bound jobs (ballot and contest verification, shuffle proofs and checks). Plain
// ESM so it starts under any parent loader: it registers tsx itself, then loads the TypeScript module named in
// workerData (`module`: its file URL; `run`: the exported job function; the module also exports `ready`, a promise).
// Protocol: {ready: true} once loaded; then each {id, job} is answered {id, result} or {id, error}.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const mod = await import(workerData.module);
const run = mod[workerData.run];
if (typeof run !== 'function') throw new Error(`${workerData.module} exports no function ${workerData.run}`);
await mod.ready;
parentPort.on('message', (msg) => {
  try {
    parentPort.postMessage({ id: msg.id, result: run(msg.job) });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort.postMessage({ ready: true });
