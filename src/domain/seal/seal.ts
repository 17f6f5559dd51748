import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  BatchVerifier,
  G,
  H,
  IDENTITY,
  Point,
  addCommitments,
  addOpenings,
  commit,
  hashToScalar,
  mulBase,
  proveCommitmentZeroOne,
  proveEqualLogs,
  proveThreshold,
  sigmaProofFromJSON,
  sigmaProofToJSON,
  systemRng,
  thresholdProofFromJSON,
  thresholdProofToJSON,
  verifyEqualLogs,
  verifyThreshold,
  type Branch,
  type Rng,
  type Scalar,
  type SigmaProofJSON,
  type ThresholdProofJSON,
} from '../../crypto';
import { z } from 'zod';
import { canonicalJson } from '../audit/canonical-json';
import { AppError } from '../errors';
import { keyRegistryProblem, keylessBase, type MemberKeyRegistryEntry } from './member-key';

/**
 * The sealed count: a public, verifiable announcement that the letters have (or have not) reached the
 * threshold, which reveals neither the count nor who wrote. Specification: docs/sealed-count.md; design
 * argued in docs/decisions/0500-sealed-count-binding-and-receipt-freeness.md.
 *
 * One slot per member of the electorate on the day. Member j has a tag base K_j: their registered public key,
 * or the public keyless base of ./member-key. For each seal the chair draws a secret s, publishes S = s·G and,
 * for member j, the tag T_j = s·K_j next to a Pedersen commitment C_j = m_j·G + r_j·H (m_j = 1 iff j's letter
 * is in force) with a 0/1 proof. Slots are listed in increasing order of their tag, which is pseudo-random.
 *
 *  - Binding. Distinct keys give distinct tags, and the public checks the tags are strictly increasing, so no
 *    two members can own one slot. A member with a key finds their slot themselves (sk·S); the server cannot
 *    point two members at one slot. A Chaum–Pedersen proof shows ΣT = s·ΣK (S9), so a tag that is nobody's
 *    must be paid for by breaking a second member's tag.
 *  - Unlinkability. Deciding whether T_i = s·K_j from S, K_j, T_i is DDH in ristretto255: the public cannot
 *    tell whose slot is whose (and C_i is perfectly hiding anyway).
 *  - Threshold. A bit-decomposition proof that ΣC_i commits to a value ≥ t or < t, with exactly
 *    sealBits(n, t) bits, so it leaks nothing beyond the outcome.
 *
 * Threat model. The public (and the leader) must learn only the outcome. The chair must not be able to
 * announce an outcome the letters do not support: a phantom or dropped letter, or a slot shared by two
 * members, is caught by a member's own check (./member-check) or the public checks S1–S9. The server stores
 * no opening: the per-seal secrets are derived on demand from an operator secret that is not in the database
 * (`deriveSealSecrets`). The system that holds the letters (the chair's) learns what the chair already knows.
 */
export const SEAL_VERSION = 2;
export const SEAL_DOMAIN = 'confidence/sealed-count/v2';

export interface SealSlot {
  /** T = s·K for the slot's member: recognisable by that member only. */
  tag: string;
  commitment: string;
  proof: SigmaProofJSON;
}

export interface PublicSeal {
  version: number;
  procedureId: string;
  rosterId: string;
  seq: number;
  on: string;
  denominator: number;
  threshold: number;
  outcome: 'reached' | 'not-reached';
  /** The member-key registry entries 1..keyRegistrySeq of the roster were used (latest key per member). */
  keyRegistrySeq: number;
  /** S = s·G: the public half of this seal's tag secret. */
  tagKey: string;
  /** The tag bases of the electorate (registered keys, or keyless bases), sorted, one per member. */
  memberKeys: string[];
  /** Chaum–Pedersen proof that log_G S = log_{ΣK} ΣT. */
  bindingProof: SigmaProofJSON;
  /** Sorted by tag (strictly increasing). */
  slots: SealSlot[];
  thresholdProof: ThresholdProofJSON;
  /** Hash of the previous seal of this procedure ('' for the first): seals form a chain. */
  prevHash: string;
  /** SHA-256 over the canonical JSON of every field above. */
  hash: string;
}

const hex = z.string().regex(/^[0-9a-f]*$/, 'must be lowercase hex');
const publicSealSchema = z
  .object({
    version: z.number().int(),
    procedureId: z.string(),
    rosterId: z.string(),
    seq: z.number().int().positive(),
    on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    denominator: z.number().int().nonnegative(),
    threshold: z.number().int().nonnegative(),
    outcome: z.enum(['reached', 'not-reached']),
    keyRegistrySeq: z.number().int().nonnegative(),
    tagKey: hex,
    memberKeys: z.array(hex),
    bindingProof: z.unknown(),
    slots: z.array(z.object({ tag: hex, commitment: hex, proof: z.unknown() }).strict()),
    thresholdProof: z.unknown(),
    prevHash: hex,
    hash: hex,
  })
  .strict();

