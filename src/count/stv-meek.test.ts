import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from './rational';
import { countMeek } from './stv-meek';
import { countScottishStv } from './stv-scottish';
import { RankingsSource } from './types';

const rep = (n: number, r: number[]) => Array.from({ length: n }, () => r);

describe('Meek STV (9 decimals)', () => {
  it('hand example: A\'s keep value converges to quota / 60 and the surplus elects B', () => {
    const ballots = [...rep(60, [0, 1]), ...rep(30, [2]), ...rep(10, [1])];
    const r = countMeek(new RankingsSource(ballots), { candidates: ['A', 'B', 'C'], seats: 2, tieBreak: 'backwards', seed: 's' });
    expect(r.elected).toEqual([0, 1]);
    const first = r.rounds[0]!;
    // quota = ⌊100/3⌋₉ + 10⁻⁹ = 33.333333334. Iteration 1: A 60 ≥ quota, elected; k_A ← ⌈33.333333334 / 60⌉₉ =
    // 0.555555556 (0.55555555557 rounded up); iteration 2: A keeps 33.33333336, B gets 10 + 26.66666664 = 36.66666664 ≥ quota: elected too.
    expect(first.actions[0]).toEqual({ kind: 'elected', candidates: [0, 1] });
    expect(first.iterations).toBe(2);
    expect(first.keepValues).toEqual(['0.555555556', '1', '1']);
    expect(first.votes).toEqual(['33.33333336', '36.66666664', '30']);
    expect(r.quota).toBe('33.333333334');
  });

  it('Meek passes votes through an elected candidate where WIGM does not (the two rules differ)', () => {
    // 2 seats. A is elected on first preferences; C's excluded ballots rank A then D. Under WIGM they skip A
    // (already elected) and go to D at full value; under Meek A keeps part of each at its keep value.
    const ballots = [...rep(40, [0]), ...rep(25, [1]), ...rep(20, [3]), ...rep(15, [2, 0, 3])];
    const names = ['A', 'B', 'C', 'D'];
    const meek = countMeek(new RankingsSource(ballots), { candidates: names, seats: 2, tieBreak: 'backwards', seed: 's' });
    const wigm = countScottishStv(new RankingsSource(ballots), { candidates: names, seats: 2, tieBreak: 'backwards', seed: 's' });
    expect(wigm.elected).toEqual([0, 3]);
    expect(meek.elected[0]).toBe(0);
    const lastMeek = meek.rounds.at(-1)!;
    expect(Rational.parse(lastMeek.votes[3]!).lt(Rational.of(35))).toBe(true); // D gets less than the 20 + 15
  });

  it('conserves every ballot: Σ votes + exhausted = valid in every round; fills every seat (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }), { minLength: 3, maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        (ballots, seats) => {
          const r = countMeek(new RankingsSource(ballots, 4), { candidates: ['A', 'B', 'C', 'D', 'E'], seats, tieBreak: 'lot', seed: 'x' });
          expect(new Set(r.elected).size).toBe(seats);
          for (const round of r.rounds) {
            const sum = round.votes.reduce((s, v) => (v ? s.add(Rational.parse(v)) : s), Rational.parse(round.exhausted));
            expect(sum.eq(Rational.of(r.valid))).toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
