/**
 * The per-ballot cryptographic checks of the contest verifier (R9's strict decoding, R10 signatures, R11 choice and
 * sum proofs) on a chunk of ballot lines, and the per-candidate sums of the chunk (for R13).
 *
 * Pure and self-contained, so the same code runs in the verifier's own thread (browser, tests, small boards) and in
 * node:worker_threads workers (./verify-parallel.ts). The verifier keeps the checks that need the whole board in
 * order (active credentials, replays, postal batches) and merges the chunks' outcomes: the first failing ballot in
 * board order is reported exactly as the one-thread verifier would report it.
 *
 * Threat model as for the verifier: every line is attacker-chosen. Batch weights come from this process's CSPRNG,
 * drawn after the chunk's proofs are fixed (crypto V12); a failing batch is bisected to name each failing ballot.
 */
import { BatchVerifier, Point, ciphertextToJSON, sumCiphertexts, type Ciphertext, type CiphertextJSON } from '../crypto';
import { bufferedRng } from '../ballot/ballot-check';
import { addContestBallotToBatch, contestSigningMessage, decodeContestBallot, type ContestBallotBody, type DecodedContestBallot } from './board';

export interface ContestChunkJob {
  electionHash: string;
  /** Joint election key (hex). */
  publicKey: string;
  /** Candidates on the ballot. */
  k: number;
  blankAllowed: boolean;
  /** Ballot records in board order: the line as read (re-parsed here) or, in the verifier's own thread, its parsed body. */
  ballots: { seq: number; line: string; body?: unknown }[];
}

export interface ContestChunkResult {
  /** Ballots that do not decode (R9), in board order, with the decoder's message. */
  decodeFailures: { seq: number; message: string }[];
  /** The first ballot (board order) whose group fails the batch: R10 if its signature is bad, else R11. */
  firstBad: { seq: number; check: 'R10' | 'R11' } | null;
  /** Per-candidate sums of the chunk's decoded ballots (identity where none). */
  sums: CiphertextJSON[];
  checked: number;
}

export function checkContestChunk(job: ContestChunkJob): ContestChunkResult {
  const Y = Point.fromHex(job.publicKey, { field: 'publicKey' });
  const decodeFailures: ContestChunkResult['decodeFailures'] = [];
  const decoded: { seq: number; body: ContestBallotBody; d: DecodedContestBallot }[] = [];
  for (const b of job.ballots) {
    const body = b.body ?? (JSON.parse(b.line) as { body: unknown }).body;
    try {
      decoded.push({ seq: b.seq, body: body as ContestBallotBody, d: decodeContestBallot(body, job.k, job.blankAllowed) });
    } catch (e) {
      decodeFailures.push({ seq: b.seq, message: (e as Error).message });
    }
  }
  let firstBad: ContestChunkResult['firstBad'] = null;
  if (decoded.length > 0) {
    const bv = new BatchVerifier<number>({ rng: bufferedRng() });
    decoded.forEach((b, j) => addContestBallotToBatch(bv, job.electionHash, Y, job.blankAllowed, b.body, b.d, j));
    const bad = bv.verify().invalid;
    if (bad.length > 0) {
      const b = decoded[Math.min(...bad)]!;
      const sv = new BatchVerifier<number>();
      sv.addSignature(b.d.credential, contestSigningMessage(job.electionHash, b.body), b.d.signature, 0);
      firstBad = { seq: b.seq, check: sv.verify().valid ? 'R11' : 'R10' };
    }
  }
  const sums: CiphertextJSON[] = [];
  for (let i = 0; i < job.k; i++) {
    const s: Ciphertext = sumCiphertexts(decoded.map((b) => b.d.choices[i]!));
    sums.push(ciphertextToJSON(s));
  }
  return { decodeFailures, firstBad, sums, checked: job.ballots.length };
}

/**
 * Runs chunk checks, possibly several at once (worker threads). `concurrency` is how many chunks it works on at a
 * time; the verifier keeps about twice that many in flight, so memory stays bounded.
 */
export interface ContestBallotChecker {
  concurrency: number;
  /** Ballots per chunk (default 256). */
  chunk?: number;
  check(job: ContestChunkJob): Promise<ContestChunkResult>;
}

/** The default: the verifier's own thread, yielding before each chunk so a browser page stays responsive. */
export const inThreadContestChecker: ContestBallotChecker = {
  concurrency: 1,
  async check(job) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    return checkContestChunk(job);
  },
};