/**
 * Checks that a document from outside (a file, a download) has the shape of a seal before any
 * verification step runs; the cryptographic checks then parse every point and proof strictly.
 */
export function parsePublicSeal(input: unknown): PublicSeal {
  const parsed = publicSealSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    throw new AppError('VALIDATION_FAILED', `not a sealed count: ${issues.slice(0, 5).join('; ')}${more}`, { issues });
  }
  return parsed.data as PublicSeal;
}

/** Bits for the threshold proof's range: |count − t| < 2^bits for any count in 0..n. Verifiers require exactly this. */
export function sealBits(denominator: number, threshold: number): number {
  const bound = Math.max(denominator, threshold, 1);
  return Math.max(1, Math.ceil(Math.log2(bound + 1)));
}

type Header = Pick<PublicSeal, 'procedureId' | 'rosterId' | 'seq' | 'on' | 'denominator' | 'threshold' | 'keyRegistrySeq'>;

export function slotContext(s: Header & { tagKey: string }, index: number, tag: string) {
  return [SEAL_DOMAIN, 'slot', s.procedureId, s.rosterId, s.seq, s.on, s.denominator, s.threshold, s.tagKey, index, tag];
}
function bindingContext(s: Header, memberKeys: readonly string[], slots: readonly { tag: string }[]) {
  return [SEAL_DOMAIN, 'binding', s.procedureId, s.rosterId, s.seq, s.on, s.denominator, s.threshold, s.keyRegistrySeq, ...memberKeys, ...slots.map((x) => x.tag)];
}
function thresholdContext(s: Header & { prevHash: string; tagKey: string }, slots: readonly SealSlot[]) {
  return [SEAL_DOMAIN, 'threshold', s.procedureId, s.rosterId, s.seq, s.on, s.denominator, s.threshold, s.prevHash, s.tagKey, ...slots.flatMap((x) => [x.tag, x.commitment])];
}

export function sealHash(seal: Omit<PublicSeal, 'hash'>): string {
  return bytesToHex(sha256(utf8ToBytes(`${SEAL_DOMAIN}\n${canonicalJson(seal)}`)));
}

// ---- the chair's secrets, derived (never stored) -----------------------------------------------------------

export interface SealSecrets {
  /** s, the tag secret of this seal. */
  tagSecret: Scalar;
  /** r_j, the opening randomness of member j's commitment. */
  randomnessFor(memberId: string): Scalar;
}

/**
 * Derives a seal's secrets from the operator's seal secret (at least 32 bytes, kept outside the database):
 * seed = HMAC-SHA-512(secret, lp(procedureId) ‖ u32(seq)); s = H("…/tag-secret", seed);
 * r_j = H("…/opening", seed, memberId). So the server keeps no opening: it re-derives one when the member asks.
 */
export function deriveSealSecrets(secret: Uint8Array, procedureId: string, seq: number): SealSecrets {
  if (secret.length < 32) throw new AppError('SEAL_SECRET_MISSING', 'the seal secret must be at least 32 bytes');
  const p = utf8ToBytes(procedureId);
  const msg = new Uint8Array(4 + p.length + 4);
  const view = new DataView(msg.buffer);
  view.setUint32(0, p.length);
  msg.set(p, 4);
  view.setUint32(4 + p.length, seq);
  const seed = hmac(sha512, secret, msg);
  return {
    tagSecret: hashToScalar(`${SEAL_DOMAIN}/tag-secret`, seed),
    randomnessFor: (memberId) => hashToScalar(`${SEAL_DOMAIN}/opening`, seed, utf8ToBytes(memberId)),
  };
}

// ---- building ------------------------------------------------------------------------------------------

export interface ElectorateMember {
  memberId: string;
  /** The member's registered public key (hex), or null: the keyless base is used. */
  publicKey: string | null;
}

export interface BuildSealInput {
  procedureId: string;
  rosterId: string;
  seq: number;
  on: string;
  /** How many entries of the roster's key registry were read to fill in the electorate's keys. */
  keyRegistrySeq: number;
  /** Everyone in the electorate on `on` (the denominator's members), with their keys. */
  electorate: readonly ElectorateMember[];
  /** Members whose letter is in force on `on`; each must be in the electorate. */
  inForce: ReadonlySet<string>;
  threshold: number;
  prevHash: string;
  secrets: SealSecrets;
  rng?: Rng;
}

