/**
 * Finding people in an article and settling who they are against the roster.
 *
 * Mentions: full names ("Culture Secretary Nadine Dorries"), title + surname ("Mr Javid"),
 * constituency descriptions ("the Waveney MP", "MP for Waveney", "SOUTHEND West's MP",
 * "Newcastle-under-Lyme MP Mr Bell"), bare surnames of people already introduced ("Johnson
 * replied"), pronouns, "the MP", and indefinite ledes ("A Bury MP has ...").
 *
 * Never guess: a title + surname that fits several members is ambiguous, a name that fits none is a
 * non-member (peers, officials, journalists, aides), and misspellings are accepted only within a
 * small edit distance and only when exactly one member fits.
 */
import { annotate, type Annotated } from './nlp';
import { allowedTypos, boundedEditDistance } from './edit-distance';
import type { Gender, IndexedMember, RosterIndex } from './roster-index';
import { foldKey, placeKey } from './text';
import { firstStartingAt } from './spans';

export type MentionKind = 'name' | 'title' | 'surname' | 'constituency' | 'indefinite' | 'definite' | 'pronoun' | 'first_person';

export interface Entity {
  key: string;
  memberId: string | null;
  name: string;
  gender: Gender | null;
  surnameKey: string | null;
  isLeader: boolean;
}

export interface Mention {
  start: number;
  end: number;
  text: string;
  kind: MentionKind;
  possessive: boolean;
  entity: Entity | null;
  /** The name was matched through a misspelling. */
  fuzzy: boolean;
  /** Resolved through a pronoun, description or lede rather than a name. */
  coreference: boolean;
  /** Why no member could be settled; `name` is the name a pronoun stood for. */
  unresolved: { reason: 'ambiguous' | 'unknown'; candidates: string[]; name?: string } | null;
  /** Parsed parts, used while resolving. */
  title?: string;
  firstKey?: string;
  surnameKey?: string;
  members?: IndexedMember[];
  /** Partial place for indefinite ledes ("A Bury MP"). */
  placeHint?: string;
  pronounGender?: Gender | null;
  sentence: number;
  quote: number;
}

const MALE_TITLES = new Set(['mr', 'sir', 'lord']);
const FEMALE_TITLES = new Set(['mrs', 'ms', 'miss', 'dame', 'lady', 'baroness']);
const PEER_TITLES = new Set(['lord', 'lady', 'baroness', 'viscount', 'earl', 'duke', 'viscountess', 'countess']);
const TITLES = new Set([...MALE_TITLES, ...FEMALE_TITLES, ...PEER_TITLES, 'dr']);

// Capitalised words that follow a first name without being a surname ("Will Labour ...").
const NOT_SURNAMES = new Set(
  (
    'secretary minister mp mps party labour conservative conservatives tory tories committee government commons house street downing prime chancellor news ' +
    'parliament england britain british uk london westminster leader deputy chair chairman office cabinet home foreign health culture justice treasury ' +
    'education defence questions council day times post mail echo telegraph guardian independent sky itv channel radio programme select lib dem dems ' +
    'democrats democrat snp scotland wales ireland monday tuesday wednesday thursday friday saturday sunday january february march april may june july ' +
    'august september october november december the a an he she it they we i his her pm mr mrs ms sir dame lord lady said says north south east west ' +
    'business transport trade work pensions environment levelling up communities housing digital media sport energy northern scottish welsh irish ' +
    'attorney general solicitor chief whip whips speaker hall city county borough central upon under'
  ).split(' '),
);

// Common first names beyond the roster's, so that non-members ("Sue Gray", "Dominic Cummings") are seen as people.
const EXTRA_FIRST_NAMES: Array<[string, Gender]> = [
  ['sue', 'f'], ['dominic', 'm'], ['laura', 'f'], ['beth', 'f'], ['lee', 'm'], ['carrie', 'f'], ['allegra', 'f'], ['martin', 'm'],
  ['simon', 'm'], ['gavin', 'm'], ['oliver', 'm'], ['olly', 'm'], ['munira', 'f'], ['jack', 'm'], ['harry', 'm'], ['george', 'm'],
  ['charles', 'm'], ['henry', 'm'], ['emily', 'f'], ['sarah', 'f'], ['emma', 'f'], ['lucy', 'f'], ['kate', 'f'], ['anna', 'f'],
  ['robert', 'm'], ['paul', 'm'], ['mark', 'm'], ['jon', 'm'], ['tom', 'm'], ['ben', 'm'], ['nick', 'm'], ['pippa', 'f'],
  ['beth', 'f'], ['jessica', 'f'], ['jess', 'f'], ['vicki', 'f'], ['faisal', 'm'], ['adam', 'm'], ['peter', 'm'], ['john', 'm'],
];

