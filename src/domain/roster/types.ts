/**
 * The roster: who belongs to the organisation, and how their membership changes over time.
 * For a parliamentary party the questions are "who sits, for which party, holding the whip, on day D".
 * Dates are ISO calendar days (YYYY-MM-DD); an event dated D is in force at the end of day D.
 */

export interface Member {
  memberId: string;
  firstName: string;
  surname: string;
  displayName: string;
  gender: string | null;
  constituency: string;
  /** Party when the member was elected (or joined); later changes live in `RosterChange`s. */
  partyAtElection: string;
  /** The day the membership started (polling day for an MP). */
  elected: string;
}

export const ROSTER_EVENTS = [
  'by_election_won',
  'left_commons',
  'defected',
  'whip_suspended',
  'whip_restored',
  'elected_speaker_or_deputy',
] as const;
export type RosterEvent = (typeof ROSTER_EVENTS)[number];

export interface RosterChange {
  date: string;
  memberId: string;
  event: RosterEvent;
  toParty: string | null;
  constituency: string | null;
  note: string | null;
  source: string | null;
}

export interface Roster {
  members: Member[];
  changes: RosterChange[];
}

/** A member's standing on a given day, derived from the roster. */
export interface MemberState {
  memberId: string;
  party: string;
  whip: boolean;
  sitting: boolean;
  constituency: string;
}
