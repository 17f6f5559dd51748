import { memberStatesOn } from '../roster/membership';
import type { Roster } from '../roster/types';
import type { Rulebook } from './schema';
import { thresholdFor } from './threshold';

/** Who counts on `date` under the rulebook's electorate: the members whose letters count and who vote. */
export function electorateOn(rulebook: Rulebook, roster: Roster, date: string): string[] {
  // Memoised per roster object: a procedure's timeline asks for the same days many times.
  // Rosters are treated as immutable values, so the cache can never go stale.
  let byKey = electorateCache.get(roster);
  if (!byKey) electorateCache.set(roster, (byKey = new Map()));
  const key = `${rulebook.electorate.kind}:${'party' in rulebook.electorate ? rulebook.electorate.party : ''}:${date}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const computed = computeElectorate(rulebook, roster, date);
  byKey.set(key, computed);
  return computed;
}

const electorateCache = new WeakMap<Roster, Map<string, string[]>>();

function computeElectorate(rulebook: Rulebook, roster: Roster, date: string): string[] {
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
