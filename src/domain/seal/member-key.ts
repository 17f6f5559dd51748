import { ristretto255_hasher } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import {
  Point,
  mulBase,
  proveKnowledge,
  randomScalar,
  scalarFromHex,
  scalarToHex,
  sigmaProofFromJSON,
  sigmaProofToJSON,
  systemRng,
  verifyKnowledge,
  type Rng,
  type SigmaProofJSON,
} from '../../crypto';
import { sodium } from '../../crypto/sodium';
import { AppError } from '../errors';

/**
 * A member's own key for the sealed count (docs/sealed-count.md, ADR 0500).
 *
 * Each member of the electorate may hold a ristretto255 key pair (sk, PK = sk·G) generated on their own
 * device (the browser or the CLI); the secret key never reaches the server. They register PK with a Schnorr
 * proof of possession bound to their roster and member id, so nobody can register a key they do not hold
 * (or copy another member's key) and the proof cannot be replayed for another member.
 *
 * What the key is for: in every seal the member finds their own slot by computing sk·S (S is the seal's
 * public tag key) and checks a designated-verifier proof that convinces them alone (./member-check).
 *
 * Members without a key are bound through a "keyless base" Kₘ = hash-to-group(roster, member): a public
 * point nobody knows the discrete log of. Their slot is bound to them just as firmly, but their check is the
 * fallback (an opening, which is a receipt).
 *
 * Threat model: the server may try to register a key for a member (it cannot prove possession of a key the
 * member will recognise as theirs: the member checks their own PK is the one in the seal, check M1), or
 * register one member's key for another (rejected: the proof of possession names the member, and a public key
 * may belong to one member only).
 */
export const MEMBER_KEY_FORMAT = 'confidence-member-key/v1';
const POP_DOMAIN = 'confidence/member-key/v1';

export interface MemberKeyPair {
  secretKey: bigint;
  publicKey: Point;
}

/** The exported key file a member keeps (it holds their secret: never upload it). */
export interface MemberKeyFile {
  format: typeof MEMBER_KEY_FORMAT;
  rosterId: string;
  memberId: string;
  publicKey: string;
  secretKey: string;
}

/** What the member sends to register: their public key and the proof that they hold its secret. */
export interface MemberKeyRegistration {
  publicKey: string;
  proof: SigmaProofJSON;
}

export function generateMemberKey(rng: Rng = systemRng): MemberKeyPair {
  const secretKey = randomScalar(rng);
  return { secretKey, publicKey: mulBase(secretKey) };
}

function popContext(rosterId: string, memberId: string) {
  return [POP_DOMAIN, 'possession', rosterId, memberId];
}

export function proveMemberKey(key: MemberKeyPair, rosterId: string, memberId: string, rng: Rng = systemRng): MemberKeyRegistration {
  return { publicKey: key.publicKey.toHex(), proof: sigmaProofToJSON(proveKnowledge(key.secretKey, key.publicKey, popContext(rosterId, memberId), rng)) };
}