/** The tag base of a member: their registered key, else their keyless base. */
export function tagBase(rosterId: string, m: ElectorateMember): Point {
  return m.publicKey ? Point.fromHex(m.publicKey, { field: `publicKey of ${m.memberId}` }) : keylessBase(rosterId, m.memberId);
}

/** One planned slot, as the chair's system assembles it (attack tests build dishonest plans with this too). */
export interface SlotPlan {
  tag: Point;
  value: number;
  randomness: Scalar;
}

export interface AssembleInput {
  header: Header;
  tagSecret: Scalar;
  memberKeys: readonly Point[];
  slots: readonly SlotPlan[];
  prevHash: string;
  /** Defaults to sealBits(n, t); only attack tests pass anything else. */
  bits?: number;
  rng?: Rng;
}

/** Assembles and proves a seal from explicit slots (sorted here by tag). Honest callers use buildSeal. */
export function assembleSeal(input: AssembleInput): PublicSeal {
  const rng = input.rng ?? systemRng;
  const { header } = input;
  const tagKey = mulBase(input.tagSecret).toHex();
  const withTags = input.slots.map((s) => ({ ...s, tagHex: s.tag.toHex() })).sort((a, b) => (a.tagHex < b.tagHex ? -1 : a.tagHex > b.tagHex ? 1 : 0));
  const slots: SealSlot[] = withTags.map((s, i) => {
    const c = commit(s.value, s.randomness, rng);
    const proof = proveCommitmentZeroOne({ commitment: c.commitment, value: s.value, randomness: s.randomness, context: slotContext({ ...header, tagKey }, i, s.tagHex), rng });
    return { tag: s.tagHex, commitment: c.commitment.toHex(), proof: sigmaProofToJSON(proof) };
  });
  const memberKeys = input.memberKeys.map((k) => k.toHex()).sort();
  const keySum = addCommitments(...input.memberKeys);
  const tagSum = addCommitments(...input.slots.map((s) => s.tag));
  const bindingProof = sigmaProofToJSON(proveEqualLogs(input.tagSecret, mulBase(input.tagSecret), keySum, tagSum, bindingContext(header, memberKeys, slots), rng));
  const count = input.slots.reduce((a, s) => a + s.value, 0);
  const thresholdProof = proveThreshold({
    commitments: slots.map((s) => Point.fromHex(s.commitment)),
    count,
    randomness: addOpenings(...input.slots.map((s) => s.randomness)),
    threshold: header.threshold,
    bits: input.bits ?? sealBits(header.denominator, header.threshold),
    context: thresholdContext({ ...header, prevHash: input.prevHash, tagKey }, slots),
    rng,
  });
  const body = {
    version: SEAL_VERSION,
    ...header,
    outcome: thresholdProof.outcome,
    tagKey,
    memberKeys,
    bindingProof,
    slots,
    thresholdProof: thresholdProofToJSON(thresholdProof),
    prevHash: input.prevHash,
  };
  return { ...body, hash: sealHash(body) };
}

/** The honest chair: one slot per member of the electorate, 1 iff their letter is in force. */
export function buildSeal(input: BuildSealInput): PublicSeal {
  const ids = new Set(input.electorate.map((m) => m.memberId));
  if (ids.size !== input.electorate.length) throw new RangeError('a member appears twice in the electorate');
  for (const m of input.inForce) if (!ids.has(m)) throw new RangeError(`letter writer ${m} is not in the electorate`);
  const { tagSecret } = input.secrets;
  const memberKeys = input.electorate.map((m) => tagBase(input.rosterId, m));
  if (new Set(memberKeys.map((k) => k.toHex())).size !== memberKeys.length) throw new RangeError('two members of the electorate share a key');
  const slots = input.electorate.map((m, j) => ({
    tag: memberKeys[j]!.mulSecret(tagSecret),
    value: input.inForce.has(m.memberId) ? 1 : 0,
    randomness: input.secrets.randomnessFor(m.memberId),
  }));
  const header = { procedureId: input.procedureId, rosterId: input.rosterId, seq: input.seq, on: input.on, denominator: input.electorate.length, threshold: input.threshold, keyRegistrySeq: input.keyRegistrySeq };
  return assembleSeal({ header, tagSecret, memberKeys, slots, prevHash: input.prevHash, rng: input.rng });
}

/** The tag bases a verifier expects: from the public electorate of the day and the public key registry. */
export function expectedMemberKeys(rosterId: string, electorate: readonly ElectorateMember[]): string[] {
  return electorate.map((m) => tagBase(rosterId, m).toHex()).sort();
}

