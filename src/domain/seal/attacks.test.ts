/**
 * The attacks on the sealed count, each built as a WHOLE record with the project's own functions (the chair
 * holds every secret: the tag secret, every opening, the letters), re-hashed, and shown to be caught by the
 * public verifier (S1–S9) or by the member concerned (M1–M3 with a key, F1–F3 without), naming the check.
 *
 * Electorate of 359 with threshold 54, as in the 1922 Committee in 2022; 250 members hold keys.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { G, H, Point, initCrypto, mulBase, proveSigma, randomScalar, seededRng, sigmaProofToJSON } from '../../crypto';
import { FIXTURE_SECRET, expectationsOf, scenario, sealOf, type SealScenario } from './fixtures';
import { answerMember, forgeSlotProof, verifyKeyedSlot, verifyKeylessSlot, verifySlotProof, type KeyedSlotAnswer, type KeylessSlotAnswer } from './member-check';
import { generateMemberKey } from './member-key';
import { assembleSeal, deriveSealSecrets, sealBits, tagBase, verifySeal, type PublicSeal, type SlotPlan } from './seal';

const N = 359;
const T = 54;
const failed = (s: PublicSeal, sc: SealScenario, previous: PublicSeal | null = null) =>
  verifySeal(s, expectationsOf(sc, previous))
    .checks.filter((c) => !c.ok)
    .map((c) => c.step);
const memberFails = (v: { checks: { step: string; ok: boolean }[] }) => v.checks.filter((c) => !c.ok).map((c) => c.step);

/** The dishonest chair's toolkit: the honest plan of every slot, which an attack then edits. */
function honestPlan(sc: SealScenario, writers: ReadonlySet<string>, seq = 1) {
  const secrets = deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, seq);
  const keys = sc.electorate.map((m) => tagBase(sc.rosterId, m));
  const plan = new Map<string, SlotPlan>(
    sc.electorate.map((m, j) => [m.memberId, { tag: keys[j]!.mulSecret(secrets.tagSecret), value: writers.has(m.memberId) ? 1 : 0, randomness: secrets.randomnessFor(m.memberId) }]),
  );
  const header = { procedureId: sc.procedureId, rosterId: sc.rosterId, seq, on: '2022-06-05', denominator: sc.electorate.length, threshold: sc.threshold, keyRegistrySeq: sc.keys.size };
  return { secrets, keys, plan, header };
}

/**
 * The chair's best answer to a member for the slot it chooses to name: for a keyed member, a proof of branch 0
 * (the chair knows the slot's opening) under that member's key; for a keyless member, the opening plus the
 * binding proof it holds for that slot (which binds the slot to its real owner, not to this member).
 */
function chairAnswerFor(seal: PublicSeal, sc: SealScenario, memberId: string, slot: number, value: 0 | 1, randomness: bigint): KeyedSlotAnswer | KeylessSlotAnswer {
  const m = sc.electorate.find((x) => x.memberId === memberId)!;
  if (m.publicKey) {
    return { mode: 'keyed', seq: seal.seq, sealHash: seal.hash, slot, value, proof: proveDvpAsChair(seal, slot, value, randomness, sc.keys.get(memberId)!.publicKey) };
  }
  const secrets = deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, seal.seq);
  const owner = sc.electorate.find((x) => answerMember(seal, secrets, x)?.slot === slot)!;
  return { ...(answerMember(seal, secrets, owner) as KeylessSlotAnswer), slot, value };
}

/** The designated-verifier proof made by the chair (same label, context and branches as member-check). */
function proveDvpAsChair(seal: PublicSeal, slot: number, value: 0 | 1, r: bigint, pk: Point) {
  const C = Point.fromHex(seal.slots[slot]!.commitment);
  const context = ['confidence/sealed-count/v2', 'member-check', seal.procedureId, seal.rosterId, seal.seq, seal.on, seal.tagKey, slot, seal.slots[slot]!.tag];
  return sigmaProofToJSON(proveSigma('sealed-count-member-check', context, [C, pk, value], [[[H, value === 1 ? C.sub(G) : C]], [[G, pk]]], 0, r));
}

beforeAll(async () => {
  await initCrypto();
});

