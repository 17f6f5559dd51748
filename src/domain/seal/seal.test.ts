import { beforeAll, describe, expect, it } from 'vitest';
import { activeBackend, commit, initCrypto, seededRng, setBackend } from '../../crypto';
import { FIXTURE_SECRET, expectationsOf, scenario, sealOf } from './fixtures';
import { answerMember, findMySlot, verifyKeyedSlot, verifyKeylessSlot, type KeyedSlotAnswer, type KeylessSlotAnswer } from './member-check';
import { generateMemberKey, keylessBase, memberKeyFile, parseMemberKeyFile, proveMemberKey, verifyMemberKeyRegistration } from './member-key';
import { deriveSealSecrets, parsePublicSeal, sealBits, sealHash, verifySeal, type PublicSeal } from './seal';

const sc = scenario({ n: 40, keyed: 30, writers: 6, threshold: 6 });
const failing = (s: PublicSeal, exp = expectationsOf(sc)) => verifySeal(s, exp).checks.filter((c) => !c.ok).map((c) => c.step);
const rehash = (s: PublicSeal): PublicSeal => {
  const { hash: _h, ...body } = s;
  return { ...body, hash: sealHash(body) };
};
const secrets = (seq = 1) => deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, seq);
const expectedOf = (memberId: string): 0 | 1 => (sc.writers.has(memberId) ? 1 : 0);

beforeAll(async () => {
  await initCrypto();
});

