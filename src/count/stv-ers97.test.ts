import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from './rational';
import { countErs97, ers97Quota } from './stv-ers97';
import { RankingsSource } from './types';

const rep = (n: number, ranking: number[]) => Array.from({ length: n }, () => ranking);
const count = (ballots: number[][], candidates: string[], seats: number) =>
  countErs97(new RankingsSource(ballots), { candidates, seats, tieBreak: 'forwards', seed: 'ers97' });

// Every figure below was worked by hand from the ERS97 rules (paragraph numbers in src/count/stv-ers97.ts).
describe('ERS97 STV', () => {
  it('5.1.6 quota: exact to two decimals, or truncated plus 0.01', () => {
    expect(ers97Quota(Rational.of(28), 3).toString()).toBe('7');
    expect(ers97Quota(Rational.of(29), 3).toString()).toBe('7.25');
    expect(ers97Quota(Rational.of(23), 2).toString()).toBe('7.67'); // 7.666… → 7.66 + 0.01
    expect(ers97Quota(Rational.of(24), 2).toString()).toBe('8');
  });

  it('a first-stage surplus moves every paper at surplus ÷ papers truncated to 0.01; the difference is non-transferable', () => {
    // 23 valid, 2 seats: quota 7.67. A 10 → surplus 2.33 over 10 papers → 0.23 each (0.03 lost).
    const r = count([...rep(7, [0, 1]), ...rep(3, [0, 2]), ...rep(4, [1]), ...rep(5, [2]), ...rep(4, [3, 2])], ['A', 'B', 'C', 'D'], 2);
    expect(r.quota).toBe('7.67');
    expect(r.rounds[0]!.transfers[0]).toEqual({ from: 0, to: ['0', '1.61', '0.69', '0'], exhausted: '0', lost: '0.03', value: '0.23' });
    // B 5.61, C 5.69, D 4: D alone is excluded (D + B = 9.61 exceeds C), its 4 papers go to C at value 1
    expect(r.rounds[1]!.votes).toEqual(['7.67', '5.61', '5.69', '4']);
    expect(r.rounds[1]!.actions).toEqual([{ kind: 'excluded', candidates: [3] }]);
    expect(r.rounds[2]!.votes).toEqual(['7.67', '5.61', '9.69', null]);
    expect(r.elected).toEqual([0, 2]);
    expect(r.rounds[2]!.continuing).toBe('22.97');
  });

  it('5.2.2 defers a surplus that cannot save the lowest group, and 5.2.5 excludes that group together', () => {
    // 28 valid, 3 seats: quota 7. A 9 and B 7 elected; A's surplus 2 does not exceed D 4 − (E 0 + F 1 + G 1),
    // so it is deferred and E, F, G are excluded at once (their 2 + the deferred 2 do not exceed D's 4).
    const r = count([...rep(9, [0, 4]), ...rep(7, [1]), ...rep(6, [2]), ...rep(4, [3, 4, 1]), ...rep(1, [5, 3]), ...rep(1, [6, 3])], ['A', 'B', 'C', 'D', 'E', 'F', 'G'], 3);
    expect(r.quota).toBe('7');
    expect(r.rounds[0]!.actions).toEqual([
      { kind: 'elected', candidates: [0, 1] },
      { kind: 'excluded', candidates: [4, 5, 6] },
    ]);
    expect(r.rounds[0]!.transfers[0]).toMatchObject({ from: 4, group: [4, 5, 6], to: ['0', '0', '0', '2', '0', '0', '0'] });
    // C 6 and D 6: now the surplus must go (nothing can be excluded together); A's papers name only E: non-transferable
    expect(r.rounds[1]!.actions).toEqual([{ kind: 'surplus', candidates: [0] }]);
    expect(r.rounds[1]!.transfers[0]).toMatchObject({ exhausted: '2', lost: '0', value: '1' });
    // Total active vote 12 ÷ (1 + 1) = 6: C and D both reach it for one place; C was ahead at the first stage (5.6.2)
    expect(r.rounds[2]!.actions).toEqual([{ kind: 'elected', candidates: [2], tie: { method: 'forwards', among: [2, 3], settledBy: 1 } }]);
    expect(r.elected).toEqual([0, 1, 2]);
  });

  it('5.4.8 recalculates the quota without the non-transferable vote while nobody is elected', () => {
    // 13 valid, 2 seats: quota 4.34; D's 2 papers go nowhere, so the quota becomes 11 ÷ 3 → 3.67 and A and B are elected.
    const r = count([...rep(4, [0]), ...rep(4, [1]), ...rep(3, [2, 0]), ...rep(2, [3])], ['A', 'B', 'C', 'D'], 2);
    expect(r.rounds[0]!.transfers[0]).toMatchObject({ from: 3, exhausted: '2' });
    expect(r.quota).toBe('3.67');
    expect(r.rounds[1]!.actions).toEqual([{ kind: 'elected', candidates: [0, 1] }]);
  });

  it('5.4 excludes in batches of equal value, highest first, each a sub-stage', () => {
    // 23 valid, 2 seats: quota 7.67. A 12 → 4.33 over 12 papers → 0.36. X then holds 2 papers at 1 and 2 at 0.36.
    const r = count([...rep(10, [0, 2]), ...rep(2, [0, 1, 3]), ...rep(2, [1, 3]), ...rep(4, [2]), ...rep(5, [3])], ['A', 'X', 'Y', 'Z'], 2);
    expect(r.rounds[1]!.actions).toEqual([{ kind: 'excluded', candidates: [1] }]);
    expect(r.rounds[1]!.transfers[0]).toMatchObject({ from: 1, to: ['0', '0', '0', '2'], value: '1' });
    expect(r.rounds[2]!.actions).toEqual([]);
    expect(r.rounds[2]!.transfers[0]).toMatchObject({ from: 1, to: ['0', '0', '0', '0.72'], value: '0.36' });
    expect(r.rounds[3]!.votes).toEqual(['7.67', null, '7.6', '7.72']);
    expect(r.elected).toEqual([0, 3]);
  });

  it('5.3.2 a later surplus moves only the last parcel received', () => {
    // 29 valid, 3 seats: quota 7.25. A's 4.75 moves to B at 0.39 (B 10.68). B's surplus 3.43 moves only those 12 papers
    // (at 3.43 ÷ 12 → 0.28, to C), not B's 6 first preferences, which also name C.
    const r = count([...rep(12, [0, 1, 2]), ...rep(6, [1, 2]), ...rep(3, [3, 1]), ...rep(4, [2]), ...rep(4, [4])], ['A', 'B', 'C', 'D', 'E'], 3);
    expect(r.rounds[1]!.transfers[0]).toEqual({ from: 1, to: ['0', '0', '3.36', '0', '0'], exhausted: '0', lost: '0.07', value: '0.28' });
    expect(r.rounds[2]!.votes).toEqual(['7.25', '7.25', '7.36', '3', '4']);
    expect(r.elected).toEqual([0, 1, 2]);
  });

  it('keeps every vote to 0.01, conserves the valid vote at every stage, and fills every place', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 5 }), { minLength: 4, maxLength: 60 }),
        fc.integer({ min: 1, max: 3 }),
        (ballots, seats) => {
          const names = ['A', 'B', 'C', 'D', 'E', 'F'];
          const r = count(ballots, names, seats);
          expect(new Set(r.elected).size).toBe(seats);
          for (const round of r.rounds) {
            const sum = Rational.parse(round.continuing).add(Rational.parse(round.exhausted)).add(Rational.parse(round.lost));
            expect(sum.toString()).toBe(String(r.valid));
            for (const v of round.votes) if (v !== null) expect(Rational.parse(v).truncate(2).toString()).toBe(v);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
