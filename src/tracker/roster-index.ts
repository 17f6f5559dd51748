/**
 * The roster as the extractor needs it on one publication date: members who sat then, looked up
 * by surname, first name (with common short forms) and constituency, with their party the day
 * before and on the day (a defection dated D is reported on D by a member who was in the party
 * on D-1). Built once per (roster, date) and cached: extraction itself stays allocation-light.
 */
import { addDays } from '../domain/dates';
import { memberStatesOn } from '../domain/roster/membership';
import type { Member, Roster } from '../domain/roster/types';
import { foldKey, placeKey } from './text';

export type Gender = 'm' | 'f';

export interface IndexedMember {
  member: Member;
  gender: Gender | null;
  surnameKey: string;
  firstKeys: Set<string>;
  constituencyKey: string;
  /** Parties held on the day before and on the day (or every party ever held when the date is unknown). */
  parties: Set<string>;
}

export interface RosterIndex {
  date: string | null;
  members: IndexedMember[];
  byId: Map<string, IndexedMember>;
  bySurname: Map<string, IndexedMember[]>;
  /** Longest surname in words ("Duncan Smith" is 2), to bound look-ups. */
  maxSurnameWords: number;
  byConstituency: Map<string, IndexedMember[]>;
  /** First names seen in the roster, with the gender most members of that name have. */
  firstNames: Map<string, Gender | null>;
}

// Short forms newsrooms use for Library names (the data keeps "Christopher Pincher", "Matthew Hancock").
const NAME_GROUPS: string[][] = [
  ['christopher', 'chris'], ['matthew', 'matt'], ['thomas', 'tom', 'tommy'], ['james', 'jim', 'jamie', 'jimmy'],
  ['robert', 'rob', 'bob', 'robbie', 'bobby'], ['william', 'will', 'bill', 'billy'], ['michael', 'mike', 'mick', 'mickey'],
  ['nicholas', 'nick', 'nicky'], ['stephen', 'steve'], ['steven', 'steve'], ['daniel', 'dan', 'danny'], ['david', 'dave'],
  ['andrew', 'andy', 'drew'], ['anthony', 'tony'], ['antony', 'tony'], ['elizabeth', 'liz', 'beth', 'lizzie'], ['katherine', 'kate', 'kathy', 'kat'],
  ['catherine', 'kate', 'cathy', 'cat'], ['jonathan', 'jon', 'jonny'], ['gregory', 'greg'], ['edward', 'ed', 'ted', 'eddie'],
  ['philip', 'phil'], ['phillip', 'phil'], ['timothy', 'tim'], ['samuel', 'sam'], ['benjamin', 'ben'], ['alexander', 'alex'],
  ['alexandra', 'alex'], ['jacob', 'jake'], ['richard', 'rich', 'richie'], ['jeffrey', 'jeff'], ['peter', 'pete'],
  ['joseph', 'joe'], ['john', 'johnny', 'jack'], ['kenneth', 'ken'], ['margaret', 'maggie'], ['jennifer', 'jenny', 'jen'],
  ['rebecca', 'becky'], ['victoria', 'vicky'], ['susan', 'sue'], ['patricia', 'pat', 'trish'], ['patrick', 'pat', 'paddy'],
  ['gerald', 'gerry'], ['geoffrey', 'geoff'], ['nadhim', 'nadim'], ['frederick', 'fred'], ['leonard', 'leo'], ['douglas', 'doug'],
  ['lawrence', 'laurence', 'larry'], ['raymond', 'ray'], ['ronald', 'ron'], ['terence', 'terry'], ['vincent', 'vince'],
  ['zachary', 'zac'], ['christina', 'chris', 'tina'], ['christine', 'chris'], ['deborah', 'debbie', 'deb'], ['pamela', 'pam'],
  ['jacqueline', 'jackie'], ['caroline', 'caz'], ['theresa', 'therese'], ['siobhan', 'siobhain'], ['alistair', 'alastair'],
];