/** Checks a registration; throws VALIDATION_FAILED naming what is wrong. Returns the decoded key. */
export function verifyMemberKeyRegistration(reg: MemberKeyRegistration, rosterId: string, memberId: string): Point {
  let pk: Point;
  try {
    pk = Point.fromHex(reg.publicKey, { field: 'publicKey' });
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', `publicKey: ${(e as Error).message}`);
  }
  let ok = false;
  try {
    ok = verifyKnowledge(pk, sigmaProofFromJSON(reg.proof, 'proof', [1]), popContext(rosterId, memberId));
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError('MEMBER_KEY_PROOF_INVALID', `the proof of possession does not verify for member ${memberId} of roster ${rosterId}`);
  return pk;
}

export function memberKeyFile(key: MemberKeyPair, rosterId: string, memberId: string): MemberKeyFile {
  return { format: MEMBER_KEY_FORMAT, rosterId, memberId, publicKey: key.publicKey.toHex(), secretKey: scalarToHex(key.secretKey) };
}

const keyFileSchema = z.object({
  format: z.literal(MEMBER_KEY_FORMAT),
  rosterId: z.string().min(1),
  memberId: z.string().min(1),
  publicKey: z.string(),
  secretKey: z.string(),
});

/** Reads an exported key file; checks the secret matches the public key. */
export function parseMemberKeyFile(input: unknown): MemberKeyFile & { key: MemberKeyPair } {
  const parsed = keyFileSchema.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', `not a member key file: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  let key: MemberKeyPair;
  try {
    const secretKey = scalarFromHex(parsed.data.secretKey, { allowZero: false, field: 'secretKey' });
    key = { secretKey, publicKey: mulBase(secretKey) };
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', `member key file: ${(e as Error).message}`);
  }
  if (key.publicKey.toHex() !== parsed.data.publicKey) throw new AppError('VALIDATION_FAILED', 'member key file: the secret key does not match the public key');
  return { ...parsed.data, key };
}

/**
 * The keyless base of a member without a registered key: RFC 9496 element derivation of
 * SHA-512("confidence/sealed-count/keyless-base/v1" ‖ lp(rosterId) ‖ lp(memberId)). Nobody knows its discrete
 * log, so nobody can recognise or forge a tag on it except the chair through the seal's tag secret.
 */
export function keylessBase(rosterId: string, memberId: string): Point {
  const enc = new TextEncoder();
  const parts = [enc.encode('confidence/sealed-count/keyless-base/v1'), enc.encode(rosterId), enc.encode(memberId)];
  const len = parts.reduce((a, p) => a + 4 + p.length, 0);
  const buf = new Uint8Array(len);
  const view = new DataView(buf.buffer);
  let o = 0;
  for (const p of parts) {
    view.setUint32(o, p.length);
    buf.set(p, o + 4);
    o += 4 + p.length;
  }
  const digest = sha512(buf);
  // Same map either way (RFC 9496 §4.3.4); libsodium's is ~30× faster than noble's when loaded.
  const s = sodium();
  return s ? Point.fromTrustedBytes(s.crypto_core_ristretto255_from_hash(digest)) : Point.fromNoble(ristretto255_hasher.deriveToCurve!(digest));
}

/** One entry of a roster's public member-key registry, as the server publishes it (`GET /api/rosters/{id}/member-keys`). */
export interface MemberKeyRegistryEntry {
  seq: number;
  memberId: string;
  publicKey: string;
  proof: SigmaProofJSON;
  registeredAt: string;
}

/**
 * Why a published member-key registry is not one the registration service could have written, or null if it could.
 *
 * A proof of possession names the roster and the member but no position in the registry, so it stays valid forever:
 * whoever writes the registry can replay a member's old registration after a newer one (rolling back a key rotation
 * without lowering the registry's length, which seals check), or slip a key of its own in for a member just before an
 * act it signs in their name and then put the member's own key back, so that the member's devices see their key as
 * current again. The service never does either: it numbers registrations 1, 2, … in the order it makes them, stamps
 * them in that order, refuses a key another member holds and refuses to go back to a member's replaced key. So a
 * verifier holds the registry to exactly that: entries numbered 1..n in order, times not going backwards, every public
 * key at most once, every proof of possession valid for its member.
 */
export function keyRegistryProblem(rosterId: string, registrations: readonly MemberKeyRegistryEntry[]): string | null {
  const seen = new Map<string, MemberKeyRegistryEntry>();
  let lastTime = Number.NEGATIVE_INFINITY;
  for (const [i, r] of registrations.entries()) {
    if (r.seq !== i + 1) return `entry ${i + 1} is numbered ${String(r.seq)} (a registry is numbered 1, 2, … with no gap: one was removed, moved or inserted)`;
    const t = Date.parse(r.registeredAt);
    if (Number.isNaN(t)) return `entry ${r.seq} has no registration time`;
    if (t < lastTime) return `entry ${r.seq} (${r.memberId}) is dated ${r.registeredAt}, before the entry it follows: registrations are stamped in order`;
    lastTime = t;
    const earlier = seen.get(r.publicKey);
    if (earlier) {
      return earlier.memberId === r.memberId
        ? `${r.memberId}'s key ${r.publicKey.slice(0, 16)}… is registered twice (entries ${earlier.seq} and ${r.seq}): the service never goes back to a replaced key, so an old registration was replayed`
        : `the key ${r.publicKey.slice(0, 16)}… is registered to ${earlier.memberId} (entry ${earlier.seq}) and to ${r.memberId} (entry ${r.seq})`;
    }
    seen.set(r.publicKey, r);
    try {
      verifyMemberKeyRegistration({ publicKey: r.publicKey, proof: r.proof }, rosterId, r.memberId);
    } catch {
      return `entry ${r.seq}: ${r.memberId}'s key ${String(r.publicKey).slice(0, 16)}… has no valid proof of possession for roster ${rosterId}`;
    }
  }
  return null;
}

/**
 * A member's own audit of the public registry: every registration in their name, each marked as theirs (its key is
 * one of `ownKeys`, the public keys of the key files they hold, current or replaced) or not. A registration in their
 * name that is not theirs is a key somebody else registered as them (the server can: the proof of possession shows
 * the registrant holds the key, not who they are); it can sign their withdrawal and sit in their seal slot.
 */
export function myRegistrations(registrations: readonly MemberKeyRegistryEntry[], memberId: string, ownKeys: readonly string[]): { entry: MemberKeyRegistryEntry; mine: boolean }[] {
  const own = new Set(ownKeys);
  return registrations.filter((r) => r.memberId === memberId).map((entry) => ({ entry, mine: own.has(entry.publicKey) }));
}
