import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  commit,
  proveCommitmentZeroOne,
  proveThreshold,
  randomScalar,
  addOpenings,
  scalarToHex,
  scalarFromHex,
  verifyCommitmentZeroOne,
  verifyOpening,
  verifyThreshold,
  Point,
  sigmaProofToJSON,
  sigmaProofFromJSON,
  thresholdProofToJSON,
  thresholdProofFromJSON,
  systemRng,
  type Rng,
  type SigmaProofJSON,
  type ThresholdProofJSON,
} from '../../crypto';
import { z } from 'zod';
import { canonicalJson } from '../audit/canonical-json';
import { AppError } from '../errors';

/**
 * The sealed count: a public, verifiable announcement that the letters have (or have not) reached the
 * threshold, which reveals neither the count nor who wrote. Specification: docs/sealed-count.md.
 *
 * One slot per member of the electorate on the day (so the number of slots is the public denominator,
 * not the count). Slot i holds a Pedersen commitment C_i to 1 if that member's letter is in force and to
 * 0 otherwise, with a 0/1 proof; the slots are shuffled afresh for every seal. A threshold proof shows
 * Σ C_i commits to a value ≥ t ("reached") or < t ("not-reached").
 *
 * Threat model. The public (and the leader) must learn only the outcome: commitments are perfectly hiding
 * and the proofs zero-knowledge. The chair must not be able to announce an outcome the letters do not
 * support: each member privately receives their slot and its opening and can check it holds 1 if they
 * wrote and 0 if not, so a phantom or dropped letter is caught by the member it concerns; the public
 * checks every slot is 0 or 1, that there are exactly as many slots as the public denominator, and the
 * threshold proof. The system that holds the letters (the chair's) learns what the chair already knows.
 */
export const SEAL_VERSION = 1;
const DOMAIN = 'confidence/sealed-count/v1';

export interface SealSlot {
  commitment: string;
  proof: SigmaProofJSON;
}

export interface PublicSeal {
  version: number;
  procedureId: string;
  seq: number;
  on: string;
  denominator: number;
  threshold: number;
  outcome: 'reached' | 'not-reached';
  slots: SealSlot[];
  thresholdProof: ThresholdProofJSON;
  /** Hash of the previous seal of this procedure ('' for the first): seals form a chain. */
  prevHash: string;
  /** SHA-256 over the canonical JSON of every field above. */
  hash: string;
}

const hex = z.string().regex(/^[0-9a-f]*$/, 'must be lowercase hex');
const publicSealSchema = z.object({
  version: z.number().int(),
  procedureId: z.string(),
  seq: z.number().int().positive(),
  on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  denominator: z.number().int().nonnegative(),
  threshold: z.number().int().nonnegative(),
  outcome: z.enum(['reached', 'not-reached']),
  slots: z.array(z.object({ commitment: hex, proof: z.unknown() })),
  thresholdProof: z.unknown(),
  prevHash: hex,
  hash: hex,
});

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

/** What one member is told privately: where their slot is and how to open it. */
export interface SlotOpening {
  memberId: string;
  slot: number;
  value: 0 | 1;
  randomness: string;
}

export interface BuildSealInput {
  procedureId: string;
  seq: number;
  on: string;
  /** Everyone in the electorate on `on` (the denominator's members). */
  electorate: readonly string[];
  /** Members whose letter is in force on `on`; each must be in the electorate. */
  inForce: ReadonlySet<string>;
  threshold: number;
  prevHash: string;
  rng?: Rng;
}

/** Bits for the threshold proof's range: |count − t| < 2^bits for any count in 0..n. */
export function sealBits(denominator: number, threshold: number): number {
  const bound = Math.max(denominator, threshold, 1);
  return Math.max(1, Math.ceil(Math.log2(bound + 1)));
}

function slotContext(s: Pick<PublicSeal, 'procedureId' | 'seq' | 'on' | 'denominator' | 'threshold'>, index: number) {
  return [DOMAIN, 'slot', s.procedureId, s.seq, s.on, s.denominator, s.threshold, index];
}
function thresholdContext(s: Pick<PublicSeal, 'procedureId' | 'seq' | 'on' | 'denominator' | 'threshold' | 'prevHash'>, slots: SealSlot[]) {
  return [DOMAIN, 'threshold', s.procedureId, s.seq, s.on, s.denominator, s.threshold, s.prevHash, ...slots.map((x) => x.commitment)];
}

export function sealHash(seal: Omit<PublicSeal, 'hash'>): string {
  return bytesToHex(sha256(utf8ToBytes(`${DOMAIN}\n${canonicalJson(seal)}`)));
}

