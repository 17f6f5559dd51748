/**
 * Attacks on the sealed count v2 (docs/sealed-count.md; src/domain/seal): the chair (who builds the seal and
 * holds the seal secret), the server operator (who answers members and keeps the key registry), a whip who
 * coerces an MP, a database thief.
 *
 * Every dishonest seal is a WHOLE seal assembled and proved with the project's own assembleSeal (so S1 and every
 * proof the chair can make are valid); the question is whether the public checks S1–S9 or a member's own check
 * (M1–M3 with a key, F1–F3 without) refuse it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Point, initCrypto, mulBase, randomScalar, seededRng } from '../../src/crypto';
import { FIXTURE_SECRET, expectationsOf, scenario, sealOf } from '../../src/domain/seal/fixtures';
import { answerMember, findMySlot, forgeSlotProof, verifyKeyedSlot, verifyKeylessSlot, verifySlotProof, type KeyedSlotAnswer, type KeylessSlotAnswer } from '../../src/domain/seal/member-check';
import { generateMemberKey, keylessBase, proveMemberKey, verifyMemberKeyRegistration } from '../../src/domain/seal/member-key';
import { assembleSeal, deriveSealSecrets, electorateWithKeys, expectedMemberKeys, sealBits, tagBase, verifySeal, type PublicSeal, type SlotPlan } from '../../src/domain/seal/seal';

// 12 members, 8 with a key (mp-000..mp-007), 3 letters (mp-000..mp-002), threshold 4: honestly "not reached".
const sc = scenario({ n: 12, keyed: 8, writers: 3, threshold: 4, seed: 'attacker' });
const secrets = deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, 1);
const header = { procedureId: sc.procedureId, rosterId: sc.rosterId, seq: 1, on: '2022-06-05', denominator: 12, threshold: 4, keyRegistrySeq: sc.keys.size };
const failing = (s: PublicSeal) => verifySeal(s, expectationsOf(sc)).checks.filter((c) => !c.ok).map((c) => c.step);
const memberKeys = () => sc.electorate.map((m) => tagBase(sc.rosterId, m));
const id = (i: number) => sc.electorate[i]!.memberId;
const expectedOf = (memberId: string): 0 | 1 => (sc.writers.has(memberId) ? 1 : 0);

/** The honest plan: tag s·K_j, value 1 iff j wrote, randomness derived. Attacks edit it. */
function honestPlan(): SlotPlan[] {
  return sc.electorate.map((m, j) => ({ tag: memberKeys()[j]!.mulSecret(secrets.tagSecret), value: sc.writers.has(m.memberId) ? 1 : 0, randomness: secrets.randomnessFor(m.memberId) }));
}
function assemble(plan: SlotPlan[], bits?: number): PublicSeal {
  return assembleSeal({ header, tagSecret: secrets.tagSecret, memberKeys: memberKeys(), slots: plan, prevHash: '', rng: seededRng('attack-seal'), ...(bits ? { bits } : {}) });
}

beforeAll(async () => {
  await initCrypto();
});

describe('baseline', () => {
  it('the honest seal (through assembleSeal, as the attacks use it) passes S1–S9 and every member check', () => {
    const s = assemble(honestPlan());
    expect(s.outcome).toBe('not-reached');
    expect(failing(s)).toEqual([]);
    for (const m of sc.electorate) {
      const a = answerMember(s, secrets, m, seededRng(m.memberId))!;
      const key = sc.keys.get(m.memberId);
      const v = key ? verifyKeyedSlot(s, key, a as KeyedSlotAnswer, expectedOf(m.memberId)) : verifyKeylessSlot(s, m.memberId, a as KeylessSlotAnswer, expectedOf(m.memberId));
      expect(v.ok).toBe(true);
    }
  });
});

