import { describe, expect, it } from 'vitest';
import { countScottishStv } from './stv-scottish';
import { RankingsSource } from './types';

describe('Scottish STV (WIGM, 5 decimals)', () => {
  it('hand example: quota, surplus at a truncated transfer value, exclusion, last seat', () => {
    // 2 seats, 12 ballots: quota = ⌊12/3⌋ + 1 = 5.
    // A: 7 first preferences (4 × A,B ; 3 × A,C), B: 2, C: 2, D: 1 (D,C)
    const ballots = [
      ...Array.from({ length: 4 }, () => [0, 1]),
      ...Array.from({ length: 3 }, () => [0, 2]),
      [1],
      [1],
      [2],
      [2],
      [3, 2],
    ];
    const r = countScottishStv(new RankingsSource(ballots), { candidates: ['A', 'B', 'C', 'D'], seats: 2, tieBreak: 'backwards', seed: 's' });
    expect(r.quota).toBe('5');
    // stage 1: A elected with 7, surplus 2; each of A's 7 ballots moves with ⌊2/7⌋₅ = 0.28571
    expect(r.rounds[0]!.actions[0]).toEqual({ kind: 'elected', candidates: [0] });
    expect(r.rounds[0]!.transfers[0]).toMatchObject({ from: 0, to: ['0', '1.14284', '0.85713', '0'], exhausted: '0', lost: '0.00003', value: '2/7' });
    // stage 2: B 3.14284, C 2.85713, D 1 → D excluded, its ballot to C at value 1
    expect(r.rounds[1]!.votes).toEqual(['5', '3.14284', '2.85713', '1']);
    expect(r.rounds[1]!.actions[0]).toEqual({ kind: 'excluded', candidates: [3] });
    // stage 3: B 3.14284 vs C 3.85713: two hopefuls for one seat, no quota → B excluded; then C is the last hopeful
    expect(r.rounds[2]!.votes).toEqual(['5', '3.14284', '3.85713', null]);
    expect(r.elected).toEqual([0, 2]);
    expect(r.rounds.at(-1)!.lost).toBe('0.00003');
  });

  it('one seat behaves as IRV with the quota of all valid votes', () => {
    const ballots = [[0], [0], [0], [1, 0], [1], [1], [2, 1], [2, 1]];
    const r = countScottishStv(new RankingsSource(ballots), { candidates: ['A', 'B', 'C'], seats: 1, tieBreak: 'backwards', seed: 's' });
    expect(r.quota).toBe('5');
    expect(r.elected).toEqual([1]);
    expect(r.rounds[1]!.votes).toEqual(['3', '5', null]);
  });
});
