/** Body of a verification worker: loads the fast back end once, then checks chunks of ballot lines. */
import { initCrypto } from '../crypto';
import { checkBallotChunk, type BallotJobResult } from './ballot-check';

export const ready = initCrypto();

/**
 * A chunk of ballot records as the verifier sends it: their lines joined by '\n' into one string (a board's lines
 * hold no '\n'), with their seqs and counted flags in typed arrays. One string and two arrays are cheap to copy
 * between threads and land outside the worker's young generation, where a thousand small objects and strings per
 * chunk would be copied and collected again.
 */
export interface WorkerJob {
  electionHash: string;
  publicKey: string;
  text: string;
  seqs: Int32Array;
  counted: Uint8Array;
}

export function runWorkerJob(job: WorkerJob): BallotJobResult {
  const lines = job.text.split('\n');
  if (lines.length !== job.seqs.length || lines.length !== job.counted.length) throw new Error('verification worker: a chunk whose lines, seqs and flags differ in number');
  return checkBallotChunk({ electionHash: job.electionHash, publicKey: job.publicKey, ballots: lines.map((line, i) => ({ seq: job.seqs[i]!, counted: job.counted[i] === 1, line })) });
}
