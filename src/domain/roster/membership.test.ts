import { describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../../data/commons-2019';
import { holdsWhip, memberStatesOn, whipHolders } from './membership';

const roster = loadCommons2019();
const names = (date: string) => whipHolders(roster, 'Con', date).length;

describe('whip holders from the 2019 Commons change log', () => {
  // Check values published in data/uk-commons-2019/README.md.
  it.each([
    ['2022-01-18', 360],
    ['2022-06-06', 359],
    ['2022-07-06', 358],
    ['2022-07-20', 357],
    ['2022-10-20', 357],
  ])('on %s there are %i Conservative whip holders', (date, n) => {
    expect(names(date)).toBe(n);
  });

  it('counts Wakeford as Conservative on 18 Jan 2022 and as Labour after he crossed the floor', () => {
    expect(holdsWhip(roster, 'christian-wakeford', 'Con', '2022-01-18')).toBe(true);
    expect(holdsWhip(roster, 'christian-wakeford', 'Con', '2022-01-19')).toBe(false);
    expect(memberStatesOn(roster, '2022-01-19').get('christian-wakeford')?.party).toBe('Lab');
  });

  it('excludes suspended members and restores them when the whip is restored', () => {
    expect(holdsWhip(roster, 'julian-lewis', 'Con', '2020-07-20')).toBe(false);
    expect(holdsWhip(roster, 'julian-lewis', 'Con', '2021-01-01')).toBe(true);
  });

  it('does not count members before they were elected or after they left', () => {
    const before = memberStatesOn(roster, '2022-02-02');
    expect(before.has('anna-firth')).toBe(false);
    expect(memberStatesOn(roster, '2022-02-03').get('anna-firth')?.sitting).toBe(true);
    expect(memberStatesOn(roster, '2021-10-16').get('david-amess')?.sitting).toBe(false);
  });

  it('rejects a date that is not a calendar day', () => {
    expect(() => whipHolders(roster, 'Con', '2022-02-30')).toThrow(/YYYY-MM-DD/);
  });
});
