/**
 * The cast-time check of a ballot's proofs and credential signature (ballot-spec B10–B11, contest R10–R11), batched:
 * the casts that arrive in one turn of the event loop are checked together with one combined equation (crypto spec
 * V12: every equation with its own 128-bit weight from the server's CSPRNG, one multi-scalar multiplication). Each
 * caller still gets its own verdict. If a batch fails, each of its ballots is checked on its own, so a flood of
 * forged ballots costs the server at most about twice the one-by-one price (never a bisection per forgery), and an
 * honest ballot in the same batch is accepted.
 *
 * Only the check is batched: decoding (malformed ballots) is done by the caller before, and the group-committed
 * append (credential active, ciphertext new, the hash chain) after, as before.
 */
import { BatchVerifier, Point } from '../crypto';
import { createHash } from 'node:crypto';
import { ballotContext, ballotSigningMessage, checkBallotSignature, decodeBallot, type BallotBody, type DecodedBallot } from '../ballot';
import { addContestBallotToBatch, contestSigningMessage, decodeContestBallot, type ContestBallotBody, type DecodedContestBallot } from '../contest/board';
import { canonicalJson } from '../domain/audit/canonical-json';

export type CastVerdict = 'ok' | 'signature' | 'proof';

interface Check {
  /** Adds the ballot's signature and proofs to a batch, as group `id`. */
  add(bv: BatchVerifier<number>, id: number): void;
  /** The ballot alone: which part fails (only called when a batch failed). */
  single(): CastVerdict;
}

/** Largest batch: bounds the work a failing batch wastes before its ballots are checked one by one. */
const MAX_BATCH = 64;
const pending: { check: Check; resolve: (v: CastVerdict) => void }[] = [];
let scheduled = false;

function enqueue(check: Check): Promise<CastVerdict> {
  return new Promise((resolve) => {
    pending.push({ check, resolve });
    if (!scheduled) {
      scheduled = true;
      setImmediate(runChecks);
    }
  });
}

function runChecks(): void {
  scheduled = false;
  while (pending.length > 0) {
    const batch = pending.splice(0, MAX_BATCH);
    let valid = false;
    try {
      const bv = new BatchVerifier<number>();
      batch.forEach((p, i) => p.check.add(bv, i));
      valid = bv.verify().valid;
    } catch {
      valid = false;
    }
    for (const p of batch) {
      let v: CastVerdict = 'ok';
      if (!valid) {
        try {
          v = p.check.single();
        } catch {
          v = 'proof';
        }
      }
      p.resolve(v);
    }
  }
}

/** A confidence ballot (decoded by decodeBallot). */
export function checkBallotCast(params: { electionHash: string; publicKey: Point }, body: BallotBody, decoded: DecodedBallot): Promise<CastVerdict> {
  return enqueue({
    add(bv, id) {
      bv.addSignature(decoded.credential, ballotSigningMessage(params.electionHash, body.credential, body.ciphertext, body.proof, decoded.revision), decoded.signature, id);
      bv.addZeroOne({ publicKey: params.publicKey, ciphertext: decoded.ciphertext, proof: decoded.proof, context: ballotContext(params.electionHash, decoded.credential) }, id);
    },
    single() {
      const bv = new BatchVerifier<number>();
      this.add(bv, 0);
      if (bv.verify().valid) return 'ok';
      return checkBallotSignature(params.electionHash, body, decoded) ? 'proof' : 'signature';
    },
  });
}

/** A 1-of-k contest ballot (decoded by decodeContestBallot). */
export function checkContestCast(electionHash: string, publicKey: Point, blankAllowed: boolean, body: ContestBallotBody, decoded: DecodedContestBallot): Promise<CastVerdict> {
  return enqueue({
    add(bv, id) {
      addContestBallotToBatch(bv, electionHash, publicKey, blankAllowed, body, decoded, id);
    },
    single() {
      const bv = new BatchVerifier<number>();
      this.add(bv, 0);
      if (bv.verify().valid) return 'ok';
      const sv = new BatchVerifier<number>();
      sv.addSignature(decoded.credential, contestSigningMessage(electionHash, body), decoded.signature, 0);
      return sv.verify().valid ? 'proof' : 'signature';
    },
  });
}

/**
 * One cast's whole check from its raw JSON body, as the HTTP handler received it: strict decoding (malformed
 * ballots), the batched proof and signature check above, and the tracker. Plain data in and out, so it runs the same
 * in the server's thread or in a worker thread (./cast-check-pool.ts). The public key travels as hex and is decoded
 * once per thread.
 */
export type CastJob =
  | { kind: 'ballot'; electionHash: string; publicKey: string; body: unknown }
  | { kind: 'contest'; electionHash: string; publicKey: string; candidates: number; blankAllowed: boolean; body: unknown };
/** `canonical`: the canonical JSON of the body as stored (the tracker is its SHA-256; the board record embeds it). */
export type CastOutcome = { verdict: 'ok'; tracker: string; canonical: string; revision: number | null } | { verdict: 'malformed'; message: string } | { verdict: 'signature' } | { verdict: 'proof' };

/** SHA-256 of a string's UTF-8 bytes, as hex: what `sha256Hex` of src/ballot computes, with Node's native hash. */
export function sha256HexNative(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

const keys = new Map<string, Point>();
function publicKeyOf(hex: string): Point {
  let p = keys.get(hex);
  if (!p) {
    if (keys.size >= 64) keys.clear();
    keys.set(hex, (p = Point.fromHex(hex, { field: 'election key' })));
  }
  return p;
}

export async function checkCastJob(job: CastJob): Promise<CastOutcome> {
  const publicKey = publicKeyOf(job.publicKey);
  if (job.kind === 'ballot') {
    let decoded: DecodedBallot;
    try {
      decoded = decodeBallot(job.body);
    } catch (e) {
      return { verdict: 'malformed', message: `the ballot is not well formed: ${(e as Error).message}` };
    }
    // The decoders accept only canonical lowercase hex, so the body is already the one form of this ballot.
    const body = job.body as BallotBody;
    const verdict = await checkBallotCast({ electionHash: job.electionHash, publicKey }, body, decoded);
    if (verdict !== 'ok') return { verdict } as CastOutcome;
    // ballotTracker(body), with the canonical JSON kept for the record and a native SHA-256.
    const canonical = canonicalJson(body);
    return { verdict, tracker: sha256HexNative(canonical), canonical, revision: decoded.revision };
  }
  let decoded: DecodedContestBallot;
  try {
    decoded = decodeContestBallot(job.body, job.candidates, job.blankAllowed);
  } catch {
    return { verdict: 'malformed', message: `the ballot is not a well-formed ${job.candidates}-candidate contest ballot {credential, choices, proofs, sumProof, signature}` };
  }
  const body = contestBodyOf(job.body as ContestBallotBody);
  const verdict = await checkContestCast(job.electionHash, publicKey, job.blankAllowed, job.body as ContestBallotBody, decoded);
  if (verdict !== 'ok') return { verdict } as CastOutcome;
  const canonical = canonicalJson(body);
  return { verdict, tracker: sha256HexNative(canonical), canonical, revision: null };
}

/** A well-formed contest ballot as stored: the strict decoders accept one form only, so this drops nothing but key order. */
export function contestBodyOf(b: ContestBallotBody): ContestBallotBody {
  return { credential: b.credential, choices: b.choices.map((c) => ({ alpha: c.alpha, beta: c.beta })), proofs: b.proofs, sumProof: b.sumProof, signature: b.signature };
}
