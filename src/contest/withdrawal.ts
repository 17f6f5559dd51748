/**
 * A candidate's signed withdrawal (docs/contest.md §2 item 8, ADR 0606).
 *
 * A withdrawal can decide a round: between a tied count and its rerun, one of two candidates tied for the last place
 * withdrawing puts the other out on the tied count, with no rerun. So "dee withdraws" must be dee's act, not the
 * chair's: the withdrawal carries dee's Schnorr signature (src/crypto/signature.ts) with dee's member key — the
 * ristretto255 key MPs already generate on their own device and register for sealed counts (src/domain/seal/member-key.ts,
 * `/api/member-key`) — over the contest, the candidate and the stage of the contest it was made at. The stage binds
 * the signature to one moment (nominations, after round N, before the rerun of a named tied ballot), so a signature
 * given once cannot be replayed by the chair at a moment where it would decide something else.
 *
 * Who checks what: the engine checks the signature against the key the event names (pure); the server checks that key
 * is the candidate's registered member key; the contest verifier (C6) checks both (the key against the roster's
 * member-key registry when the summary carries it) and lists every withdrawal with its signer or as the chair's
 * unsigned record. A withdrawal before a rerun must be signed; elsewhere the chair may record a paper letter, which
 * is kept and shown as the chair's act.
 */
import { Point, bytesToHex, hexToBytes, mulBase, sign, signatureFromBytes, signatureToBytes, systemRng, verify, type Rng } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { AppError } from '../domain/errors';

export const WITHDRAWAL_DOMAIN = 'confidence/contest-withdrawal/v1';

/** The candidate's signature on a withdrawal: their member public key and a 64-byte Schnorr signature (hex). */
export interface WithdrawalSignature {
  publicKey: string;
  signature: string;
}

/** The bytes a candidate signs: the contest, who withdraws, and the stage of the contest (./engine withdrawalStage). */
export function withdrawalMessage(contestId: string, candidate: string, stage: string): string {
  return canonicalJson({ domain: WITHDRAWAL_DOMAIN, contestId, candidate, stage });
}

export function signWithdrawal(secretKey: bigint, contestId: string, candidate: string, stage: string, rng: Rng = systemRng): WithdrawalSignature {
  const publicKey = mulBase(secretKey);
  const sig = sign(secretKey, withdrawalMessage(contestId, candidate, stage), rng, publicKey);
  return { publicKey: publicKey.toHex(), signature: bytesToHex(signatureToBytes(sig)) };
}

/** Throws WITHDRAWAL_SIGNATURE_INVALID unless `s` is a well-formed signature by `s.publicKey` on this withdrawal. */
export function checkWithdrawalSignature(s: unknown, contestId: string, candidate: string, stage: string): WithdrawalSignature {
  const bad = (why: string) => new AppError('WITHDRAWAL_SIGNATURE_INVALID', `the withdrawal of ${candidate} (${stage}) ${why}`);
  if (typeof s !== 'object' || s === null) throw bad('has no signature object');
  const { publicKey, signature } = s as Record<string, unknown>;
  if (typeof publicKey !== 'string' || !/^[0-9a-f]{64}$/.test(publicKey)) throw bad('names no public key (64 lowercase hex digits)');
  if (typeof signature !== 'string' || !/^[0-9a-f]{128}$/.test(signature)) throw bad('has no signature (128 lowercase hex digits)');
  let ok = false;
  try {
    ok = verify(Point.fromHex(publicKey, { field: 'publicKey' }), withdrawalMessage(contestId, candidate, stage), signatureFromBytes(hexToBytes(signature)));
  } catch {
    ok = false;
  }
  if (!ok) throw bad(`is not signed by the key ${publicKey.slice(0, 16)}… for this contest, candidate and stage`);
  return { publicKey, signature };
}

/** A roster's member-key registration as the server publishes it (`GET /api/rosters/{id}/member-keys`). */
export interface RegisteredMemberKey {
  seq: number;
  memberId: string;
  publicKey: string;
  registeredAt: string;
}

/**
 * The member's key in force at `at`: their last registration (by registry order) made at or before `at`. A member who
 * registers a new key later does not unsign what the old one signed; a key registered after the withdrawal cannot
 * have signed it as the member's.
 */
export function memberKeyAt(registry: readonly RegisteredMemberKey[], memberId: string, at: string): string | null {
  const t = Date.parse(at);
  const mine = registry.filter((r) => r.memberId === memberId && Date.parse(r.registeredAt) <= t).sort((a, b) => a.seq - b.seq);
  return mine.at(-1)?.publicKey ?? null;
}
