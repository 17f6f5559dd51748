/**
 * The analysed article: normalised text, sentences, quotes, and every person mention resolved to
 * an entity (a roster member, the leader, or a non-member), including who said each quote.
 */
import { annotate, type Annotated } from './nlp';
import { findQuoteSpans, lastSayVerb, quoteAt, TURN_TIME, type QuoteSpan } from './quotes';
import { splitParagraphs, splitSentences, type Paragraph, type Sentence } from './sentences';
import { normalizePunctuation } from './text';
import type { Gender, IndexedMember, RosterIndex } from './roster-index';
import {
  findConstituencyMentions,
  findDescriptionMentions,
  findNameMentions,
  firstNameGender,
  isPeerTitle,
  titleGender,
  mentionsIn,
  type Entity,
  type LeaderRef,
  type Mention,
} from './mentions';
import { allowedTypos, boundedEditDistance } from './edit-distance';
import { firstEndingAfter, firstStartingAt } from './spans';
import { questionLeadLength, withoutEmphasis } from './answers';

export interface AnalysedDocument {
  /** The linguistic layer's tokens and sentences over `text` (the stance model's features come from it). */
  annotated: Annotated;
  original: string;
  text: string;
  sentences: Sentence[];
  quotes: QuoteSpan[];
  speakers: Array<Entity | null>;
  /**
   * Per sentence, who wrote it when it stands outside quotes in someone's own text: the body of a letter
   * between "Dear …" and its signatures (one or several signatories), or an interview's "A:" answer under a
   * heading that names the person. Empty for ordinary reporting.
   */
  authors: Array<Entity[] | undefined>;
  /**
   * Per sentence, the members a "we" names in apposition ('"We, Steve Brine, Aaron Bell and John Stevenson, will vote
   * against him"'), inside a quote as well as outside: from the apposition to the end of its quote (or paragraph).
   */
  groupVoices: Array<Entity[] | undefined>;
  /**
   * Per sentence that names no member outside quotes, the members it is nonetheless about: the lines under a heading that
   * is only a member's name ("ANDREW BRIDGEN" / "Letter: Submitted"; "Theo Clarke" / "Position: Resigned …"), and the
   * sentences after a verbless fragment that names them ("SENT OFF: Michael Gove. Shown the red card …"; "Michael Gove:
   * 7. Told the boss …"). Notes, cards, ratings and team sheets leave the subject out; the model decides the stance.
   */
  subjects: Array<Entity[] | undefined>;
  /**
   * Paragraphs of a correction notice ("Correction, 22 January: An earlier version of this article said that …"): they
   * report what the paper got wrong, so nothing in them is a declaration.
   */
  corrections: Set<number>;
  /** Sorted by start; overlapping finds removed. */
  mentions: Mention[];
  leader: Entity;
  /** Whether the leader is named anywhere in the article. */
  leaderNamed: boolean;
}

