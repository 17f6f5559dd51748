/**
 * What a verifier worker thread runs: one shuffle's checks M1–M8 on its JSON records (./verify-parallel.ts).
 */
import { initCrypto } from '../crypto/sodium';
import { Point } from '../crypto/group';
import { isCryptoError } from '../crypto/errors';
import { proofFromJSON, rowsFromJSON, type RowJSON } from './contest';
import { RISTRETTO } from './group-ristretto';
import { checkShuffleProof, type ShuffleVerdict } from './shuffle';
import { checkPackedJob, type PackedShuffleJob } from './shuffle-packed';

export const ready = initCrypto();

export interface ShuffleJob {
  electionHash: string;
  mixer: number;
  publicKey: string;
  input: RowJSON[];
  output: RowJSON[];
  proof: Record<string, unknown>;
}

export function runShuffleJob(job: ShuffleJob): ShuffleVerdict & { malformed?: boolean } {
  let statement, proof;
  try {
    statement = {
      electionHash: job.electionHash,
      mixer: job.mixer,
      publicKey: Point.fromHex(job.publicKey, { field: 'manifest.publicKey' }),
      input: rowsFromJSON(job.input, `mix-${job.mixer}.input`),
      output: rowsFromJSON(job.output, `mix-${job.mixer}.output`),
    };
    proof = proofFromJSON(job.proof, `mix-${job.mixer}.proof`);
  } catch (e) {
    if (isCryptoError(e) || e instanceof TypeError) return { ok: false, check: 'M2', message: e.message, malformed: true };
    throw e;
  }
  try {
    return checkShuffleProof(RISTRETTO, statement, proof);
  } catch (e) {
    if (isCryptoError(e) || e instanceof TypeError) return { ok: false, check: 'M2', message: e.message };
    throw e;
  }
}

/** One shuffle's check on packed rows and proof (the streaming verifier's jobs: ./board-verify.ts). */
export function runPackedShuffleJob(job: PackedShuffleJob): ShuffleVerdict {
  return checkPackedJob(job);
}
