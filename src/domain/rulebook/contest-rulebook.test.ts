import { describe, expect, it } from 'vitest';
import { CONTEST_RULEBOOK_PRESETS, findContestRulebook, maxCandidates, parseContestRulebook, passesThreshold, resolveVotes, roundRule, summariseContestRulebook } from './contest-presets';

const summer = findContestRulebook('conservative-2022-summer');
const october = findContestRulebook('conservative-2022-october');
const r2019 = findContestRulebook('conservative-2019');
const r2024 = findContestRulebook('conservative-2024');

describe('contest rulebook presets (procedures.md §1)', () => {
  it('summer 2022: 20 nominators with proposer and seconder; round 1 at least 30; round 2 at least 30 and the lowest out; then the lowest out; final two to members of 3 months', () => {
    expect(summer.nominations).toMatchObject({ required: 20, proposerAndSeconder: true, onePerMember: true });
    expect(roundRule(summer, 1)).toEqual({ threshold: { comparison: 'at-least', votes: { kind: 'absolute', count: 30 } }, eliminateLowest: false });
    expect(roundRule(summer, 2)).toMatchObject({ eliminateLowest: true, threshold: { votes: { count: 30 } } });
    expect(roundRule(summer, 5)).toEqual({ threshold: null, eliminateLowest: true });
    expect(summer.rounds.stopAt).toBe(2);
    expect(summer.rounds.finalMayNotWithdraw).toBe(true);
    expect(summer.members?.minMembershipMonths).toBe(3);
  });
  it('October 2022: 100 nominators, so 357 MPs admit at most 3 candidates; one valid nomination is elected unopposed', () => {
    expect(october.nominations.required).toBe(100);
    expect(maxCandidates(october, 357)).toBe(3);
    expect(october.nominations.unopposedElected).toBe(true);
  });
  it('2019: 8 nominators; at least 17 in round 1 and 33 in round 2 (33 exactly passes)', () => {
    expect(r2019.nominations.required).toBe(8);
    expect(passesThreshold(roundRule(r2019, 1), 17, 313)).toBe(true);
    expect(passesThreshold(roundRule(r2019, 1), 16, 313)).toBe(false);
    expect(passesThreshold(roundRule(r2019, 2), 33, 313)).toBe(true);
    expect(passesThreshold(roundRule(r2019, 2), 32, 313)).toBe(false);
  });
  it('2024: 10 nominators; the rounds pause at 4 and stop at 2', () => {
    expect(r2024.nominations.required).toBe(10);
    expect(r2024.rounds).toMatchObject({ pauseAt: 4, stopAt: 2 });
  });
  it('every preset validates and has a human summary', () => {
    for (const r of CONTEST_RULEBOOK_PRESETS) {
      expect(parseContestRulebook(r)).toEqual(r);
      expect(summariseContestRulebook(r).length).toBeGreaterThan(2);
    }
  });
});

describe('thresholds: at least / more than, absolute / fraction of the electorate', () => {
  it('resolves fractions with exact integer rounding', () => {
    expect(resolveVotes({ kind: 'fraction', numerator: 1, denominator: 10, rounding: 'up' }, 358)).toBe(36);
    expect(resolveVotes({ kind: 'fraction', numerator: 1, denominator: 10, rounding: 'down' }, 358)).toBe(35);
    expect(resolveVotes({ kind: 'fraction', numerator: 1, denominator: 10, rounding: 'nearest' }, 355)).toBe(36);
  });
  it('distinguishes "more than" from "at least"', () => {
    const more = { threshold: { comparison: 'more-than' as const, votes: { kind: 'absolute' as const, count: 30 } }, eliminateLowest: false };
    expect(passesThreshold(more, 30, 358)).toBe(false);
    expect(passesThreshold(more, 31, 358)).toBe(true);
  });
});

describe('bad rulebooks are refused with the path of each problem', () => {
  it('a pause below the stop, a proposer with one nominator, no members with a stop at 2', () => {
    expect(() => parseContestRulebook({ ...summer, rounds: { ...summer.rounds, pauseAt: 2 } })).toThrow(/rounds.pauseAt: pauseAt must be above stopAt/);
    expect(() => parseContestRulebook({ ...summer, nominations: { ...summer.nominations, required: 1 } })).toThrow(/nominations.required/);
    expect(() => parseContestRulebook({ ...summer, members: null })).toThrow(/rounds.stopAt/);
    expect(() => parseContestRulebook({ ...summer, rounds: { ...summer.rounds, tie: 'coin' } })).toThrow(/rounds.tie/);
    expect(() => findContestRulebook('nope')).toThrow(/no contest rulebook/);
  });
});