describe('attack: one slot shown to two members (issue 8, attack 5)', () => {
  const sc = scenario({ n: N, keyed: 250, writers: 53, threshold: T, seed: 'shared' });

  it('53 letters announced "reached": non-writers a and b told the same slot, b\u2019s own slot turned into a 54th "letter" — caught by b (M2), and by the public if the tag is nobody\u2019s (S9)', () => {
    const { plan, header, secrets, keys } = honestPlan(sc, sc.writers);
    const a = 'mp-300'; // keyless non-writers … and keyed ones below
    const b = 'mp-301';
    const ka = 'mp-200';
    const kb = 'mp-201';
    // Variant 1: keep every tag honest; b's slot now commits to 1. The public check passes.
    const v1Plan = new Map(plan);
    v1Plan.set(kb, { ...plan.get(kb)!, value: 1 });
    const v1 = assembleSeal({ header, tagSecret: secrets.tagSecret, memberKeys: keys, slots: [...v1Plan.values()], prevHash: '', rng: seededRng('v1') });
    expect(v1.outcome).toBe('reached');
    expect(failed(v1, sc)).toEqual([]);
    // The chair points kb at ka's slot (which holds 0) with a valid proof for 0 there: kb's own tag is elsewhere.
    const slotOfKa = v1.slots.findIndex((s) => s.tag === plan.get(ka)!.tag.toHex());
    const told = chairAnswerFor(v1, sc, kb, slotOfKa, 0, plan.get(ka)!.randomness) as KeyedSlotAnswer;
    // kb finds their own tag elsewhere (M2), and the proof does not hold for their own slot (M3).
    const verdict = verifyKeyedSlot(v1, sc.keys.get(kb)!, told, 0);
    expect(memberFails(verdict)).toEqual(['M2', 'M3']);
    // If the chair names kb's real slot instead, it can prove only the truth there (1), which kb rejects.
    const real = answerMember(v1, secrets, sc.electorate.find((m) => m.memberId === kb)!) as KeyedSlotAnswer;
    expect(real.value).toBe(1);
    expect(memberFails(verifyKeyedSlot(v1, sc.keys.get(kb)!, real, 0))).toEqual(['M3']);
    const slotOfKb = v1.slots.findIndex((s) => s.tag === plan.get(kb)!.tag.toHex());
    const lie = chairAnswerFor(v1, sc, kb, slotOfKb, 0, plan.get(kb)!.randomness) as KeyedSlotAnswer;
    expect(memberFails(verifyKeyedSlot(v1, sc.keys.get(kb)!, lie, 0))).toEqual(['M3']);

    // Variant 2: b's tag replaced by a fresh one that is nobody's: both b and the public see it.
    const v2Plan = new Map(plan);
    v2Plan.set(kb, { tag: mulBase(randomScalar(seededRng('nobody'))), value: 1, randomness: plan.get(kb)!.randomness });
    const v2 = assembleSeal({ header, tagSecret: secrets.tagSecret, memberKeys: keys, slots: [...v2Plan.values()], prevHash: '', rng: seededRng('v2') });
    expect(v2.outcome).toBe('reached');
    expect(failed(v2, sc)).toEqual(['S9']);
    expect(memberFails(verifyKeyedSlot(v2, sc.keys.get(kb)!, chairAnswerFor(v2, sc, kb, v2.slots.findIndex((s) => s.tag === plan.get(ka)!.tag.toHex()), 0, plan.get(ka)!.randomness) as KeyedSlotAnswer, 0))).toEqual(['M2']);

    // Variant 3: the tag sum compensated through a third member c (S9 passes): b and c both lose their tag.
    const kc = 'mp-202';
    const delta = mulBase(randomScalar(seededRng('delta')));
    const v3Plan = new Map(plan);
    v3Plan.set(kb, { ...plan.get(kb)!, tag: plan.get(kb)!.tag.add(delta), value: 1 });
    v3Plan.set(kc, { ...plan.get(kc)!, tag: plan.get(kc)!.tag.sub(delta) });
    const v3 = assembleSeal({ header, tagSecret: secrets.tagSecret, memberKeys: keys, slots: [...v3Plan.values()], prevHash: '', rng: seededRng('v3') });
    expect(failed(v3, sc)).toEqual([]);
    for (const who of [kb, kc]) {
      const r = verifyKeyedSlot(v3, sc.keys.get(who)!, chairAnswerFor(v3, sc, who, v3.slots.findIndex((s) => s.tag === plan.get(ka)!.tag.toHex()), 0, plan.get(ka)!.randomness) as KeyedSlotAnswer, 0);
      expect(r.checks.find((c) => c.step === 'M2')!.detail).toMatch(/^0 slots carry your tag/);
    }

    // Keyless members: the chair cannot bind a's slot to b (F2), because s·K_a ≠ s·K_b.
    const slotOfA = v1.slots.findIndex((s) => s.tag === plan.get(a)!.tag.toHex());
    const toldB = chairAnswerFor(v1, sc, b, slotOfA, 0, plan.get(a)!.randomness) as KeylessSlotAnswer;
    expect(memberFails(verifyKeylessSlot(v1, b, toldB, 0))).toEqual(['F2']);
  });

  it('54 letters announced "not reached": writers share one slot holding 1, the other\u2019s slot set to 0 — caught by the writer (M2/M3)', () => {
    const writers54 = new Set([...sc.writers, 'mp-053']);
    const { plan, header, secrets, keys } = honestPlan(sc, writers54);
    const [wa, wb] = ['mp-000', 'mp-001']; // both keyed writers
    const p = new Map(plan);
    p.set(wb, { ...plan.get(wb)!, value: 0 });
    const seal = assembleSeal({ header, tagSecret: secrets.tagSecret, memberKeys: keys, slots: [...p.values()], prevHash: '', rng: seededRng('nr') });
    expect(seal.outcome).toBe('not-reached');
    expect(failed(seal, sc)).toEqual([]); // the public cannot see it: the writer must check
    const slotOfWa = seal.slots.findIndex((s) => s.tag === plan.get(wa)!.tag.toHex());
    const shared = chairAnswerFor(seal, sc, wb, slotOfWa, 1, plan.get(wa)!.randomness) as KeyedSlotAnswer;
    expect(memberFails(verifyKeyedSlot(seal, sc.keys.get(wb)!, shared, 1))).toEqual(['M2', 'M3']);
    const slotOfWb = seal.slots.findIndex((s) => s.tag === plan.get(wb)!.tag.toHex());
    // Naming wb's real slot, the chair can only prove 0 there (it does not know wb's key to fake 1).
    const truthful = chairAnswerFor(seal, sc, wb, slotOfWb, 0, plan.get(wb)!.randomness) as KeyedSlotAnswer;
    expect(memberFails(verifyKeyedSlot(seal, sc.keys.get(wb)!, truthful, 1))).toEqual(['M3']);
    expect(answerMember(seal, secrets, sc.electorate.find((m) => m.memberId === wa)!)!.value).toBe(1);
  });

  it('a key swapped in by the server for a member (to recognise their slot itself) is caught by that member (M1) and by the public registry check (S8)', () => {
    const swapped = sc.electorate.map((m) => (m.memberId === 'mp-005' ? { ...m, publicKey: generateMemberKey(seededRng('server')).publicKey.toHex() } : m));
    const seal = sealOf({ ...sc, electorate: swapped });
    expect(failed(seal, sc)).toEqual(['S8']);
    const secrets = deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, 1);
    const answer = answerMember(seal, secrets, swapped.find((m) => m.memberId === 'mp-005')!) as KeyedSlotAnswer;
    expect(memberFails(verifyKeyedSlot(seal, sc.keys.get('mp-005')!, answer, 1))).toEqual(['M1', 'M2', 'M3']);
    // Treating a member who registered a key as keyless (to hand them a receipt) fails S8 the same way.
    const downgraded = sealOf({ ...sc, electorate: sc.electorate.map((m) => (m.memberId === 'mp-006' ? { ...m, publicKey: null } : m)) });
    expect(failed(downgraded, sc)).toEqual(['S8']);
  });
});

