import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../../data/commons-2019';
import { thresholdOn } from './denominator';
import { decideBallot } from './outcome';
import { findRulebook, parseRulebook, RULEBOOK_PRESETS, summariseRulebook } from './presets';
import { thresholdFor, thresholdReached } from './threshold';

const tory = findRulebook('conservative-1922');

describe('1922 Committee threshold: not less than 15% of whip holders', () => {
  it('reproduces 25 letters in 2003 from the denominator of the day (165 or 166 MPs)', () => {
    expect(thresholdFor(tory.trigger, 165)).toBe(25);
    expect(thresholdFor(tory.trigger, 166)).toBe(25);
  });
  it('reproduces 48 of 317 (2018)', () => expect(thresholdFor(tory.trigger, 317)).toBe(48));
  it('reproduces 54 of 359 (2022) from the roster on 6 June 2022', () => {
    expect(thresholdOn(tory, loadCommons2019(), '2022-06-06')).toEqual({ date: '2022-06-06', denominator: 359, threshold: 54 });
  });
  it('gives 54 on every date the data README checks', () => {
    for (const d of ['2022-01-18', '2022-07-06', '2022-07-20', '2022-10-20']) {
      expect(thresholdOn(tory, loadCommons2019(), d).threshold).toBe(54);
    }
  });
  it('agrees with exact rational ceiling for every denominator up to 10,000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (n) => {
        const t = thresholdFor(tory.trigger, n);
        // t is the least integer with 100 t >= 15 n.
        expect(100 * t >= 15 * n).toBe(true);
        expect(t === 0 || 100 * (t - 1) < 15 * n).toBe(true);
      }),
    );
  });
  it('rounds down and to nearest when a rulebook says so, and honours absolute thresholds', () => {
    expect(thresholdFor({ kind: 'fraction', numerator: 15, denominator: 100, rounding: 'down' }, 359)).toBe(53);
    expect(thresholdFor({ kind: 'fraction', numerator: 15, denominator: 100, rounding: 'nearest' }, 359)).toBe(54);
    expect(thresholdFor({ kind: 'fraction', numerator: 1, denominator: 2, rounding: 'nearest' }, 3)).toBe(2);
    expect(thresholdFor({ kind: 'absolute', count: 150 }, 9_999)).toBe(150);
  });
  it('the 48th letter reaches 48; the 47th does not (11 Dec 2018)', () => {
    expect(thresholdReached(48, 48)).toBe(true);
    expect(thresholdReached(47, 48)).toBe(false);
  });
  it('rejects a negative or fractional denominator', () => {
    expect(() => thresholdFor(tory.trigger, -1)).toThrow(/non-negative integer/);
    expect(() => thresholdFor(tory.trigger, 1.5)).toThrow(/non-negative integer/);
  });
});

describe('ballot outcomes under the majority basis', () => {
  it('Johnson survives 211–148 (2022) and May 200–117 (2018) on votes cast', () => {
    expect(decideBallot(tory, { yes: 211, no: 148, spoilt: 0, electorate: 359 }).result).toBe('survived');
    expect(decideBallot(tory, { yes: 200, no: 117, spoilt: 0, electorate: 317 }).result).toBe('survived');
  });
  it('Duncan Smith loses 75–90 (2003)', () => {
    expect(decideBallot(tory, { yes: 75, no: 90, spoilt: 0, electorate: 166 }).result).toBe('lost');
  });
  it('a tie is not a simple majority', () => {
    expect(decideBallot(tory, { yes: 100, no: 100, spoilt: 0, electorate: 359 }).result).toBe('lost');
  });
  it('on the all-members basis 211 of 359 is enough but 179 is not (180 needed)', () => {
    const allMembers = { ...tory, ballot: { ...tory.ballot, majority: { ...tory.ballot.majority, basis: 'all-members' as const } } };
    expect(decideBallot(allMembers, { yes: 180, no: 10, spoilt: 0, electorate: 359 }).required).toBe(180);
    expect(decideBallot(allMembers, { yes: 179, no: 10, spoilt: 0, electorate: 359 }).result).toBe('lost');
  });
  it('Canada: O\u2019Toole is removed 73–45 by a majority of the 118-member caucus', () => {
    const canada = findRulebook('canada-reform-act');
    expect(decideBallot(canada, { yes: 73, no: 45, spoilt: 0, electorate: 118 }).result).toBe('lost');
    expect(decideBallot(canada, { yes: 59, no: 45, spoilt: 0, electorate: 118 }).result).toBe('survived');
  });
  it('a two-thirds supermajority at-least rule', () => {
    const twoThirds = { ...tory, ballot: { ...tory.ballot, majority: { basis: 'votes-cast' as const, numerator: 2, denominator: 3, comparison: 'at-least' as const } } };
    expect(decideBallot(twoThirds, { yes: 200, no: 100, spoilt: 0, electorate: 300 }).result).toBe('survived');
    expect(decideBallot(twoThirds, { yes: 199, no: 101, spoilt: 0, electorate: 300 }).result).toBe('lost');
  });
  it('a missed quorum means the motion is not carried', () => {
    const generic = findRulebook('generic-organisation');
    expect(decideBallot(generic, { yes: 20, no: 1, spoilt: 0, electorate: 100 }).quorumMet).toBe(false);
    expect(decideBallot(generic, { yes: 20, no: 1, spoilt: 0, electorate: 100 }).result).toBe('lost');
  });
  it('rejects impossible counts', () => {
    expect(() => decideBallot(tory, { yes: 300, no: 100, spoilt: 0, electorate: 359 })).toThrow(/more ballots than electors/);
    expect(() => decideBallot(tory, { yes: -1, no: 0, spoilt: 0, electorate: 359 })).toThrow(/non-negative/);
  });
});

describe('presets and validation', () => {
  it('ships the four named presets, each valid and summarised', () => {
    expect(RULEBOOK_PRESETS.map((r) => r.id)).toEqual(['conservative-1922', 'labour-uk-challenge', 'canada-reform-act', 'generic-organisation']);
    for (const r of RULEBOOK_PRESETS) expect(summariseRulebook(r).length).toBeGreaterThanOrEqual(4);
  });
  it('states the immunity rule: letters are received but nothing triggers', () => {
    expect(tory.immunity.duringImmunity).toBe('letters-received-no-trigger');
    expect(summariseRulebook(tory).join(' ')).toMatch(/still received during immunity but nothing triggers/);
  });
  it('reports every invalid field with its path', () => {
    expect(() => parseRulebook({ ...tory, trigger: { kind: 'fraction', numerator: 150, denominator: 100, rounding: 'up' }, id: 'Bad Id' })).toThrow(
      /id: ids are lowercase.*trigger: the fraction must be at most 1|trigger.*id/s,
    );
  });
  it('names the known rulebooks when one is missing', () => {
    expect(() => findRulebook('nope')).toThrow(/known: conservative-1922/);
  });
});
