/**
 * The per-ballot cryptographic checks of the verifier (checks B9–B11 of docs/ballot-spec.md), on a chunk of
 * ballots: strict decoding, credential signatures (crypto spec V4), 0/1 proofs by batch verification (V12,
 * which names each bad proof by bisection), and the homomorphic sum of the counted ones (for B13).
 *
 * Pure and self-contained so the same code runs in the main thread (browser, small boards) and in
 * node:worker_threads workers (./verify-parallel.ts), each on its own share of the board.
 */
import { BatchVerifier, systemRng, type Rng, Point, sumCiphertexts, ciphertextToJSON, activeBackend, type CiphertextJSON } from '../crypto';
import { checkBallotLinesFast } from './ballot-fast';
import { ballotContext, ballotSigningMessage, checkBallotSignature, decodeBallot, type DecodedBallot } from './booth';
import type { BallotBody } from './records';

export interface BallotJob {
  electionHash: string;
  /** Joint election key (hex). */
  publicKey: string;
  /**
   * Each ballot as its parsed body or as its whole record line (canonical, as on the board): chunks given as lines
   * are first tried on the fast path (./ballot-fast.ts), and parsed only if that cannot vouch for all of them.
   */
  ballots: ({ seq: number; counted: boolean } & ({ body: BallotBody; line?: undefined } | { line: string; body?: undefined }))[];
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

/**
 * The verifier's own coins for batch weights (16 bytes each, several per ballot), drawn from the system CSPRNG
 * 64 KiB at a time: one getRandomValues call instead of thousands. The weights stay secret from the prover
 * (they are chosen after every proof is fixed), which is all the batch test needs.
 */
export function bufferedRng(block = 65536): Rng {
  let buf: Uint8Array = new Uint8Array(0);
  let pos = 0;
  return (n) => {
    if (n > block) return systemRng(n);
    if (pos + n > buf.length) {
      buf = systemRng(block);
      pos = 0;
    }
    const out = buf.slice(pos, pos + n);
    pos += n;
    return out;
  };
}

/** Checks B9–B11 on a chunk: the fast path when it applies, else (or when it cannot vouch for every ballot) one by one. */
export function checkBallotChunk(job: BallotJob): BallotJobResult {
  const Y = Point.fromHex(job.publicKey, { field: 'publicKey' });
  if (activeBackend() === 'wasm' && job.ballots.length > 0 && job.ballots.every((b) => b.line !== undefined && b.counted)) {
    const sum = checkBallotLinesFast(job.electionHash, Y, job.ballots.map((b) => b.line!));
    if (sum) return { failures: [], sum, checked: job.ballots.length };
  }
  const failures: BallotFailure[] = [];
  const decoded: { seq: number; d: DecodedBallot; body: BallotBody; counted: boolean }[] = [];
  // One batch group per ballot (its 0/1 proof and its credential signature): one multi-scalar multiplication
  // checks the whole chunk; if it fails, bisection names the failing ballots (crypto spec V12).
  const bv = new BatchVerifier<number>({ rng: bufferedRng() });
  for (const b0 of job.ballots) {
    const b = { seq: b0.seq, counted: b0.counted, body: b0.body ?? (JSON.parse(b0.line!) as { body: BallotBody }).body };
    let d: DecodedBallot;
    try {
      d = decodeBallot(b.body);
    } catch (e) {
      failures.push({ check: 'B9', seq: b.seq, message: `ballot does not decode: ${(e as Error).message}` });
      continue;
    }
    const i = decoded.length;
    decoded.push({ seq: b.seq, d, body: b.body, counted: b.counted });
    bv.addSignature(d.credential, ballotSigningMessage(job.electionHash, b.body.credential, b.body.ciphertext, b.body.proof, d.revision), d.signature, i);
    bv.addZeroOne({ publicKey: Y, ciphertext: d.ciphertext, proof: d.proof, context: ballotContext(job.electionHash, d.credential) }, i);
  }
  for (const i of bv.verify().invalid) {
    // Rare path: say which of the two failed, one by one.
    const x = decoded[i]!;
    if (!checkBallotSignature(job.electionHash, x.body, x.d)) failures.push({ check: 'B10', seq: x.seq, message: `the credential's signature on the ballot is invalid (crypto spec V4)` });
    else failures.push({ check: 'B11', seq: x.seq, message: 'the 0/1 proof of the ballot is invalid (crypto spec V3, batch V12)' });
  }
  const sum = sumCiphertexts(decoded.filter((x) => x.counted).map((x) => x.d.ciphertext));
  return { failures, sum: ciphertextToJSON(sum), checked: job.ballots.length };
}