describe('the chair announcing "reached" with 3 letters for a threshold of 4 (a phantom letter)', () => {
  it('a chair who sets a keyed non-writer’s slot to 1 passes S1–S9 but that member’s own check refuses it (M3)', () => {
    const plan = honestPlan();
    plan[5]!.value = 1; // mp-005 has a key and wrote nothing
    const s = assemble(plan);
    expect(s.outcome).toBe('reached');
    expect(failing(s)).toEqual([]); // the public cannot see it: the member can
    const a = answerMember(s, secrets, sc.electorate[5]!, seededRng('x')) as KeyedSlotAnswer;
    expect(a.value).toBe(1);
    const v = verifyKeyedSlot(s, sc.keys.get(id(5))!, a, 0);
    expect(v.checks.find((c) => c.step === 'M3')!.ok).toBe(false);
    // …and the server cannot send a "0" proof instead: it would need the commitment to open to 0 or the member's key.
    const lie = { ...a, value: 0 as const, proof: (answerMember(assemble(honestPlan()), secrets, sc.electorate[5]!, seededRng('y')) as KeyedSlotAnswer).proof } as KeyedSlotAnswer;
    expect(verifyKeyedSlot(s, sc.keys.get(id(5))!, lie, 0).checks.find((c) => c.step === 'M3')!.ok).toBe(false);
  });

  it('a chair who sets a keyless non-writer’s slot to 1 cannot hand them an opening to 0 (F3)', () => {
    const plan = honestPlan();
    plan[10]!.value = 1; // mp-010 is keyless
    const s = assemble(plan);
    expect(failing(s)).toEqual([]);
    const a = answerMember(s, secrets, sc.electorate[10]!, seededRng('k')) as KeylessSlotAnswer;
    const v = verifyKeylessSlot(s, id(10), { ...a, value: 0 }, 0);
    expect(v.checks.find((c) => c.step === 'F3')!.ok).toBe(false);
  });

  it('a chair who makes two members share one slot (a collided tag) fails S7 — and S9', () => {
    const plan = honestPlan();
    plan[6]!.tag = plan[5]!.tag; // mp-006 "shares" mp-005's slot; mp-006's real tag is nobody's
    plan[6]!.value = 1;
    const s = assemble(plan);
    expect(failing(s)).toEqual(expect.arrayContaining(['S7', 'S9']));
  });

  it('a chair who re-points one slot at a key nobody registered fails S9 (the tags no longer sum to s·ΣK)', () => {
    const plan = honestPlan();
    plan[9]!.tag = mulBase(randomScalar(seededRng('evil'))).mulSecret(secrets.tagSecret); // s·K_evil for keyless mp-009
    plan[9]!.value = 1;
    expect(failing(assemble(plan))).toContain('S9');
  });

  it('a chair who compensates the sum (tags s·K_evil and s·(K_X+K_Y−K_evil)) passes S1–S9 but both members’ checks refuse it (M2, F2)', () => {
    // X = mp-004 (keyed), Y = mp-011 (keyless): their slots now belong to nobody, so the chair can set them freely.
    const plan = honestPlan();
    const K = memberKeys();
    const evil = mulBase(randomScalar(seededRng('evil2')));
    plan[4]!.tag = evil.mulSecret(secrets.tagSecret);
    plan[11]!.tag = K[4]!.add(K[11]!).sub(evil).mulSecret(secrets.tagSecret);
    plan[4]!.value = 1;
    const s = assemble(plan);
    expect(s.outcome).toBe('reached');
    expect(failing(s)).toEqual([]);
    expect(findMySlot(s, sc.keys.get(id(4))!).matches).toBe(0);
    // The server's best answer for X names the slot it re-pointed; X finds no slot with their tag.
    const forX = { mode: 'keyed', seq: 1, sealHash: s.hash, slot: s.slots.findIndex((x) => x.tag === plan[4]!.tag.toHex()), value: 0, proof: forgeSlotProof(s, generateMemberKey(seededRng('z')), 0, 0) } as KeyedSlotAnswer;
    expect(verifyKeyedSlot(s, sc.keys.get(id(4))!, forX, 0).checks.find((c) => c.step === 'M2')!.ok).toBe(false);
    // Y (keyless) needs a Chaum–Pedersen proof that their slot's tag is s·K_Y: none exists for the re-pointed tag.
    const honest = answerMember(assemble(honestPlan()), secrets, sc.electorate[11]!, seededRng('w')) as KeylessSlotAnswer;
    const slotY = s.slots.findIndex((x) => x.tag === plan[11]!.tag.toHex());
    const v = verifyKeylessSlot(s, id(11), { ...honest, seq: 1, sealHash: s.hash, slot: slotY }, 0);
    expect(v.checks.find((c) => c.step === 'F2')!.ok).toBe(false);
  });

  it('a chair who tells a keyless member another member’s slot (the issue’s shared-slot attack) fails F2', () => {
    const s = assemble(honestPlan());
    // mp-008 and mp-009 are keyless; mp-009 is handed mp-008's (genuine, signed) answer.
    const a8 = answerMember(s, secrets, sc.electorate[8]!, seededRng('8')) as KeylessSlotAnswer;
    const v = verifyKeylessSlot(s, id(9), a8, 0);
    expect(v.checks.find((c) => c.step === 'F2')!.ok).toBe(false);
  });

  it('a server that hands a keyed member the DVP of another slot fails M2 and M3', () => {
    const s = assemble(honestPlan());
    const a3 = answerMember(s, secrets, sc.electorate[3]!, seededRng('3')) as KeyedSlotAnswer;
    const v = verifyKeyedSlot(s, sc.keys.get(id(4))!, a3, 0);
    expect(v.checks.filter((c) => !c.ok).map((c) => c.step)).toEqual(['M2', 'M3']);
  });

  it('a server that replays a member’s answer from an earlier seal fails M2 (another seal hash)', () => {
    const s1 = assemble(honestPlan());
    const s2 = sealOf(sc, { seq: 2, prevHash: s1.hash });
    const old = answerMember(s1, secrets, sc.electorate[2]!, seededRng('2')) as KeyedSlotAnswer;
    const v = verifyKeyedSlot(s2, sc.keys.get(id(2))!, old, 1);
    expect(v.checks.find((c) => c.step === 'M2')!.ok).toBe(false);
  });

  it('a chair whose threshold proof uses fewer bits than sealBits (leaking count − t) fails S6', () => {
    const s = assemble(honestPlan(), sealBits(12, 4) - 1);
    expect(failing(s)).toContain('S6');
  });

  it('a chair who lists a key of its own for a member in memberKeys fails S8 and that member’s M1', () => {
    const own = generateMemberKey(seededRng('chair-key'));
    const keys = memberKeys();
    keys[2] = own.publicKey;
    const plan = honestPlan();
    plan[2]!.tag = own.publicKey.mulSecret(secrets.tagSecret);
    plan[2]!.value = 0; // drop the real letter of mp-002
    const s = assembleSeal({ header, tagSecret: secrets.tagSecret, memberKeys: keys, slots: plan, prevHash: '', rng: seededRng('s') });
    expect(failing(s)).toEqual(['S8']);
    const a = answerMember(s, secrets, { memberId: id(2), publicKey: own.publicKey.toHex() }, seededRng('q')) as KeyedSlotAnswer;
    expect(verifyKeyedSlot(s, sc.keys.get(id(2))!, a, 1).checks.find((c) => c.step === 'M1')!.ok).toBe(false);
  });
});