export interface LeaderRef {
  memberId: string | null;
  name: string;
  surnameKey: string;
  firstKey: string;
  gender: Gender | null;
}

export function leaderRef(leaderName: string, index: RosterIndex): LeaderRef {
  const parts = leaderName.trim().split(/\s+/);
  const firstKey = foldKey(parts[0] ?? '');
  const surnameKey = foldKey(parts.slice(1).join(' ') || parts[0] || '');
  const member = (index.bySurname.get(surnameKey) ?? []).find((m) => m.firstKeys.has(firstKey));
  return {
    memberId: member?.member.memberId ?? null,
    name: member?.member.displayName ?? leaderName.trim(),
    surnameKey,
    firstKey,
    gender: member?.gender ?? null,
  };
}

interface Token {
  start: number;
  end: number;
  word: string;
  key: string;
  capital: boolean;
  possessive: boolean;
}

const WORD_START = /^[A-Za-z\u00C0-\u024F]/;

/**
 * Word tokens for name matching, built on wink-nlp's tokens (nlp.ts): hyphenated names are joined
 * back ("Rees-Mogg", "Clarke-Smith"), an abbreviation's stop is dropped ("Mr." -> "Mr"), and a
 * following "'s" or "'" marks the word possessive ("Johnson's").
 */
export function tokenize(text: string, annotated: Annotated = annotate(text)): Token[] {
  const tokens: Token[] = [];
  const nt = annotated.tokens;
  for (let i = 0; i < nt.length; i++) {
    const t = nt[i]!;
    if (!WORD_START.test(t.value)) continue;
    let start = t.start;
    let end = t.end;
    // Join "Rees" "-" "Mogg" written without spaces.
    while (i + 2 < nt.length && nt[i + 1]!.value === '-' && nt[i + 1]!.start === end && nt[i + 2]!.start === end + 1 && WORD_START.test(nt[i + 2]!.value)) {
      end = nt[i + 2]!.end;
      i += 2;
    }
    let word = text.slice(start, end);
    let possessive = false;
    const next = nt[i + 1];
    if (next && next.start === end && /^['\u2019]s?$/i.test(next.value)) possessive = true;
    else if (/['\u2019]s$/i.test(word)) {
      word = word.slice(0, -2);
      possessive = true;
    } else if (/['\u2019]$/.test(word)) {
      word = word.slice(0, -1);
      possessive = true;
    }
    word = word.replace(/[.-]+$/, '');
    if (!word) continue;
    end = start + word.length;
    tokens.push({ start, end, word, key: foldKey(word), capital: /^[A-Z\u00C0-\u00DE]/.test(word), possessive });
  }
  return tokens;
}

function runsOfCapitals(text: string, tokens: Token[]): Token[][] {
  const runs: Token[][] = [];
  let run: Token[] = [];
  for (const t of tokens) {
    const prev = run[run.length - 1];
    const joined = prev && !prev.possessive && t.start - prev.end === 1 && text[prev.end] === ' ';
    if (t.capital && (joined || run.length === 0)) run.push(t);
    else {
      if (run.length) runs.push(run);
      run = t.capital ? [t] : [];
    }
  }
  if (run.length) runs.push(run);
  return runs;
}

function newMention(text: string, start: number, end: number, kind: MentionKind, possessive = false): Mention {
  return { start, end, text: text.slice(start, end), kind, possessive, entity: null, fuzzy: false, coreference: false, unresolved: null, sentence: -1, quote: -1 };
}

function isFirstName(key: string, index: RosterIndex): boolean {
  return index.firstNames.has(key) || EXTRA_FIRST_NAMES.some(([n]) => n === key);
}

export function firstNameGender(key: string, index: RosterIndex): Gender | null {
  const extra = EXTRA_FIRST_NAMES.find(([n]) => n === key);
  return index.firstNames.get(key) ?? extra?.[1] ?? null;
}

/** Name-like mentions (full names, titles, bare surnames) found in capitalised runs. */
export function findNameMentions(text: string, index: RosterIndex, annotated?: Annotated): Mention[] {
  const out: Mention[] = [];
  const tokens = tokenize(text, annotated);
  for (const run of runsOfCapitals(text, tokens)) {
    let j = 0;
    while (j < run.length) {
      const t = run[j]!;
      if (t.key === 'rt' || t.key === 'hon') {
        j++;
        continue;
      }
      if (TITLES.has(t.key) && j + 1 < run.length) {
        const consumed = titleMention(run, j);
        if (consumed) {
          j += consumed;
          continue;
        }
      }
      const full = fullNameAt(run, j);
      if (full) {
        out.push(full.mention);
        j += full.length;
        continue;
      }
      // A capitalised word on its own: kept as a possible bare surname of someone already introduced.
      if (!NOT_SURNAMES.has(t.key) && t.word.length > 2) {
        const m = newMention(text, t.start, t.end, 'surname', t.possessive);
        m.surnameKey = t.key;
        out.push(m);
      }
      j++;
    }
  }
  return out;

  function titleMention(run: Token[], j: number): number {
    const title = run[j]!.key;
    const rest = run.slice(j + 1);
    // Title + first name + surname ("Sir Graham Brady"), else title + surname ("Mr Bell").
    const full = fullNameAt(rest, 0);
    if (full && !PEER_TITLES.has(title)) {
      full.mention.start = run[j]!.start;
      full.mention.text = text.slice(full.mention.start, full.mention.end);
      full.mention.title = title;
      out.push(full.mention);
      return 1 + full.length;
    }
    for (let k = Math.min(index.maxSurnameWords, rest.length); k >= 1; k--) {
      const words = rest.slice(0, k);
      const key = words.map((w) => w.key).join(' ');
      if (k > 1 && !index.bySurname.has(key)) continue;
      if (k === 1 && NOT_SURNAMES.has(key)) return 0;
      const last = words[words.length - 1]!;
      const m = newMention(text, run[j]!.start, last.end, 'title', last.possessive);
      m.title = title;
      m.surnameKey = key;
      out.push(m);
      return 1 + k;
    }
    return 0;
  }

  function fullNameAt(run: Token[], j: number): { mention: Mention; length: number } | null {
    const first = run[j];
    if (!first || j + 1 >= run.length || first.possessive) return null;
    const second = run[j + 1];
    // A first name, middle initials and a surname ("Andrew RT Davies", "Iain D. Smith") is one person, a member only if
    // one with that first name and surname exists; its surname is never a bare mention of someone else of that name.
    if (second && !second.possessive && j + 2 < run.length && /^[A-Z]{1,2}\.?$/.test(second.word) && isFirstName(first.key, index)) {
      const surname = run[j + 2]!;
      const m = newMention(text, first.start, surname.end, 'name', surname.possessive);
      m.firstKey = first.key;
      m.surnameKey = surname.key;
      m.members = (index.bySurname.get(surname.key) ?? []).filter((x) => x.firstKeys.has(first.key));
      return { mention: m, length: 3 };
    }
    // Two-word first names ("Anne Marie Trevelyan", "Anne Marie Morris").
    if (second && !second.possessive && j + 2 < run.length) {
      const compound = `${first.key} ${second.key}`;
      for (let k = Math.min(index.maxSurnameWords, run.length - j - 2); k >= 1; k--) {
        const words = run.slice(j + 2, j + 2 + k);
        if (words.slice(0, -1).some((w) => w.possessive)) continue;
        const members = (index.bySurname.get(words.map((w) => w.key).join(' ')) ?? []).filter((m) => m.firstKeys.has(compound));
        if (members.length) {
          const last = words[words.length - 1]!;
          const m = newMention(text, first.start, last.end, 'name', last.possessive);
          m.firstKey = compound;
          m.surnameKey = words.map((w) => w.key).join(' ');
          m.members = members;
          return { mention: m, length: 2 + k };
        }
      }
    }
    for (let k = Math.min(index.maxSurnameWords, run.length - j - 1); k >= 1; k--) {
      const words = run.slice(j + 1, j + 1 + k);
      if (words.slice(0, -1).some((w) => w.possessive)) continue;
      const key = words.map((w) => w.key).join(' ');
      const last = words[words.length - 1]!;
      const sameSurname = index.bySurname.get(key);
      if (sameSurname) {
        const exact = sameSurname.filter((m) => m.firstKeys.has(first.key));
        if (exact.length) return found(exact, false);
        const nearFirst = sameSurname.filter((m) => [...m.firstKeys].some((f) => boundedEditDistance(f, first.key, allowedTypos(f)) <= allowedTypos(f)));
        if (nearFirst.length && isNameShaped(first)) return found(nearFirst, true);
      }
      if (k === 1 && isFirstName(first.key, index) && !NOT_SURNAMES.has(key)) {
        // A known first name: a misspelt surname of a member with that first name, or a non-member.
        const near = index.members.filter(
          (m) => m.firstKeys.has(first.key) && m.surnameKey.length > 3 && boundedEditDistance(m.surnameKey, key, allowedTypos(m.surnameKey)) <= allowedTypos(m.surnameKey),
        );
        if (near.length) return found(near, true);
        if (!sameSurname || isFirstName(first.key, index)) {
          const m = newMention(text, first.start, last.end, 'name', last.possessive);
          m.firstKey = first.key;
          m.surnameKey = key;
          m.members = [];
          return { mention: m, length: 2 };
        }
      }
      function found(members: IndexedMember[], fuzzy: boolean) {
        const m = newMention(text, first!.start, last.end, 'name', last.possessive);
        m.firstKey = first!.key;
        m.surnameKey = key;
        m.members = members;
        m.fuzzy = fuzzy;
        return { mention: m, length: 1 + k };
      }
    }
    return null;
  }
}

function isNameShaped(t: Token): boolean {
  return t.word.length >= 3 && !NOT_SURNAMES.has(t.key);
}

// "the former Liberal Democrat MP for St Ives", "ex-Waveney MP": someone who held the seat before, not its member.
const FORMER_HOLDER = /\b(?:former|ex|one-time|onetime|previous|erstwhile)\b[\s-]+(?:[A-Za-z-]+\s+){0,3}$/i;

/**
 * Constituency descriptions. Returns mentions whose `members` are the seat's holders; a description
 * that only names a town shared by several seats ("a Bury MP") becomes a place hint for a lede.
 */
export function findConstituencyMentions(text: string, index: RosterIndex): Mention[] {
  const out: Mention[] = [];
  const lower = foldKey(text);
  const mpWord = /\b(?:(?:tory|conservative|labour|lib dem|snp)\s+)?(?:mp|member of parliament)\b/g;
  let m: RegExpExecArray | null;
  while ((m = mpWord.exec(lower))) {
    // "<place> MP", "<place>'s MP"
    const before = lower.slice(Math.max(0, m.index - 60), m.index);
    const words = [...before.matchAll(/[a-z0-9'-]+/g)];
    for (let k = Math.min(6, words.length); k >= 1; k--) {
      const slice = words.slice(words.length - k);
      const first = slice[0]!;
      const lastWord = slice[slice.length - 1]!;
      const startOffset = m.index - before.length + first.index!;
      const between = before.slice(lastWord.index! + lastWord[0].length);
      if (!/^\s*$/.test(between)) break;
      const raw = text.slice(startOffset, m.index - before.length + lastWord.index! + lastWord[0].length);
      const key = placeKey(raw.replace(/'s$/i, ''));
      const seat = index.byConstituency.get(key);
      if (seat) {
        if (FORMER_HOLDER.test(text.slice(Math.max(0, startOffset - 40), startOffset))) break;
        const start = /^the\s/i.test(text.slice(startOffset - 4, startOffset)) ? startOffset - 4 : startOffset;
        const mention = newMention(text, start, m.index + m[0].length, 'constituency');
        mention.members = seat;
        out.push(mention);
        break;
      }
    }
  }
  const forPattern = /\b(?:mp|member|member of parliament)\s+for\s+/g;
  while ((m = forPattern.exec(lower))) {
    const afterStart = m.index + m[0].length;
    const after = text.slice(afterStart, afterStart + 60);
    const words = [...after.matchAll(/[A-Za-z0-9\u00C0-\u024F'-]+/g)];
    for (let k = Math.min(6, words.length); k >= 1; k--) {
      const lastWord = words[k - 1]!;
      const raw = after.slice(0, lastWord.index! + lastWord[0].length);
      if (/[.;:]/.test(raw)) continue;
      const seat = index.byConstituency.get(placeKey(raw));
      if (seat) {
        if (FORMER_HOLDER.test(text.slice(Math.max(0, m.index - 40), m.index))) break;
        const the = /\bthe\s+$/i.exec(text.slice(Math.max(0, m.index - 4), m.index));
        const mention = newMention(text, the ? m.index - the[0].length : m.index, afterStart + raw.length, 'constituency');
        mention.members = seat;
        out.push(mention);
        break;
      }
    }
  }
  return out;
}

const PLACE_WORD = "[A-Z][A-Za-z'-]+(?:\\s+[A-Z][A-Za-z'-]+){0,2}";
const INDEFINITE = new RegExp(
  `\\b(?:an?|another|one)\\s+(?:(?:senior|veteran|leading|prominent|backbench|rebel|former|junior|red wall|red-wall|newly elected|(?<place>${PLACE_WORD}))\\s+){0,3}` +
    `(?:(?:tory|conservative)\\s+)?(?:mp|member of parliament|backbencher|minister|cabinet minister|source|aide|ally|colleague)\\b(?:\\s+in\\s+(?:his|her|the)\\s+(?:ruling\\s+)?(?:u\\.k\\.\\s+)?(?:conservative|tory)\\s+party)?`,
  'gi',
);
const DEFINITE = /\b(?:the|this)\s+(?:(?:veteran|senior|rebel|former)\s+)?(?:(?:tory|conservative)\s+)?(?:mp|backbencher|former minister)\b(?!\s+(?:for|who|to|in)\b)(?!s)/gi;
const PRONOUN = /\b(he|she|him|his|her|hers|i|me|my|we|our|us)\b/g;

export function findDescriptionMentions(text: string, index: RosterIndex): Mention[] {
  const out: Mention[] = [];
  let m: RegExpExecArray | null;
  INDEFINITE.lastIndex = 0;
  while ((m = INDEFINITE.exec(text))) {
    const mention = newMention(text, m.index, m.index + m[0].length, 'indefinite');
    const place = m.groups?.place;
    if (place && !/^(tory|conservative)$/i.test(place)) {
      const key = placeKey(place);
      const known = index.members.some((im) => im.constituencyKey === key || im.constituencyKey.startsWith(`${key} `));
      if (!known) continue; // "A Labour MP", "A Cabinet MP": not a place
      mention.placeHint = key;
    }
    out.push(mention);
  }
  DEFINITE.lastIndex = 0;
  while ((m = DEFINITE.exec(text))) out.push(newMention(text, m.index, m.index + m[0].length, 'definite'));
  PRONOUN.lastIndex = 0;
  const lower = text.toLowerCase();
  while ((m = PRONOUN.exec(lower))) {
    const word = m[1]!;
    // "I" must be the capital pronoun, not a letter in "U.K."
    if (word === 'i' && (text[m.index] !== 'I' || text[m.index + 1] === '.')) continue;
    if (word === 'us' && text.slice(m.index, m.index + 2) === 'US') continue;
    const firstPerson = ['i', 'me', 'my', 'we', 'our', 'us'].includes(word);
    const mention = newMention(text, m.index, m.index + word.length, firstPerson ? 'first_person' : 'pronoun', word === 'his' || word === 'her' || word === 'my' || word === 'our');
    mention.pronounGender = firstPerson ? null : ['he', 'him', 'his'].includes(word) ? 'm' : 'f';
    out.push(mention);
  }
  return out;
}

/** Mentions (sorted by start) that start in [from, to): a binary search, so long articles stay linear. */
export function mentionsIn(sorted: readonly Mention[], from: number, to: number): Mention[] {
  const out: Mention[] = [];
  for (let i = firstStartingAt(sorted, from); i < sorted.length && sorted[i]!.start < to; i++) out.push(sorted[i]!);
  return out;
}

export function titleGender(title: string | undefined): Gender | null {
  if (!title) return null;
  if (MALE_TITLES.has(title)) return 'm';
  if (FEMALE_TITLES.has(title)) return 'f';
  return null;
}

export function isPeerTitle(title: string | undefined): boolean {
  return title !== undefined && PEER_TITLES.has(title);
}
