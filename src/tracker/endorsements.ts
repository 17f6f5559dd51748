/**
 * Endorsements during a leadership contest: "X is backing Sunak", "Y has endorsed Liz Truss",
 * "Sunak's supporters include A, B and C". Per candidate, with the sentence that says so.
 * Pure: the candidate list is passed in (a contest knows its candidates; src/contest connects it).
 *
 * Its own stances, not the no-confidence ones: `endorses` and `withdrew_endorsement`. Backers are
 * roster members of the party (on the day); a candidate never endorses himself; hedges ("is
 * expected to back", "may back"), questions and negations ("is not backing") are not endorsements.
 */
import { addDays } from '../domain/dates';
import type { Roster } from '../domain/roster/types';
import { readHtmlArticle } from './article';
import { publishedDateInText } from './dates';
import { dateFor, runRules } from './extract';
import { looksLikeHtml } from './html';
import { HEDGE, QUESTION } from './lexicon';
import { leaderRef, mentionsIn, type Mention } from './mentions';
import { pushTo } from './roster-index';
import { foldKey } from './text';

export const ENDORSEMENT_STANCES = ['endorses', 'withdrew_endorsement'] as const;
export type EndorsementStance = (typeof ENDORSEMENT_STANCES)[number];

export interface ContestCandidate {
  /** The contest's id for the candidate (returned as is). */
  id: string;
  /** The name as written in the contest ("Rishi Sunak"). */
  name: string;
}

export interface Endorsement {
  candidateId: string;
  memberId: string;
  person: string;
  stance: EndorsementStance;
  date: string | null;
  /** Verbatim sentence(s) from the article. */
  evidence: string[];
}

export interface EndorsementOptions {
  party: string;
  candidates: readonly ContestCandidate[];
  published?: string | null;
  fallbackPublished?: string | null;
}