describe('sealed count: a verifiable threshold announcement that hides the count', () => {
  it('announces "reached" at the threshold and "not-reached" one below; S1–S9 pass', () => {
    const reached = sealOf(sc);
    expect(reached.outcome).toBe('reached');
    const v = verifySeal(reached, expectationsOf(sc));
    expect(v.checks.map((c) => c.step)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9']);
    expect(v.ok).toBe(true);
    const below = sealOf(sc, { writers: new Set([...sc.writers].slice(1)) });
    expect(below.outcome).toBe('not-reached');
    expect(verifySeal(below, expectationsOf(sc)).ok).toBe(true);
  });

  it('publishes one slot and one member key per member of the electorate whatever the count, in tag order', () => {
    for (const w of [0, 6, 40]) {
      const s = sealOf(sc, { writers: new Set(sc.electorate.slice(0, w).map((m) => m.memberId)) });
      expect(s.slots).toHaveLength(40);
      expect(s.memberKeys).toHaveLength(40);
      expect(s.slots.map((x) => x.tag)).toEqual([...s.slots.map((x) => x.tag)].sort());
    }
  });

  it('a verifier that lacks the denominator, threshold, previous seal or key registry fails S2, S3, S4, S8 ("not checked"), never passes them silently', () => {
    const s = sealOf(sc);
    const v = verifySeal(s, { denominator: undefined, threshold: undefined, previous: undefined, memberKeys: undefined });
    expect(v.checks.filter((c) => !c.ok).map((c) => c.step)).toEqual(['S2', 'S3', 'S4', 'S8']);
    expect(v.checks.find((c) => c.step === 'S2')!.detail).toMatch(/^not checked/);
  });

  it('each member with a key finds their own slot and checks its value (M1–M3); a keyless member uses the opening (F1–F3)', () => {
    const seal = sealOf(sc);
    const seen = new Set<number>();
    for (const m of sc.electorate) {
      const answer = answerMember(seal, secrets(), m, seededRng(`a-${m.memberId}`))!;
      expect(answer.value).toBe(expectedOf(m.memberId));
      seen.add(answer.slot);
      const key = sc.keys.get(m.memberId);
      if (key) {
        expect(answer.mode).toBe('keyed');
        expect(findMySlot(seal, key)).toEqual({ index: answer.slot, matches: 1 });
        expect(verifyKeyedSlot(seal, key, answer as KeyedSlotAnswer, expectedOf(m.memberId)).ok).toBe(true);
        const wrong = verifyKeyedSlot(seal, key, answer as KeyedSlotAnswer, expectedOf(m.memberId) === 1 ? 0 : 1);
        expect(wrong.checks.filter((c) => !c.ok).map((c) => c.step)).toEqual(['M3']);
        expect(answer).not.toHaveProperty('randomness');
      } else {
        expect(answer.mode).toBe('keyless');
        expect(verifyKeylessSlot(seal, m.memberId, answer as KeylessSlotAnswer, expectedOf(m.memberId)).ok).toBe(true);
        // Another keyless member cannot be shown this slot as theirs.
        const other = sc.electorate.find((x) => !x.publicKey && x.memberId !== m.memberId)!;
        expect(verifyKeylessSlot(seal, other.memberId, answer as KeylessSlotAnswer, expectedOf(m.memberId)).checks.find((c) => c.step === 'F2')!.ok).toBe(false);
      }
    }
    expect(seen.size).toBe(40);
  });

  it('the chair re-derives every opening from the operator secret: nothing per member needs storing, and another secret opens nothing', () => {
    const seal = sealOf(sc);
    const m = sc.electorate[0]!;
    const again = answerMember(seal, secrets(), m)!;
    expect(again.slot).toBe(answerMember(seal, secrets(), m)!.slot);
    expect(answerMember(seal, deriveSealSecrets(new Uint8Array(32).fill(7), sc.procedureId, 1), m)).toBeNull();
    expect(() => deriveSealSecrets(new Uint8Array(16), 'p', 1)).toThrow(/at least 32 bytes/);
  });

  it('rejects a flipped outcome, a lifted slot, a wrong denominator or threshold, and a broken chain, each with its check', () => {
    const seal = sealOf(sc, { writers: new Set([...sc.writers].slice(1)) });
    expect(failing({ ...seal, outcome: 'reached' })).toEqual(['S1', 'S6']);
    // A slot lifted from another seal (another seq, so other tags and openings): the threshold proof binds
    // every slot and the binding proof every tag. (The same seal re-proved with fresh nonces is benign: same
    // tag and commitment, another valid proof of the same statement.)
    const other = sealOf(sc, { seq: 2, rng: seededRng('other') });
    const lifted = rehash({ ...seal, slots: [other.slots[0]!, ...seal.slots.slice(1)] });
    expect(failing(lifted)).toEqual(expect.arrayContaining(['S6', 'S9']));
    expect(failing(seal, { ...expectationsOf(sc), denominator: 41 })).toEqual(['S2']);
    expect(failing(seal, { ...expectationsOf(sc), threshold: 5 })).toEqual(['S3']);
    const first = sealOf(sc);
    expect(failing(seal, expectationsOf(sc, first))).toEqual(['S4']);
    const second = sealOf(sc, { seq: 2, prevHash: first.hash, on: '2022-06-06' });
    expect(failing(second, expectationsOf(sc, first))).toEqual([]);
    expect(failing(second, expectationsOf(sc, null))).toEqual(['S4']);
  });

  it('a chair cannot inflate the count: a slot committing to 2 fails its 0/1 proof (S5)', () => {
    const honest = sealOf(sc);
    const two = commit(2, undefined, seededRng('two')).commitment.toHex();
    const forged = rehash({ ...honest, slots: [{ ...honest.slots[0]!, commitment: two }, ...honest.slots.slice(1)] });
    const verdict = verifySeal(forged, expectationsOf(sc));
    expect(verdict.checks.find((c) => c.step === 'S5')).toMatchObject({ ok: false, detail: 'slot 0 is not a valid 0/1 commitment' });
  });

  it('requires exactly sealBits(n, t) bits in the threshold proof', () => {
    expect(sealBits(359, 54)).toBe(9);
    expect(sealBits(650, 98)).toBe(10);
    expect(sealBits(0, 0)).toBe(1);
  });

  it('rejects a document that is not a seal with the fields at fault', () => {
    expect(() => parsePublicSeal({})).toThrow(/not a sealed count: version: .*\(and \d+ more\)/);
    const seal = sealOf(sc);
    expect(parsePublicSeal(JSON.parse(JSON.stringify(seal)))).toEqual(seal);
    expect(() => parsePublicSeal({ ...seal, outcome: 'maybe' })).toThrow(/outcome/);
    expect(() => parsePublicSeal({ ...seal, extra: 1 })).toThrow(/extra|Unrecognized/);
  });

  it('never puts a member id in the public seal, and a keyless base is not a registered key', () => {
    const seal = sealOf(sc);
    const text = JSON.stringify(seal);
    for (const m of sc.electorate) expect(text).not.toContain(m.memberId);
    expect(keylessBase(sc.rosterId, 'mp-000').equals(keylessBase(sc.rosterId, 'mp-001'))).toBe(false);
    expect(keylessBase('other-roster', 'mp-000').equals(keylessBase(sc.rosterId, 'mp-000'))).toBe(false);
  });

  it('derives the same keyless base with libsodium and with noble (RFC 9496 element derivation)', () => {
    const before = activeBackend();
    const fast = keylessBase('commons-2019', 'anna-firth').toHex();
    setBackend('noble');
    try {
      expect(keylessBase('commons-2019', 'anna-firth').toHex()).toBe(fast);
    } finally {
      setBackend(before);
    }
  });
});

describe('member keys: generated on the member\u2019s device, registered with a proof of possession', () => {
  it('accepts the proof for the member it names and rejects it for any other member or roster', () => {
    const key = generateMemberKey(seededRng('k'));
    const reg = proveMemberKey(key, 'r1', 'alice', seededRng('p'));
    expect(verifyMemberKeyRegistration(reg, 'r1', 'alice').equals(key.publicKey)).toBe(true);
    expect(() => verifyMemberKeyRegistration(reg, 'r1', 'bob')).toThrow(/proof of possession/);
    expect(() => verifyMemberKeyRegistration(reg, 'r2', 'alice')).toThrow(/proof of possession/);
    const stranger = generateMemberKey(seededRng('s'));
    expect(() => verifyMemberKeyRegistration({ ...reg, publicKey: stranger.publicKey.toHex() }, 'r1', 'alice')).toThrow(/proof of possession/);
    expect(() => verifyMemberKeyRegistration({ ...reg, publicKey: '00'.repeat(32) }, 'r1', 'alice')).toThrow(/identity/);
  });

  it('exports and re-imports a key file, refusing one whose secret does not match', () => {
    const key = generateMemberKey(seededRng('f'));
    const file = memberKeyFile(key, 'r1', 'alice');
    expect(parseMemberKeyFile(JSON.parse(JSON.stringify(file))).key.publicKey.equals(key.publicKey)).toBe(true);
    expect(() => parseMemberKeyFile({ ...file, publicKey: generateMemberKey(seededRng('g')).publicKey.toHex() })).toThrow(/does not match/);
    expect(() => parseMemberKeyFile({ format: 'x' })).toThrow(/not a member key file/);
  });
});