const CORRECTION_OPENS = /^(?:corrections?|clarifications?|editor's note|an? (?:correction|clarification))\b[^.:\n]{0,40}[:\u2013\u2014-]|^this (?:article|story|report|piece) (?:was|has been) (?:amended|corrected)\b/i;
// A fact check's claim line ("CLAIM: …") repeats what is being checked; its verdict below says what is true.
// A wire story's editors' note in brackets ("(Adds resignations in paragraphs 3-4; corrects paragraph 6 …)") says what
// changed in the copy, not what anyone did.
const EDITORS_NOTE = /^\((?:adds|updates|corrects|recasts|rewrites|refiles|changes|fixes|removes|inserts|writes through|writethru|new throughout|adds? quotes?)\b[^()]*\)$/i;
const VERDICT_LINE = /^(?:the\s+|our\s+)?(?:verdict|rating|finding|conclusion)\s*[:\u2013\u2014-]\s/i;
const CLAIM_LINE = /^(?:the\s+)?claims?\s*(?:\d+\s*)?[:\u2013\u2014-]\s/i;
const CORRECTION_SAYS = /\b(?:an? (?:earlier|previous) version of this (?:article|story|report|piece)|we (?:wrongly|incorrectly|mistakenly) (?:said|reported|stated|attributed))\b/i;

export interface AnalyseOptions {
  index: RosterIndex;
  leader: LeaderRef;
  party: string;
}

export function analyseDocument(original: string, opts: AnalyseOptions): AnalysedDocument {
  const text = titleCaseNameLines(normalizePunctuation(original).replace(/\t/g, '|'));
  const annotated = annotate(text);
  const sentences = splitSentences(text, annotated);
  const paragraphs = splitParagraphs(text);
  const quotes = findQuoteSpans(text, original, paragraphs);
  const { index, leader } = opts;

  const leaderEntity: Entity = {
    key: leader.memberId ?? `leader:${leader.surnameKey}`,
    memberId: leader.memberId,
    name: leader.name,
    gender: leader.gender,
    surnameKey: leader.surnameKey,
    isLeader: true,
  };

  const mentions = mergeMentions([...findConstituencyMentions(text, index), ...findNameMentions(text, index, annotated), ...findDescriptionMentions(text, index)]);
  let si = 0;
  for (const m of mentions) {
    while (si + 1 < sentences.length && sentences[si]!.end <= m.start) si++;
    m.sentence = si;
    m.quote = quoteAt(quotes, m.start);
  }

  const entities = new Map<string, Entity>([[leaderEntity.key, leaderEntity]]);
  const entityOf = (im: IndexedMember): Entity => {
    if (leader.memberId === im.member.memberId) return leaderEntity;
    let e = entities.get(im.member.memberId);
    if (!e) {
      e = { key: im.member.memberId, memberId: im.member.memberId, name: im.member.displayName, gender: im.gender, surnameKey: im.surnameKey, isLeader: false };
      entities.set(e.key, e);
    }
    return e;
  };
  const nonMember = (key: string, name: string, gender: Gender | null, surnameKey: string | null): Entity => {
    let e = entities.get(`x:${key}`);
    if (!e) {
      e = { key: `x:${key}`, memberId: null, name, gender, surnameKey, isLeader: false };
      entities.set(e.key, e);
    }
    return e;
  };
  const introduced: Entity[] = []; // in order of first mention
  let initialsCache: Map<string, Entity | null> | null = null;
  const introduce = (e: Entity) => {
    if (!introduced.includes(e)) introduced.push(e);
  };
  let leaderNamed = false;

  // Pass 1: names, titles, constituencies, bare surnames, in article order.
  for (const m of mentions) {
    switch (m.kind) {
      case 'name': {
        const candidates = m.members ?? [];
        if (candidates.length === 1) m.entity = entityOf(candidates[0]!);
        else if (candidates.length > 1) m.unresolved = { reason: 'ambiguous', candidates: candidates.map((c) => c.member.memberId) };
        else if (m.firstKey === leader.firstKey && m.surnameKey === leader.surnameKey) m.entity = leaderEntity;
        else m.entity = nonMember(`${m.firstKey} ${m.surnameKey}`, m.text, titleGender(m.title) ?? firstNameGender(m.firstKey ?? '', index), m.surnameKey ?? null);
        break;
      }
      case 'title':
        resolveTitle(m);
        break;
      case 'constituency': {
        const sitting = (m.members ?? []).filter((im) => !index.date || im.member.elected <= index.date);
        if (sitting.length) m.entity = entityOf(sitting[sitting.length - 1]!);
        break;
      }
      case 'surname': {
        const local = [...introduced].reverse().find((e) => e.surnameKey === m.surnameKey);
        if (local) m.entity = local;
        else if (m.surnameKey === leader.surnameKey) m.entity = leaderEntity;
        break;
      }
      default:
        break;
    }
    if (m.entity) {
      introduce(m.entity);
      if (m.entity.isLeader) leaderNamed = true;
    }
  }

  // Headlines use a surname before the story introduces the person: settle those once everyone is known.
  for (const m of mentions) {
    if (m.kind !== 'surname' || m.entity) continue;
    const same = introduced.filter((e) => e.surnameKey === m.surnameKey);
    if (same.length === 1) m.entity = same[0]!;
    // A headline quote with the speaker's bare surname ("Bridgen: 'I've put my letter in'", "'He must go' - Gale")
    // names someone the page never introduces: settled when exactly one sitting MP has that surname.
    else if (!same.length && m.surnameKey && m.surnameKey.length >= 4 && headlineSpeakerSlot(text, m.start, m.end)) {
      const only = index.bySurname.get(m.surnameKey) ?? [];
      if (only.length === 1) {
        m.entity = entityOf(only[0]!);
        introduce(m.entity);
      }
    }
  }

  // Ledes name their subject in the next sentence; other indefinites ("one former minister") stay anonymous.
  for (const m of mentions) {
    if (m.kind !== 'indefinite') continue;
    resolveIndefinite(m);
    if (!m.entity) m.unresolved = { reason: 'unknown', candidates: [], name: m.text };
  }

  // Pass 2: quotes' speakers need pronouns outside quotes; first-person pronouns need speakers.
  for (const m of mentions) {
    if (m.kind === 'pronoun' && m.quote < 0) resolvePronoun(m);
    else if (m.kind === 'pronoun') {
      // Inside a quote "he" is, in these stories, nearly always the leader being discussed.
      if (leaderNamed && (leaderEntity.gender === null || leaderEntity.gender === m.pronounGender)) m.entity = leaderEntity;
    } else if (m.kind === 'definite' && m.quote < 0) resolveDefinite(m);
  }
  const speakers = quotes.map(() => null as Entity | null);
  for (const q of quotes) speakers[q.index] = attribute(q);
  // A quote that runs on into the next paragraph is said by whoever the continuation is attributed to
  // ('"… full support. / "We should all wait …," said Alister Jack.').
  for (let k = quotes.length - 2; k >= 0; k--) {
    const q = quotes[k]!;
    const next = quotes[k + 1]!;
    if (q.runsOn && !speakers[k] && speakers[k + 1] && next.paragraph === q.paragraph + 1 && next.start === paragraphs[next.paragraph]!.start) speakers[k] = speakers[k + 1]!;
  }
  for (const m of mentions) {
    if (m.kind === 'first_person' && m.quote >= 0) {
      m.entity = speakers[m.quote] ?? null;
      m.coreference = true;
    }
  }
  // A letter or statement in the first person, signed with a member's name on a line of its own ("Yours
  // sincerely, / Simon Hart", "Karen Bradley" under a Facebook post): its "I" outside quotes is the signatory.
  let from = 0;
  for (const p of paragraphs) {
    const line = nameLine(text, p, false);
    if (line === null) continue;
    const named = mentionsIn(mentions, p.start, p.end).filter((o) => (o.kind === 'name' || o.kind === 'title') && o.entity?.memberId && !o.entity.isLeader);
    if (named.length !== 1 || named[0]!.end - named[0]!.start < line.length - 1) continue;
    const mine = mentions.filter((o) => o.kind === 'first_person' && o.quote < 0 && !o.entity && o.start >= from && o.end <= p.start);
    for (const o of mine) {
      o.entity = named[0]!.entity;
      o.coreference = true;
    }
    if (mine.length) from = p.end;
  }

  const headings = new Map<number, Entity | null>();
  const authors = findAuthors();
  // An answer or letter with one author: its "I" outside quotes is that member, as a quote's "I" is its speaker.
  for (const m of mentions) {
    if (m.kind !== 'first_person' || m.quote >= 0 || m.entity) continue;
    const who = authors[m.sentence >= 0 ? m.sentence : firstEndingAfter(sentences, m.start)];
    if (who?.length !== 1) continue;
    m.entity = who[0]!;
    m.coreference = true;
  }
  const groupVoices = findGroupVoices();
  const corrections = new Set<number>();
  for (const p of paragraphs) {
    const line = text.slice(p.start, p.end);
    if (CORRECTION_OPENS.test(line) || CORRECTION_SAYS.test(line) || CLAIM_LINE.test(line) || EDITORS_NOTE.test(line)) corrections.add(p.index);
  }
  const subjects = findImplicitSubjects();

  return {
    annotated,
    original,
    text,
    sentences,
    quotes,
    speakers,
    authors,
    groupVoices,
    subjects,
    corrections,
    mentions: mentions.filter((m) => m.entity || m.unresolved || m.kind === 'indefinite' || m.kind === 'definite' || m.kind === 'pronoun' || m.kind === 'first_person'),
    leader: leaderEntity,
    leaderNamed,
  };

  /** Letters between a salutation and their signatures, and "A:" answers under a heading that names the person. */
  function findAuthors(): Array<Entity[] | undefined> {
    const out: Array<Entity[] | undefined> = sentences.map(() => undefined);
    const lineOf = (p: { start: number; end: number }) => text.slice(p.start, p.end);
    // The member a line names and nothing else: "Aaron Bell", "Jerome Mayhew (Broadland)", "Tobias Ellwood", "Simon Hart MP".
    const signatory = (p: { start: number; end: number }): Entity | null => {
      const line = nameLine(text, p, true);
      if (line === null) return null;
      const named = mentionsIn(mentions, p.start, p.start + line.length).filter((o) => (o.kind === 'name' || o.kind === 'title') && o.entity?.memberId && !o.entity.isLeader);
      if (named.length !== 1 || named[0]!.start - p.start > 1 || named[0]!.end - named[0]!.start < line.length - 1) return null;
      return named[0]!.entity;
    };
    const assign = (from: number, to: number, who: Entity[]) => {
      for (const s of sentences) if (s.start >= from && s.end <= to && s.text.trim()) out[s.index] = who;
    };
    for (let i = 0; i < paragraphs.length; i++) {
      if (!/^(?:dear|to)\s+[^.!?]{1,60}[,:]?$/i.test(lineOf(paragraphs[i]!)) || !/^dear\b|,$/i.test(lineOf(paragraphs[i]!))) continue;
      let close = -1;
      for (let j = i + 1; j < paragraphs.length && j <= i + 40; j++) {
        if (/^(?:yours\b|(?:with )?(?:best|kind|warm|all good)(?: wishes| regards)?,?$|sincerely|signed:?$|regards,?$)/i.test(lineOf(paragraphs[j]!))) {
          close = j;
          break;
        }
        if (/^(?:dear)\s/i.test(lineOf(paragraphs[j]!))) break;
      }
      if (close < 0) continue;
      const who: Entity[] = [];
      for (let j = close + 1; j < paragraphs.length && j <= close + 30; j++) {
        const e = signatory(paragraphs[j]!);
        if (e) {
          if (!who.includes(e)) who.push(e);
        } else if (who.length || !/^(?:member of parliament|mp for|on behalf of|the rt hon|rt hon)/i.test(lineOf(paragraphs[j]!))) {
          // Lines after the names ("Member of Parliament for …") end the block once a name has been seen.
          if (who.length && /^(?:member of parliament|mp for)\b/i.test(lineOf(paragraphs[j]!))) continue;
          break;
        }
      }
      if (who.length) assign(paragraphs[i]!.end, paragraphs[close]!.start, who);
      i = close;
    }
    // A letters page: each letter opens "SIR – …" (or "Sir, …") and is signed on a line of its own below its last
    // paragraph ("Bob Blackman MP", then address lines); a reader's signature (no member) gives the letter no author.
    for (let i = 0; i < paragraphs.length; i++) {
      if (!/^sir\s*[,\u2013\u2014-]\s/i.test(lineOf(paragraphs[i]!))) continue;
      for (let j = i + 1; j < paragraphs.length && j <= i + 20; j++) {
        const line = lineOf(paragraphs[j]!);
        if (/^sir\s*[,\u2013\u2014-]\s/i.test(line)) break;
        const e = signatory(paragraphs[j]!);
        if (e) {
          assign(paragraphs[i]!.start, paragraphs[j]!.start, [e]);
          i = j;
          break;
        }
        if (line.length <= 60 && !/[.!?"'\u201d]$/.test(line)) {
          i = j;
          break;
        }
      }
    }
    // A post or statement signed on the line below it with a dash ("— Simon Hart (@Simonhartmp) July 6, 2022", "— Brendan
    // Clarke-Smith MP (@BCSMP)", "- Ben Bradley, MP for Mansfield"): the paragraph above is the member's own text.
    for (let i = 1; i < paragraphs.length; i++) {
      const p = paragraphs[i]!;
      const dash = /^[-\u2013\u2014]\s*/.exec(lineOf(p));
      if (!dash) continue;
      const m = mentionsIn(mentions, p.start + dash[0].length, p.end).find((o) => (o.kind === 'name' || o.kind === 'title') && o.start - p.start <= dash[0].length + 1);
      if (!m?.entity?.memberId || m.entity.isLeader) continue;
      if (!/^\s*(?:MP\b)?\s*(?:\([^()]{1,40}\))?\s*(?:,[^,]{0,60})?\s*(?:[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})?\s*$/.test(text.slice(m.end, p.end))) continue;
      const above = paragraphs[i - 1]!;
      if (quoteAt(quotes, above.start) >= 0 && quoteAt(quotes, above.end - 1) >= 0) continue; // a quote: attribute() reads the dash
      assign(above.start, above.end, [m.entity]);
    }
    // An opinion piece in the first person whose author is named only in a byline: "By Nick Gibb MP" at the top, or
    // "Nick Gibb is the Conservative MP for Bognor Regis …" / "— Nick Gibb, MP for …" at the foot. Its sentences
    // outside quotes that speak in the first person are the author's.
    const byline = bylineAuthor();
    if (byline) {
      for (const s of sentences) {
        if (out[s.index] || quoteAt(quotes, s.start) >= 0 || !/\b(?:I|I'm|I've|I'll|I'd|me|my|we|we've|we're|our|us)\b/.test(s.text)) continue;
        out[s.index] = [byline];
      }
    }
    // Interview pages: a heading that is a member's name, then "Q: …" / "A: …" lines.
    let interviewee: Entity | null = null;
    for (const p of paragraphs) {
      const e = signatory(p);
      if (e && lineOf(p).length <= 60) {
        interviewee = e;
        continue;
      }
      if (interviewee && /^A\s*[:.\-\u2013]\s/.test(lineOf(p))) assign(p.start, p.end, [interviewee]);
    }
    // A questionnaire: a member's heading ("JONATHAN GULLIS, Stoke-on-Trent North", "Andrea Jenkyns (Morley and
    // Outwood)"), then questions put to the member, each on a line of its own ("Do you still support the Prime
    // Minister?") or opening the line its answer is on ('Have you sent a letter? "Certainly not."'), with the member's
    // answer on the lines after it, blank lines between or not. The answers are the member's own words: their quotes
    // are the member's, and so is an unquoted answer's "I". The block opens on a question right under the heading and
    // ends at the next heading or at the first line that neither asks nor answers.
    for (let i = 0; i < paragraphs.length; i++) {
      const e = memberHeading(paragraphs[i]!) ?? signatory(paragraphs[i]!);
      if (!e || !paragraphs[i + 1] || !questionLead(paragraphs[i + 1]!)) continue;
      let answering = false;
      let j = i + 1;
      for (; j < paragraphs.length; j++) {
        const p = paragraphs[j]!;
        if (memberHeading(p) || signatory(p)) break;
        const lead = questionLead(p);
        if (lead === p.end - p.start) {
          answering = true;
          continue;
        }
        // An answer follows a question; a line after an answer continues it only with no blank line between.
        if (!lead && !answering) break;
        answerBy(e, p.start + (lead ?? 0), p.end);
        answering = false;
        // Lines right under an answer, with no blank line, go on with it.
        while (paragraphs[j + 1] && !/\n[ \t]*\n/.test(text.slice(p.end, paragraphs[j + 1]!.start)) && !questionLead(paragraphs[j + 1]!) && !memberHeading(paragraphs[j + 1]!)) {
          j++;
          answerBy(e, paragraphs[j]!.start, paragraphs[j]!.end);
        }
      }
      i = j - 1;
    }
    interviewWriteUp();
    return out;

    /**
     * An interview written up as questions in bold and quoted answers with no attribution of their own ("You were one of
     * the first to say you had written. Why go public?" then '"I put my letter in on the 12th of January …"'): the
     * answers are the interviewee's, named in the headline before a colon ("William Wragg: '…'") or opening the
     * introduction ("William Wragg has been the MP for Hazel Grove since 2015 …"). Two such pairs make the layout.
     */
    function interviewWriteUp(): void {
      // A question line with no quotation marks in it: the interviewer's.
      const asks = (p: { start: number; end: number }) => /\?$/.test(withoutEmphasis(lineOf(p))) && !/["\u201c\u201d]/.test(lineOf(p)) && quoteAt(quotes, p.start) < 0;
      const first = paragraphs.findIndex(asks);
      if (first < 1) return;
      const opening = (p: { start: number; end: number }) =>
        mentionsIn(mentions, p.start, p.start + 2).find((o) => o.kind === 'name' && o.start - p.start <= 1 && o.entity?.memberId && !o.entity.isLeader)?.entity ?? null;
      const headline = paragraphs[0]!;
      const named = /^[^"\u201c:]{3,40}:\s*["\u201c]/.test(lineOf(headline)) ? opening(headline) : null;
      let interviewee = named;
      for (let k = 1; !interviewee && k < first; k++) interviewee = opening(paragraphs[k]!);
      if (!interviewee) return;
      const answers: QuoteSpan[] = [];
      for (let j = first; j + 1 < paragraphs.length; j++) {
        const p = paragraphs[j]!;
        if (!asks(p)) continue;
        const q = quotes[quoteAt(quotes, paragraphs[j + 1]!.start)];
        if (q && q.start === paragraphs[j + 1]!.start && !speakers[q.index]) answers.push(q);
      }
      if (answers.length < 2) return;
      for (const q of answers) giveQuoteTo(q, interviewee);
    }

    /** The length of the question a questionnaire's line puts (answers.ts), or null. */
    function questionLead(p: { start: number; end: number }): number | null {
      return questionLeadLength(lineOf(p));
    }

    /**
     * [from, to) is the member's answer: its unquoted sentences are theirs, a quote that is the answer itself is theirs
     * whoever the question named ("Craig Mackinlay, your neighbour Sir Roger wants …"), and so are its other quotes with
     * no speaker.
     */
    function answerBy(e: Entity, from: number, to: number): void {
      assign(from, to, [e]);
      for (let k = firstEndingAfter(quotes, from); k < quotes.length && quotes[k]!.start < to; k++) {
        const q = quotes[k]!;
        if (q.start <= from + 1) {
          speakers[q.index] = null;
          for (const o of mentionsIn(mentions, q.start, q.end)) if (o.kind === 'first_person' && o.quote === q.index) o.entity = null;
        }
        if (!speakers[q.index]) giveQuoteTo(q, e);
      }
    }
  }

  /**
   * A heading that is a member's name and nothing else ("Julian Smith", "ANDREW BRIDGEN", "Tobias Ellwood MP"), or a
   * panel's "Mark Harper, MP for the Forest of Dean" / "JONATHAN GULLIS, Stoke-on-Trent North" with the seat after a comma.
   */
  function memberHeading(p: Paragraph): Entity | null {
    // Asked of every paragraph by several readings: each paragraph is read once.
    const known = headings.get(p.index);
    if (known !== undefined) return known;
    const e = readMemberHeading(p);
    headings.set(p.index, e);
    return e;
  }

  function readMemberHeading(p: Paragraph): Entity | null {
    // A line too long to be a name is dismissed before any pattern runs on it.
    if (p.end - p.start > 200) return null;
    const line = text.slice(p.start, p.end);
    // "MARK PRITCHARD, MP FOR THE WREKIN" reaches here title-cased ("Mp For The Wrekin").
    const seatAfter = /,\s*(?:the\s+)?(?:Conservative\s+|Tory\s+)?MP\s+for\s[^.]{0,100}$/i.exec(line) ?? /,\s*[A-Z][\w'-]*(?:,?\s+(?:and\s+)?[A-Z][\w'-]*){0,4}\.?$/.exec(line);
    const name = nameLine(text, seatAfter ? { start: p.start, end: p.start + seatAfter.index } : p, true, /[,.:]$/);
    if (name === null || name.length > 60) return null;
    const m = mentionsIn(mentions, p.start, p.start + name.length).filter((o) => (o.kind === 'name' || o.kind === 'title') && o.entity?.memberId && !o.entity.isLeader);
    if (m.length !== 1 || m[0]!.start - p.start > 1 || m[0]!.end - m[0]!.start < name.length - 1) return null;
    return m[0]!.entity;
  }

  /** The quote is the member's: its speaker, and the one its "I" refers to. */
  function giveQuoteTo(q: QuoteSpan, e: Entity): void {
    speakers[q.index] = e;
    for (const o of mentionsIn(mentions, q.start, q.end)) {
      if (o.kind === 'first_person' && o.quote === q.index && !o.entity) {
        o.entity = e;
        o.coreference = true;
      }
    }
  }

  /** See `subjects` in AnalysedDocument. */
  function findImplicitSubjects(): Array<Entity[] | undefined> {
    const out: Array<Entity[] | undefined> = sentences.map(() => undefined);
    const named = (o: Mention) => (o.kind === 'name' || o.kind === 'title' || o.kind === 'surname' || o.kind === 'constituency') && o.quote < 0 && !!o.entity?.memberId && !o.entity.isLeader;
    const membersIn = (from: number, to: number): Entity[] => {
      const who: Entity[] = [];
      for (const o of mentionsIn(mentions, from, to)) if (o.end <= to && named(o) && !who.includes(o.entity!)) who.push(o.entity!);
      return who;
    };
    const anyoneIn = (from: number, to: number) => mentionsIn(mentions, from, to).some((o) => o.quote < 0 && (o.entity || o.unresolved) && o.kind !== 'first_person' && o.kind !== 'pronoun');
    const give = (s: Sentence, who: Entity[]) => {
      if (!out[s.index] && s.text.trim() && !anyoneIn(s.start, s.end)) out[s.index] = who;
    };
    // A sentence whose subject is a description naming nobody ("The former Brexit Secretary quoted Oliver Cromwell …").
    const giveDescribed = (s: Sentence, who: Entity[]) => {
      const subject = out[s.index] ? null : DESCRIPTION_SUBJECT.exec(s.text);
      if (!subject) return;
      const head = s.start + (subject[0].indexOf(',') >= 0 ? subject[0].indexOf(',') : subject[0].length);
      if (!mentionsIn(mentions, s.start, head).some((o) => o.quote < 0 && (o.entity || o.unresolved) && o.kind !== 'first_person' && o.kind !== 'pronoun')) out[s.index] = who;
    };
    const byParagraph = new Map<number, Sentence[]>();
    for (const s of sentences) {
      if (!s.text.trim()) continue;
      const list = byParagraph.get(s.paragraph) ?? [];
      list.push(s);
      byParagraph.set(s.paragraph, list);
    }
    const sentencesOf = (p: { index: number }) => byParagraph.get(p.index) ?? [];
    // Under a member's name heading, the lines below it up to the next blank line or the next such heading.
    for (let i = 0; i < paragraphs.length; i++) {
      const e = memberHeading(paragraphs[i]!);
      if (!e) continue;
      for (let j = i + 1; j < paragraphs.length && j <= i + 12; j++) {
        const p = paragraphs[j]!;
        // A blank line ends the block, except before the paragraph right under the heading (a panel's quoted answer,
        // an explainer's profile: "Christian Wakeford (Bury South)" then "The red wall MP sent his letter …").
        const blank = /\n[ \t]*\n/.test(text.slice(paragraphs[j - 1]!.end, p.start));
        if ((blank && j !== i + 1) || memberHeading(p)) break;
        for (const s of sentencesOf(p)) {
          give(s, [e]);
          // "The former Foreign Secretary, beaten by Mr Johnson in 2019, said …", "The former immigration minister told
          // ITV that Johnson … should go": under a name heading, a sentence whose subject is a description, with others
          // named only after its verb, is about the heading's member.
          giveDescribed(s, [e]);
        }
        // "In his words: '…'", "Said: '…'": a quote in the block with no speaker of its own is the heading's member's.
        for (const q of quotes) {
          if (q.paragraph > j) break;
          if (q.paragraph !== j || speakers[q.index]) continue;
          giveQuoteTo(q, e);
        }
      }
    }
    // A fact check: "Claim: 'Mark Harper has written to the 1922 Committee.'" then "Verdict: True. The former chief whip
    // published his letter on 3 February …". The claim line states nothing (a correction-like line); the verdict below it
    // is about the one member the claim names.
    for (let i = 0; i + 1 < paragraphs.length; i++) {
      const claim = paragraphs[i]!;
      if (!CLAIM_LINE.test(text.slice(claim.start, claim.end))) continue;
      // The claim is usually quoted: its names count, inside the quotation marks too.
      const who = membersNamedIn(claim.start, claim.end);
      const verdict = paragraphs[i + 1]!;
      if (who.length !== 1 || !VERDICT_LINE.test(text.slice(verdict.start, verdict.end))) continue;
      for (const s of sentencesOf(verdict)) {
        // "Verdict: False." is the rating, which states nothing; the sentences after it tell what the member did.
        const line = s.text.trim();
        const rating = VERDICT_LINE.exec(line);
        if (rating && /^[\w ,'-]{0,40}[.!]?$/.test(line.slice(rating[0].length))) continue;
        give(s, who);
        // "The former chief whip published his letter …, saying he had submitted it to Sir Graham": a name only as the
        // object of a preposition leaves the sentence's subject to the claim's member.
        const objectsOnly = mentionsIn(mentions, s.start, s.end).every((o) => o.quote >= 0 || o.kind === 'pronoun' || o.kind === 'first_person' || afterPreposition(text, o.start));
        if (!out[s.index] && objectsOnly) out[s.index] = who;
      }
    }
    // A verbless fragment naming members opens the paragraph ("IN GOAL: James Duddridge.", "Victoria Prentis: 6.",
    // "BACK FOUR: Peter Bone, Andrea Jenkyns, Conor Burns, Michael Ellis."): the sentences after it that name nobody
    // are about them.
    const tokens = annotated.tokens;
    for (const p of paragraphs) {
      const list = sentencesOf(p);
      if (list.length < 2) continue;
      const first = list[0]!;
      if (first.text.length > 160 || quoteAt(quotes, first.start) >= 0) continue;
      const who = membersIn(first.start, first.end);
      if (!who.length) continue;
      const spans = mentionsIn(mentions, first.start, first.end);
      const verb = tokens.some((t) => t.start >= first.start && t.end <= first.end && (t.pos === 'VERB' || t.pos === 'AUX') && t.value !== t.value.toUpperCase() && !spans.some((o) => t.start >= o.start && t.end <= o.end));
      if (verb) continue;
      for (const s of list.slice(1)) {
        give(s, who);
        if (who.length === 1) giveDescribed(s, who);
      }
    }
    return out;
  }

  /** The members (never the leader) named by name or title in [from, to), each once, inside quotation marks or not. */
  function membersNamedIn(from: number, to: number): Entity[] {
    const who: Entity[] = [];
    for (const o of mentionsIn(mentions, from, to)) {
      if ((o.kind === 'name' || o.kind === 'title') && o.entity?.memberId && !o.entity.isLeader && !who.includes(o.entity)) who.push(o.entity);
    }
    return who;
  }

  /** "We, A, B and C, …": the members named in apposition to "we" speak the rest of the quote or paragraph. */
  function findGroupVoices(): Array<Entity[] | undefined> {
    const out: Array<Entity[] | undefined> = sentences.map(() => undefined);
    const NAME = String.raw`(?:(?:Sir|Dame|Dr|Mr|Mrs|Ms)\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3}(?:\s*\([^()]{1,40}\))?`;
    const re = new RegExp(String.raw`\b[Ww]e(?:,|\s*[-\u2013\u2014])\s*(?:the undersigned(?: [\w ]{0,40}?)?\s*[-\u2013\u2014,]?\s*)?(${NAME}(?:\s*(?:,|\band\b|,\s*and\b)\s*${NAME})+)\s*(?:,|[-\u2013\u2014])`, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const from = m.index + m[0].indexOf(m[1]!);
      const who = membersNamedIn(from, from + m[1]!.length);
      if (who.length < 2) continue;
      const q = quoteAt(quotes, m.index);
      const para = paragraphs[firstEndingAfter(paragraphs, m.index)];
      const to = q >= 0 ? quotes[q]!.end : para && para.start <= m.index ? para.end : m.index;
      for (let j = firstEndingAfter(sentences, m.index); j < sentences.length && sentences[j]!.start < to; j++) {
        if (sentences[j]!.text.trim()) out[sentences[j]!.index] = who;
      }
    }
    // "A single letter, signed by five ministers - A, B, C, D and E - … 'We are resigning from our posts'": a letter or
    // statement whose signatories are listed speaks for all of them wherever its quotes say "we" in the same paragraph.
    const signed = new RegExp(String.raw`\b(?:letter|statement|note|declaration)\b[^.!?"\u201c]{0,60}?\b(?:signed by|from)\s+(?:(?:all\s+)?(?:\w+\s+){0,3}(?:ministers?|MPs|members|colleagues|backbenchers)\s*[-\u2013\u2014:,]?\s*)?(${NAME}(?:\s*(?:,|\band\b|,\s*and\b)\s*${NAME})+)`, 'g');
    while ((m = signed.exec(text))) {
      const from = m.index + m[0].length - m[1]!.length;
      const who = membersNamedIn(from, from + m[1]!.length);
      if (who.length < 2) continue;
      // Binary searches over the sorted paragraphs, quotes and sentences: a hostile article may repeat the phrase.
      const para = paragraphs[firstEndingAfter(paragraphs, m.index)];
      if (!para || para.start > m.index) continue;
      for (let k = firstStartingAt(quotes, from); k < quotes.length && quotes[k]!.start < para.end; k++) {
        const q = quotes[k]!;
        if (!/\b(?:we|our|us)\b/i.test(text.slice(q.start, q.end))) continue;
        for (let j = firstEndingAfter(sentences, q.start); j < sentences.length && sentences[j]!.start < q.end; j++) {
          const sn = sentences[j]!;
          if (sn.text.trim() && !out[sn.index]) out[sn.index] = who;
        }
      }
    }
    return out;
  }

  /** The member who signs an opinion piece in its byline (see findAuthors), or null. */
  function bylineAuthor(): Entity | null {
    const lines = paragraphs.map((p) => ({ p, line: text.slice(p.start, p.end) }));
    const memberAt = (p: { start: number; end: number }, from: number) =>
      mentionsIn(mentions, p.start + from, p.end).find((o) => (o.kind === 'name' || o.kind === 'title') && o.entity?.memberId && !o.entity.isLeader && o.start - p.start <= from + 1);
    for (const { p, line } of lines.slice(0, 4)) {
      const by = /^by\s+/i.exec(line);
      if (!by) continue;
      const m = memberAt(p, by[0].length);
      if (m && /^\s*(?:MP\b.*|,\s*(?:the\s+)?(?:[\w-]+\s+){0,3}MP\b.*|,?\s*(?:Conservative\s+)?MP for\b.*)?$/i.test(text.slice(m.end, p.end))) return m.entity;
    }
    for (const { p, line } of lines.slice(-3)) {
      const dash = /^[-\u2013\u2014]\s*/.exec(line)?.[0].length ?? 0;
      const m = memberAt(p, dash);
      if (!m) continue;
      const rest = text.slice(m.end, p.end);
      if (/^\s*(?:MP\s+)?is\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}(?:MP|member of parliament)\s+for\b/i.test(rest) || (dash > 0 && /^\s*,\s*(?:(?:the\s+)?(?:[\w-]+\s+){0,3})?MP\b/i.test(rest))) return m.entity;
    }
    return null;
  }

  function resolveTitle(m: Mention) {
    const wanted = titleGender(m.title);
    const fits = (g: Gender | null) => wanted === null || g === null || g === wanted;
    // "Sir Graham", "Dame Andrea": knights and dames go by first name. Match someone already named, else leave unresolved.
    if ((m.title === 'sir' || m.title === 'dame') && index.firstNames.has(m.surnameKey ?? '')) {
      const byFirst = [...introduced].reverse().find((e) => e.memberId && index.byId.get(e.memberId)?.firstKeys.has(m.surnameKey ?? ''));
      if (byFirst) {
        m.entity = byFirst;
        return;
      }
      if (!index.bySurname.has(m.surnameKey ?? '') || firstNameGender(m.surnameKey ?? '', index) !== null) {
        const same = index.members.filter((im) => im.firstKeys.has(m.surnameKey ?? '') && fits(im.gender));
        m.unresolved = { reason: same.length > 1 ? 'ambiguous' : 'unknown', candidates: same.map((c) => c.member.memberId) };
        return;
      }
    }
    const local = [...introduced].reverse().find((e) => e.surnameKey === m.surnameKey && fits(e.gender));
    if (local) {
      m.entity = local;
      return;
    }
    if (isPeerTitle(m.title)) {
      m.entity = nonMember(`${m.title} ${m.surnameKey}`, m.text, wanted, m.surnameKey ?? null);
      return;
    }
    let candidates = (index.bySurname.get(m.surnameKey ?? '') ?? []).filter((im) => fits(im.gender));
    const hint = constituencyJustBefore(m);
    if (hint) candidates = candidates.filter((c) => hint.includes(c));
    if (candidates.some((c) => c.member.memberId === leader.memberId) && !hint) {
      m.entity = leaderEntity;
      return;
    }
    if (!candidates.length && m.surnameKey === leader.surnameKey && leader.memberId === null) {
      m.entity = leaderEntity;
      return;
    }
    if (candidates.length === 1) {
      m.entity = entityOf(candidates[0]!);
      return;
    }
    if (candidates.length > 1) {
      m.unresolved = { reason: 'ambiguous', candidates: candidates.map((c) => c.member.memberId) };
      return;
    }
    const key = m.surnameKey ?? '';
    const near = index.members.filter((im) => fits(im.gender) && im.surnameKey.length >= 5 && boundedEditDistance(im.surnameKey, key, Math.min(1, allowedTypos(im.surnameKey))) <= 1);
    if (near.length === 1) {
      m.entity = entityOf(near[0]!);
      m.fuzzy = true;
      return;
    }
    if (near.length > 1) {
      m.unresolved = { reason: 'ambiguous', candidates: near.map((c) => c.member.memberId) };
      return;
    }
    m.entity = nonMember(`${m.title} ${key}`, m.text, wanted, key);
  }

  function constituencyJustBefore(m: Mention): IndexedMember[] | null {
    const prior = mentionsIn(mentions, m.start - 80, m.start).filter((o) => o.kind === 'constituency' && o.end <= m.start && m.start - o.end <= 3);
    const last = prior[prior.length - 1];
    return last?.members ?? null;
  }

  function resolvePronoun(m: Mention) {
    // An unresolved name ("Mr Smith") is a candidate too: "he" after it must stay unresolved, not jump to someone else.
    const fits = (o: Mention) => (o.entity ? o.entity.gender === null || o.entity.gender === m.pronounGender : !!o.unresolved);
    // Object pronouns ("gave him her backing") are not antecedents of a later subject pronoun.
    const outside = (o: Mention) => o.quote < 0 && o !== m && (o.entity || o.unresolved) && o.kind !== 'first_person' && !(o.kind === 'pronoun' && !/^(?:he|she)$/i.test(o.text));
    // "Johnson, he said, was no longer worthy": the pronoun of an attribution set off by commas is the speaker, and
    // the speaker is not the clause's own subject that comes before it, so its antecedent is in an earlier sentence.
    const interjected = /,\s*$/.test(text.slice(Math.max(0, m.start - 3), m.start)) && /^\s+(?:said|says|added|adds|wrote|writes|argued|argues|insisted|insists|confirmed|confirms|claimed|claims|warned|warns|explained|explains|told [\w ]{1,25}?)\s*,/i.test(text.slice(m.end, m.end + 40));
    let sameSentence = interjected ? [] : mentionsIn(mentions, sentences[m.sentence]?.start ?? 0, m.start).filter((o) => outside(o) && o.sentence === m.sentence && o.end <= m.start && fits(o));
    // "Hunt said he would vote against him; Jesse Norman published the letter he had sent": a semicolon starts a new
    // clause, whose own subject comes first.
    const sentenceStart = sentences[m.sentence]?.start ?? 0;
    const clauseStart = sentenceStart + text.slice(sentenceStart, m.start).lastIndexOf(';');
    if (clauseStart >= sentenceStart) {
      const inClause = sameSentence.filter((o) => o.start > clauseStart);
      if (inClause.length) sameSentence = inClause;
    }
    // The subject is usually first; a name beats a description of the same slot ("The MP for X, Name, said he").
    const pick = (list: Mention[]) => {
      const named = list.filter((o) => (o.kind === 'name' || o.kind === 'title') && !o.possessive);
      const firstNamed = named[0];
      // "A former minister sacked by Johnson in 2021, Gibb is not a natural rebel": the object of a preposition is not
      // the subject a later "he" continues.
      const first = list.find((o) => !o.possessive && !afterPreposition(text, o.start)) ?? list.find((o) => !o.possessive) ?? list[0];
      if (first && firstNamed && first.kind === 'constituency' && firstNamed.start - first.end < 4 && first.entity !== firstNamed.entity) return firstNamed;
      return first;
    };
    let chosen = pick(sameSentence);
    for (let s = m.sentence - 1; !chosen && s >= Math.max(0, m.sentence - 6); s--) {
      // A new letter on a letters page ("SIR – …") starts a new discourse: no antecedent before it.
      if (/^sir\s*[,\u2013\u2014-]\s/i.test(sentences[s + 1]!.text)) break;
      const list = mentionsIn(mentions, sentences[s]!.start, sentences[s]!.end).filter((o) => outside(o) && o.sentence === s && fits(o));
      chosen = pick(list);
    }
    // "He could not continue to support him": an object pronoun is not its own clause's subject; in these
    // stories it is then, nearly always, the leader.
    if (chosen?.entity && /^him$/i.test(m.text) && leaderNamed && (leaderEntity.gender === null || leaderEntity.gender === m.pronounGender)) {
      const subject = mentionsIn(mentions, sentences[m.sentence]?.start ?? 0, m.start).find((o) => o.sentence === m.sentence && o.quote < 0 && o.entity && !o.possessive && (o.kind === 'name' || o.kind === 'title' || (o.kind === 'pronoun' && /^(?:he|she)$/i.test(o.text))));
      if (subject?.entity === chosen.entity) chosen = { ...chosen, entity: leaderEntity, unresolved: null };
    }
    if (chosen) {
      m.entity = chosen.entity;
      m.unresolved = chosen.entity || !chosen.unresolved ? null : { ...chosen.unresolved, name: chosen.unresolved.name ?? chosen.text };
      m.coreference = true;
    }
  }

  function resolveDefinite(m: Mention) {
    const prior = mentionsIn(mentions, sentences[Math.max(0, m.sentence - 4)]?.start ?? 0, m.start).filter((o) => o.quote < 0 && o.end <= m.start && o.entity?.memberId && !o.entity.isLeader && o.sentence >= m.sentence - 4);
    // "He says he has written to Sir Graham Brady. '…,' the former minister writes": the object of a preposition is not who is described next.
    const notObject = prior.filter((o) => !afterPreposition(text, o.start));
    const last = notObject[notObject.length - 1] ?? prior[prior.length - 1];
    if (last) {
      m.entity = last.entity;
      m.coreference = true;
    }
  }

  /**
   * Is the line from `at` a signature under a quote ("— Simon Hart (@Simonhartmp) July 6, 2022", "– Ben Bradley,
   * Mansfield"), not the next item of a bulleted list ("- Michael Fabricant tweeted a picture …, then deleted it.")?
   * A signature is short and ends without a full stop, and the quote's own line is not an item of the same list.
   */
  function isSignatureLine(at: number, quoteStart: number): boolean {
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(at, lineEnd < 0 ? text.length : lineEnd).trim();
    if (line.length > 100 || /[.!?:"\u201d]$/.test(line)) return false;
    const quoteLine = text.slice(text.lastIndexOf('\n', quoteStart - 1) + 1, quoteStart);
    return !/^\s*(?:[-*\u2022\u2013]|\d{1,3}[.)])\s/.test(quoteLine);
  }

  function attribute(q: QuoteSpan): Entity | null {
    const para = paragraphs[q.paragraph]!;
    // After the quote: ', he said' / ' said Mr Aldous' / ', Ms Firth told the BBC'.
    const afterText = text.slice(q.end, Math.min(para.end, q.end + 90));
    const nextQuote = afterText.indexOf('"');
    const window = nextQuote >= 0 ? afterText.slice(0, nextQuote) : afterText;
    const sayAfter = /^[\s,.;:-]*(?:([^".!?]{0,60}?)\s+)?(said|says|added|adds|told|tells|wrote|writes|tweeted|tweets|posted|posts|insisted|insists|warned|warns|argued|argues|explained|explains|stated|declared|continued|continues|claimed|admitted|admits|confirmed|confirms|replied|replies|responded|commented)\b([^".!?]{0,50})/i.exec(window);
    // '"… his position". John Stevenson said …': a full stop after the quote starts another sentence and its own speaker.
    // '"… sending one." Over in Cornwall, Steve Double told …': a quote closed on a full stop and a capital after it is
    // followed by another sentence too.
    const closedSentence = /\.["'\u201d\u2019]?$/.test(text.slice(q.start, q.end)) && /^\s+[A-Z]/.test(window);
    if (sayAfter && !q.runsOn && !closedSentence && !/^\s*[.!?]\s+["'\u201c]?[A-Z]/.test(window)) {
      const subjectEnd = q.end + sayAfter.index + sayAfter[0].indexOf(sayAfter[2]!);
      const subject = mentionsIn(mentions, q.end, subjectEnd).filter((o) => o.end <= subjectEnd && (o.entity || o.unresolved) && o.quote < 0);
      if (subject.length) return subject[subject.length - 1]!.entity;
      const verbEnd = subjectEnd + sayAfter[2]!.length;
      const object = mentionsIn(mentions, verbEnd, verbEnd + 41).find((o) => o.entity && o.quote < 0);
      if (object && /^\s+$/.test(text.slice(verbEnd, object.start))) return object.entity;
    }
    // A dash and a name after the quote: '"…" – Ben Bradley, Mansfield', on the same line or the next one.
    // ... or in brackets: '"He must do the right thing and go." (Sir Roger Gale, North Thanet)'.
    const dash = /^\s*(?:[-\u2013\u2014]|\()\s*/.exec(afterText);
    if (dash && (!dash[0].includes('\n') || isSignatureLine(q.end + dash[0].length, q.start))) {
      const named = mentionsIn(mentions, q.end + dash[0].length, q.end + dash[0].length + 2).find((o) => o.entity && o.quote < 0);
      if (named) return named.entity;
    }
    const nextPara = paragraphs[q.paragraph + 1];
    if (!dash && /^\s*$/.test(afterText) && nextPara && !q.runsOn) {
      const lineDash = /^\s*[-\u2013\u2014]\s*(?:(?:Sir|Dame|Dr|Mr|Mrs|Ms|Lord|Lady)\s+)?/.exec(text.slice(nextPara.start, nextPara.end));
      if (lineDash && isSignatureLine(nextPara.start + lineDash[0].length, q.start)) {
        const from = nextPara.start + lineDash[0].length;
        const named = mentionsIn(mentions, nextPara.start, from + 2).find((o) => o.entity && o.quote < 0 && o.start <= from + 1);
        if (named) return named.entity;
      }
    }
    // A list of names, posts and words: 'Jo Churchill - Parliamentary Under Secretary of State at DEFRA - "…"'.
    if (/^[^"\u201c\n]{3,140}\s[-\u2013\u2014]\s*$/.test(text.slice(para.start, q.start)) && /^[^"\u201c\n]{3,60}\s[-\u2013\u2014]\s/.test(text.slice(para.start, q.start))) {
      const named = mentionsIn(mentions, para.start, para.start + 2).find((o) => o.kind === 'name' && o.start - para.start <= 1 && o.entity && o.quote < 0);
      if (named) return named.entity;
    }
    // Before the quote in the same sentence or paragraph: 'Ms Firth said: "' / 'Rayner said Mr Johnson "needs to go"'.
    const sentence = sentencesContaining(q.start);
    const from = sentence ? Math.max(para.start, sentence.start) : para.start;
    const prevQuoteEnd = Math.max(from, ...quotes.filter((o) => o.paragraph === q.paragraph && o.end <= q.start).map((o) => o.end));
    const beforeText = text.slice(prevQuoteEnd, q.start);
    const sayAt = lastSayVerb(beforeText);
    if (sayAt >= 0) {
      const verbAt = prevQuoteEnd + sayAt;
      const subjects = mentionsIn(mentions, prevQuoteEnd, verbAt).filter((o) => o.end <= verbAt && (o.entity || o.unresolved) && !o.possessive && o.quote < 0);
      // "Jeremy Hunt, who finished second to Mr Johnson in 2019, said: …": a name inside a relative clause or an
      // apposition between the subject and its verb is not the speaker.
      const aside = subjects.find((o) => o.kind !== 'pronoun' && /^\s*,\s*(?:who|whose|the|a|an|once|formerly)\b[^"\n,]{0,140},\s*$/i.test(text.slice(o.end, verbAt)));
      if (aside) return aside.entity;
      if (subjects.length) return subjects[subjects.length - 1]!.entity;
    }
    // "Ellwood: 'I have sent my letter'": a name and a colon introduce the quote.
    // "Michael Fabricant (@Mike_Fabricant): '…'": a handle or role in brackets may stand between the name and the colon.
    const colon = /(?:\s*\([^()]{1,40}\)){0,2}:\s*$/.exec(beforeText);
    if (colon) {
      const named = mentionsIn(mentions, prevQuoteEnd + colon.index - 120, prevQuoteEnd + colon.index).filter((o) => o.end <= prevQuoteEnd + colon.index && o.end >= prevQuoteEnd + colon.index - 1 && o.entity && o.quote < 0);
      if (named[0]) return named[0].entity;
      // A turn labelled by a first name only, after the host has named the guests in full ("[00:00:39] Jesse: It is.
      // I sent it …"): the one person introduced so far whose first name it is (a host or guest who is not a member
      // gives nobody).
      const firstLabel = new RegExp(String.raw`(?:^|\n)\s*(?:${TURN_TIME})?([A-Z][a-z'-]+)$`).exec(text.slice(Math.max(para.start, prevQuoteEnd + colon.index - 40), prevQuoteEnd + colon.index));
      if (firstLabel) {
        const who = byFirstName(firstLabel[1]!, q.start);
        if (who !== undefined) return who;
      }
      // A transcript's speaker label in initials ("AB: Where I was ten days ago."): the key of speakers gives them
      // ("Andrew Bridgen, Conservative MP for North West Leicestershire (AB)"), else the one person named whose initials they are.
      const label = /(?:^|\n)\s*(?:Q\d+\s+)?([A-Z]{2,4})$/.exec(text.slice(Math.max(para.start, prevQuoteEnd + colon.index - 12), prevQuoteEnd + colon.index));
      if (label) {
        const who = speakerInitials().get(label[1]!);
        if (who !== undefined) return who;
      }
      // "John Baron shared a letter to constituents: '…'": the sentence's subject, named at its start, introduces it.
      const subject = mentionsIn(mentions, from, prevQuoteEnd + colon.index).filter((o) => o.entity && o.quote < 0 && !o.possessive);
      // A time phrase may open the sentence: "This morning he published a letter on Twitter: '…'".
      // "North West Durham's Richard Holden, asked whether he had been tempted, laughed it off: '…'": a place's possessive
      // may stand before the name (a kicker in capitals before that), and later mentions of the same person (his "he") leave the subject alone.
      if (
        subject.length &&
        subject.every((o) => o.entity === subject[0]!.entity) &&
        SUBJECT_LEAD.test(text.slice(from, subject[0]!.start).replace(KICKER, '').replace(PLACE_POSSESSIVE, ''))
      )
        return subject[0]!.entity;
    }
    // '"…" / That was how Elliot Colburn explained himself': the next paragraph names who said it.
    if (/^\s*$/.test(afterText) && nextPara && !q.runsOn) {
      const back = /^(?:that|this|those|these|such)\s+(?:was|were|is|are)\s+(?:how|what|the (?:words|verdict|view|message) of)\b|^so (?:said|says)\b/i.exec(text.slice(nextPara.start, nextPara.end));
      if (back) {
        const sent = sentencesContaining(nextPara.start);
        const named = mentionsIn(mentions, nextPara.start, sent ? sent.end : nextPara.end).find((o) => o.entity && o.quote < 0 && (o.kind === 'name' || o.kind === 'title'));
        if (named) return named.entity;
      }
    }
    // 'Greg Smith tells the BBC he is standing by him. "He has said sorry."': a quote that opens a later sentence of a
    // paragraph whose first sentence has a member as its subject and a speech verb is that member's.
    if (q.start > para.start && /[.!?:]\s*$/.test(text.slice(para.start, q.start)) && !quotes.some((o) => o.paragraph === q.paragraph && o.index < q.index)) {
      const lead = text.slice(para.start, q.start);
      const subject = mentionsIn(mentions, para.start, q.start).find((o) => (o.entity || o.unresolved) && o.quote < 0 && !o.possessive && o.kind !== 'pronoun');
      if (subject && /^[\s"'(-]*$/.test(text.slice(para.start, subject.start)) && /\b(?:said|says|told|tells|wrote|writes|added|adds|insisted|insists|explained|explains|posted|posts|tweeted|tweets)\b/i.test(lead)) return subject.entity;
    }
    // A paragraph that is only a quote continues the previous speaker.
    const opensParagraph = q.start === para.start;
    if (opensParagraph) {
      const prev = quotes.filter((o) => o.index < q.index && o.paragraph >= q.paragraph - 1);
      const last = prev[prev.length - 1];
      if (last) return speakers[last.index] ?? null;
      // "X has issued the following statement:" then the statement in quotes.
      const before = paragraphs[q.paragraph - 1];
      if (before && /:\s*$/.test(text.slice(before.start, before.end))) {
        const subject = mentionsIn(mentions, before.start, before.end).find((o) => o.entity && o.quote < 0 && !o.possessive && o.kind !== 'pronoun');
        if (subject) return subject.entity;
      }
    }
    // Last resort: the same paragraph's earlier quote, if any.
    const earlier = quotes.filter((o) => o.paragraph === q.paragraph && o.index < q.index);
    const e = earlier[earlier.length - 1];
    return e ? (speakers[e.index] ?? null) : null;
  }

  /**
   * The person a first name stands for in a transcript turn: among the people named in full before `before`, the one
   * whose first name (or roster short form) it is; null when that person is not a member, undefined when none or
   * several fit.
   */
  function byFirstName(first: string, before: number): Entity | null | undefined {
    const key = first.toLowerCase();
    const fits = new Set<Entity>();
    for (const o of mentions) {
      if (o.start >= before) break;
      if (o.kind !== 'name' || !o.entity) continue;
      const e = o.entity;
      const im = e.memberId ? index.byId.get(e.memberId) : undefined;
      if (im ? im.firstKeys.has(key) : e.name.split(/\s+/)[0]?.toLowerCase() === key) fits.add(e);
    }
    if (fits.size !== 1) return undefined;
    const e = [...fits][0]!;
    return e.memberId && !e.isLeader ? e : null;
  }

  /**
   * Initials that stand for a person in a transcript: from a key ("Andrew Bridgen, … (AB)": the last name before the
   * bracket on its line), else from the people named in full whose initials they are (one only). Null when the
   * initials belong to someone who is not a member (the presenter); absent when nobody fits.
   */
  function speakerInitials(): Map<string, Entity | null> {
    if (initialsCache) return initialsCache;
    const out = new Map<string, Entity | null>();
    const initialsOf = (name: string) =>
      name
        .replace(/\b(?:Sir|Dame|Dr|Mr|Mrs|Ms|Lord|Lady)\s+/g, '')
        .split(/[\s-]+/)
        .filter((w) => /^[A-Z]/.test(w))
        .map((w) => w[0])
        .join('');
    const key = /\(([A-Z]{2,4})\)/g;
    let k: RegExpExecArray | null;
    while ((k = key.exec(text))) {
      const lineStart = text.lastIndexOf('\n', k.index) + 1;
      const segmentStart = Math.max(lineStart, text.lastIndexOf(';', k.index) + 1, text.lastIndexOf(')', k.index) + 1);
      const named = mentionsIn(mentions, segmentStart, k.index).filter((o) => (o.kind === 'name' || o.kind === 'title') && o.entity && o.end <= k!.index);
      const first = named[0];
      if (first?.entity && !out.has(k[1]!)) out.set(k[1]!, first.entity.memberId && !first.entity.isLeader ? first.entity : null);
    }
    const full = new Map<string, Set<Entity>>();
    for (const o of mentions) {
      if (o.kind !== 'name' || !o.entity) continue;
      const ini = initialsOf(o.entity.memberId ? (index.byId.get(o.entity.memberId)?.member.displayName ?? o.entity.name) : o.entity.name).toUpperCase();
      if (!full.has(ini)) full.set(ini, new Set());
      full.get(ini)!.add(o.entity);
    }
    for (const [ini, who] of full) {
      if (out.has(ini) || who.size !== 1) continue;
      const e = [...who][0]!;
      out.set(ini, e.memberId && !e.isLeader ? e : null);
    }
    initialsCache = out;
    return out;
  }

  function sentencesContaining(offset: number): Sentence | undefined {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = sentences[mid]!;
      if (offset < s.start) hi = mid - 1;
      else if (offset >= s.end) lo = mid + 1;
      else return s;
    }
    return undefined;
  }

  function resolveIndefinite(m: Mention) {
    // A lede's "A Bury MP has ..." is named in the next sentence(s); elsewhere only "The move by X" links them.
    // "One former minister", "a source", "an ally": anonymous on purpose, never linked to a name.
    if (!/^an?\s/i.test(m.text) || !/\b(?:mp|member of parliament|backbencher)\b/i.test(m.text)) return;
    const isLede = m.sentence <= 1;
    for (let s = m.sentence + 1; s <= m.sentence + 2 && s < sentences.length; s++) {
      const sent = sentences[s]!;
      const named = mentionsIn(mentions, sent.start, sent.end).filter((o) => o.sentence === s && o.quote < 0 && (o.kind === 'name' || o.kind === 'title' || o.kind === 'constituency') && o.entity?.memberId && !o.entity.isLeader);
      const first = named[0];
      if (!first) continue;
      const linked = /^(?:the|this)\s+(?:move|decision|defection|switch|letter)\s+(?:by|of|from)\s+$/i.test(text.slice(sent.start, first.start).trim() + ' ');
      if (!isLede && !linked) return;
      const im = index.byId.get(first.entity!.memberId!);
      if (!im || !im.parties.has(opts.party)) return;
      if (m.placeHint && !(im.constituencyKey === m.placeHint || im.constituencyKey.startsWith(`${m.placeHint} `))) return;
      m.entity = first.entity;
      m.coreference = true;
      return;
    }
  }
}

/**
 * Short lines in capitals ("TOBIAS ELLWOOD", a name heading over an interview) in title case, so names are
 * found; same length, so every offset still points into the original.
 */
function titleCaseNameLines(text: string): string {
  return text.replace(/^[ \t]*([A-Z][A-Z'\u2019-]+(?: [A-Z][A-Z'\u2019-]+){1,3})[ \t]*$/gm, (line) => line.replace(/[A-Z]+/g, (w) => w[0] + w.slice(1).toLowerCase()));
}

/** Keeps the longest of overlapping mentions (a constituency description absorbs "the MP"). */
function mergeMentions(all: Mention[]): Mention[] {
  const rank = (m: Mention) => (m.kind === 'name' || m.kind === 'title' ? 3 : m.kind === 'constituency' ? 2 : 1);
  all.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: Mention[] = [];
  for (const m of all) {
    // Sorted by start and short: only the last few kept mentions can overlap this one.
    let clash = -1;
    for (let i = out.length - 1; i >= 0 && i >= out.length - 4; i--) {
      const o = out[i]!;
      if (m.start < o.end && o.start < m.end) {
        clash = i;
        break;
      }
    }
    if (clash < 0) {
      out.push(m);
      continue;
    }
    const o = out[clash]!;
    const better = rank(m) > rank(o) || (rank(m) === rank(o) && m.end - m.start > o.end - o.start);
    if (better) out[clash] = m;
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A bare surname that opens a line before a colon and a quote, or closes a line after a quote and a dash. */
function headlineSpeakerSlot(text: string, start: number, end: number): boolean {
  // Headlines are short: look no further than a line's worth either side (and stay linear on long lines).
  const from = Math.max(0, start - 200);
  const lineStart = from + text.slice(from, start).lastIndexOf('\n') + 1;
  if (lineStart === from && from > 0) return false;
  const after = text.slice(end, end + 200);
  const cut = after.indexOf('\n');
  if (cut < 0 && end + 200 < text.length) return false;
  const lineEnd = cut < 0 ? end + after.length : end + cut;
  if (!text.slice(lineStart, start).trim() && /^\s*:\s*["'\u2018\u201c]/.test(text.slice(end, lineEnd))) return true;
  return !text.slice(end, lineEnd).trim() && /["'\u2019\u201d]\s*[-\u2013\u2014]\s*$/.test(text.slice(lineStart, start));
}

/**
 * A sentence opening on a definite description and its verb ("The former Foreign Secretary, beaten by …, said", "The
 * former immigration minister told", "The chairman of the defence committee has been calling"): the description is the subject.
 */
const DESCRIPTION_SUBJECT = /^\s*The\s+(?:former\s+|veteran\s+|senior\s+)?(?:[\w'-]+\s+){0,5}?(?:secretary|minister|chancellor|whip|chair(?:man|woman)?|MP|backbencher|member|leader|envoy|solicitor general|attorney general)\b(?:\s+(?:of|for)\s+(?:the\s+)?[\w'-]+(?:\s+[\w'-]+){0,3})?(?:,[^,]{0,80},)?\s+(?:has\s+|had\s+|have\s+|is\s+|was\s+)?(?:\w+ed|said|says|told|tells|wrote|writes|quoted|called|urged|went|came|gave)\b/i;

/** Is the mention at `at` the object of a preposition ("wrote to Sir Graham Brady", "a minister close to Rishi Sunak")? */
function afterPreposition(text: string, at: number): boolean {
  return /\b(?:to|with|from|by|for|against|of|on|about|than)\s+(?:(?:sir|dame|mr|mrs|ms|dr)\s+)?$/i.test(text.slice(Math.max(0, at - 16), at));
}

/**
 * A paragraph that may be a name on a line of its own ("Simon Hart", "Jerome Mayhew (Broadland),", "Tobias Ellwood
 * MP"), without the seat in brackets, the trailing comma or full stop and "MP"; null when it is too long to be one.
 * The length check comes first: anchored patterns that start with a run of spaces ("\s+MP$") are quadratic in that run,
 * and an article may hold a run of hundreds of thousands.
 */
// A reader's question under a member's heading: the reader's name and town, a colon, and a line ending on a question.
// Before a sentence's subject: a time phrase ("This morning", "On Tuesday,").
const SUBJECT_LEAD = /^[\s"'\u201c(-]*(?:(?:this|last|on|later|earlier|yesterday|today|tonight|overnight|at|by|in the|the (?:next|same|following|previous)|that|within)\b[^,.:;"]{0,25}?,?\s+)?$/i;
// A newsletter item's kicker in capitals before its first sentence: "NOT ME, GUV: ".
const KICKER = /^\s*[A-Z][A-Z0-9 ,'\u2019!?&-]{2,40}:\s+/;
// Right before a name, a place's possessive: "North West Durham's Richard Holden".
const PLACE_POSSESSIVE = /(?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*['\u2019]s\s+$/;

function nameLine(text: string, p: { start: number; end: number }, seat: boolean, trailing = /[,.]$/): string | null {
  if (p.end - p.start > 200) return null;
  let line = text.slice(p.start, p.end);
  if (seat) line = line.replace(/\s*\([^()]{1,60}\)\s*[,.]?$/, '');
  return line.replace(trailing, '').replace(/\s+MP$/i, '');
}