/** One public entry of a roster's member-key registry. */
export interface KeyRegistration {
  seq: number;
  memberId: string;
  publicKey: string;
}

/**
 * The electorate with each member's key as a seal must use it: the latest of their registrations numbered
 * 1..upTo (a seal names upTo as keyRegistrySeq), or none. Callers check each registration's proof of
 * possession first (the server's registry is not trusted for that).
 */
export function electorateWithKeys(electorate: readonly string[], registry: readonly KeyRegistration[], upTo: number): ElectorateMember[] {
  const latest = new Map<string, KeyRegistration>();
  for (const r of registry) {
    if (r.seq > upTo) continue;
    const cur = latest.get(r.memberId);
    if (!cur || r.seq > cur.seq) latest.set(r.memberId, r);
  }
  return electorate.map((memberId) => ({ memberId, publicKey: latest.get(memberId)?.publicKey ?? null }));
}

// ---- public verification --------------------------------------------------------------------------------

export interface SealCheck {
  step: string;
  ok: boolean;
  detail: string;
}

/**
 * What the verifier knows independently of the seal. Every field is required: a check whose input the
 * verifier does not have FAILS ("not checked") instead of passing silently.
 */
export interface SealExpectations {
  /** The public denominator on the seal's day, computed from the roster. */
  denominator: number | undefined;
  /** The rulebook's threshold for that denominator. */
  threshold: number | undefined;
  /** The procedure's previous seal; null when this must be the first; undefined when unknown. */
  previous: PublicSeal | null | undefined;
  /** The expected tag bases (expectedMemberKeys); undefined when unknown. */
  memberKeys: readonly string[] | undefined;
  /**
   * Why the key registry the bases came from is not one the registration service could have written
   * (keyRegistryProblem), which fails S8; null or absent when it was checked and is (expectedKeysFromRegistry).
   */
  registryProblem?: string | null;
}

/**
 * The S8 expectation from a published registry: the tag bases of the electorate's keys among entries 1..upTo, after
 * holding the whole registry to what the registration service writes (./member-key keyRegistryProblem: numbered in
 * order, each key once, each proof of possession valid). A rewritten registry gives no bases and its problem.
 */
export function expectedKeysFromRegistry(rosterId: string, electorate: readonly string[], registry: readonly MemberKeyRegistryEntry[], upTo: number): Pick<SealExpectations, 'memberKeys' | 'registryProblem'> {
  const problem = keyRegistryProblem(rosterId, registry);
  if (problem) return { memberKeys: undefined, registryProblem: problem };
  return { memberKeys: expectedMemberKeys(rosterId, electorateWithKeys(electorate, registry, upTo)), registryProblem: null };
}

function strictlyIncreasing(xs: readonly string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (!(xs[i - 1]! < xs[i]!)) return false;
  return true;
}

/**
 * The public verification (docs/sealed-count.md, checks S1–S9).
 */
