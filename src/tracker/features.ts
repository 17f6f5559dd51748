/**
 * Candidates and their features for the stance model.
 *
 * A candidate is a (roster member, sentence) pair: a resolved mention of a member of the party in a
 * sentence (names, titles, constituencies, pronouns and quote speakers as the document resolved
 * them), kept only when the sentence, the one before it, or the introduction of the list it sits in
 * has stance vocabulary (lexicon.ts). Features come from the linguistic layer (parts of speech,
 * negation), the document (quotes, speakers, lists, the leader's mentions) and the hand-written
 * rules' own output. Pure and deterministic.
 */
import type { AnalysedDocument } from './document';
import type { RulesRun } from './extract';
import { FIRST_PERSON, HEDGE, LEADER_ROLE, MODAL, OTHER_TARGET, PAST_TIME, QUESTION, SPEECH, vocabularyHits } from './lexicon';
import { findDates } from './dates';
import { EMBEDDING_FEATURE_NAMES, conceptStancesIn, embeddingFeatures } from './embedding-features';
import { mentionsIn, type Mention } from './mentions';
import { firstEndingAfter } from './spans';
import { STANCES, type Stance } from './types';

export interface Candidate {
  memberId: string;
  sentence: number;
  /** Offsets of the mention that made the candidate (the sentence itself for a quote speaker). */
  start: number;
  end: number;
  /** Feature vector, FEATURE_NAMES order. */
  x: Float64Array;
  /** Stances whose vocabulary is near (this sentence, the previous one or the list's introduction). */
  vocabulary: Set<Stance>;
  /** Stances opened by word vectors alone (no lexicon word for them near): the review queue's, never proposed. */
  opened?: Set<Stance>;
}

/**
 * Rescaled word-vector similarity (stance-similarity.json, 1 = a concept's seed word) at which a content word opens
 * its concept's stances where the lexicon has no word for them. The extractor never reads the environment (it runs in
 * the browser too, and a stray variable must not change what is proposed); the evaluation scripts alone may set `at`
 * from TRACKER_OPEN_AT (eval/tracker/model-data.ts) to compare settings. A stance opened this way is never proposed
 * (ADR 0302: allowing it changed no figure).
 */
export const vectorOpening = { at: 0.5 };

const S = STANCES.length;
const GENERIC = [
  'bias',
  'kind_name',
  'kind_title_or_surname',
  'kind_constituency',
  'kind_pronoun',
  'kind_speaker_or_first_person',
  'fuzzy_or_coreference',
  'mention_starts_sentence',
  'mention_is_subject',
  'mention_after_preposition',
  'mention_possessive',
  'members_in_sentence_2plus',
  'members_in_sentence_4plus',
  'mention_in_list',
  'sentence_is_bullet',
  'sentence_is_headline',
  'sentence_in_quote',
  'speaker_is_member',
  'first_person_in_quote',
  'negation_in_sentence',
  'modal_in_sentence',
  'hedge_in_sentence',
  'question',
  'leader_in_sentence',
  'leader_within_8_tokens',
  'other_target',
  'speech_verb',
  'past_time',
  'long_sentence',
  'call_on_leader',
  'call_on_leader_by_member',
  'subject_and_speech',
  'evasion',
  'mention_is_call_target',
  'authored',
  'conditional',
  'calls_rejected',
  'implicit_subject',
  'own_resignation',
  'resignation_letter',
] as const;
const PER_STANCE = [
  'vocab',
  'vocab_near',
  'vocab_after_mention',
  'vocab_negated',
  'vocab_prev_sentence',
  'vocab_list_intro',
  'vocab_other_member_between',
  'vocab_modal',
  'vocab_hedge',
  'vocab_quote_speaker',
  'vocab_infinitive_or_modal',
  'rule_found',
  'vocab_past_time',
  'vocab_subject_other_noun',
  'vocab_governs_list',
  'vocab_list_intro_bullet',
  'vocab_list_intro_wanted',
  'vocab_conditional',
  'vocab_in_relative_clause',
  'vocab_concept_only',
] as const;

