import {
  G,
  H,
  Point,
  commit,
  proveEqualLogs,
  proveSigma,
  scalarFromHex,
  scalarToHex,
  sigmaProofFromJSON,
  sigmaProofToJSON,
  systemRng,
  verifyEqualLogs,
  verifyOpening,
  verifySigma,
  type Branch,
  type Rng,
  type SigmaProofJSON,
} from '../../crypto';
import { keylessBase, type MemberKeyPair } from './member-key';
import { SEAL_DOMAIN, tagBase, type ElectorateMember, type PublicSeal, type SealCheck, type SealSecrets } from './seal';

/**
 * A member's own check of their slot in a seal (docs/sealed-count.md, checks M1–M3 and the fallback F1–F3).
 *
 * With a registered key (sk, PK): the member finds their slot as the one whose tag is sk·S, and the chair's
 * system gives them a designated-verifier proof (Jakobsson–Sako–Impagliazzo), a Cramer–Damgård–Schoenmakers
 * OR-proof of
 *     "C_i − b·G = r·H for some r I know"   OR   "PK = x·G for some x I know",
 * made non-interactive with the transcript of ../../crypto. The chair can only prove the first branch (it
 * does not know sk), so the proof convinces the member that C_i holds b. But the member can prove the second
 * branch for either value of b (forgeSlotProof), so the proof convinces nobody else: shown to a whip it is
 * not a receipt — a real proof for 0 and a forged one for 1 verify identically.
 *
 * Without a key (fallback, the pre-key check): the member receives the opening (b, r) and a Chaum–Pedersen
 * proof log_G S = log_{K_j} T_i binding the slot to their keyless base, so the server cannot point two
 * keyless members at one slot either. The opening IS a receipt (anyone can check it against the public
 * seal); the interface says so.
 *
 * Threat model: the chair/server is the adversary for the check (may send any slot, value and proof); the
 * whip is the adversary for secrecy (sees whatever the member shows).
 */
const DVP_LABEL = 'sealed-count-member-check';

function dvpContext(seal: PublicSeal, index: number) {
  return [SEAL_DOMAIN, 'member-check', seal.procedureId, seal.rosterId, seal.seq, seal.on, seal.tagKey, index, seal.slots[index]?.tag ?? ''];
}
function dvpBranches(C: Point, publicKey: Point, value: 0 | 1): Branch[] {
  return [[[H, value === 1 ? C.sub(G) : C]], [[G, publicKey]]];
}
function keylessContext(seal: PublicSeal, index: number) {
  return [SEAL_DOMAIN, 'keyless-binding', seal.procedureId, seal.rosterId, seal.seq, seal.on, index];
}

export interface KeyedSlotAnswer {
  mode: 'keyed';
  seq: number;
  sealHash: string;
  slot: number;
  value: 0 | 1;
  /** The designated-verifier proof: convinces the key holder, and nobody else. */
  proof: SigmaProofJSON;
}
export interface KeylessSlotAnswer {
  mode: 'keyless';
  seq: number;
  sealHash: string;
  slot: number;
  value: 0 | 1;
  randomness: string;
  /** Chaum–Pedersen: the slot's tag is this member's keyless base under the seal's tag secret. */
  bindingProof: SigmaProofJSON;
}
export type MySlotAnswer = KeyedSlotAnswer | KeylessSlotAnswer;

/**
 * The chair's system answers a member: re-derives the member's opening from the seal secrets (nothing was
 * stored), finds their slot by their tag, and proves the slot's value to them. Null if the member has no slot.
 */
export function answerMember(seal: PublicSeal, secrets: SealSecrets, member: ElectorateMember, rng: Rng = systemRng): MySlotAnswer | null {
  const K = tagBase(seal.rosterId, member);
  const T = K.mulSecret(secrets.tagSecret);
  const tagHex = T.toHex();
  const slot = seal.slots.findIndex((s) => s.tag === tagHex);
  if (slot < 0) return null;
  const C = Point.fromHex(seal.slots[slot]!.commitment);
  const r = secrets.randomnessFor(member.memberId);
  const value: 0 | 1 | null = commit(0, r).commitment.equals(C) ? 0 : commit(1, r).commitment.equals(C) ? 1 : null;
  if (value === null) throw new Error(`the slot of ${member.memberId} does not open with its derived randomness`);
  const head = { seq: seal.seq, sealHash: seal.hash, slot, value };
  if (member.publicKey) {
    const proof = proveSigma(DVP_LABEL, dvpContext(seal, slot), [C, K, value], dvpBranches(C, K, value), 0, r, rng);
    return { mode: 'keyed', ...head, proof: sigmaProofToJSON(proof) };
  }
  const S = Point.fromHex(seal.tagKey);
  const bindingProof = sigmaProofToJSON(proveEqualLogs(secrets.tagSecret, S, K, T, keylessContext(seal, slot), rng));
  return { mode: 'keyless', ...head, randomness: scalarToHex(r), bindingProof };
}