export function verifySeal(seal: PublicSeal, expected: SealExpectations): { ok: boolean; checks: SealCheck[] } {
  const checks: SealCheck[] = [];
  const check = (step: string, ok: boolean, detail: string) => checks.push({ step, ok, detail });
  const { hash, ...body } = seal;
  check('S1', seal.version === SEAL_VERSION && sealHash(body) === hash, `the seal hash covers every field (version ${SEAL_VERSION})`);

  const n = seal.slots.length;
  check(
    'S2',
    n === seal.denominator && expected.denominator !== undefined && expected.denominator === seal.denominator,
    expected.denominator === undefined
      ? 'not checked: the public denominator of the day is unknown to this verifier'
      : `one slot per member of the electorate (${n} slots, denominator ${seal.denominator}, public denominator ${expected.denominator})`,
  );
  check(
    'S3',
    expected.threshold !== undefined && expected.threshold === seal.threshold,
    expected.threshold === undefined ? 'not checked: the rulebook threshold is unknown to this verifier' : `the threshold is the rulebook's (${seal.threshold}; expected ${expected.threshold})`,
  );
  const prev = expected.previous;
  if (prev === undefined) check('S4', false, 'not checked: the previous seal is unknown to this verifier');
  else if (prev === null) check('S4', seal.seq === 1 && seal.prevHash === '', 'the first seal of the procedure (seq 1, no previous hash)');
  else
    check(
      'S4',
      seal.prevHash === prev.hash && seal.seq === prev.seq + 1 && seal.procedureId === prev.procedureId && seal.rosterId === prev.rosterId && seal.on >= prev.on && seal.keyRegistrySeq >= prev.keyRegistrySeq,
      `the seal follows seal ${prev.seq} (${prev.hash.slice(0, 12)}…) of the same procedure, on a key registry no older than its (${prev.keyRegistrySeq})`,
    );

  // S7: tag key and tags.
  let S: Point | null = null;
  let tags: Point[] = [];
  let tagsOk = false;
  try {
    S = Point.fromHex(seal.tagKey, { field: 'tagKey' });
    tags = seal.slots.map((s, i) => Point.fromHex(s.tag, { field: `slots[${i}].tag` }));
    tagsOk = strictlyIncreasing(seal.slots.map((s) => s.tag));
  } catch {
    tagsOk = false;
  }
  // S5: slots.
  let points: Point[] = [];
  let slotsOk = true;
  let badSlot = -1;
  try {
    points = seal.slots.map((s, i) => Point.fromHex(s.commitment, { field: `slots[${i}].commitment` }));
    const bv = new BatchVerifier<number>();
    for (let i = 0; i < n; i++) {
      const C = points[i]!;
      const branches: Branch[] = [[[H, C]], [[H, C.sub(G)]]];
      bv.addSigma('commitment-range', slotContext(seal, i, seal.slots[i]!.tag), [1, C], branches, sigmaProofFromJSON(seal.slots[i]!.proof, `slots[${i}].proof`, [1, 1]), i);
    }
    const r = bv.verify();
    if (!r.valid) {
      slotsOk = false;
      badSlot = r.invalid[0] ?? -1;
    }
  } catch {
    slotsOk = false;
  }
  check('S5', slotsOk, slotsOk ? 'every slot commits to 0 or 1' : `slot ${badSlot >= 0 ? badSlot : '?'} is not a valid 0/1 commitment`);

  let thresholdOk = false;
  let bitsDetail = '';
  const bits = sealBits(seal.denominator, seal.threshold);
  try {
    const proof = thresholdProofFromJSON(seal.thresholdProof);
    if (proof.bits !== bits) bitsDetail = ` — the proof uses ${proof.bits} bits, exactly ${bits} are required`;
    thresholdOk = slotsOk && proof.bits === bits && proof.outcome === seal.outcome && verifyThreshold(points, seal.threshold, proof, thresholdContext(seal, seal.slots));
  } catch {
    thresholdOk = false;
  }
  check('S6', thresholdOk, `the committed count is ${seal.outcome === 'reached' ? 'at least' : 'below'} the threshold of ${seal.threshold} (range proof of exactly ${bits} bits)${bitsDetail}`);

  check('S7', tagsOk && S !== null && tags.length === n, tagsOk ? `the tag key is a valid point and the ${n} slot tags are valid, distinct and in increasing order` : 'a tag (or the tag key) is invalid, repeated or out of order');

  let keysOk = false;
  let keyPoints: Point[] = [];
  try {
    keyPoints = seal.memberKeys.map((k, i) => Point.fromHex(k, { field: `memberKeys[${i}]` }));
    keysOk = strictlyIncreasing(seal.memberKeys) && seal.memberKeys.length === seal.denominator;
  } catch {
    keysOk = false;
  }
  const wanted = expected.memberKeys ? [...expected.memberKeys].sort() : undefined;
  const keysMatch = wanted !== undefined && wanted.length === seal.memberKeys.length && wanted.every((k, i) => k === seal.memberKeys[i]);
  check(
    'S8',
    keysOk && keysMatch && !expected.registryProblem,
    expected.registryProblem
      ? `the member-key registry was rewritten: ${expected.registryProblem}`
      : wanted === undefined
      ? 'not checked: the electorate and its registered keys are unknown to this verifier'
      : `one tag base per member of the electorate, each the member's registered key or keyless base${keysOk && !keysMatch ? ' — the list differs from the public registry' : ''}`,
  );

  let bindingOk = false;
  try {
    if (S && tagsOk && keysOk && keyPoints.length === tags.length) {
      const keySum = addCommitments(...keyPoints);
      const tagSum = addCommitments(...tags);
      bindingOk = !keySum.equals(IDENTITY) && verifyEqualLogs(S, keySum, tagSum, sigmaProofFromJSON(seal.bindingProof, 'bindingProof', [2]), bindingContext(seal, seal.memberKeys, seal.slots));
    }
  } catch {
    bindingOk = false;
  }
  check('S9', bindingOk, 'the tags are the member keys raised to the seal\u2019s tag secret, in sum (Chaum–Pedersen on ΣT and ΣK)');

  checks.sort((a, b) => Number(a.step.slice(1)) - Number(b.step.slice(1)));
  return { ok: checks.every((c) => c.ok), checks };
}
