/**
 * Questionnaires: a member's bare "Yes." or "No." read against the question put to them on the line above.
 *
 * A paper that puts the same questions to several MPs prints "Do you still support the Prime Minister?" and, under it,
 * "No." The answer states a stance only through the question, so no trigger or word vector can read it. The grammar is
 * exact (a yes/no question about the leader, a bare yes or no), so this is a rule, not a feature: a question it does
 * not know, an answer that hedges ("Yes, but …", "Not yet") or goes on to someone else, and nothing is read.
 * Pure: strings in, a stance or null out.
 */
import type { Stance } from './types';

/** A line without the markdown emphasis a page sets its questions in ("**Should the Prime Minister resign?**"). */
export function withoutEmphasis(line: string): string {
  return line.trim().replace(/^[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}$/g, '').trim();
}

// A reader's name and town before the question put to an MP: "Pam Evans, Bayston Hill: ".
const READER_LABEL = /^[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,2},\s+[A-Z][\w' -]{1,30}:\s+/;

/** A question without the label a page sets before it: "Q:", or a reader's name and town ("Pam Evans, Bayston Hill:"). */
export function unlabelledQuestion(line: string): string {
  return withoutEmphasis(line).replace(READER_LABEL, '');
}

/** A line that is one question and nothing else ("Do you still support the Prime Minister?", "Q: Should he go?"). */
export function isQuestionLine(text: string): boolean {
  const line = withoutEmphasis(text);
  return line.length <= 200 && /^(?:Q\s*[:.\-\u2013]\s*)?[A-Z][^.!?\n"\u201c\u201d]{2,}\?$/.test(line);
}

/**
 * How much of a questionnaire's line is the question put to the member, or null when the line asks nothing: the whole
 * line when it is one question, a reader's ("Jean Hollis, Wellington: My husband was not allowed to see his brother.
 * Have you sent a letter?") or an interviewer's of a few sentences ("Craig Mackinlay, your neighbour Sir Roger wants the
 * Prime Minister out. Do you?"), none of them quoted; the opening question when the answer's quote follows it on the
 * same line ('Have you sent a letter? "Certainly not."').
 */
export function questionLeadLength(text: string): number | null {
  if (isQuestionLine(text)) return text.length;
  const opening = /^(?:Q\s*[:.\-\u2013]\s*)?[A-Z][^.!?\n"\u201c\u201d]{2,150}\?\s+(?=["\u201c])/.exec(text);
  if (opening && isQuestionLine(opening[0])) return opening[0].length;
  const line = withoutEmphasis(text);
  const asked = READER_LABEL.test(line) ? line.length <= 450 : line.length <= 300;
  return asked && /^[A-Z][^"\u201c\u201d\n]{2,}\?$/.test(line) ? text.length : null;
}

interface QuestionReading {
  /** The question from its first word: asked directly (after any "Q:"), or reported after "whether" or "if". */
  asks: RegExp;
  /** The question must be about the leader (named, "the Prime Minister", "him", or "he"/"she" for a question about him). */
  aboutLeader: boolean;
  /** The question must be about letters to the 1922 chair. */
  letter: boolean;
  yes: Stance | null;
  no: Stance | null;
}

const GO = '(?:go|resign|quit|step down|stand down|step aside|stand aside|be replaced|leave office|make way)';
const CALLS_TO_GO = new RegExp(`\\b(?:calls?|demands?|moves?|efforts?|attempts?|plots?|campaign)\\b|\\b${GO}\\b`, 'i');
const LETTER_WORDS = /\b(?:letter|1922|brady|sir graham|committee)\b/i;
// The subject of "should he go?": a pronoun or a name, which `aboutLeader` then requires to be the leader.
const SHOULD_GO = new RegExp(`^(?:should|must)\\s+(?:he|she|him|(?:the\\s+|mr\\s+|mrs\\s+|ms\\s+)?[\\w'-]+(?:\\s+[\\w'-]+)?)\\s+(?:now\\s+)?${GO}\\b`, 'i');

/** Questions put to the member ("Do you still support the Prime Minister?"). */
const ASKED: QuestionReading[] = [
  // "Do you still support the Prime Minister?", "Do you have confidence in Boris Johnson?", "Are you still backing him?"
  {
    asks: /^(?:(?:do|does|would|will|can|could)\s+you\s+(?:still\s+|now\s+|continue\s+to\s+)?(?:support|back|trust|have\s+(?:full\s+|any\s+)?confidence\s+in|stand\s+(?:by|behind))|(?:are|were)\s+you\s+(?:still\s+)?(?:backing|supporting|behind|loyal\s+to))\b/i,
    aboutLeader: true,
    letter: false,
    yes: 'backs_leader',
    no: 'withdrew_support',
  },
  // "Will you vote for the Prime Minister?", "Will you be voting against him tonight?"
  { asks: /^(?:will|would|are)\s+you\s+(?:be\s+)?(?:going\s+to\s+)?vot(?:e|ing)\s+for\b/i, aboutLeader: true, letter: false, yes: 'backs_leader', no: 'withdrew_support' },
  { asks: /^(?:will|would|are)\s+you\s+(?:be\s+)?(?:going\s+to\s+)?vot(?:e|ing)\s+against\b/i, aboutLeader: true, letter: false, yes: 'withdrew_support', no: null },
  // "Have you written to the 1922 Committee?", "Have you submitted a letter of no confidence?", "Did you send a letter?"
  {
    asks: /^(?:have|did)\s+you\s+(?:already\s+|yet\s+|ever\s+)?(?:written|write|sent|send|submitted|submit|put\s+in|lodged|handed\s+in)\b/i,
    aboutLeader: false,
    letter: true,
    yes: 'submitted_letter',
    no: 'denied_letter',
  },
  // "Should he resign?", "Should the Prime Minister go?", "Is it time for him to go?", "Do you want him to step down?"
  { asks: SHOULD_GO, aboutLeader: true, letter: false, yes: 'called_to_resign', no: null },
  {
    asks: new RegExp(`^(?:is\\s+it\\s+time\\s+for|do\\s+you\\s+want|do\\s+you\\s+think)\\s+(?:\\S+\\s+){1,3}?(?:should\\s+|to\\s+)?(?:now\\s+)?${GO}\\b`, 'i'),
    aboutLeader: true,
    letter: false,
    yes: 'called_to_resign',
    no: null,
  },
  // "Will you write to Sir Graham?", "Are you going to submit a letter?"
  {
    asks: /^(?:will|would)\s+you\s+(?:now\s+)?(?:write|submit|send|put\s+in)\b|^are\s+you\s+(?:going\s+to|planning\s+to)\s+(?:write|submit|send|put\s+in)\b/i,
    aboutLeader: false,
    letter: true,
    yes: 'intends_letter',
    no: null,
  },
];

/** Questions the reporter puts in reported speech ("Asked whether he still backed the Prime Minister, …"). */
const REPORTED: QuestionReading[] = [
  {
    asks: /^(?:he|she)\s+(?:still\s+)?(?:supported|backed|had\s+(?:full\s+|any\s+)?confidence\s+in|stood\s+(?:by|behind)|would\s+(?:still\s+)?(?:back|support))\b/i,
    aboutLeader: true,
    letter: false,
    yes: 'backs_leader',
    no: 'withdrew_support',
  },
  { asks: /^(?:he|she)\s+would\s+(?:be\s+)?vot(?:e|ing)\s+for\b/i, aboutLeader: true, letter: false, yes: 'backs_leader', no: 'withdrew_support' },
  // "Asked whether he had sent a letter, …", "asked if she had written to Sir Graham"
  { asks: /^(?:he|she)\s+(?:had\s+|has\s+)?(?:already\s+|ever\s+)?(?:written|wrote|sent|submitted|put\s+in|lodged)\b/i, aboutLeader: false, letter: true, yes: 'submitted_letter', no: 'denied_letter' },
  // "Asked whether the Prime Minister should resign, …"
  { asks: new RegExp(`^(?:he|she|the\\s+[\\w'-]+(?:\\s+[\\w'-]+)?|(?:mr\\s+|mrs\\s+|ms\\s+)?[\\w'-]+(?:\\s+[\\w'-]+)?)\\s+should\\s+(?:now\\s+)?${GO}\\b`, 'i'), aboutLeader: true, letter: false, yes: 'called_to_resign', no: null },
];

// A bare answer: the word, then at most a short tail that says the same again ("Yes, I do.", "No, I haven't, and I won't
// be.", "Yes, one hundred per cent.", "I have not, and I am not going to."), never one that turns it ("Yes, but …",
// "No, not unless …"); "I do" and "I have not" must stop there or at a comma ("I have not decided" is no answer).
const TAIL = String.raw`(?:[,.!\s\u2013\u2014-]+(?:[\w']+[,\s]*){0,12})?[.!]?$`;
const YES = new RegExp(String.raw`^(?:yes|yep|yeah|absolutely|definitely|certainly|of course)\b${TAIL}|^i (?:do|have|am|will)(?:\s+indeed)?[.!]?$`, 'i');
const NO = new RegExp(String.raw`^(?:no|nope|never|absolutely not|certainly not|definitely not|not at all|no longer|not a chance|no chance|no way|not likely)\b${TAIL}|^i(?: do not| don't| have not| haven't| am not|'m not| will not| won't)(?=[,.!]|$)${TAIL}`, 'i');
const TURNS = /\b(?:but|if|unless|yet|though|although|however|until|not\s+yet|depends)\b/i;
const NEGATES = /\b(?:not|no|never|nobody|nothing)\b|n't\b/i;

/** A bare yes, a bare no, or neither (a hedge, "No comment", an answer that goes on to something else). */
function polarity(answer: string): 'yes' | 'no' | null {
  if (TURNS.test(answer) || /^no\s+(?:one|comment|doubt|idea|question)\b/i.test(answer)) return null;
  if (YES.test(answer) && !NEGATES.test(answer.replace(/^(?:absolutely|definitely|certainly)\b/i, ''))) return 'yes';
  return NO.test(answer) ? 'no' : null;
}

/**
 * The stance a bare answer gives to the question above it, or null when the question is not one this knows, it is
 * not about the leader where it must be, or the answer is not a bare yes or no. `question` is the question's line (a
 * "Q:" label allowed), `answer` the answer's first sentence (an "A:" label allowed), `leader` a pattern for the leader.
 */
export function answerStance(question: string, answer: string, leader: RegExp): Stance | null {
  return read(ASKED, question.trim().replace(/^Q\s*[:.\-\u2013]\s*/, ''), answer.trim().replace(/^A\s*[:.\-\u2013]\s*/, ''), leader, false);
}

/**
 * The stance a bare answer gives to a question the reporter puts in reported speech ("Asked whether he had sent a
 * letter, Brendan Clarke-Smith said: 'Not a chance.'"): `reported` is the clause after "whether" or "if", `answer` the
 * first sentence of the quoted reply. Null as in answerStance.
 */
export function answerToReported(reported: string, answer: string, leader: RegExp): Stance | null {
  return read(REPORTED, reported.trim(), answer.trim().replace(/^["\u201c]|["\u201d]$/g, ''), leader, true);
}

/**
 * The first reading whose question matches, checked for what it must be about. A call to go may name its subject by
 * pronoun ("Should he resign?"); in a reported question the opening "he" or "she" is the member asked ("whether he still
 * backed the Prime Minister"), so the leader must be named after it.
 */
function read(readings: readonly QuestionReading[], question: string, answer: string, leader: RegExp, reported: boolean): Stance | null {
  const said = polarity(answer);
  if (!said) return null;
  for (const r of readings) {
    if (!r.asks.test(question)) continue;
    const callToGo = r.yes === 'called_to_resign';
    if (r.aboutLeader) {
      const named = leader.test(reported ? question.replace(/^(?:he|she)\b/i, '') : question);
      if (!named && !(callToGo && /^(?:\S+\s+){0,4}?(?:he|she)\b/i.test(question))) return null;
      // "Do you support the Prime Minister?", not "Do you support the calls for him to go?"
      if (!callToGo && CALLS_TO_GO.test(question)) return null;
    }
    if (r.letter && !LETTER_WORDS.test(question)) return null;
    return said === 'yes' ? r.yes : r.no;
  }
  return null;
}
