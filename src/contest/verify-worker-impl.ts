/** Body of a contest verification worker: loads the fast back end once, then checks chunks of ballot lines. */
import { initCrypto } from '../crypto';
import { checkContestChunk, type ContestChunkJob, type ContestChunkResult } from './ballot-check';

export const ready = initCrypto();

export function runWorkerJob(job: ContestChunkJob): ContestChunkResult {
  return checkContestChunk(job);
}
