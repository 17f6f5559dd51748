/**
 * The per-ballot cryptographic checks of the verifier (checks B9–B11 of docs/ballot-spec.md), on a chunk of
 * ballots: strict decoding, credential signatures (crypto spec V4), 0/1 proofs by batch verification (V12,
 * which names each bad proof by bisection), and the homomorphic sum of the counted ones (for B13).
 *
 * Pure and self-contained so the same code runs in the main thread (browser, small boards) and in
 * node:worker_threads workers (./verify-parallel.ts), each on its own share of the board.
 */
import { Point, addCiphertexts, batchVerifyZeroOne, ciphertextToJSON, IDENTITY, type Ciphertext, type CiphertextJSON, type ZeroOneItem } from '../crypto';
import { ballotContext, checkBallotSignature, decodeBallot, type DecodedBallot } from './booth';
import type { BallotBody } from './records';

export interface BallotJob {
  electionHash: string;
  /** Joint election key (hex). */
  publicKey: string;
  ballots: { seq: number; body: BallotBody; counted: boolean }[];
}

export interface BallotFailure {
  check: 'B9' | 'B10' | 'B11';
  seq: number;
  message: string;
}

export interface BallotJobResult {
  failures: BallotFailure[];
  /** Σ of the counted ballots' ciphertexts in this chunk. */
  sum: CiphertextJSON;
  checked: number;
}

export function checkBallotChunk(job: BallotJob): BallotJobResult {
  const Y = Point.fromHex(job.publicKey, { field: 'publicKey' });
  const failures: BallotFailure[] = [];
  const decoded: { seq: number; d: DecodedBallot; counted: boolean }[] = [];
  for (const b of job.ballots) {
    try {
      decoded.push({ seq: b.seq, d: decodeBallot(b.body), counted: b.counted });
    } catch (e) {
      failures.push({ check: 'B9', seq: b.seq, message: `ballot does not decode: ${(e as Error).message}` });
      continue;
    }
    if (!checkBallotSignature(job.electionHash, b.body, decoded.at(-1)!.d)) {
      failures.push({ check: 'B10', seq: b.seq, message: `the credential's signature on the ballot is invalid (crypto spec V4)` });
    }
  }
  const items: ZeroOneItem[] = decoded.map(({ d }) => ({ publicKey: Y, ciphertext: d.ciphertext, proof: d.proof, context: ballotContext(job.electionHash, d.credential) }));
  const batch = batchVerifyZeroOne(items);
  for (const i of batch.invalid) failures.push({ check: 'B11', seq: decoded[i]!.seq, message: 'the 0/1 proof of the ballot is invalid (crypto spec V3, batch V12)' });
  let sum: Ciphertext = { alpha: IDENTITY, beta: IDENTITY };
  for (const x of decoded) if (x.counted) sum = addCiphertexts(sum, x.d.ciphertext);
  return { failures, sum: ciphertextToJSON(sum), checked: job.ballots.length };
}