/** Uniform shuffle (Fisher–Yates) driven by the cryptographic rng: slot order reveals nothing. */
function shuffle<T>(items: T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Number(randomScalar(rng) % BigInt(i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function buildSeal(input: BuildSealInput): { seal: PublicSeal; openings: SlotOpening[] } {
  const rng = input.rng ?? systemRng;
  for (const m of input.inForce) {
    if (!input.electorate.includes(m)) throw new RangeError(`letter writer ${m} is not in the electorate`);
  }
  const header = { procedureId: input.procedureId, seq: input.seq, on: input.on, denominator: input.electorate.length, threshold: input.threshold };
  const order = shuffle([...input.electorate], rng);
  const openings: SlotOpening[] = [];
  const slots: SealSlot[] = [];
  const randomness: bigint[] = [];
  order.forEach((memberId, slot) => {
    const value: 0 | 1 = input.inForce.has(memberId) ? 1 : 0;
    const c = commit(value, undefined, rng);
    const proof = proveCommitmentZeroOne({ commitment: c.commitment, value, randomness: c.randomness, context: slotContext(header, slot), rng });
    slots.push({ commitment: c.commitment.toHex(), proof: sigmaProofToJSON(proof) });
    openings.push({ memberId, slot, value, randomness: scalarToHex(c.randomness) });
    randomness.push(c.randomness);
  });
  const count = input.inForce.size;
  const outcome = count >= input.threshold ? 'reached' : 'not-reached';
  const thresholdProof = proveThreshold({
    commitments: slots.map((s) => Point.fromHex(s.commitment)),
    count,
    randomness: addOpenings(...randomness),
    threshold: input.threshold,
    bits: sealBits(header.denominator, input.threshold),
    context: thresholdContext({ ...header, prevHash: input.prevHash }, slots),
    rng,
  });
  // The proof must state the same outcome as the announcement.
  if (thresholdProof.outcome !== outcome) throw new Error('threshold proof outcome mismatch');
  const body = { version: SEAL_VERSION, ...header, outcome, slots, thresholdProof: thresholdProofToJSON(thresholdProof), prevHash: input.prevHash } as const;
  return { seal: { ...body, hash: sealHash(body) }, openings };
}

export interface SealCheck {
  step: string;
  ok: boolean;
  detail: string;
}

/**
 * The public verification (docs/sealed-count.md, steps S1–S6). `expected` carries what the verifier
 * knows independently: the public denominator and threshold on that day, and the previous seal's hash.
 */
export function verifySeal(seal: PublicSeal, expected: { denominator?: number; threshold?: number; prevHash?: string } = {}): { ok: boolean; checks: SealCheck[] } {
  const checks: SealCheck[] = [];
  const check = (step: string, ok: boolean, detail: string) => checks.push({ step, ok, detail });
  const { hash, ...body } = seal;
  check('S1', seal.version === SEAL_VERSION && sealHash(body) === hash, 'the seal hash covers every field');
  check(
    'S2',
    seal.slots.length === seal.denominator && (expected.denominator === undefined || expected.denominator === seal.denominator),
    `one slot per member of the electorate (${seal.slots.length} slots, denominator ${seal.denominator}${expected.denominator === undefined ? '' : `, public denominator ${expected.denominator}`})`,
  );
  check('S3', expected.threshold === undefined || expected.threshold === seal.threshold, `the threshold is the rulebook's (${seal.threshold})`);
  check('S4', expected.prevHash === undefined || expected.prevHash === seal.prevHash, 'the seal links to the previous seal');
  let points: Point[] = [];
  let slotsOk = true;
  let badSlot = -1;
  try {
    points = seal.slots.map((s) => Point.fromHex(s.commitment));
    for (let i = 0; i < seal.slots.length && slotsOk; i++) {
      if (!verifyCommitmentZeroOne(points[i]!, sigmaProofFromJSON(seal.slots[i]!.proof), slotContext(seal, i))) {
        slotsOk = false;
        badSlot = i;
      }
    }
  } catch {
    slotsOk = false;
  }
  check('S5', slotsOk, slotsOk ? 'every slot commits to 0 or 1' : `slot ${badSlot >= 0 ? badSlot : '?'} is not a valid 0/1 commitment`);
  let thresholdOk = false;
  try {
    const proof = thresholdProofFromJSON(seal.thresholdProof);
    thresholdOk = slotsOk && proof.outcome === seal.outcome && verifyThreshold(points, seal.threshold, proof, thresholdContext(seal, seal.slots));
  } catch {
    thresholdOk = false;
  }
  check('S6', thresholdOk, `the committed count is ${seal.outcome === 'reached' ? 'at least' : 'below'} the threshold of ${seal.threshold}`);
  return { ok: checks.every((c) => c.ok), checks };
}

/** A member's own check: their slot opens to the value they expect (1 if they wrote, 0 if not). */
export function verifyMySlot(seal: PublicSeal, opening: Pick<SlotOpening, 'slot' | 'value' | 'randomness'>): boolean {
  const slot = seal.slots[opening.slot];
  if (!slot) return false;
  try {
    return verifyOpening(Point.fromHex(slot.commitment), opening.value, scalarFromHex(opening.randomness));
  } catch {
    return false;
  }
}
