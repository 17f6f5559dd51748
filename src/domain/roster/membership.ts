import type { Member, MemberState, Roster, RosterChange } from './types';
import { assertIsoDate } from '../dates';

/**
 * Replays the change log up to and including `date` and returns every member elected by then,
 * with their party, whip and whether they still sit. Pure: same roster and date, same answer.
 *
 * Rules (data/uk-commons-2019/README.md): `left_commons` ends the membership, `defected` sets the
 * party, `whip_suspended`/`whip_restored` toggle the whip (the latest wins); by-election winners
 * join through their `elected` date; `elected_speaker_or_deputy` changes nothing.
 */
export function memberStatesOn(roster: Roster, date: string): Map<string, MemberState> {
  assertIsoDate(date, 'date');
  const states = new Map<string, MemberState>();
  for (const m of roster.members) {
    if (m.elected > date) continue;
    states.set(m.memberId, {
      memberId: m.memberId,
      party: m.partyAtElection,
      whip: true,
      sitting: true,
      constituency: m.constituency,
    });
  }
  for (const change of changesUpTo(roster.changes, date)) {
    const state = states.get(change.memberId);
    if (!state) continue;
    applyChange(state, change);
  }
  return states;
}

function changesUpTo(changes: readonly RosterChange[], date: string): RosterChange[] {
  // Stable sort by date keeps file order within a day, as the data README prescribes.
  return changes
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.date <= date)
    .sort((a, b) => (a.c.date < b.c.date ? -1 : a.c.date > b.c.date ? 1 : a.i - b.i))
    .map(({ c }) => c);
}

function applyChange(state: MemberState, change: RosterChange): void {
  switch (change.event) {
    case 'left_commons':
      state.sitting = false;
      break;
    case 'defected':
      if (change.toParty) state.party = change.toParty;
      break;
    case 'whip_suspended':
      state.whip = false;
      break;
    case 'whip_restored':
      state.whip = true;
      break;
    case 'by_election_won':
    case 'elected_speaker_or_deputy':
      break;
  }
}

/** Sitting members of `party` who hold its whip at the end of `date`: the denominator of a 1922-style threshold. */
export function whipHolders(roster: Roster, party: string, date: string): Member[] {
  const states = memberStatesOn(roster, date);
  return roster.members.filter((m) => {
    const s = states.get(m.memberId);
    return s !== undefined && s.sitting && s.whip && s.party === party;
  });
}

/** Whether one member holds `party`'s whip on `date` (may they write a letter that counts?). */
export function holdsWhip(roster: Roster, memberId: string, party: string, date: string): boolean {
  const s = memberStatesOn(roster, date).get(memberId);
  return s !== undefined && s.sitting && s.whip && s.party === party;
}