/** The slot whose tag is sk·S, if exactly one: how a member with a key finds their own slot. */
export function findMySlot(seal: PublicSeal, key: MemberKeyPair): { index: number; matches: number } {
  const mine = Point.fromHex(seal.tagKey).mulSecret(key.secretKey).toHex();
  let index = -1;
  let matches = 0;
  seal.slots.forEach((s, i) => {
    if (s.tag === mine) {
      matches++;
      if (index < 0) index = i;
    }
  });
  return { index, matches };
}

/** Verifies a designated-verifier slot proof for `value` under `publicKey` (what a whip could run). */
export function verifySlotProof(seal: PublicSeal, publicKey: Point, slot: number, value: 0 | 1, proof: SigmaProofJSON): boolean {
  const s = seal.slots[slot];
  if (!s) return false;
  try {
    const C = Point.fromHex(s.commitment);
    return verifySigma(DVP_LABEL, dvpContext(seal, slot), [C, publicKey, value], dvpBranches(C, publicKey, value), sigmaProofFromJSON(proof, 'proof', [1, 1]));
  } catch {
    return false;
  }
}

/**
 * What makes the proof worthless as a receipt: the member (who knows sk) proves "slot holds `value`" for
 * EITHER value. A whip shown a proof cannot tell a real one from this one.
 */
export function forgeSlotProof(seal: PublicSeal, key: MemberKeyPair, slot: number, value: 0 | 1, rng: Rng = systemRng): SigmaProofJSON {
  const s = seal.slots[slot];
  if (!s) throw new RangeError(`no slot ${slot}`);
  const C = Point.fromHex(s.commitment);
  return sigmaProofToJSON(proveSigma(DVP_LABEL, dvpContext(seal, slot), [C, key.publicKey, value], dvpBranches(C, key.publicKey, value), 1, key.secretKey, rng));
}

export interface MemberVerdict {
  ok: boolean;
  checks: SealCheck[];
}

/** A member with a key checks their slot (M1–M3). `expected` is 1 if their letter is in force that day, else 0. */
export function verifyKeyedSlot(seal: PublicSeal, key: MemberKeyPair, answer: KeyedSlotAnswer, expected: 0 | 1): MemberVerdict {
  const checks: SealCheck[] = [];
  const pk = key.publicKey.toHex();
  checks.push({ step: 'M1', ok: seal.memberKeys.includes(pk), detail: 'the seal lists your own public key among the member keys' });
  const { index, matches } = findMySlot(seal, key);
  const sameSeal = answer.seq === seal.seq && answer.sealHash === seal.hash;
  checks.push({
    step: 'M2',
    ok: matches === 1 && index === answer.slot && sameSeal,
    detail:
      matches === 1
        ? `exactly one slot carries your tag (slot #${index + 1})${index === answer.slot ? '' : `, but the server named slot #${answer.slot + 1}`}${sameSeal ? '' : ', but the answer is for another seal'}`
        : `${matches} slots carry your tag (exactly one must)`,
  });
  const proofOk = answer.value === expected && verifySlotProof(seal, key.publicKey, index < 0 ? answer.slot : index, expected, answer.proof);
  checks.push({
    step: 'M3',
    ok: proofOk,
    detail: proofOk
      ? `your slot holds ${expected} (${expected === 1 ? 'your letter is counted' : 'no letter is counted for you'}) — a proof only you can trust`
      : `the proof that your slot holds ${expected} does not verify${answer.value !== expected ? ` (the server says it holds ${answer.value})` : ''}`,
  });
  return { ok: checks.every((c) => c.ok), checks };
}

/** A member without a key checks their slot (F1–F3): binding by a Chaum–Pedersen proof, value by the opening. */
export function verifyKeylessSlot(seal: PublicSeal, memberId: string, answer: KeylessSlotAnswer, expected: 0 | 1): MemberVerdict {
  const checks: SealCheck[] = [];
  const K = keylessBase(seal.rosterId, memberId);
  checks.push({ step: 'F1', ok: seal.memberKeys.includes(K.toHex()), detail: 'the seal lists your keyless base among the member keys' });
  const slot = seal.slots[answer.slot];
  let bound = false;
  let opens = false;
  try {
    const sameSeal = answer.seq === seal.seq && answer.sealHash === seal.hash;
    bound = !!slot && sameSeal && verifyEqualLogs(Point.fromHex(seal.tagKey), K, Point.fromHex(slot.tag), sigmaProofFromJSON(answer.bindingProof, 'bindingProof', [2]), keylessContext(seal, answer.slot));
    opens = !!slot && answer.value === expected && verifyOpening(Point.fromHex(slot.commitment), expected, scalarFromHex(answer.randomness));
  } catch {
    /* a malformed answer fails the checks below */
  }
  checks.push({ step: 'F2', ok: bound, detail: `slot #${answer.slot + 1} is bound to you and can be no other member's` });
  checks.push({ step: 'F3', ok: opens, detail: opens ? `your slot opens to ${expected}` : `your slot does not open to ${expected}${answer.value !== expected ? ` (the server says ${answer.value})` : ''}` });
  return { ok: checks.every((c) => c.ok), checks };
}
