import { memberStatesOn } from '../roster/membership';
import type { Roster } from '../roster/types';
import type { Rulebook } from './schema';
import { thresholdFor } from './threshold';

/** Who counts on `date` under the rulebook's electorate: the members whose letters count and who vote. */
export function electorateOn(rulebook: Rulebook, roster: Roster, date: string): string[] {
  const states = memberStatesOn(roster, date);
  const e = rulebook.electorate;
  return [...states.values()]
    .filter((s) => s.sitting && (e.kind === 'all-members' || (s.whip && s.party === e.party)))
    .map((s) => s.memberId);
}

export interface ThresholdOnDate {
  date: string;
  denominator: number;
  threshold: number;
}

/** The denominator computed on a date, and the threshold it gives. */
export function thresholdOn(rulebook: Rulebook, roster: Roster, date: string): ThresholdOnDate {
  const denominator = electorateOn(rulebook, roster, date).length;
  return { date, denominator, threshold: thresholdFor(rulebook.trigger, denominator) };
}
