import { beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../crypto/random';
import { initCrypto } from '../crypto/sodium';
import { countIrv } from '../count/irv';
import { RankingsSource } from '../count/types';
import { encryptRankings, encodeRowValues, mix, mixChain, PrefixDecryptor, PublishedSource, trusteeCeremony, verifyDecryptions, verifyMixChain } from './pipeline';

beforeAll(async () => {
  await initCrypto();
});

const EH = 'ab'.repeat(32);
const CANDIDATES = ['A', 'B', 'C', 'D'];
// A 3, B 2, C 2, D 1: D out (→ C), then B out (one ballot → A, one exhausted), then A wins 4 of 7 continuing
const RANKINGS = [[0], [0, 1], [0], [1], [1, 0], [2, 1], [2, 1, 0], [3, 2, 1]];

function setup(seed: string) {
  const rng = seededRng(seed);
  const trustees = trusteeCeremony(EH, 2, 3, rng);
  const ballots = encryptRankings(trustees.publicKey, RANKINGS, CANDIDATES.length, 3, rng);
  const steps = mixChain(EH, trustees.publicKey, ballots, 3, rng);
  return { rng, trustees, ballots, steps, last: steps[2]!.output };
}

describe('mix chain, prefix decryption and count', () => {
  it('3 mixers and 2-of-3 trustees give the plaintext count; only the needed preferences are decrypted; the verifier redoes it', () => {
    const s = setup('pipeline');
    expect(verifyMixChain(EH, s.trustees.publicKey, s.ballots, s.steps, 3)).toEqual([]);
    const decryptor = new PrefixDecryptor(EH, s.last, CANDIDATES.length, s.trustees.keys.slice(1), s.rng);
    const result = countIrv(decryptor, { candidates: CANDIDATES, tieBreak: 'backwards', seed: EH });
    const plain = countIrv(new RankingsSource(RANKINGS, 3), { candidates: CANDIDATES, tieBreak: 'backwards', seed: EH });
    expect(result).toEqual(plain);
    expect(result.elected).toEqual([0]);
    // 8 first preferences + D's second (C) + B's two seconds (A, and the blank that exhausts [1]): 11 of 24 cells
    expect(decryptor.decryptions.length).toBe(11);
    expect(decryptor.decryptions.filter((d) => d.rank === 0).length).toBe(8);
    const v = verifyDecryptions(EH, s.last, decryptor.decryptions, s.trustees.verificationKeys, 2);
    expect(v.failures).toEqual([]);
    const again = countIrv(new PublishedSource(s.last.length, 3, CANDIDATES.length, v.values), { candidates: CANDIDATES, tieBreak: 'backwards', seed: EH });
    expect(again).toEqual(result);
  });

  it('a mixer that replaces the previous output by its own rows (skipping mixer 2) — rejected by M3 on the chain link', () => {
    const s = setup('skip');
    // mixer 3 shuffles the ballots directly, ignoring mixer 2's output: the published chain no longer links
    const forged = mix(EH, 3, s.trustees.publicKey, s.ballots, s.rng);
    const failures = verifyMixChain(EH, s.trustees.publicKey, s.ballots, [s.steps[0]!, s.steps[1]!, forged], 3);
    expect(failures.map((f) => [f.check, f.mixer])).toEqual([['M3', 3]]);
  });

  it('a chain that leaves out a mixer, or names them out of order — rejected by M9', () => {
    const s = setup('order');
    expect(verifyMixChain(EH, s.trustees.publicKey, s.ballots, s.steps.slice(0, 2), 3).map((f) => f.check)).toEqual(['M9']);
    const swapped = verifyMixChain(EH, s.trustees.publicKey, s.ballots, [s.steps[1]!, s.steps[0]!, s.steps[2]!], 3);
    expect(swapped.map((f) => f.check)).toContain('M9');
  });

  it('ballots stuffed into the first mixer\'s input — the chain fails to link (M1: row counts differ)', () => {
    const s = setup('stuff');
    const stuffed = [...s.ballots, encodeRowValues(s.trustees.publicKey, [1, 0, 0], s.rng)];
    const f = verifyMixChain(EH, s.trustees.publicKey, stuffed, s.steps, 3);
    expect(f[0]).toMatchObject({ check: 'M1', mixer: 1 });
  });

  it('a trustee who publishes a false partial decryption (to change a preference) — rejected by M10 naming the trustee', () => {
    const s = setup('decrypt');
    const decryptor = new PrefixDecryptor(EH, s.last, CANDIDATES.length, s.trustees.keys.slice(0, 2), s.rng);
    countIrv(decryptor, { candidates: CANDIDATES, tieBreak: 'backwards', seed: EH });
    const ds = decryptor.decryptions.map((d) => ({ ...d, partials: [...d.partials] }));
    // trustee 2 adds G to its share of cell 0 and claims the value moved by one; its old proof no longer fits
    const d0 = ds[0]!;
    const p = d0.partials[1]!;
    d0.partials[1] = { ...p, share: p.share.add(s.trustees.publicKey) };
    const v = verifyDecryptions(EH, s.last, ds, s.trustees.verificationKeys, 2);
    expect(v.failures).toEqual([expect.objectContaining({ check: 'M10', row: d0.row, message: expect.stringMatching(/trustee 2/) })]);
    // a changed published value with honest partials
    const ds2 = decryptor.decryptions.map((d, i) => (i === 0 ? { ...d, value: d.value === 1 ? 2 : 1 } : d));
    expect(verifyDecryptions(EH, s.last, ds2, s.trustees.verificationKeys, 2).failures[0]).toMatchObject({ check: 'M10' });
    // too few partials
    const ds3 = decryptor.decryptions.map((d, i) => (i === 0 ? { ...d, partials: d.partials.slice(0, 1) } : d));
    expect(verifyDecryptions(EH, s.last, ds3, s.trustees.verificationKeys, 2).failures[0]).toMatchObject({ check: 'M10', message: expect.stringMatching(/1 partial/) });
  });

  it('a count that needs a preference nobody decrypted cannot be redone — M11', () => {
    const s = setup('withheld');
    const decryptor = new PrefixDecryptor(EH, s.last, CANDIDATES.length, s.trustees.keys.slice(0, 2), s.rng);
    countIrv(decryptor, { candidates: CANDIDATES, tieBreak: 'backwards', seed: EH });
    // the trustees withhold a later preference (e.g. to stop a transfer)
    const withheld = decryptor.decryptions.filter((d) => d.rank > 0).slice(1);
    const kept = decryptor.decryptions.filter((d) => d.rank === 0).concat(withheld);
    const v = verifyDecryptions(EH, s.last, kept, s.trustees.verificationKeys, 2);
    expect(v.failures).toEqual([]);
    const src = new PublishedSource(s.last.length, 3, CANDIDATES.length, v.values);
    expect(() => countIrv(src, { candidates: CANDIDATES, tieBreak: 'backwards', seed: EH })).toThrow(/not decrypted/);
  });
});