const BACKING = String.raw`(?:(?:is|are|was|were|has been|have been|had been|now)\s+)?(?:backing|supporting|endorsing|voting for|nominating)|backs|backed|endorsed|endorses|supports|supported|nominated|(?:has|have|had)\s+(?:publicly\s+)?(?:endorsed|backed|nominated|thrown (?:his|her|their) (?:weight|support) behind)|threw (?:his|her|their) (?:weight|support) behind|(?:declared|announced|pledged|gave|given|offered|lent|lend|lending) (?:his|her|their) (?:full |public )?(?:support|backing|vote) (?:for|to)|came out (?:for|in support of)|(?:will|would) (?:vote for|back|support|endorse)|signed (?:the )?nomination (?:papers )?(?:for|of)`;
const WITHDRAWING = String.raw`(?:withdr[ae]w\w*|pulled) (?:his|her|their) (?:support|backing|endorsement) (?:for|from)|(?:switched|defected) from|(?:is|was) no longer (?:backing|supporting)|dropped (?:his|her|their) support for`;
const ROLE_WORDS = String.raw`(?:(?:the|former|ex-|foreign|home|health|business|trade|defence|culture|chief|deputy|international|secretary|chancellor|minister|mp|tory|conservative|leadership|candidate|contender|hopeful|frontrunner|front-runner|rival|equalities|treasury|attorney|general|of|state|for|and)\s+){0,6}`;
const BEFORE_CANDIDATE = new RegExp(String.raw`(?:(${WITHDRAWING})|(${BACKING}))\s+${ROLE_WORDS}$`, 'i');
const SUPPORTERS_OF = /\b(?:supporters|backers|endorsers|allies|those backing|MPs backing|MPs supporting)\b[^.;:]{0,30}$/i;
const LIST_AFTER = /^(?:['\u2019]s)?\s*(?:campaign\s+)?(?:supporters|backers)?\s*(?:include|included|including|are|were|such as|:)\s*/i;
const NEGATED = /\b(?:not|never|no longer|isn't|wasn't|won't|refused to|declined to)\s+(?:\w+\s+)?$/i;
const MODAL_BEFORE = /\b(?:expected to|likely to|set to|tipped to|poised to|may|might|could|considering|consider|urged to|asked to|is said to|understood to)\s+(?:\w+\s+){0,2}$/i;

export function extractEndorsements(input: string, roster: Roster, options: EndorsementOptions): Endorsement[] {
  if (!options.candidates.length) return [];
  const page = looksLikeHtml(input) ? readHtmlArticle(input) : null;
  const text = page ? page.text : input.replace(/\r\n?/g, '\n');
  const published = options.published ?? page?.published ?? publishedDateInText(text) ?? options.fallbackPublished ?? null;
  // The rules' document analysis (names, pronouns, constituencies, quotes) over the article; the "leader" is the first candidate.
  const run = runRules(text, roster, { party: options.party, leader: options.candidates[0]!.name, published });
  const { doc, index } = run;
  const candidates = options.candidates.map((c) => {
    const ref = leaderRef(c.name, index);
    const parts = c.name.trim().split(/\s+/);
    const surname = parts.slice(1).join(' ') || parts[0]!;
    const pattern = new RegExp(String.raw`\b(?:${escape(c.name.trim())}|(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+)?${escape(surname)})\b`, 'g');
    return { ...c, memberId: ref.memberId, surnameKey: foldKey(surname), pattern };
  });

  const found = new Map<string, Endorsement>();
  for (const sentence of doc.sentences) {
    const s = sentence.text;
    if (QUESTION.test(s)) continue;
    for (const c of candidates) {
      c.pattern.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = c.pattern.exec(s))) {
        const at = sentence.start + m.index;
        const before = doc.text.slice(sentence.start, at);
        const after = doc.text.slice(at + m[0].length, sentence.end);
        let stance: EndorsementStance | null = null;
        let agents: Mention[] = [];
        const verb = BEFORE_CANDIDATE.exec(before);
        if (verb) {
          const verbAt = sentence.start + verb.index;
          const lead = doc.text.slice(sentence.start, verbAt);
          if (NEGATED.test(lead) || MODAL_BEFORE.test(lead) || HEDGE.test(lead)) continue;
          stance = verb[1] ? 'withdrew_endorsement' : 'endorses';
          agents = subjectsBefore(doc.mentions, sentence.start, verbAt, doc.text);
        } else if (SUPPORTERS_OF.test(before) || (LIST_AFTER.test(after) && /^\s*(?:['\u2019]s)/.test(after))) {
          const list = LIST_AFTER.exec(after);
          if (!list) continue;
          stance = 'endorses';
          const from = at + m[0].length + list.index + list[0].length;
          agents = mentionsIn(doc.mentions, from, sentence.end).filter((x) => x.entity?.memberId);
        }
        if (!stance) continue;
        for (const agent of agents) {
          const memberId = agent.entity?.memberId;
          if (!memberId || memberId === c.memberId) continue;
          const im = index.byId.get(memberId);
          if (!im || !(im.parties.has(options.party) || im.member.partyAtElection === options.party)) continue;
          const date = dateFor(doc, sentence, at, at + m[0].length, published);
          if (published && date && date < addDays(published, -120)) continue;
          const key = `${c.id}|${memberId}|${stance}`;
          const evidence = doc.original.slice(sentence.start, sentence.end).trim();
          const prev = found.get(key);
          if (prev) {
            if (!prev.evidence.includes(evidence)) prev.evidence.push(evidence);
            continue;
          }
          found.set(key, { candidateId: c.id, memberId, person: im.member.displayName, stance, date, evidence: [evidence] });
        }
      }
    }
  }
  return [...found.values()];
}

/** The subject before a backing verb: the last name (or pronoun) and any names listed with it ("A, B and C are backing"). */
function subjectsBefore(mentions: readonly Mention[], from: number, verbAt: number, text: string): Mention[] {
  const inside = mentionsIn(mentions, from, verbAt).filter((m) => m.entity?.memberId);
  if (!inside.length) return [];
  const last = inside[inside.length - 1]!;
  // Something other than a title, a role or a relative clause between the subject and the verb: not its subject.
  const gap = text.slice(last.end, verbAt);
  if (!/^\s*(?:,[^,]{0,80},\s*)?(?:who\s+)?(?:has\s+|have\s+|is\s+|are\s+|now\s+|also\s+|today\s+|publicly\s+)*$/i.test(gap) && gap.trim() !== '') return [];
  const out = [last];
  for (let k = inside.length - 2; k >= 0; k--) {
    const between = text.slice(inside[k]!.end, out[out.length - 1]!.start);
    if (!/^\s*(?:,|and|, and|&)\s*(?:(?:fellow|former|the)\s+|[a-z]+\s+(?:secretary|minister)\s+)?$/i.test(between)) break;
    out.push(inside[k]!);
  }
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface CandidateBackers {
  candidateId: string;
  backers: Array<{ memberId: string; person: string; date: string | null; sources: Array<{ article: string; evidence: string[] }> }>;
}

/**
 * Per candidate, who backs them now, with the sources that say so. The latest dated row decides: a withdrawal removes
 * every backing dated on or before it, and a backing dated after the last withdrawal lists the member again (from
 * that backing on). A withdrawal without a day removes the member whatever the dates (it cannot be placed, and the
 * public page must not claim a backing that may have ended); so does a withdrawal after a backing without a day.
 */
export function endorsementListing(candidates: readonly ContestCandidate[], articles: ReadonlyArray<{ article: string; endorsements: readonly Endorsement[] }>): CandidateBackers[] {
  return candidates.map((c) => {
    const backings = new Map<string, Array<{ e: Endorsement; article: string }>>();
    const withdrawals = new Map<string, Array<string | null>>();
    for (const a of articles) {
      for (const e of a.endorsements) {
        if (e.candidateId !== c.id) continue;
        if (e.stance === 'withdrew_endorsement') pushTo(withdrawals, e.memberId, e.date);
        else pushTo(backings, e.memberId, { e, article: a.article });
      }
    }
    const backers: CandidateBackers['backers'] = [];
    for (const [memberId, list] of backings) {
      const out = withdrawals.get(memberId) ?? [];
      if (out.includes(null)) continue;
      const lastOut = out.reduce<string | null>((m, d) => (d !== null && (m === null || d > m) ? d : m), null);
      const current = lastOut === null ? list : list.filter(({ e }) => e.date !== null && e.date > lastOut);
      if (!current.length) continue;
      const dates = current.map(({ e }) => e.date).filter((d): d is string => d !== null).sort();
      backers.push({ memberId, person: current[0]!.e.person, date: dates[0] ?? null, sources: current.map(({ e, article }) => ({ article, evidence: e.evidence })) });
    }
    return { candidateId: c.id, backers: backers.sort((x, y) => x.person.localeCompare(y.person)) };
  });
}