describe('attack: a threshold proof with fewer (or more) bits than sealBits(n, t) (issue 8, attack 7)', () => {
  const sc = scenario({ n: 40, keyed: 20, writers: 7, threshold: 6, seed: 'bits' });

  it('a 1-bit proof showing count − t < 2 is well-formed and would leak the count; S6 rejects it, and a too-long one', () => {
    const { plan, header, secrets, keys } = honestPlan(sc, sc.writers);
    const exact = sealBits(40, 6);
    expect(exact).toBe(6);
    for (const bits of [1, exact - 1, exact + 1]) {
      const seal = assembleSeal({ header, tagSecret: secrets.tagSecret, memberKeys: keys, slots: [...plan.values()], prevHash: '', bits, rng: seededRng(`b${bits}`) });
      const v = verifySeal(seal, expectationsOf(sc));
      expect(v.checks.filter((c) => !c.ok).map((c) => c.step)).toEqual(['S6']);
      expect(v.checks.find((c) => c.step === 'S6')!.detail).toContain(`the proof uses ${bits} bits, exactly ${exact} are required`);
    }
  });
});

describe('attack: a seal chain that skips (or forks) a seal (issue 8, attack 7)', () => {
  const sc = scenario({ n: 30, keyed: 10, writers: 3, threshold: 5, seed: 'chain' });

  it('seal 3 linked to seal 1 (hiding seal 2), or a second seal 2, fails S4 against the previous seal the verifier holds', () => {
    const s1 = sealOf(sc, { seq: 1 });
    const s2 = sealOf(sc, { seq: 2, prevHash: s1.hash, on: '2022-06-06' });
    const s3 = sealOf(sc, { seq: 3, prevHash: s2.hash, on: '2022-06-07' });
    expect(failed(s3, sc, s2)).toEqual([]);
    const skip = sealOf(sc, { seq: 3, prevHash: s1.hash, on: '2022-06-07' });
    expect(failed(skip, sc, s2)).toEqual(['S4']);
    const renumbered = sealOf(sc, { seq: 2, prevHash: s1.hash, on: '2022-06-07', writers: new Set() });
    expect(failed(renumbered, sc, s2)).toEqual(['S4']);
    // Without the previous seal the verifier refuses to pass S4 rather than skip it.
    expect(verifySeal(s3, { ...expectationsOf(sc), previous: undefined }).checks.find((c) => c.step === 'S4')!.ok).toBe(false);
  });
});

