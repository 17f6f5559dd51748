/** Body of a verification worker: loads the fast back end once, then checks chunks of ballot lines. */
import { initCrypto } from '../crypto';
import { checkBallotChunk, type BallotJobResult } from './ballot-check';

export const ready = initCrypto();

export interface WorkerJob {
  electionHash: string;
  publicKey: string;
  ballots: { seq: number; line: string; counted: boolean }[];
}

export function runWorkerJob(job: WorkerJob): BallotJobResult {
  return checkBallotChunk(job);
}
