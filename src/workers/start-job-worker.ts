import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A worker thread running `run` (an exported job function) of the TypeScript module at `module`, through the shared
 * entry ./job-worker.mjs (tsx, then {ready}, then {id, job} → {id, result | error}).
 */
export function jobWorker(module: URL, run: string, resourceLimits?: ResourceLimits): Worker {
  return new Worker(new URL('./job-worker.mjs', import.meta.url), { workerData: { module: module.href, run }, ...(resourceLimits ? { resourceLimits } : {}) });
}
