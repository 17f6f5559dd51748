import { describe, expect, it } from 'vitest';
import { countIrv } from './irv';
import { buildProfile, scaleTable, type PublishedIrvTable } from './profile';
import { RankingsSource } from './types';

const SNP_2023: PublishedIrvTable = {
  candidates: ['Humza Yousaf', 'Kate Forbes', 'Ash Regan'],
  firstPreferences: [24336, 20559, 5599],
  exclusions: [{ candidate: 2, to: [1696, 3331, 0], exhausted: 572 }],
  rejected: 3,
};

describe('IRV with the majority of continuing ballots', () => {
  it('hand example: exclusion, transfer past an excluded candidate, exhaustion, majority of continuing only', () => {
    // A 4, B 3, C 2, D 1 (10 ballots). D → C; then C (3) vs B (3): tie, backwards: B had 3 > C's 2 at round 1 → C out.
    const ballots = [[0], [0], [0], [0], [1, 0], [1], [1], [2, 1], [2], [3, 2, 1]];
    const r = countIrv(new RankingsSource(ballots), { candidates: ['A', 'B', 'C', 'D'], tieBreak: 'backwards', seed: 's' });
    expect(r.rounds.map((x) => x.votes)).toEqual([
      ['4', '3', '2', '1'],
      ['4', '3', '3', null],
      ['4', '5', null, null],
    ]);
    expect(r.rounds[1]!.actions[0]).toMatchObject({ kind: 'excluded', candidates: [2], tie: { method: 'backwards', settledBy: 1 } });
    // C's three ballots: [2,1] → B, [2] exhausted, [3,2,1] (came from D) → B
    expect(r.rounds[1]!.transfers[0]).toEqual({ from: 2, to: ['0', '2', '0', '0'], exhausted: '1' });
    expect(r.rounds[2]).toMatchObject({ continuing: '9', exhausted: '1' });
    // 5 of 9 continuing is a majority although 5 of 10 valid is not
    expect(r.elected).toEqual([1]);
  });

  it('reproduces the SNP 2023 leadership table from a profile built from it', () => {
    const r = countIrv(new RankingsSource(buildProfile(SNP_2023)), { candidates: SNP_2023.candidates, tieBreak: 'lot', seed: 's' });
    expect(r.valid).toBe(50494);
    expect(r.rounds[0]!.votes).toEqual(['24336', '20559', '5599']);
    expect(r.rounds[0]!.transfers[0]).toEqual({ from: 2, to: ['1696', '3331', '0'], exhausted: '572' });
    expect(r.rounds[1]!).toMatchObject({ votes: ['26032', '23890', null], continuing: '49922', exhausted: '572' });
    expect(r.elected).toEqual([0]);
  });

  it('a scaled table stays consistent and still elects the same candidate', () => {
    const t = scaleTable(SNP_2023, 0.01);
    expect(t.firstPreferences).toEqual([243, 206, 56]);
    const moved = t.exclusions[0]!;
    expect(moved.to.reduce((a, b) => a + b, 0) + moved.exhausted).toBe(56);
    const r = countIrv(new RankingsSource(buildProfile(t)), { candidates: t.candidates, tieBreak: 'lot', seed: 's' });
    expect(r.elected).toEqual([0]);
  });

  it('a lot is reproducible from the seed and recorded', () => {
    const ballots = [[0], [1], [2], [2]];
    const a = countIrv(new RankingsSource(ballots), { candidates: ['A', 'B', 'C'], tieBreak: 'lot', seed: 'election-1' });
    const b = countIrv(new RankingsSource(ballots), { candidates: ['A', 'B', 'C'], tieBreak: 'lot', seed: 'election-1' });
    expect(a).toEqual(b);
    expect(a.rounds[0]!.actions[0]!.tie).toMatchObject({ method: 'lot', settledBy: 'lot' });
    expect(a.rounds[0]!.actions[0]!.tie!.among.sort()).toEqual([0, 1]);
  });

  it('the profile builder refuses a table whose transfers do not add up', () => {
    expect(() => buildProfile({ ...SNP_2023, exclusions: [{ candidate: 2, to: [1696, 3331, 0], exhausted: 571 }] })).toThrow(/moves 5598/);
  });
});