describe('the server operator and the key registry', () => {
  it('a member-key registration replayed for another member is refused (proof of possession names the member)', () => {
    const reg = proveMemberKey(sc.keys.get(id(0))!, sc.rosterId, id(0), seededRng('r'));
    expect(() => verifyMemberKeyRegistration(reg, sc.rosterId, id(0))).not.toThrow();
    expect(() => verifyMemberKeyRegistration(reg, sc.rosterId, id(1))).toThrow(/proof of possession/);
    expect(() => verifyMemberKeyRegistration(reg, 'another-roster', id(0))).toThrow(/proof of possession/);
  });

  it('a server that registers a key of its own (with a valid proof) for a keyless member is seen by that member (F1)', () => {
    const serverKey = generateMemberKey(seededRng('server'));
    const reg = proveMemberKey(serverKey, sc.rosterId, id(10), seededRng('r2'));
    expect(() => verifyMemberKeyRegistration(reg, sc.rosterId, id(10))).not.toThrow();
    const electorate = sc.electorate.map((m, j) => (j === 10 ? { ...m, publicKey: serverKey.publicKey.toHex() } : m));
    const keys = electorate.map((m) => tagBase(sc.rosterId, m));
    const plan = electorate.map((m, j) => ({ tag: keys[j]!.mulSecret(secrets.tagSecret), value: sc.writers.has(m.memberId) || j === 10 ? 1 : 0, randomness: secrets.randomnessFor(m.memberId) }));
    const s = assembleSeal({ header, tagSecret: secrets.tagSecret, memberKeys: keys, slots: plan, prevHash: '', rng: seededRng('t') });
    // A verifier reading the registry with the server's entry accepts the seal (the entry is validly proven) …
    const v = verifySeal(s, { ...expectationsOf(sc), memberKeys: expectedMemberKeys(sc.rosterId, electorate) });
    expect(v.ok).toBe(true);
    // … but the member, who holds no key, checks that their keyless base is listed: it is not.
    const honest = answerMember(assemble(honestPlan()), secrets, sc.electorate[10]!, seededRng('h')) as KeylessSlotAnswer;
    const mv = verifyKeylessSlot(s, id(10), { ...honest, sealHash: s.hash }, 0);
    expect(mv.checks.find((c) => c.step === 'F1')!.ok).toBe(false);
    expect(keylessBase(sc.rosterId, id(10)).toHex()).not.toBe(serverKey.publicKey.toHex());
  });
});