const EQUIVALENTS = new Map<string, Set<string>>();
for (const group of NAME_GROUPS) {
  for (const name of group) {
    const set = EQUIVALENTS.get(name) ?? new Set<string>([name]);
    for (const other of group) set.add(other);
    EQUIVALENTS.set(name, set);
  }
}

export function firstNameVariants(firstName: string): Set<string> {
  const key = foldKey(firstName);
  // "Anne-Marie" and "Anne Marie" are written both ways.
  const out = new Set<string>([key, key.replace(/-/g, ' '), key.replace(/ /g, '-')]);
  for (const v of EQUIVALENTS.get(key) ?? []) out.add(v);
  return out;
}

function genderOf(raw: string | null): Gender | null {
  if (!raw) return null;
  const g = raw.toLowerCase();
  if (g.startsWith('m')) return 'm';
  if (g.startsWith('f')) return 'f';
  return null;
}

const cache = new WeakMap<Roster, Map<string, RosterIndex>>();

export function rosterIndexOn(roster: Roster, date: string | null): RosterIndex {
  let perDate = cache.get(roster);
  if (!perDate) cache.set(roster, (perDate = new Map()));
  const key = date ?? '*';
  const hit = perDate.get(key);
  if (hit) return hit;
  const built = build(roster, date);
  perDate.set(key, built);
  return built;
}

function build(roster: Roster, date: string | null): RosterIndex {
  const partiesById = new Map<string, Set<string>>();
  if (date) {
    // An MP without the whip sits as an independent, but a story often reports what they did the week
    // before they lost it ("resigned as deputy chief whip last week"): the whip a week earlier counts.
    const whipWeekBefore = new Map([...memberStatesOn(roster, addDays(date, -7))].map(([id, st]) => [id, st.whip]));
    for (const day of [addDays(date, -1), date]) {
      for (const [id, st] of memberStatesOn(roster, day)) {
        if (!st.sitting) continue;
        const set = partiesById.get(id) ?? new Set<string>();
        set.add(st.whip || whipWeekBefore.get(id) ? st.party : 'Ind');
        partiesById.set(id, set);
      }
    }
  } else {
    for (const m of roster.members) partiesById.set(m.memberId, new Set([m.partyAtElection]));
    for (const c of roster.changes) if (c.event === 'defected' && c.toParty) partiesById.get(c.memberId)?.add(c.toParty);
  }

  const members: IndexedMember[] = [];
  const byId = new Map<string, IndexedMember>();
  const bySurname = new Map<string, IndexedMember[]>();
  const byConstituency = new Map<string, IndexedMember[]>();
  const genderVotes = new Map<string, { m: number; f: number }>();
  let maxSurnameWords = 1;
  for (const member of roster.members) {
    const parties = partiesById.get(member.memberId);
    const gender = genderOf(member.gender);
    const first = foldKey(member.firstName);
    const votes = genderVotes.get(first) ?? { m: 0, f: 0 };
    if (gender) votes[gender]++;
    genderVotes.set(first, votes);
    if (!parties) continue;
    const im: IndexedMember = {
      member,
      gender,
      surnameKey: foldKey(member.surname),
      firstKeys: firstNameVariants(member.firstName),
      constituencyKey: placeKey(member.constituency),
      parties,
    };
    members.push(im);
    byId.set(member.memberId, im);
    pushTo(bySurname, im.surnameKey, im);
    pushTo(byConstituency, im.constituencyKey, im);
    maxSurnameWords = Math.max(maxSurnameWords, im.surnameKey.split(/\s+/).length);
  }
  const firstNames = new Map<string, Gender | null>();
  for (const [name, v] of genderVotes) {
    const g: Gender | null = v.m > v.f ? 'm' : v.f > v.m ? 'f' : null;
    for (const variant of firstNameVariants(name)) if (!firstNames.has(variant)) firstNames.set(variant, g);
  }
  return { date, members, byId, bySurname, maxSurnameWords, byConstituency, firstNames };
}

/** Appends `value` to the list under `key`, starting the list if there is none. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