describe('attack: a whip demands proof of what an MP\u2019s slot holds (issue 8, attack 6)', () => {
  const sc = scenario({ n: 30, keyed: 30, writers: 5, threshold: 5, seed: 'whip' });

  it('the designated-verifier proof is no receipt: the MP forges an equally valid proof for the other value', () => {
    const seal = sealOf(sc);
    const secrets = deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, 1);
    for (const memberId of ['mp-000', 'mp-029']) {
      const key = sc.keys.get(memberId)!;
      const real = answerMember(seal, secrets, sc.electorate.find((m) => m.memberId === memberId)!) as KeyedSlotAnswer;
      const other: 0 | 1 = real.value === 1 ? 0 : 1;
      const forged = forgeSlotProof(seal, key, real.slot, other, seededRng(`forge-${memberId}`));
      // The whip's best check: both verify, for opposite values, with the same structure.
      expect(verifySlotProof(seal, key.publicKey, real.slot, real.value, real.proof)).toBe(true);
      expect(verifySlotProof(seal, key.publicKey, real.slot, other, forged)).toBe(true);
      expect(Object.keys(forged)).toEqual(Object.keys(real.proof));
      // The MP's own check (with their secret) is not fooled by anyone else's forgery: only sk can forge.
      const stranger = generateMemberKey(seededRng('stranger'));
      const notHis = forgeSlotProof(seal, stranger, real.slot, other);
      expect(verifySlotProof(seal, key.publicKey, real.slot, other, notHis)).toBe(false);
    }
  });

  it('the keyless fallback IS a receipt (stated in the UI): anyone can check the opening against the public seal', () => {
    const keyless = scenario({ n: 20, keyed: 0, writers: 4, threshold: 3, seed: 'fallback' });
    const seal = sealOf(keyless);
    const answer = answerMember(seal, deriveSealSecrets(FIXTURE_SECRET, keyless.procedureId, 1), keyless.electorate[0]!) as KeylessSlotAnswer;
    expect(verifyKeylessSlot(seal, 'mp-000', answer, 1).ok).toBe(true);
    expect(verifyKeylessSlot(seal, 'mp-000', answer, 0).ok).toBe(false);
  });
});
