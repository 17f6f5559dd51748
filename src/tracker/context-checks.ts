/**
 * Context checks: after the rules and the stance model have decided, does the sentence that states a proposed find
 * actually declare anything for that member? A find whose evidence says it does not (a question in the reporter's
 * voice, a report denied or never confirmed, words others put in the member's mouth, support that is history, the
 * member only an object or the one told to go, stance words owned by someone else or used in another sense) is
 * demoted to *possible* by the extractor (extract.ts): the review queue still shows it, nothing is proposed on it.
 *
 * General linguistic checks over one sentence and the offsets of the people the document resolved in it (mentions.ts),
 * with the wink-nlp layer (nlp.ts) where words alone do not settle it; never strings of particular articles. Pure:
 * same input, same verdict. ADR 0303.
 */
import { STANCE_VOCABULARY } from './lexicon';
import { annotate } from './nlp';
import type { HeldBackReason } from '../domain/held-back-reasons';
import type { Stance } from './types';

/** Why a proposed find declares nothing, in the sentence's own terms: one name per check (src/domain/held-back-reasons.ts lists them). */
export type ContextReason = HeldBackReason;

export interface ContextInput {
  /** The sentence that states the find, verbatim. */
  sentence: string;
  /** Offsets in `sentence` of the member's own mentions (name, title, pronoun); empty when the member is the speaker. */
  mentions: ReadonlyArray<readonly [number, number]>;
  /** Offsets in `sentence` of the mentions of anyone else but the leader (other members, people the roster knows). */
  others?: ReadonlyArray<readonly [number, number]>;
  stance: Stance;
  /** The leader's name ("Boris Johnson"): confidence in him is about him, whatever the role words say. */
  leader?: string;
}

/** Each check, in the order they are tried; the first that holds names the reason. */
export function contextReason(input: ContextInput): ContextReason | null {
  if (isQuestion(input)) return 'question';
  if (isDeniedReport(input)) return 'denied-report';
  if (isSaidByOthers(input)) return 'said-by-others';
  if (isSupportHistory(input)) return 'support-is-history';
  if (isMemberObject(input)) return 'member-is-object';
  if (isMemberTarget(input)) return 'member-is-target';
  if (isStanceOfAnother(input) || isStanceInAnotherClause(input)) return 'stance-of-another';
  if (isConfidenceInSomethingElse(input)) return 'other-target';
  if (isAlternativeOffered(input)) return 'alternative-offered';
  if (isGoingSomewhere(input)) return 'going-somewhere';
  if (isNotYet(input)) return 'not-yet';
  if (isOtherSense(input)) return 'other-sense';
  if (isCallsOfOthers(input)) return 'calls-of-others';
  if (isCallRefused(input)) return 'call-refused';
  if (isMemberSilent(input)) return 'said-nothing';
  if (isEarlierYear(input)) return 'earlier-year';
  if (isConditional(input)) return 'conditional';
  if (isMemberInTimeClause(input)) return 'member-in-time-clause';
  if (isLeaderSubject(input)) return 'leader-is-subject';
  if (isBackingSomeoneElse(input)) return 'backs-someone-else';
  if (isPronounOfAnother(input)) return 'pronoun-of-another';
  return null;
}

/** Offsets of the stance's own words in the sentence. */
export function stanceWords(sentence: string, stance: Stance): Array<[number, number]> {
  // matchAll works on a copy of the shared global pattern: its lastIndex is never touched.
  return (
    [...sentence.matchAll(STANCE_VOCABULARY[stance])]
      // "nobody in his position quits on a whim": the situation, not a tenure said to be untenable.
      .filter((m) => !(stance === 'called_to_resign' && /^his position$/i.test(m[0]) && /\b(?:in|from|to)\s+$/i.test(sentence.slice(0, m.index))))
      // "beset by resignations": other people's resignations, plural, are never a call on the one leader.
      .filter((m) => !(stance === 'called_to_resign' && /^resignations$/i.test(m[0])))
      .map((m) => [m.index, m.index + m[0].length])
  );
}

/** "Q14 Caroline Nokes: Prime Minister, are you going to resign?": the member is the one asking, by a speaker label. */
function speaksByLabel({ sentence, mentions }: ContextInput): boolean {
  return mentions.some(([, end]) => /^\s*:/.test(sentence.slice(end)));
}

