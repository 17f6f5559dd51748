import { describe, expect, it } from 'vitest';
import { commit, seededRng } from '../../crypto';
import { buildSeal, parsePublicSeal, verifyMySlot, verifySeal, type PublicSeal } from './seal';

const electorate = Array.from({ length: 40 }, (_, i) => `m${i}`);
const base = { procedureId: 'p', seq: 1, on: '2022-06-05', electorate, threshold: 6, prevHash: '' };
const writers = (n: number) => new Set(electorate.slice(0, n));

describe('sealed count: a verifiable threshold announcement that hides the count', () => {
  it('announces "reached" at the threshold and "not-reached" one below, both verifiable', () => {
    const reached = buildSeal({ ...base, inForce: writers(6), rng: seededRng('a') });
    expect(reached.seal.outcome).toBe('reached');
    expect(verifySeal(reached.seal, { denominator: 40, threshold: 6, prevHash: '' }).ok).toBe(true);
    const below = buildSeal({ ...base, inForce: writers(5), rng: seededRng('b') });
    expect(below.seal.outcome).toBe('not-reached');
    expect(verifySeal(below.seal).ok).toBe(true);
  });

  it('publishes one slot per member of the electorate whatever the count', () => {
    for (const n of [0, 6, 40]) expect(buildSeal({ ...base, inForce: writers(n), rng: seededRng(`n${n}`) }).seal.slots).toHaveLength(40);
  });

  it('lets each member check their own slot: 1 if they wrote, 0 if not', () => {
    const { seal, openings } = buildSeal({ ...base, inForce: writers(6), rng: seededRng('c') });
    for (const o of openings) {
      expect(o.value).toBe(o.memberId < 'm6' && o.memberId.length === 2 ? 1 : 0);
      expect(verifyMySlot(seal, o)).toBe(true);
      expect(verifyMySlot(seal, { ...o, value: o.value === 1 ? 0 : 1 })).toBe(false);
    }
  });

  it('rejects a flipped outcome, a swapped or altered slot, a wrong denominator, and a broken chain', () => {
    const { seal } = buildSeal({ ...base, inForce: writers(5), rng: seededRng('d') });
    const rehash = (s: Omit<PublicSeal, 'hash'> & { hash?: string }) => s as PublicSeal;
    const failing = (s: PublicSeal, expected = {}) => verifySeal(s, expected).checks.filter((c) => !c.ok).map((c) => c.step);
    expect(failing({ ...seal, outcome: 'reached' })).toEqual(expect.arrayContaining(['S1', 'S6']));
    const other = buildSeal({ ...base, inForce: writers(5), rng: seededRng('e') }).seal;
    // A slot lifted from another seal carries a valid 0/1 proof, but the threshold proof binds every slot.
    expect(failing(rehash({ ...seal, slots: [other.slots[0]!, ...seal.slots.slice(1)] }))).toEqual(['S1', 'S6']);
    expect(failing(seal, { denominator: 41 })).toEqual(['S2']);
    expect(failing(seal, { threshold: 5 })).toEqual(['S3']);
    expect(failing(seal, { prevHash: 'f'.repeat(64) })).toEqual(['S4']);
    expect(failing({ ...seal, slots: seal.slots.slice(1), denominator: 39 })).toEqual(expect.arrayContaining(['S1']));
  });

  it('a chair cannot inflate the count: a slot committing to 2 fails its 0/1 proof', () => {
    const honest = buildSeal({ ...base, inForce: writers(5), rng: seededRng('f') });
    const two = commit(2, undefined, seededRng('two')).commitment.toHex();
    const forged = { ...honest.seal, slots: [{ ...honest.seal.slots[0]!, commitment: two }, ...honest.seal.slots.slice(1)] };
    const verdict = verifySeal(forged);
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.find((c) => c.step === 'S5')).toMatchObject({ ok: false, detail: 'slot 0 is not a valid 0/1 commitment' });
  });

  it('rejects a document that is not a seal with the fields at fault', () => {
    expect(() => parsePublicSeal({})).toThrow(/not a sealed count: version: .*\(and \d+ more\)/);
    const { seal } = buildSeal({ ...base, inForce: writers(1), rng: seededRng('h') });
    expect(parsePublicSeal(JSON.parse(JSON.stringify(seal)))).toEqual(seal);
    expect(() => parsePublicSeal({ ...seal, outcome: 'maybe' })).toThrow(/outcome/);
  });

  it('never puts a member id in the public seal', () => {
    const { seal } = buildSeal({ ...base, inForce: writers(6), rng: seededRng('g') });
    const text = JSON.stringify(seal);
    for (const m of electorate) expect(text).not.toContain(`"${m}"`);
  });
});
