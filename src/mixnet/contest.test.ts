import { beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../crypto/random';
import { initCrypto } from '../crypto/sodium';
import { PREFERENTIAL_RULEBOOKS } from '../count/presets';
import { buildProfile } from '../count/profile';
import { RankingsSource } from '../count/types';
import { compareWithPublished, runCount, simulateContest, verifyContest, type ContestRecord } from './contest';

beforeAll(async () => {
  await initCrypto();
});

const clone = (r: ContestRecord): ContestRecord => JSON.parse(JSON.stringify(r));

describe('preset tables at full scale (plain count of the profile built from each published table)', () => {
  for (const rb of Object.values(PREFERENTIAL_RULEBOOKS)) {
    it(`${rb.id} reproduces the published rounds and winner`, () => {
      const count = runCount(rb.method, new RankingsSource(buildProfile(rb.published), rb.rankCap), { candidates: rb.published.candidates, seats: rb.seats, tieBreak: rb.tieBreak, seed: rb.id });
      expect(compareWithPublished(count, rb)).toEqual([]);
    });
  }
  it('Labour 2020 deputy: Rayner has 52.6% of 435,445 continuing ballots in the final round', () => {
    const rb = PREFERENTIAL_RULEBOOKS['labour-2020-deputy']!;
    const count = runCount('irv', new RankingsSource(buildProfile(rb.published), 5), { candidates: rb.published.candidates, seats: 1, tieBreak: 'backwards', seed: 's' });
    const last = count.rounds.at(-1)!;
    expect(last.continuing).toBe('435445');
    expect(((Number(last.votes[0]) / 435445) * 100).toFixed(1)).toBe('52.6');
    expect(count.rounds.length).toBe(3);
  });
});

describe('simulated preferential contest through the mixnet', () => {
  let snp: ContestRecord;
  beforeAll(() => {
    snp = simulateContest({ rulebook: 'snp-2023', scale: 0.002, rng: seededRng('snp') });
  });

  it('SNP 2023 at small scale: verifies, and the verified table is the scaled published table', () => {
    const v = verifyContest(snp);
    expect(v.failures).toEqual([]);
    expect(v.count).toEqual(snp.count);
    expect(snp.count.rounds.map((r) => r.votes)).toEqual([
      ['49', '41', '11'],
      ['52', '48', null],
    ]);
    expect(v.decryptedCells).toBeLessThan(v.totalCells / 2);
  });

  it('Labour 2020 deputy at small scale: three rounds, verified', () => {
    const lab = simulateContest({ rulebook: 'labour-2020-deputy', scale: 0.0002, rng: seededRng('lab') });
    const v = verifyContest(lab);
    expect(v.failures).toEqual([]);
    expect(v.count!.rounds.length).toBe(3);
    expect(v.count!.elected).toEqual([0]);
  });

  it('a published table that does not follow from the decryptions (a changed winner) — M11', () => {
    const r = clone(snp);
    r.count.elected = [1];
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M11' });
  });

  it('withholding the decryption of a transferred ballot (to stop a transfer) — M11', () => {
    const r = clone(snp);
    const i = r.decryptions.findIndex((d) => d.rank === 1);
    r.decryptions.splice(i, 1);
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M11', message: expect.stringMatching(/not decrypted/) });
  });

  it('an operator who replaces the ballots that entered the mixnet — M3 (mixer 1 proved another input)', () => {
    const r = clone(snp);
    [r.ballots[0], r.ballots[1]] = [r.ballots[1]!, r.ballots[0]!];
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M3', mixer: 1 });
  });

  it('a changed manifest (another rulebook or key after the fact) — every proof is bound to the election hash: M3', () => {
    const r = clone(snp);
    r.manifest.tieBreak = 'backwards';
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M3' });
  });

  it('a record with a non-canonical element — M2', () => {
    const r = clone(snp);
    r.mixes[1]!.output[0]![0]![0] = 'ff'.repeat(32);
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M2' });
  });
});