/** An answer that refuses the question put ("I am not going to share how I voted", "It's a secret ballot"). */
const REFUSED_ANSWER = /\b(?:not going to (?:share|say|tell|reveal|discuss|comment)|(?:declin|refus)(?:ed|es|ing) to (?:say|answer|share|reveal|comment)|would(?:n't| not) (?:say|answer|share|reveal)|no comment|(?:a|the) secret ballot|(?:is|was) a matter for me|keep (?:that|it) to myself|you'll (?:have to wait|find out))\b/i;

/**
 * A question in the reporter's voice ("Who is still backing him?", "Will she put in a letter?"): it asks, it states
 * nothing. A quoted question, or one the member asks under a speaker label, may be the member's own rhetoric.
 */
export function isQuestion(input: ContextInput): boolean {
  const { sentence } = input;
  // "Asked whether he had voted against the prime minister, Mr Ellwood said: 'I am not going to share how I voted.'": the
  // stance words are the question's, and the answer refuses it ("Absolutely, he does" would answer it, and stays).
  const asked = /^\s*Asked\s+(?:whether|if|about)\b[^,]*,/i.exec(sentence);
  if (asked && REFUSED_ANSWER.test(sentence.slice(asked[0].length)) && stanceWords(sentence, input.stance).every(([a]) => a < asked[0].length)) return true;
  // "- Whether Nadhim Zahawi, appointed Chancellor on Tuesday night, stays loyal.": an open question as a fragment.
  if (/^\s*(?:[-\u2013\u2014\u2022*]\s*)?whether\b/i.test(sentence)) return true;
  return /\?["'\u201d\u2019)\s]*$/.test(sentence) && !/^\s*["'\u201c\u2018]/.test(sentence) && !speaksByLabel(input);
}

// Someone denies or dismisses what was reported, the member is said never to have said it, or declines to: the stance
// sits inside the complement of that frame ("denied a report that he had sent a letter", "has not said that the Prime
// Minister should go", "stopped short of saying", "said nothing about whether he still supported him", "was silent on
// whether", "gave no indication", "dismissed as nonsense suggestions that she had lost confidence",
// "reports that he had withdrawn his support could not be confirmed", "declines to back Johnson fully").
const DENIAL_FRAME =
  /\b(?:den(?:y|ies|ied|ying)|dismiss(?:es|ed|ing)?|reject(?:s|ed|ing)?|rebut(?:s|ted|ting)?)\b[^.;]{0,40}?\b(?:(?:reports?|suggestions?|claims?|stor(?:y|ies)|rumours?)\b[^.;]{0,40}?\b(?:that|of)|that)\b|\b(?:has|have|had|did|does|do)\s*(?:not|n't)\s+(?:yet\s+|publicly\s+|ever\s+)*(?:said|say|told|tell|gone so far as)\b|\bnever\s+(?:publicly\s+)?(?:said|says|told)\b|\bstop(?:ped|s)? short of\b|\b(?:not|never)\s+(?:going\s+to\s+|about\s+to\s+|prepared\s+to\s+|ready\s+to\s+)?(?:call|calling|join(?:ing)?\s+(?:the\s+)?calls?)\s+(?:for|on)\b|\bsaid nothing\b[^.;,]{0,30}?\b(?:about|on|as to)\b|\b(?:was|is|has been|remained|remains|stayed|stays|kept)\s+(?:\w+\s+)?(?:silent|quiet|mum)\s+(?:about|on|as to)\b|\bgave no (?:indication|sign|hint)\b|\bnot the same (?:thing )?as\b|\bwithout (?:saying|calling)\b|\b(?:reports?|suggestions?|claims?)\b[^.;]{0,120}?\b(?:(?:were|was|have been|has been)\s+(?:denied|dismissed|rejected)|could not be (?:confirmed|verified)|(?:were|was|remain(?:s|ed)?)\s+unconfirmed)\b/i;
// "said reports on social media that she had submitted a letter were 'completely untrue'": the stance inside the report.
const UNTRUE_REPORT = /\b(?:reports?|suggestions?|claims?|rumours?)\b[^.;]{0,120}?\b(?:were|was|are|is)\s+["'\u201c\u2018]?(?:completely\s+|totally\s+|entirely\s+|simply\s+)?(?:untrue|false|wrong|nonsense|rubbish|inaccurate|fake news)\b/i;

// Declining is the declining person's: the nearest person named before it must be the member (or nobody, for a speaker).
const DECLINED = /\b(?:declin(?:es|ed|ing)|refus(?:es|ed|ing))\s+to\b/i;

function declinedByMember(sentence: string, mentions: ContextInput['mentions'], others: NonNullable<ContextInput['others']>, leader: string): RegExpExecArray | null {
  const frame = DECLINED.exec(sentence);
  if (!frame) return null;
  const before = (list: ContextInput['mentions']) => Math.max(-1, ...list.filter(([, e]) => e <= frame.index).map(([s]) => s));
  // "But the defiant PM refused to budge - and … sacked Michael Gove, who had told him that he had to resign": the
  // leader declines, not the member named after the frame.
  if (before(mentions) < 0 && leaderNamedIn(sentence.slice(0, frame.index), leader)) return null;
  return before(others) > before(mentions) ? null : frame;
}

function leaderNamedIn(text: string, leader: string): boolean {
  const surname = leader.trim().split(/\s+/).pop() || 'Prime Minister';
  return new RegExp(`\\b(?:${surname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|prime minister|pm|premier)\\b`, 'i').test(text);
}

/** Negated or denied reports of the stance: not for a denial itself, whose words are the frame. */
export function isDeniedReport({ sentence, stance, mentions, others = [], leader }: ContextInput): boolean {
  if (stance === 'denied_letter') return false;
  const untrue = UNTRUE_REPORT.exec(sentence);
  const inReport = stanceWords(sentence, stance);
  if (untrue && inReport.length && inReport.every(([a, b]) => a >= untrue.index && b <= untrue.index + untrue[0].length)) return true;
  const frame = DENIAL_FRAME.exec(sentence) ?? declinedByMember(sentence, mentions, others, leader ?? '');
  if (!frame) return false;
  // The frame governs its own clause: "has not said whether he still supports him, and his resignation letter …".
  const boundary = /,\s+(?:and|but)\s|;|\sbut\s/.exec(sentence.slice(frame.index + frame[0].length));
  const end = boundary ? frame.index + frame[0].length + boundary.index : sentence.length;
  const words = stanceWords(sentence, stance);
  return words.length > 0 && words.every(([start]) => start >= frame.index && start < end);
}

// The member's words come from others, unnamed or named by relation, before the stance: "Friends of X say", "is said
// by allies to", "told by a constituent that the Prime Minister should quit", "is expected to back", "newspapers have
// listed X among"; or, anywhere, an evidential tail ("as was heard from his surroundings", "according to his allies").
const SAID_BY_OTHERS_BEFORE =
  /\b(?:friends|allies|aides|colleagues|supporters|sources|people|those)\s+(?:close to|of|around)\b|\b(?:told|urged|warned|advised|pressed)\s+by\s+(?:a|an|one|the|his|her|their|some|several)\b|\b(?:is|are|was|were)\s+(?:said|understood|believed|thought|reported|expected|tipped)\s+(?:by\s+[\w' ]{1,30}?\s+|(?:on|late|last|earlier|overnight|this|yesterday)\s+(?:\w+\s+){0,3})?to\b|\b(?:newspapers|reports|papers|the press|media)\b[^.;]{0,30}?\b(?:have|has|had)\s+(?:listed|named|counted|included|reported)\b/i;
const SAID_BY_OTHERS_ANYWHERE = /\bheard from (?:his|her|their) (?:surroundings|entourage|circle|camp)\b|\baccording to (?:his|her|their) (?:allies|friends|aides|supporters|camp)\b/i;

// "A friend of Sajid Javid tells me he will be voting for the prime minister": one friend, the member right after "of".
const ONE_FRIEND_OF = /\b(?:a|one)\s+(?:close\s+)?(?:friend|ally|aide|source)\s+(?:close\s+to|of)\s+$/i;

export function isSaidByOthers({ sentence, stance, mentions }: ContextInput): boolean {
  if (stance === 'denied_letter') return false;
  if (SAID_BY_OTHERS_ANYWHERE.test(sentence)) return true;
  const friendOf = mentions.find(([start]) => ONE_FRIEND_OF.test(sentence.slice(Math.max(0, start - 30), start)));
  if (friendOf && stanceWords(sentence, stance).every(([start]) => start >= friendOf[1])) return stanceWords(sentence, stance).length > 0;
  const frame = SAID_BY_OTHERS_BEFORE.exec(sentence);
  if (!frame) return false;
  const words = stanceWords(sentence, stance);
  return words.length > 0 && words.every(([start]) => start >= frame.index);
}

// Support set in the past and bounded ("had defended Boris Johnson through the long winter", "I have supported him
// for many years", "I've backed him every time"), set against what comes next ("I have been proud to back him, but"),
// or told as a former state ("having previously said he would back him", "once the Prime Minister's most useful ally").
const PAST_SUPPORT = [
  /\b(?:had|'d)\s+(?:\w+\s+){0,2}(?:backed|supported|defended|stood by)\b[^.;]{0,60}?\b(?:for (?:many |several |so many )?(?:years|months)|through(?:out)?|every time|on every|since|until)\b/gi,
  /\b(?:have|has|'ve)\s+(?:\w+\s+){0,2}(?:backed|supported|defended|stood by|been loyal|been proud to (?:back|support|defend)|been (?:a|an) (?:\w+\s+)?(?:supporter|backer|defender|ally|loyalist))\b[^.;]{0,60}?\b(?:but|until|since|through(?:out)?|for (?:many |several |so many )?(?:years|months)|every time|on every|many times|several times|repeatedly|a number of times|on (?:many|several|countless|a number of) occasions)\b/gi,
  /\b(?:having|once|previously|formerly)\b[^.;]{0,40}?\b(?:back|support|defen[dc]|all(?:y|ies))\w*/gi,
  // Support regretted: "he had 'felt like a mug' for defending the Prime Minister", "regrets backing him".
  /\b(?:mug|fool|idiot|embarrass\w*|ashamed|regret\w*|sorry|foolish)\b[^.;]{0,30}?\b(?:for|about|at|to have|of)\s+(?:\w+\s+)?(?:defend|back|support|stand(?:ing)? by)\w*/gi,
  // Support that has run out: "she had defended him for too long", "no longer had confidence in the prime minister".
  /\b(?:backed|supported|defended|stood by|stuck by|loyal)\b[^.;]{0,40}?\bfor (?:far |much |way )?too long\b/gi,
  /\bno longer\s+(?:\w+\s+){0,2}(?:confidence|faith|trust|back\w*|support\w*|behind|defend\w*)\b[^,.;"\u201d]{0,40}/gi,
];

// A relative clause set at a past time, between commas ("Jacob Young, the Redcar MP, who backed Mr Johnson in the
// confidence vote in June, resigned on Wednesday"): what the member did before the news the main clause tells.
const DATED_RELATIVE = /,\s*who\b[^,]{0,120}?\b(?:in (?:January|February|March|April|May|June|July|August|September|October|November|December|20\d\d)|last (?:week|month|year|winter|spring|summer|autumn)|earlier this year)\b[^,]{0,80},(?=\s+[a-z])/g;

export function isSupportHistory({ sentence, stance }: ContextInput): boolean {
  if (stance !== 'backs_leader') return false;
  const spans = PAST_SUPPORT.flatMap((re) => [...sentence.matchAll(re)].map((m) => [m.index, m.index + m[0].length] as const));
  for (const m of sentence.matchAll(DATED_RELATIVE)) spans.push([m.index!, m.index! + m[0].length]);
  // "he did not think the Prime Minister 'has my support any more'": support said to have ended is history too; a
  // backing word negated beside a past span ("but I cannot defend this any more") withdraws support, backing nothing now.
  const before = (a: number) => sentence.slice(Math.max(0, a - 30), a);
  const ended = (a: number, b: number) => /\bno longer\s+(?:\w+\s+)?$/i.test(before(a)) || /^[^.;,]{0,30}?\b(?:any ?more|any longer)\b/i.test(sentence.slice(b));
  const negated = (a: number, b: number) => ended(a, b) || /\b(?:cannot|can't|could not|couldn't|will not|won't|not)\s+(?:\w+\s+)?$/i.test(before(a));
  if (!spans.length) {
    const words = stanceWords(sentence, stance);
    return words.length > 0 && words.every(([a, b]) => ended(a, b));
  }
  // Every backing word inside a past span: "who had defended Johnson in January, said he has my full support" backs now.
  return stanceWords(sentence, stance).every(([a, b]) => negated(a, b) || spans.some(([s, e]) => a >= s && b <= e));
}

// The member named only as an object: of a preposition ("resigned as aide to Michael Gove", "allegations against
// Chris Pincher"), of a transitive verb ("Dominic Raab is backing Rishi Sunak", "the letter he sent Sir Graham Brady",
// "told Mark Spencer he would vote against"), the name of an affair ("the handling of the Chris Pincher affair"), or
// the owner of someone else's role
// ("Theresa May's former chief of staff"). Case matters: the words between are titles and capitalised names only.
const OBJECT_BEFORE = /\b(?:(?:office|home|constituency|seat|aide|friend|ally|allies|supporters?|wife|husband|team|staff|camp)\s+of|[Tt]o|[Ii]n|[Ff]or|[Ww]ith|[Aa]gainst|[Bb]ehind|[Ff]rom|[Oo]n|[Aa]t|[Aa]bout|[Tt]han|[Tt]owards|[Uu]nder|[Oo]ver|[Ii]nto|[Uu]nlike|dismissed|backing|backed|backs|supporting|supported|supports|defended|defending|criticised|attacked|called|sent|handed|gave|told|urged|asked|informed|warned|thanked|sacked|fired|replace|replaced|replacing|succeed|succeeded|succeeding)\s+(?:(?:the|Mr|Mrs|Ms|Sir|Dame|Dr|Lord|[A-Z][\w'-]*|secretary|minister|chancellor)\s+){0,4}$/;
const NOT_AN_OBJECT = /\b(?:according to|spokes(?:man|woman|person) for|on behalf of|for his part|for her part)\s+(?:(?:the|Mr|Mrs|Ms|Sir|Dame|Dr|[A-Z][\w'-]*|[a-z]+\s+MP)\s+){0,5}$/i;
const APPOSITION_TO_OBJECT = /\b(?:to|for|with|against|behind|under|over)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}(?:secretary|minister|chancellor|whip|chair(?:man|woman)?|leader)\s*,\s*$/i;
const TIME_WORD = /\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Today|Tonight|Yesterday)\b/;
const OWNER_OF_ROLE = /^['\u2019]s?\s+(?:former\s+|new\s+|own\s+|then\s+)?(?:chief|aide|adviser|spokes\w+|office|allies|friends|camp|team|deputy|successor|predecessor|staff)\b|^\s+(?:affair|scandal|row|saga|case|controversy|episode|allegations)\b/i;

export function isMemberObject({ sentence, mentions, stance }: ContextInput): boolean {
  // Names only: a pronoun or a description ("he", "a member of Parliament") cannot be told apart by case.
  // A possessive pronoun ("his spring statement") names no subject either way: it neither makes nor stops the case.
  const counted = mentions.filter(([start]) => !/^(?:his|her|their)\b/i.test(sentence.slice(start)));
  const names = counted.filter(([start]) => /^[A-Z]/.test(sentence.slice(start)) && !/^(?:He|She|They|I|We)\b/.test(sentence.slice(start)));
  if (!names.length || names.length !== counted.length) return false;
  return names.every(([start, end]) => {
    const after = sentence.slice(end, end + 40);
    if (OWNER_OF_ROLE.test(after)) return true;
    // The member's own act: a possessive ("Douglas Ross's call"), a relative clause that holds the stance ("…, both of
    // whom have said they back him"), or the stance word right after the name ("Sajid Javid and Rishi Sunak resigning").
    if (/^['\u2019]/.test(after)) return false;
    const relative = /^,?\s*(?:(?:both|all|each|one)\s+of\s+)?(?:who|whom)\b[^,;]*/.exec(sentence.slice(end));
    if (relative && stanceWords(relative[0], stance).length) return false;
    // After a comma the name may close a clause of its own ("a minister seen as close to Rishi Sunak, resigned").
    if (stanceWords(after, stance).some(([a]) => a <= 3 && !after.slice(0, a).includes(','))) return false;
    const before = sentence.slice(Math.max(0, start - 60), start);
    // "resigned as parliamentary private secretary to the levelling up secretary, Michael Gove": a name in apposition
    // to a role that is itself an object.
    if (APPOSITION_TO_OBJECT.test(before)) return true;
    const clause = before.slice(Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf('"'), before.lastIndexOf(':')) + 1);
    const object = OBJECT_BEFORE.exec(clause);
    // "On Wednesday Mr Baker said": a time adverbial before the subject, not a preposition taking the member.
    return !!object && !NOT_AN_OBJECT.test(clause) && !TIME_WORD.test(object[0]);
  });
}

// "no confidence in the BBC's leadership", "no confidence in the energy companies": confidence lost in something
// other than the leader.
const CONFIDENCE_IN = /\b(?:confidence|faith)\s+in\s+([^,.;:"\u201d]{1,40})|\b(?:cannot|can't|could not|couldn't|can no longer|could no longer|will not|won't)\s+(?:defend|support|back|stand by|justify)\s+["'\u201c\u2018]?([^,.;:"\u201d]{1,40})/gi;
const LEADER_REF = /^(?:him|you|the (?:prime minister|pm|premier|leader|government|party leader)|prime minister|(?:his|her|your) (?:leadership|judgment|judgement|ability|government)|mr\s|boris\b|johnson\b)/i;

export function isConfidenceInSomethingElse({ sentence, stance, leader, others = [] }: ContextInput): boolean {
  if (LETTER_ACTS.has(stance)) return isLetterAgainstSomeoneElse(sentence, stance, others, leader);
  if (stance !== 'withdrew_support') return false;
  const words = stanceWords(sentence, stance);
  const targets = [...sentence.matchAll(CONFIDENCE_IN)];
  if (!targets.length) return false;
  const leaderNames = (leader ?? '').toLowerCase().split(/\s+/).filter((w) => w.length > 2);
  const other = targets.filter((m) => {
    // "no confidence in the energy companies"; "could not defend 'a toxic culture' in Downing Street".
    const target = (m[1] ?? m[2] ?? '').trim();
    return !LEADER_REF.test(target) && !leaderNames.some((n) => target.toLowerCase().startsWith(n));
  });
  // Every withdrawal word is one of those confidence phrases.
  return other.length > 0 && words.every(([a]) => other.some((m) => a >= m.index! - 20 && a <= m.index! + m[0].length));
}

// The letter stances that send, mean to send, withdraw or resend a letter (a denial names no target).
const LETTER_ACTS = new Set<Stance>(['submitted_letter', 'intends_letter', 'withdrew_letter', 'resubmitted_letter']);

// "Steve Baker also submitted a letter against Mrs May": a letter of no confidence in someone the sentence names who is
// not the leader (another leader, a minister) says nothing about him.
function isLetterAgainstSomeoneElse(sentence: string, stance: Stance, others: ContextInput['others'] = [], leader?: string): boolean {
  const words = stanceWords(sentence, stance);
  const named = others.filter((o) => isName(sentence, o));
  // A title and a surname the document could not settle ("a letter against Mrs May") still name someone, unless it is the leader's.
  const leaderNames = new Set((leader ?? '').toLowerCase().split(/\s+/).filter(Boolean));
  const titled = (b: number) => {
    const m = /^[^.;:,]{0,40}?\b(?:against|in)\s+(?:Mr|Mrs|Ms|Sir|Dame|Dr)\.?\s+([A-Z][\w'-]+)/.exec(sentence.slice(b));
    return !!m && leader !== undefined && !leaderNames.has(m[1]!.toLowerCase());
  };
  return words.length > 0 && words.every(([, b]) =>
    named.some(([s]) => s >= b && s - b <= 60 && /^[^.;:,]*\b(?:against|in)\s+(?:(?:Mr|Mrs|Ms|Sir|Dame|Dr)\.?\s+)?$/i.test(sentence.slice(b, s))) || titled(b),
  );
}

// "lead or step aside", "shape up or ship out": a choice put to the leader, not a call to go.
const ALTERNATIVE = /\b\w+\s+or\s+(?:step|stand)\s+(?:down|aside)\b|\b\w+\s+or\s+(?:resign|quit|go)\b/gi;

export function isAlternativeOffered({ sentence, stance }: ContextInput): boolean {
  if (stance !== 'called_to_resign') return false;
  const choices = [...sentence.matchAll(ALTERNATIVE)].map((m) => [m.index!, m.index! + m[0].length] as const);
  if (!choices.length) return false;
  return stanceWords(sentence, stance).every(([a, b]) => choices.some(([s, e]) => a >= s && b <= e));
}

// "… and that he should now step aside": the member is the subject of the resigning verb, the one told to go, not
// the one calling (a pronoun resolved to the member in someone else's call).
const TOLD_TO_GO = /^\s+(?:(?:should|must|has to|had to|needs? to|ought to|would have to)\s+(?:now\s+|really\s+|immediately\s+|simply\s+)?)(?:go|resign|quit|step (?:down|aside)|stand (?:down|aside))\b/i;

// "when Labour demanded that Rishi Sunak resign as Chancellor": the member is the one a demand is made of, in the
// subjunctive; no call by the member and no resignation either.
const DEMANDED_OF = /\b(?:demand(?:s|ed|ing)?|call(?:s|ed|ing)?\s+for|urg(?:es|ed|ing)|insist(?:s|ed|ing)?|ask(?:s|ed|ing)?|want(?:s|ed)?)\s+(?:that\s+)?(?:(?:the|Mr|Mrs|Ms|Sir|Dame|Dr|[A-Z][\w'-]*)\s+){0,3}$/;
const SUBJUNCTIVE_GO = /^\s+(?:resign|quit|go|step (?:down|aside)|stand (?:down|aside))\b/i;

export function isMemberTarget({ sentence, mentions, stance }: ContextInput): boolean {
  if ((stance === 'called_to_resign' || stance === 'resigned_post') && mentions.length > 0 && mentions.every(([start, end]) => DEMANDED_OF.test(sentence.slice(Math.max(0, start - 40), start)) && SUBJUNCTIVE_GO.test(sentence.slice(end)))) return true;
  return stance === 'called_to_resign' && mentions.length > 0 && mentions.every(([, end]) => TOLD_TO_GO.test(sentence.slice(end)));
}

// The stance words are someone else's, as nouns: "after the resignations of Rishi Sunak and Sajid Javid, … Richard
// Holden said nothing", "Douglas Ross's call for him to go".
// "anyone who had sent a letter 'should have a word with themselves'", "the Tories who want him gone": the stance
// is that of the unnamed people a relative clause describes.
// Not when the member is one of them ("among those who stayed loyal", "one of 148 Tory MPs who voted against").
const ANYONE_WHO = /\b(?:anyone|anybody|whoever|those|others|people|colleagues|the\s+(?:tories|mps|rebels|plotters))\s+who\s+(?:[\w'-]+\s+){0,5}$/i;
const ONE_OF_THEM = /\b(?:among|one of|include[sd]?|including|joined|joins|joining|like)\b/i;

export function isStanceOfAnother({ sentence, stance, mentions, others = [] }: ContextInput): boolean {
  const anyone = stanceWords(sentence, stance);
  const insideAnyoneWho = (a: number) => {
    const from = Math.max(0, a - 60);
    const who = ANYONE_WHO.exec(sentence.slice(from, a));
    return !!who && !mentions.some(([ms]) => ms >= from + who.index && ms < a);
  };
  if (anyone.length && !ONE_OF_THEM.test(sentence) && anyone.every(([a]) => insideAnyoneWho(a))) return true;
  if (!others.length) return false;
  const words = stanceWords(sentence, stance);
  if (!words.length) return false;
  return words.every(([a, b]) => {
    const after = /^s?\s+(?:of|by)\s+/i.exec(sentence.slice(b));
    if (after && others.some(([s]) => s === b + after[0].length)) {
      // "the resignations of Sajid Javid and Rishi Sunak": the member among the names is one of the owners.
      const from = b + after[0].length;
      const names = /^(?:[A-Z][\w'-]*\s*|and\s+|,\s*)+/.exec(sentence.slice(from));
      return !mentions.some(([s]) => s >= from && s < from + (names?.[0].length ?? 0));
    }
    const before = sentence.slice(0, a);
    // "Douglas Ross, who has called for Mr Johnson to go,": a relative clause that belongs to someone else's name.
    if (others.some(([, e]) => {
      const relative = /^,\s*who\b[^,;]*/.exec(sentence.slice(e));
      // The member named inside it makes it the member's; a pronoun there ("who had told the Prime Minister that he
      // should quit") is the clause's own people, whoever the resolver carried it to.
      return !!relative && a >= e && b <= e + relative[0].length && !mentions.some(([ms, me]) => ms >= e && ms < e + relative[0].length && !PRONOUN.test(sentence.slice(ms, me)));
    })) return true;
    // "the man appointed chancellor when Mr Sunak quit": the verb of someone else's time clause.
    if (others.some(([s, e]) => /^\s+(?:had\s+|has\s+|himself\s+|herself\s+)?$/.test(sentence.slice(e, a)) && TIME_CLAUSE_OPENER.test(sentence.slice(0, s)))) return true;
    const owner = /['\u2019]s?\s+(?:(?:\w+\s+){0,2})$/.exec(before);
    return !!owner && others.some(([, e]) => e === owner.index);
  });
}

const TIME_CLAUSE_OPENER = /\b(?:when|after|since|as|before|once|until|the day)\s+$/i;

// "And Nadhim Zahawi, the man appointed chancellor when Mr Sunak quit, published a letter … 'You must … go now'": the
// member is named only as the subject of a time clause, and the stance words are outside it, someone else's.
export function isMemberInTimeClause({ sentence, stance, mentions }: ContextInput): boolean {
  if (!mentions.length) return false;
  const clauses = mentions.map(([s, e]) => {
    if (!TIME_CLAUSE_OPENER.test(sentence.slice(0, s))) return null;
    const rest = sentence.slice(e);
    const end = /[,;:.!?"\u201c\u201d]/.exec(rest);
    return [s, e + (end ? end.index : rest.length)] as const;
  });
  if (clauses.some((c) => c === null)) return false;
  const words = stanceWords(sentence, stance);
  // Inside the clause, the member's own leaving ("when Mr Sunak quit") is a resignation, never a call.
  const ownLeaving = (a: number, b: number) => stance === 'called_to_resign' && /^(?:quit|resign\w*|step\w* (?:down|aside)|stood (?:down|aside)|stand\w* (?:down|aside))$/i.test(sentence.slice(a, b));
  return words.length > 0 && words.every(([a, b]) => !clauses.some((c) => a >= c![0] && b <= c![1]) || ownLeaving(a, b));
}

// "I'm going to go to my meeting", "went into Downing Street and told him": going somewhere is not leaving office.
const GO_SOMEWHERE = /\bgo(?:ing)?\s+(?:to|into|back|home|ahead|out to|over to|round|through|on (?:the )?(?:air|airwaves|television|tv|radio|camera|record)|public|quiet)\b(?!\s+(?:the country|the polls|the palace|the queen)\b)/gi;

// ... and "went public", "went quiet": a way of speaking, not a post left.
// "had gone in the early hours" is a time, not a place.
const WENT_SOMEWHERE = /\b(?:went|gone)\s+(?:in(?!\s+the\s+(?:early hours|morning|afternoon|evening|night|end)\b)(?:to)?|to|back|home|ahead|out to|over to|round|through|on to see|up to|down to|on (?:the|a|air|television|tv|radio|camera)\b|public|quiet|silent|missing)\b/gi;

export function isGoingSomewhere({ sentence, stance }: ContextInput): boolean {
  if (stance !== 'called_to_resign' && stance !== 'resigned_post') return false;
  const goes = [...sentence.matchAll(stance === 'called_to_resign' ? GO_SOMEWHERE : WENT_SOMEWHERE)].map((m) => m.index!);
  const words = stanceWords(sentence, stance);
  const verb = stance === 'called_to_resign' ? /\bgo\b/i : /^(?:went|gone)$/i;
  return goes.length > 0 && words.length > 0 && words.every(([a, b]) => verb.test(sentence.slice(a, b)) && goes.some((g) => g >= a - 3 && g <= b));
}

// "had not yet put in a letter", "hasn't sent a letter so far, he said, but he would be writing tonight", "had not
// written before now but would be doing so": not yet is no denial, it leaves the letter open (often an intention follows).
const NOT_YET = /(?:\bnot|n't)\b[^.;]{0,40}?\b(?:yet|so far|before now|as yet|until now|at this stage)\b|\byet to\b|(?:\bnot|n't)\b[^.;]{0,60}?\bbut\b[^.;]{0,40}?(?:\b(?:would|will|intends?|plans?|is going to|was going to)\b|'ll\b)/i;

export function isNotYet({ sentence, stance }: ContextInput): boolean {
  return stance === 'denied_letter' && NOT_YET.test(sentence) && !/\b(?:never|den(?:y|ies|ied)|no intention|no plans?|categorically|not among|will not|won't|would not|wouldn't)\b/i.test(sentence);
}

// The stance's words in another sense: "back" as a particle after a verb ("handed back their roles", "put it back
// in"), nouns built on it ("from the backbenches"), a letter that was withdrawn ("had withdrawn his original letter").
const BACK_NOUN = /^back(?:bench\w*|ground\w*|lash\w*|drop\w*|fire\w*|track\w*|stop\w*|log\w*|room\w*|stage|ward\w*|yard\w*|door\w*)$/i;

function isBackParticle(sentence: string, start: number): boolean {
  const tokens = annotate(sentence).tokens;
  const k = tokens.findIndex((t) => t.start === start);
  if (k < 0) return false;
  let j = k - 1;
  while (j >= 0 && /^(?:it|them|him|her|this|that)$/i.test(tokens[j]!.value)) j--;
  return j >= 0 && tokens[j]!.pos === 'VERB';
}

const LETTER_TO_LEADER = /^s?\s+to\s+(?:the\s+)?(?:pm|prime minister|boris(?:\s+johnson)?|mr\s+johnson|johnson|him|no\s*10|number\s+10|downing street)\b/i;

export function isOtherSense({ sentence, stance }: ContextInput): boolean {
  const words = stanceWords(sentence, stance);
  if (!words.length) return false;
  if (stance === 'backs_leader') {
    return words.every(([a, b]) => {
      const word = sentence.slice(a, b);
      return (
        BACK_NOUN.test(word) ||
        (/^back$/i.test(word) && isBackParticle(sentence, a)) ||
        // "the defence committee chairman", "Defence Secretary Ben Wallace": a title, not a defence of the leader.
        (/^defen[cs]e$/i.test(word) && /^\s+(?:committee|select|secretary|minister|ministry|procurement|review|budget|spending|chiefs?|sub-committee)\b/i.test(sentence.slice(b))) ||
        // "stood up behind him and told him: 'In the name of God, go'": a seat in the chamber, not support.
        (/^behind$/i.test(word) && /\b(?:sat|sitting|seated|sits|stood up|standing up|stands up|rose|rising)\s+(?:directly\s+|right\s+|just\s+)?$/i.test(sentence.slice(0, a)))
      );
    });
  }
  // "Misleading the House is a resigning matter for any minister": a kind of offence, nobody resigning.
  if ((stance === 'resigned_post' || stance === 'called_to_resign') && words.every(([a, b]) => /^resign(?:ing|ation)$/i.test(sentence.slice(a, b)) && /^\s+(?:matter|offence|offense|issue)\b/i.test(sentence.slice(b)))) return true;
  if (stance === 'withdrew_support') {
    // "among the first to speak out …, tweeting: 'I stand behind the Prime Minister'": speaking out, against nobody.
    return words.every(([a, b]) => /^(?:speak|spoke|speaking|speaks)\s+out$/i.test(sentence.slice(a, b)) && !/^\s+(?:\w+\s+){0,3}?against\b/i.test(sentence.slice(b)));
  }
  // "the signatories of a joint letter which said the government 'cannot function'": a letter to the leader or the
  // public, not one of no confidence to the chairman.
  if (LETTER_ACTS.has(stance) && words.every(([a, b]) => /letter/i.test(sentence.slice(a, b)) && /\b(?:joint|open|resignation|cross-party)\s+(?:\w+\s+)?$/i.test(sentence.slice(Math.max(0, a - 40), a)))) return true;
  // "Jesse Norman publishes damning letter to PM": a letter addressed to the leader, not to the chairman.
  if (stance === 'submitted_letter' && words.every(([a, b]) => /letter/i.test(sentence.slice(a, b)) && LETTER_TO_LEADER.test(sentence.slice(b)))) return true;
  if (stance === 'submitted_letter') {
    const withdrawn = [...sentence.matchAll(/\bwithdr[ae]wn?\s+(?:\w+\s+){0,2}letters?\b/gi)].map((m) => [m.index!, m.index! + m[0].length] as const);
    if (withdrawn.length > 0 && words.every(([a, b]) => withdrawn.some(([s, e]) => a >= s && b <= e))) return true;
    // "I put my letter back in", "sent it in again": a resubmission, which is its own stance.
    return /\b(?:letter|it)\s+back\s+in\b|\b(?:put|sent|handed|submitted)\s+(?:\w+\s+){0,3}(?:in\s+)?again\b|\b(?:written|wrote|writing)\s+to\s+(?:\w+\s+){1,4}again\b|\bre-?submit\w*/i.test(sentence);
  }
  return false;
}

// "Baker said calls for the prime minister to go were ridiculous", "rejected calls for him to resign", "the PM beset
// by resignations and calls for him to step down": the calls are a noun, other people's, and the member speaks about
// them, turns them down, or they are the leader's circumstance. The member's own ("joined calls",
// "his calls") are not this, nor a call the sentence states some other way. Words decide, not wink's tags: it reads
// every "calls" here as a verb.
const CALLS_PHRASE = /\bcalls\s+(?:for|on)\b[^.;:!?]{0,80}?(?:\bto\s+(?:go|resign|quit|step\s+(?:down|aside)|stand\s+(?:down|aside)|leave|be\s+(?:removed|replaced|ousted))\b|\b(?:his|her)\s+(?:resignation|departure|removal|exit)\b)/gi;
const CALLS_DISMISSED =
  /\b(?:rejected|rejects|dismissed|dismisses|ignored|ignores|resisted|resists|played down|plays down|downplayed|brushed (?:aside|off)|shrugged off|laughed off|batted away|fended off|swatted away|said|says|insisted|insists|that)\s+(?:(?:the|growing|mounting|increasing|fresh|renewed|repeated|further|louder|widespread|those|these|such|any|new|recent)\s+){0,3}$|\b(?:amid|despite|facing|faces|faced|beset by|besieged by|in the face of|weathered|weathering|survived|survives)\b[^.;:"\u201c\u201d]{0,40}$/i;

export function isCallsOfOthers({ sentence, stance }: ContextInput): boolean {
  if (stance !== 'called_to_resign') return false;
  const words = stanceWords(sentence, stance);
  const phrases = [...sentence.matchAll(CALLS_PHRASE)].filter((m) => CALLS_DISMISSED.test(sentence.slice(Math.max(0, m.index - 60), m.index)));
  if (!words.length || !phrases.length) return false;
  return words.every(([a, b]) => phrases.some((m) => a >= m.index && b <= m.index + m[0].length));
}

// '"If he cannot give a clear account, then yes, it is time for a change," he said': every stance word sits in the
// consequence of a condition the sentence opens with, so it states what would follow, not what the member did. Not
// the idioms that only frame an opinion ("If you ask me", "If anything", "If I am honest").
const LEADING_CONDITION = /^[\s"'\u201c\u2018(]*(?:if|unless)\b(?!\s+(?:you ask me|anything|i(?:'m| am) honest|i(?:'m| am) being honest|truth be told|i may say so)\b)[^,;:]{3,160}?,/i;

export function isConditional({ sentence, stance }: ContextInput): boolean {
  const condition = LEADING_CONDITION.exec(sentence);
  if (!condition) return false;
  // No stance word at all (the model read "time for a change" by its word vectors): the whole claim is the consequence.
  return stanceWords(sentence, stance).every(([a]) => a >= condition[0].length);
}

// "Downing Street said the prime minister had "full confidence" in his ministers": the confidence is the leader's own.
const CONFIDENCE_WORD = /confidence/i;

export function isLeaderSubject({ sentence, stance, leader }: ContextInput): boolean {
  if (stance !== 'backs_leader') return false;
  const words = stanceWords(sentence, stance);
  const surname = ((leader ?? '').split(/\s+/).filter(Boolean).pop() ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const holder = new RegExp(`\\b(?:the prime minister|the pm|the premier|downing street|no\\.? ?10|number 10${surname ? `|${surname}` : ''})\\s+(?:\\w+\\s+){0,2}(?:has|had|have|expressed|placed)\\s+["'\u201c\u2018]?$`, 'i');
  return words.length > 0 && words.every(([a, b]) => CONFIDENCE_WORD.test(sentence.slice(a, b)) && holder.test(sentence.slice(0, a)));
}

/** A mention that is a pronoun, not a name: its referent is the resolver's guess, not the text's word. */
const PRONOUN = /^(?:he|him|his|himself|she|her|hers|herself|i|me|my|mine|myself|we|us|our|they|them|their)$/i;
const isName = (sentence: string, [start, end]: readonly [number, number]) => /^[A-Z]/.test(sentence.slice(start)) && !PRONOUN.test(sentence.slice(start, end));

// "Dominic Raab is backing Rishi Sunak", "backed Mr Ross's stance": every word of support is given to someone the
// sentence names who is not the leader (the leader's mentions are never among `others`), so it says nothing of him.
export function isBackingSomeoneElse({ sentence, stance, mentions, others = [] }: ContextInput): boolean {
  if (stance !== 'backs_leader') return false;
  const named = others.filter((o) => isName(sentence, o));
  const clauses = mentions.map(([s]) => clauseAround(sentence, s));
  // Only the member's own clauses: "A and B backed Mr Ross's stance, while C said the Prime Minister had his full support".
  const words = stanceWords(sentence, stance).filter(([a]) => !clauses.length || clauses.some(([s, e]) => a >= s && a < e));
  return named.length > 0 && words.length > 0 && words.every(([, b]) => named.some(([s]) => s >= b && /^\s+(?:(?:Mr|Mrs|Ms|Sir|Dame|Dr|Lord|Lady)\.?\s+)?$/.test(sentence.slice(b, s))));
}

// Clauses joined by ", while", ", whereas", ", but", ", and" or ";": each has its own subject.
const CLAUSE_BREAK = /,\s*(?:while|whereas|but|and|although|though)\b|;/g;

/** The clause of `sentence` that holds offset `at`, as [start, end). */
function clauseAround(sentence: string, at: number): readonly [number, number] {
  let start = 0;
  for (const m of sentence.matchAll(CLAUSE_BREAK)) {
    if (m.index >= at) return [start, m.index];
    start = m.index + m[0].length;
  }
  return [start, sentence.length];
}

// The subject a sentence opens with, after a live blog's time stamp and a title ("13.05 Liz Truss", "Foreign
// Secretary Liz Truss", "The Leader of the House, Mark Spencer"): capitalised words only, so "After reading the Sue
// Gray report, I …" does not make Sue Gray the subject.
const SUBJECT_PREFIX = /^[\s"'\u201c\u2018]*(?:\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?\s*[-\u2013\u2014:]?\s*)?(?:(?:[A-Z][\w'\u2019-]*|of|the|for|and),?\s+){0,6}$/;

// "Liz Truss … said that she was '100 per cent behind the Prime Minister' and that he 'has my full support'", "Mark
// Spencer …: the Prime Minister, he told Times Radio, 'has my backing'": the member is in the sentence only as a
// pronoun, and the sentence opens on another person it names. The pronoun is that person's or the leader's; a
// resolver that carried it to a member named elsewhere read someone else's words as the member's.
export function isPronounOfAnother({ sentence, mentions, others = [] }: ContextInput): boolean {
  if (!mentions.length || !mentions.every(([s, e]) => PRONOUN.test(sentence.slice(s, e)))) return false;
  const first = Math.min(...mentions.map(([s]) => s));
  // "She said on Thursday that he was 'the best Prime Minister of my lifetime'": a third person the resolver gave to
  // someone else opens the sentence too.
  const opener = (o: readonly [number, number]) => isName(sentence, o) || THIRD_PERSON_SUBJECT.test(sentence.slice(o[0], o[1]));
  return others.some((o) => opener(o) && o[0] < first && SUBJECT_PREFIX.test(sentence.slice(0, o[0])));
}

const THIRD_PERSON_SUBJECT = /^(?:he|she|they)$/i;

// "there was 'no question' of Mr Johnson resigning", "no need for him to step down", "the idea that he should go was
// absurd": the sentence names a departure only to rule it out. Reached after the denial checks, which read a member
// who "has not said" something; this is the member saying the opposite.
const RULED_OUT_BEFORE = /\b(?:no|not any|not the slightest|without any)\s+["'\u201c\u2018]?(?:(?:question|prospect|chance|likelihood)["'\u201d\u2019]?\s+(?:whatsoever\s+|at all\s+)?of|(?:reason|need|case|cause|grounds|justification|call|pressure)["'\u201d\u2019]?\s+(?:whatsoever\s+|at all\s+)?(?:for|of|why)|suggestion["'\u201d\u2019]?\s+that)\b[^.;:!?]{0,60}$/i;
const IDEA_DISMISSED = /\b(?:the|any)\s+(?:idea|suggestion|notion|talk|claims?|suggestions?)\s+that\b[^.;!?]{0,80}?\b(?:was|is|were|are)\s+(?:simply\s+|just\s+|frankly\s+|utterly\s+|completely\s+)?(?:absurd|ridiculous|nonsense|laughable|wrong|mad|madness|crazy|fanciful|preposterous|misplaced|premature|for the birds|fantasy)\b/gi;

export function isCallRefused({ sentence, stance }: ContextInput): boolean {
  if (stance !== 'called_to_resign') return false;
  const words = stanceWords(sentence, stance);
  if (!words.length) return false;
  const dismissed = [...sentence.matchAll(IDEA_DISMISSED)].map((m) => [m.index, m.index + m[0].length] as const);
  return words.every(([a, b]) => RULED_OUT_BEFORE.test(sentence.slice(Math.max(0, a - 90), a)) || dismissed.some(([s, e]) => a >= s && b <= e));
}

// "Davis and Loughton have said they sent letters, while Gale and Bell have called for the prime minister to quit": a
// sentence of two clauses joined by "while", "whereas" or a semicolon, the member named only in the one without the
// stance words. An elliptic clause ("John Glen resigned; so did Victoria Atkins") borrows the other's verb.
const CLAUSE_BOUNDARY = /,\s+(?:while|whereas)\s|;\s|\s(?:while|whereas)\s/g;
const ELLIPTIC = /\b(?:so|as|nor|neither)\s+(?:did|does|do|has|have|had|was|were|is|are|will|would)\b/i;

export function isStanceInAnotherClause({ sentence, mentions, stance }: ContextInput): boolean {
  if (!mentions.length) return false;
  const cuts = [0, ...[...sentence.matchAll(CLAUSE_BOUNDARY)].map((m) => m.index + 1)];
  if (cuts.length < 2) return false;
  const words = stanceWords(sentence, stance);
  if (!words.length) return false;
  const clauseOf = (at: number) => cuts.filter((c) => c <= at).length - 1;
  const clauseText = (k: number) => sentence.slice(cuts[k]!, cuts[k + 1] ?? sentence.length);
  const memberClauses = new Set(mentions.map(([start]) => clauseOf(start)));
  if ([...memberClauses].some((k) => ELLIPTIC.test(clauseText(k)))) return false;
  return words.every(([start]) => !memberClauses.has(clauseOf(start)));
}

// "Dan Poulter retweeted a post calling on the Prime Minister to resign, but has said nothing himself", "Whips count
// Jo Gideon among the loyal; she has said nothing herself", "stayed at Defence and said nothing either way": the
// sentence says the member has not spoken, so stance words before that are others' reading of the member. What the
// member did (a resignation, a defection) is not a statement and stays.
const SAID_NOTHING = /\b(?:said|says|has said|had said)\s+nothing\s+(?:himself|herself|themselves|either way|in public|publicly)\b|\b(?:himself|herself|themselves)\s+(?:has\s+|had\s+)?said\s+nothing\b/i;

export function isMemberSilent({ sentence, stance }: ContextInput): boolean {
  if (stance === 'resigned_post' || stance === 'defected') return false;
  const silence = SAID_NOTHING.exec(sentence);
  if (!silence) return false;
  return stanceWords(sentence, stance).every(([start]) => start < silence.index);
}

// "Four years earlier he and David Davis had both quit Theresa May's cabinet", "Theresa May won her vote in 2018 and was
// gone within six months": the stance words share a clause with an earlier year, so they tell history. Dates the
// article gives in full are the date rules' business (dates.ts); this reads the bare year and the count of years back.
// The year of the story itself is not earlier: only years before 2022, the year of the procedures tracked here, count.
const EARLIER_YEAR = /\b(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+years?\s+(?:earlier|before|ago|previously)|in\s+(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?(?:19\d\d|20[01]\d|202[01]))\b/i;
// "should step down and allow a new leader to deliver what we promised in 2019": a relative clause has its own time.
const YEAR_CLAUSE_BREAK = /[;:"\u201c\u201d]|,\s|\bbut\b|\bnow\b|\bthis (?:week|month|year)\b|\band\s+(?:says|said|now|still|is|remains)\b|\b(?:what|which|whom?)\b/i;

/**
 * "… the one faced by Theresa May in December 2018. She resigned within six months.": a sentence whose only time is
 * counted on from the sentence before it, when that one is set in an earlier year, tells history too.
 */
export function continuesEarlierYear(sentence: string, previous: string): boolean {
  return COUNTED_ON.test(sentence) && !/\b20\d\d\b/.test(sentence) && EARLIER_YEAR.test(previous) && !DAY_THIS_YEAR.test(previous);
}
// "On 31 January Andrew Mitchell, who had backed him in 2019, …": a day with no year of its own is this year's news.
const DAY_THIS_YEAR = /\b\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b(?!,?\s+(?:19\d\d|20[01]\d|202[01]))|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}(?:st|nd|rd|th)?\b(?!,?\s+(?:19\d\d|20[01]\d|202[01]))/;
const COUNTED_ON = /\b(?:(?:within|less than|more than|under|about|barely|just|some)\s+(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\s+(?:days?|weeks?|months?|years?)|(?:days?|weeks?|months?|years?)\s+later|later\s+that\s+(?:year|month|week))\b/i;

export function isEarlierYear({ sentence, stance }: ContextInput): boolean {
  const year = EARLIER_YEAR.exec(sentence);
  if (!year) return false;
  const words = stanceWords(sentence, stance);
  // "… the one Theresa May faced in 2018, when 117 of her lawmakers voted against her": a "when" clause after the year is its own.
  const after = year.index + year[0].length;
  const whenClause = /^,\s*when\b[^,;:"\u201c\u201d]*/.exec(sentence.slice(after));
  return words.length > 0 && words.every(([a, b]) => (whenClause !== null && a >= after && b <= after + whenClause[0].length) || !YEAR_CLAUSE_BREAK.test(sentence.slice(Math.min(a, year.index), Math.max(b, year.index + year[0].length))));
}