export const FEATURE_NAMES: string[] = [...GENERIC, ...STANCES.flatMap((s) => PER_STANCE.map((f) => `${f}:${s}`)), ...EMBEDDING_FEATURE_NAMES];
const EMBEDDING_AT = FEATURE_NAMES.length - EMBEDDING_FEATURE_NAMES.length;
const G = GENERIC.length;
const P = PER_STANCE.length;
const gi = (name: (typeof GENERIC)[number]) => GENERIC.indexOf(name);
const pi = (name: (typeof PER_STANCE)[number], k: number) => G + k * P + PER_STANCE.indexOf(name);

/** Before a stance word: it is wanted or expected, not done ("called on him to resign", "should quit", "will resign"). */
export const INFINITIVE_OR_MODAL = /\b(?:to|should|must|would|will|could|might|may|not|never|him to|her to)\s+(?:\w+\s+)?$/i;
const CALL_ON_OTHER = /\b(?:call\w* (?:on|for)|urg\w*|demand\w*)\s+(?!the prime minister|the pm|him\b|boris|mr johnson)(?:[\w'-]+\s+){1,5}to\s+(?:resign|quit|go\b|step)/i;

/**
 * A call on the leader to go, whoever makes it: "the Prime Minister should resign", "told Mr Johnson
 * he should go", "time for him to stand aside", "the country needed new leadership". Built per article
 * with the leader's surname; the speaker of the call is found from the candidate's position.
 */
function callOnLeaderPattern(leaderName: string): RegExp {
  const words = leaderName.trim().split(/\s+/).map((w) => w.replace(/[^\p{L}'-]/gu, ''));
  const surname = words[words.length - 1] || 'the leader';
  const ref = String.raw`(?:the prime minister|the pm|prime minister|the premier|the tory leader|the party leader|(?:mr |mrs |ms |${words[0] || 'mr'} )?${surname}|him|her|he|she|you)`;
  const go = String.raw`(?:go|resign|quit|stand (?:down|aside)|step (?:down|aside)|make way|leave office|do the (?:right|decent|honourable) thing)`;
  return new RegExp(
    String.raw`\b${ref}\s+(?:\w+\s+){0,2}?(?:should|must|has to|had to|needs? to|ought to|would have to|to)\s+["'\u201c\u2018]?(?:\w+\s+){0,2}?["'\u201c\u2018]?${go}\b|\btime\b.{0,30}?\bfor (?:new leadership|a new leader|change|a change|a (?:fresh|clean) start)|\bneed(?:s|ed)? (?:new leadership|a new leader|a (?:fresh|clean) start)`,
    'i',
  );
}

const NOT_A_CALL = /\b(?:not|never|whether|stopped short|stops short|short of|refus\w+ to|declin\w+ to|asked|if|rather than|instead of)\b|n't\b/i;

/** A condition or an alternative on the sentence: "would vote to remove him if …", "either set out a plan or stand aside". */
const CONDITIONAL = /\b(?:if|unless|provided that|as long as|in the event)\b(?!\s+(?:he|she) (?:had|has) (?:submitted|sent))|\beither\b[^.;]{1,80}\bor\b/i;
/** "said calls for the Prime Minister to go were ridiculous", "dismissed calls for him to resign": someone else's calls, rejected. */
const CALLS_REJECTED = /\b(?:calls|demands) (?:for|on)\b[^.;]{0,80}?\b(?:were|was|are|is)\s+(?:\w+\s+)?(?:ridiculous|absurd|nonsense|wrong|premature|overblown|mad|misguided|a (?:\w+ )?(?:distraction|obsession|nonsense))|\b(?:rejected|rejects|dismissed|dismisses|brushed (?:aside|off)|laughed off|ridiculed|shrugged off)\s+(?:the\s+)?(?:\w+\s+)?(?:calls|demands)\b/i;
const CONDITION_WORD = /\b(?:if|unless|provided that|as long as)\b/i;
/** ", who defended the Prime Minister throughout the winter,": a relative clause on the member, background rather than news. */
const RELATIVE_CLAUSE = /^\s*,\s*(?:who|whose)\b[^,]*$/i;

/** Whether the stance word at [from, to) of the sentence stands under a condition or as one of two alternatives. */
function conditionalAt(sentence: string, from: number, to: number): boolean {
  const clauseAfter = /^[^.;]*/.exec(sentence.slice(to))?.[0] ?? '';
  if (CONDITION_WORD.test(clauseAfter) && !/\b(?:as if|asked if|even if)\b/i.test(clauseAfter)) return true;
  const before = sentence.slice(0, from);
  if (/\b(?:if|unless)\b[^.;"]{1,120},\s*(?:[\w'-]+\s+){0,8}$/i.test(before) && !/\b(?:as|asked) if\b/i.test(before)) return true;
  return /\beither\b[^.;]{0,80}\bor\s+(?:\w+\s+){0,3}$/i.test(before);
}

const PREPOSITION_BEFORE = /\b(?:to|for|with|against|behind|from|of|on|at|about|than|by|like|unlike|backed|supported|asked|urged|met|told|defended|criticised|attacked|described|dismissed|accused)\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){0,4}$/;

/** Stances that share vocabulary and are told apart by grammar: the model scores the whole family, the review queue keeps each family's best guess. */
export const FAMILIES: Stance[][] = [
  ['backs_leader', 'withdrew_support', 'called_to_resign'],
  ['submitted_letter', 'intends_letter', 'withdrew_letter', 'resubmitted_letter', 'denied_letter'],
];
/** The family a stance belongs to, as a key ("backs_leader" and "called_to_resign" share one). */
export function familyOf(stance: Stance): string {
  return (FAMILIES.find((f) => f.includes(stance)) ?? [stance])[0]!;
}
const CALLED = STANCES.indexOf('called_to_resign');
const SUBMITTED = STANCES.indexOf('submitted_letter');
const FAMILY_OF: number[][] = STANCES.map((s) => (FAMILIES.find((f) => f.includes(s)) ?? []).map((f) => STANCES.indexOf(f)));

interface SentenceInfo {
  hits: Array<[number, number, number]>;
  stances: Set<number>;
  bullet: boolean;
  headline: boolean;
  listIntro: boolean;
}

export function candidatesOf(run: RulesRun, party: string): Candidate[] {
  const { doc, index } = run;
  if (run.aboutAnotherLeader) return [];
  const text = doc.text;
  let lineStart = 0;
  let scanned = 0;
  const infos: SentenceInfo[] = doc.sentences.map((s) => {
    const hits = vocabularyHits(s.text).map(([k, a, b]) => [k, a + s.start, b + s.start] as [number, number, number]);
    for (; scanned < s.start; scanned++) if (text.charCodeAt(scanned) === 10) lineStart = scanned + 1;
    const line = text.slice(lineStart, s.start);
    return {
      hits,
      stances: new Set(hits.map((h) => h[0])),
      bullet: /^\s*(?:[-*\u2022\u2013]|\d+[.)])\s*$/.test(line) || /^(?:[-*\u2022\u2013]|\d{1,3}[.)])\s/.test(s.text),
      headline: !/[.!?"'\u201d]$/.test(s.text.trim()),
      listIntro: /:\s*$/.test(s.text),
    };
  });
  // A list without markers: lines that open on a member's name, end without a full stop, and follow, line by line with
  // no blank line between, a sentence ending in a colon ("the following members … had resigned:" then "Sara
  // Britcliffe (Hyndburn), PPS in the Department for Education"). They are bullets for everything below.
  for (let k = 1; k < infos.length; k++) {
    const info = infos[k]!;
    const before = infos[k - 1]!;
    const s = doc.sentences[k]!;
    if (info.bullet || !info.headline || !(before.listIntro || before.bullet)) continue;
    const gap = text.slice(doc.sentences[k - 1]!.end, s.start);
    // One line break between items; the first may also stand a blank line below its colon.
    if (!/^[ \t]*\n[ \t]*$/.test(gap) && !(before.listIntro && /^[ \t]*\n[ \t]*\n[ \t]*$/.test(gap))) continue;
    if (mentionsIn(doc.mentions, s.start, s.start + 7).some((m) => m.entity?.memberId && !m.entity.isLeader && (m.kind === 'name' || m.kind === 'title'))) info.bullet = true;
  }
  // Paragraphs that are one question and nothing else: paragraph index -> the question's sentence index.
  const sentencesIn = new Map<number, number[]>();
  for (const s of doc.sentences) sentencesIn.set(s.paragraph, [...(sentencesIn.get(s.paragraph) ?? []), s.index]);
  const questionParagraph = new Map<number, number>();
  for (const [p, list] of sentencesIn) if (list.length === 1 && /\?\s*$/.test(doc.sentences[list[0]!]!.text)) questionParagraph.set(p, list[0]!);
  const ruleFound = new Map<string, Set<Stance>>();
  for (const d of run.declarations) {
    if (!ruleFound.has(d.memberId)) ruleFound.set(d.memberId, new Set());
    ruleFound.get(d.memberId)!.add(d.stance);
  }
  const callOnLeader = callOnLeaderPattern(doc.leader.name);
  const leaderSpans = doc.mentions.filter((m) => m.entity?.isLeader).map((m) => m.start);
  // Quotes and leader mentions are sorted by offset: walk them with pointers (no per-sentence scans).
  let qi = 0;
  let li = 0;

  const out: Candidate[] = [];
  const seen = new Set<string>();
  let mi = 0;
  for (const sentence of doc.sentences) {
    const info = infos[sentence.index]!;
    const prev = infos[sentence.index - 1];
    // The introduction of a list: the last sentence ending in a colon within the bullets before this one.
    let intro: SentenceInfo | undefined;
    if (info.bullet || info.headline) {
      for (let k = sentence.index - 1; k >= Math.max(0, sentence.index - 15); k--) {
        const f = infos[k]!;
        if (f.listIntro) {
          intro = f;
          break;
        }
        // A heading line without a colon over bullets ("Voted against the Prime Minister" then "1) Jeremy Hunt").
        if (info.bullet && !f.bullet && f.headline && f.hits.length && doc.sentences[k]!.text.length <= 90) {
          intro = f;
          break;
        }
        if (!f.bullet) break;
      }
    }
    // An explainer's question on a line of its own ("Who has called for him to resign?") introduces the answer below it.
    if (!intro && sentence.paragraph > 0) {
      const q = questionParagraph.get(sentence.paragraph - 1);
      if (q !== undefined) intro = infos[q];
    }
    const vocabulary = new Set<number>([...info.stances, ...(prev?.stances ?? []), ...(intro?.stances ?? [])]);
    // The review queue must miss nothing: vocabulary of one stance opens its whole family to the model
    // ("no longer wants a change of leader" is backing; "can no longer do so" after "supported" withdraws it).
    for (const k of [...vocabulary]) for (const f of FAMILY_OF[k] ?? []) vocabulary.add(f);
    while (mi < doc.mentions.length && doc.mentions[mi]!.start < sentence.start) mi++;
    const inSentence: Mention[] = [];
    for (let k = mi; k < doc.mentions.length && doc.mentions[k]!.start < sentence.end; k++) inSentence.push(doc.mentions[k]!);
    const members = inSentence.filter((m) => m.entity?.memberId && !m.entity.isLeader);
    const quote = inSentence.length ? inSentence[0]!.quote : -1;
    while (qi < doc.quotes.length && doc.quotes[qi]!.end + 2 < sentence.end) qi++;
    const q = doc.quotes[qi];
    const quoteIdx = q && q.start <= sentence.start && sentence.end <= q.end + 2 ? qi : -1;
    while (li < leaderSpans.length && leaderSpans[li]! < sentence.start) li++;
    const leaderHere: number[] = [];
    for (let k = li; k < leaderSpans.length && leaderSpans[k]! < sentence.end; k++) leaderHere.push(leaderSpans[k]!);
    const speaker = quoteIdx >= 0 ? doc.speakers[quoteIdx] : quote >= 0 ? doc.speakers[quote] : null;
    // Outside quotes, a letter's signatories or an interview's answerer wrote the sentence themselves.
    const authors = [...(quoteIdx < 0 && quote < 0 ? (doc.authors[sentence.index] ?? []) : []), ...(doc.groupVoices[sentence.index] ?? [])];
    const voices = new Set<string>([speaker?.memberId ?? '', ...authors.map((e) => e.memberId ?? '')].filter(Boolean));
    const agents: Array<{ memberId: string; start: number; end: number; mention: Mention | null }> = members.map((m) => ({ memberId: m.entity!.memberId!, start: m.start, end: m.end, mention: m }));
    for (const v of [speaker, ...authors]) {
      if (v?.memberId && !v.isLeader && !agents.some((a) => a.memberId === v.memberId)) agents.push({ memberId: v.memberId, start: sentence.start, end: sentence.start, mention: null });
    }
    // A sentence that leaves its subject out under a name heading or after a fragment naming the member (document.ts).
    const implicit = quoteIdx < 0 && quote < 0 ? (doc.subjects[sentence.index] ?? []) : [];
    for (const v of implicit) {
      if (v.memberId && !agents.some((a) => a.memberId === v.memberId)) agents.push({ memberId: v.memberId, start: sentence.start, end: sentence.start, mention: null });
    }
    if (agents.length === 0 || doc.corrections.has(sentence.paragraph)) continue;
    // Word vectors open what the lexicon has no word for (with its family); those stances are marked and only queued.
    // Only in sentences naming a member: the lookup costs one table read per word.
    const opened = new Set<number>();
    if (vectorOpening.at > 0 && vectorOpening.at <= 1) {
      for (const s of conceptStancesIn(doc.annotated.tokens, sentence, vectorOpening.at)) {
        const k = STANCES.indexOf(s);
        for (const f of FAMILY_OF[k]?.length ? FAMILY_OF[k]! : [k]) if (!vocabulary.has(f)) opened.add(f);
      }
      for (const k of opened) vocabulary.add(k);
    }
    if (vocabulary.size === 0) continue;
    const distinctMembers = new Set(agents.map((a) => a.memberId)).size;
    const sText = sentence.text;
    const tokens = doc.annotated.tokens;
    const negatedAt = (a: number, b: number) => {
      for (const t of tokensIn(tokens, a, b)) if (t.negated) return true;
      return false;
    };
    const sentenceNegated = negatedAt(sentence.start, sentence.end) || /\b(?:not|never|no longer)\b/i.test(sText);
    const modal = MODAL.test(sText);
    const hedge = HEDGE.test(sText);
    const question = QUESTION.test(sText);
    const leaderRole = LEADER_ROLE.test(sText);
    const otherTarget = OTHER_TARGET.test(sText) || CALL_ON_OTHER.test(sText);
    const speech = SPEECH.test(sText);
    const firstPerson = FIRST_PERSON.test(sText);
    const pastTime = PAST_TIME.test(sText) || findDates(sText, run.published).some((d) => d.yearOnly);
    const callMatch = callOnLeader.exec(sText);
    const callsOnLeader = callMatch !== null;
    // "did not say whether the Prime Minister should go", "stopped short of calling for her to go": no call.
    // ... and "said calls for the Prime Minister to go were ridiculous": "calls" is a noun there, no one's call.
    const callNegated = callMatch !== null && (NOT_A_CALL.test(sText.slice(0, callMatch.index)) || /\bcalls (?:for|on)\s*$/i.test(sText.slice(0, callMatch.index)));
    const evasion = NOT_A_CALL.test(sText);
    const conditional = CONDITIONAL.test(sText);
    const callsRejected = CALLS_REJECTED.test(sText);
    // "Today I have resigned as Secretary of State for Wales": the resignation is the writer's own, and "resign" is the
    // only call vocabulary in it; "Letter below", "my resignation letter": the letter is a resignation, not one to the 1922.
    const ownResignation = OWN_RESIGNATION.test(sText) && info.hits.filter((h) => STANCES[h[0]] === 'called_to_resign').every((h) => /^resign/i.test(text.slice(h[1], h[2])));
    const resignationLetter = RESIGNATION_LETTER.test(sText) || (!!prev && OWN_RESIGNATION.test(doc.sentences[sentence.index - 1]!.text) && /\bletter\b/i.test(sText) && !/\b(?:1922|brady|no[- ]confidence)\b/i.test(sText));

    for (const a of agents) {
      const key = `${a.memberId}:${sentence.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const im = index.byId.get(a.memberId);
      if (!im || !(im.parties.has(party) || im.member.partyAtElection === party)) continue;
      const x = new Float64Array(FEATURE_NAMES.length);
      const m = a.mention;
      x[gi('bias')] = 1;
      if (m) {
        if (m.kind === 'name') x[gi('kind_name')] = 1;
        if (m.kind === 'title' || m.kind === 'surname') x[gi('kind_title_or_surname')] = 1;
        if (m.kind === 'constituency' || m.kind === 'indefinite' || m.kind === 'definite') x[gi('kind_constituency')] = 1;
        if (m.kind === 'pronoun') x[gi('kind_pronoun')] = 1;
        if (m.kind === 'first_person') x[gi('kind_speaker_or_first_person')] = 1;
        if (m.fuzzy || m.coreference) x[gi('fuzzy_or_coreference')] = 1;
        if (m.possessive) x[gi('mention_possessive')] = 1;
      } else if (implicit.some((e) => e.memberId === a.memberId) && !voices.has(a.memberId)) {
        x[gi('implicit_subject')] = 1;
        x[gi('fuzzy_or_coreference')] = 1;
      } else x[gi('kind_speaker_or_first_person')] = 1;
      const before = text.slice(sentence.start, a.start);
      if (/^[\s\-*\u2022"'\u201c(]*$/.test(before) || /^(?:[A-Z][\w'-]*\s+){0,6}$/.test(before)) x[gi('mention_starts_sentence')] = 1;
      const after = tokensIn(tokens, a.end, sentence.end).filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SPACE' && t.pos !== 'PROPN').slice(0, 4);
      if (after.some((t) => t.pos === 'VERB' || t.pos === 'AUX') && !PREPOSITION_BEFORE.test(before)) x[gi('mention_is_subject')] = 1;
      if (x[gi('implicit_subject')]) x[gi('mention_is_subject')] = 1;
      if (PREPOSITION_BEFORE.test(before)) x[gi('mention_after_preposition')] = 1;
      if (distinctMembers >= 2) x[gi('members_in_sentence_2plus')] = 1;
      if (distinctMembers >= 4) x[gi('members_in_sentence_4plus')] = 1;
      const around = text.slice(Math.max(sentence.start, a.start - 6), Math.min(sentence.end, a.end + 8));
      if (distinctMembers >= 2 && /,|\band\b/.test(around)) x[gi('mention_in_list')] = 1;
      if (info.bullet) x[gi('sentence_is_bullet')] = 1;
      if (info.headline) x[gi('sentence_is_headline')] = 1;
      if (quoteIdx >= 0 || quote >= 0) x[gi('sentence_in_quote')] = 1;
      if (voices.has(a.memberId)) x[gi('speaker_is_member')] = 1;
      if (voices.has(a.memberId) && firstPerson) x[gi('first_person_in_quote')] = 1;
      if (authors.some((e) => e.memberId === a.memberId)) x[gi('authored')] = 1;
      if (conditional) x[gi('conditional')] = 1;
      if (callsRejected) x[gi('calls_rejected')] = 1;
      if (ownResignation) x[gi('own_resignation')] = 1;
      if (resignationLetter) x[gi('resignation_letter')] = 1;
      if (sentenceNegated) x[gi('negation_in_sentence')] = 1;
      if (modal) x[gi('modal_in_sentence')] = 1;
      if (hedge) x[gi('hedge_in_sentence')] = 1;
      if (question) x[gi('question')] = 1;
      if (leaderHere.length || leaderRole) x[gi('leader_in_sentence')] = 1;
      if (leaderHere.some((p) => Math.abs(tokenDistance(tokens, a.start, p)) <= 8)) x[gi('leader_within_8_tokens')] = 1;
      if (otherTarget) x[gi('other_target')] = 1;
      if (speech) x[gi('speech_verb')] = 1;
      if (pastTime) x[gi('past_time')] = 1;
      if (sText.length > 220) x[gi('long_sentence')] = 1;
      const agentRole = x[gi('mention_is_subject')] === 1 || x[gi('kind_pronoun')] === 1 || x[gi('kind_speaker_or_first_person')] === 1 || x[gi('speaker_is_member')] === 1;
      if (callsOnLeader) x[gi('call_on_leader')] = 1;
      // "... and that he should now step aside": a pronoun inside the call is its target, not its speaker.
      const callTarget = callMatch !== null && a.mention !== null && a.start >= sentence.start + callMatch.index && a.start < sentence.start + callMatch.index + callMatch[0].length;
      if (callTarget) x[gi('mention_is_call_target')] = 1;
      if (callsOnLeader && agentRole && !callTarget && !otherTarget && !question && !hedge && !callNegated) x[gi('call_on_leader_by_member')] = 1;
      if (evasion) x[gi('evasion')] = 1;
      if (speech && agentRole) x[gi('subject_and_speech')] = 1;

      const otherMembers = agents.filter((o) => o.memberId !== a.memberId && o.mention);
      // The span of the list this mention sits in ("Badenoch, Lopez, Rowley and Burghart"): a stance word outside it governs every name in it.
      let listFrom = a.start;
      let listTo = a.end;
      if (x[gi('mention_in_list')]) {
        const named = agents.filter((o) => o.mention).sort((p, q) => p.start - q.start);
        const at = named.findIndex((o) => o.start === a.start);
        const joins = (gap: string) => /^[\s,;:]*(?:and|or|as well as|&)?[\s,]*$/i.test(gap) || /^,[^,]{0,60},\s*(?:and\s+)?$/.test(gap);
        for (let k = at; k > 0 && joins(text.slice(named[k - 1]!.end, named[k]!.start)); k--) listFrom = named[k - 1]!.start;
        for (let k = at; k >= 0 && k < named.length - 1 && joins(text.slice(named[k]!.end, named[k + 1]!.start)); k++) listTo = named[k + 1]!.end;
      }
      const isListMember = listFrom < a.start || listTo > a.end;
      const rules = ruleFound.get(a.memberId);
      for (let k = 0; k < S; k++) {
        const stance = STANCES[k]!;
        if (rules?.has(stance)) x[pi('rule_found', k)] = 1;
        const hits = info.hits.filter((h) => h[0] === k);
        if (prev?.stances.has(k)) x[pi('vocab_prev_sentence', k)] = 1;
        if (intro?.stances.has(k)) x[pi('vocab_list_intro', k)] = 1;
        // "MPs who have called for Boris Johnson to resign:": the heading wants the stance word, it does not state it.
        const introWanted = !!intro?.stances.has(k) && intro.hits.filter((h) => h[0] === k).every((h) => INFINITIVE_OR_MODAL.test(text.slice(Math.max(0, h[1] - 24), h[1])));
        if (introWanted) x[pi('vocab_list_intro_wanted', k)] = 1;
        else if (intro?.stances.has(k) && info.bullet && x[gi('mention_starts_sentence')]) x[pi('vocab_list_intro_bullet', k)] = 1;
        if (!hits.length) continue;
        x[pi('vocab', k)] = 1;
        let nearest = Infinity;
        let nearestHit = hits[0]!;
        for (const h of hits) {
          const d = h[1] >= a.end ? tokenDistance(tokens, a.end, h[1]) : tokenDistance(tokens, h[2], a.start);
          if (d < nearest) {
            nearest = d;
            nearestHit = h;
          }
        }
        if (nearest <= 8) x[pi('vocab_near', k)] = 1;
        if (nearestHit[1] >= a.end) x[pi('vocab_after_mention', k)] = 1;
        if (negatedAt(nearestHit[1], nearestHit[2]) || /\b(?:not|never|no longer)\s+(?:\w+\s+)?$/i.test(text.slice(Math.max(sentence.start, nearestHit[1] - 20), nearestHit[1]))) x[pi('vocab_negated', k)] = 1;
        const lo = Math.min(a.end, nearestHit[1]);
        const hi = Math.max(a.start, nearestHit[2]);
        if (otherMembers.some((o) => o.start > lo && o.end < hi) && !x[gi('mention_in_list')]) x[pi('vocab_other_member_between', k)] = 1;
        if (modal) x[pi('vocab_modal', k)] = 1;
        if (hedge) x[pi('vocab_hedge', k)] = 1;
        if (voices.has(a.memberId)) x[pi('vocab_quote_speaker', k)] = 1;
        if (hits.some((h) => conditionalAt(sText, h[1] - sentence.start, h[2] - sentence.start))) x[pi('vocab_conditional', k)] = 1;
        if (a.mention && hits.some((h) => h[1] >= a.end && h[1] - a.end < 80 && RELATIVE_CLAUSE.test(text.slice(a.end, h[1])))) x[pi('vocab_in_relative_clause', k)] = 1;
        if (pastTime) x[pi('vocab_past_time', k)] = 1;
        if (isListMember && hits.some((h) => h[2] <= listFrom || h[1] >= listTo) && !hits.some((h) => h[1] > listFrom && h[2] < listTo)) x[pi('vocab_governs_list', k)] = 1;
        if (nearestHit[1] >= a.end) {
          // "cabinet ministers resigned": the word's own subject is a common noun, not the member.
          const beforeHit = tokensIn(tokens, a.end, nearestHit[1]).filter((t) => t.pos !== 'SPACE' && t.pos !== 'ADV' && t.pos !== 'AUX');
          const last = beforeHit[beforeHit.length - 1];
          if (last && last.pos === 'NOUN') x[pi('vocab_subject_other_noun', k)] = 1;
        }
        if (hits.every((h) => INFINITIVE_OR_MODAL.test(text.slice(Math.max(sentence.start, h[1] - 24), h[1])))) x[pi('vocab_infinitive_or_modal', k)] = 1;
      }
      embeddingFeatures(tokens, sentence, a, x, EMBEDDING_AT);
      const stances = new Set([...vocabulary].map((k) => STANCES[k]!));
      // Exact: a sentence that only tells the writer's own resignation calls on no one to go, and a resignation letter
      // ("Letter below.") is not a letter to the 1922 Committee (unless the sentence before says it is).
      if (ownResignation && agentRole && !prev?.stances.has(CALLED)) stances.delete('called_to_resign');
      if (resignationLetter && !/\b(?:1922|brady|no[- ]confidence)\b/i.test(sText) && !prev?.stances.has(SUBMITTED)) for (const f of FAMILIES[1]!) stances.delete(f);
      if (opened.size) {
        for (const k of opened) x[pi('vocab_concept_only', k)] = 1;
        out.push({ memberId: a.memberId, sentence: sentence.index, start: a.start, end: a.end, x, vocabulary: stances, opened: new Set([...opened].map((k) => STANCES[k]!)) });
      } else out.push({ memberId: a.memberId, sentence: sentence.index, start: a.start, end: a.end, x, vocabulary: stances });
    }
  }
  return out;
}

const OWN_RESIGNATION = /\b(?:I|I've|I have|I had|have|has|had)\s+(?:(?:now|just|tonight|today|this (?:morning|evening)|formally)\s+)?resigned\b|\bresigned\s+(?:as|from)\b|\bmy resignation\b|\bI resign\b/i;
const RESIGNATION_LETTER = /\bletters?\s+(?:below|attached|here|above|to follow)\b|\bresignation letters?\b|\bletters? of resignation\b/i;

type Tok = AnalysedDocument['annotated']['tokens'][number];

/** Tokens overlapping [from, to), by binary search. */
function tokensIn(tokens: readonly Tok[], from: number, to: number): Tok[] {
  const out: Tok[] = [];
  for (let k = firstEndingAfter(tokens, from); k < tokens.length && tokens[k]!.start < to; k++) out.push(tokens[k]!);
  return out;
}

function tokenDistance(tokens: readonly Tok[], a: number, b: number): number {
  const [from, to] = a <= b ? [a, b] : [b, a];
  return tokensIn(tokens, from, to).filter((t) => t.pos !== 'SPACE').length;
}
