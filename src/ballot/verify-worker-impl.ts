/** Body of a verification worker: loads the fast back end once, then checks chunks of ballot lines. */
import { initCrypto } from '../crypto';
import { checkBallotChunk, type BallotJobResult } from './ballot-check';
import type { BallotBody } from './records';

export const ready = initCrypto();

export interface WorkerJob {
  electionHash: string;
  publicKey: string;
  ballots: { seq: number; line: string; counted: boolean }[];
}

export function runWorkerJob(job: WorkerJob): BallotJobResult {
  return checkBallotChunk({
    electionHash: job.electionHash,
    publicKey: job.publicKey,
    ballots: job.ballots.map((b) => ({ seq: b.seq, counted: b.counted, body: (JSON.parse(b.line) as { body: BallotBody }).body })),
  });
}