describe('the chair rolling back the key registry', () => {
  it('a chair who builds seal 2 from an older registry state (a member’s revoked key) is caught by the public S4 and by that member’s M1', () => {
    // mp-000 registered key A (registry seq 1), then rotated to key B (seq 2), e.g. after a whip learnt A.
    const oldKey = sc.keys.get(id(0))!;
    const newKey = generateMemberKey(seededRng('rotated'));
    const registry = [
      { seq: 1, memberId: id(0), publicKey: oldKey.publicKey.toHex() },
      { seq: 2, memberId: id(0), publicKey: newKey.publicKey.toHex() },
    ];
    const ids = sc.electorate.map((m) => m.memberId);
    const s1 = assemble(honestPlan());
    const rolledBack = electorateWithKeys(ids, registry, 1); // the chair names keyRegistrySeq 1
    const keys = rolledBack.map((m) => tagBase(sc.rosterId, m));
    const sec2 = deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, 2);
    const plan = rolledBack.map((m, j) => ({ tag: keys[j]!.mulSecret(sec2.tagSecret), value: sc.writers.has(m.memberId) ? 1 : 0, randomness: sec2.randomnessFor(m.memberId) }));
    const s2 = assembleSeal({ header: { ...header, seq: 2, keyRegistrySeq: 1 }, tagSecret: sec2.tagSecret, memberKeys: keys, slots: plan, prevHash: s1.hash, rng: seededRng('s2') });
    // A public verifier holding the previous seal refuses a registry older than the one that seal used (S4) …
    const v = verifySeal(s2, { denominator: 12, threshold: 4, previous: s1, memberKeys: expectedMemberKeys(sc.rosterId, rolledBack) });
    expect(v.checks.filter((c) => !c.ok).map((c) => c.step)).toEqual(['S4']);
    // … but the member, holding key B, does not find it listed (M1) nor any slot with their tag (M2).
    const a = answerMember(s2, sec2, rolledBack[0]!, seededRng('ans')) as KeyedSlotAnswer;
    const mv = verifyKeyedSlot(s2, { secretKey: newKey.secretKey, publicKey: newKey.publicKey }, a, 1);
    expect(mv.checks.filter((c) => !c.ok).map((c) => c.step)).toEqual(expect.arrayContaining(['M1', 'M2']));
  });
});

describe('a whip coercing an MP (receipt-freeness)', () => {
  it('a whip shown a keyed member’s slot proof learns nothing: the member can make an equally valid proof for the other value', () => {
    const s = sealOf(sc);
    const writer = sc.keys.get(id(1))!; // mp-001 wrote
    const { index } = findMySlot(s, writer);
    const real = answerMember(s, secrets, sc.electorate[1]!, seededRng('real')) as KeyedSlotAnswer;
    const fake = forgeSlotProof(s, writer, index, 0, seededRng('fake'));
    // What the whip can run with the public key: both "my slot holds 1" and "my slot holds 0" verify.
    expect(verifySlotProof(s, writer.publicKey, index, 1, real.proof)).toBe(true);
    expect(verifySlotProof(s, writer.publicKey, index, 0, fake)).toBe(true);
  });

  it('a whip cannot be handed a forged proof by someone without the member’s key (the DVP is sound for the member)', () => {
    const s = sealOf(sc);
    const writer = sc.keys.get(id(1))!;
    const { index } = findMySlot(s, writer);
    const other = generateMemberKey(seededRng('other'));
    const forged = forgeSlotProof(s, other, index, 0, seededRng('f'));
    expect(verifySlotProof(s, writer.publicKey, index, 0, forged)).toBe(false);
  });
});

describe('a database thief', () => {
  it('without the operator secret (kept outside the database) the derived openings are not the seal’s: nothing stored opens a slot', () => {
    const s = sealOf(sc);
    const guess = deriveSealSecrets(new TextEncoder().encode('a thief guesses the secret: 32+ bytes long.'), sc.procedureId, 1);
    const a = answerMember(s, guess, sc.electorate[0]!);
    expect(a).toBeNull(); // the thief's tag secret finds no slot at all
    expect(Point.fromHex(s.tagKey).equals(mulBase(secrets.tagSecret))).toBe(true);
  });
});
