/**
 * Modality: is a matched trigger an act, an intention, a denial, or not a declaration at all
 * (a hedge, a question, a condition, a report from unnamed sources)?
 *
 * `scope` is the text between the agent and the trigger (the agent's own clause); `sentence` is
 * the whole sentence, for marks that reach across it ("it is understood", a question mark).
 */
import type { Stance } from './types';

export type Modality = 'act' | 'intention' | 'negated' | 'hedged' | 'question' | 'evasive';

const EVASIVE = /\b(?:refus(?:ed|es|ing) to (?:say|confirm|reveal|disclose|comment|be drawn)|declin(?:ed|es|ing) to (?:say|confirm|reveal|disclose|comment)|would(?:n't| not) (?:say|confirm|reveal)|neither confirm(?:ed)? nor den(?:y|ied)|not (?:say|saying|reveal|revealing) (?:whether|if))\b/i;
const HEDGE_SCOPE =
  /\b(?:hint(?:ed|s|ing)?|(?:is|are|was|were) (?:understood|believed|thought|said|rumoured|reported|expected|tipped)(?: by [\w' ]{1,30}?)? to|reportedly|allegedly|rumoured|supposedly|apparently|suggest(?:ed|s|ing)|signall?(?:ed|s|ing)|(?:could|might|may) (?:be|have)|seen as|is likely to|is unlikely to|considering|mulling|weighing(?: up)?|thinking about|not ruled out|refus(?:ed|es|ing) to rule out|would not rule out|wouldn't rule out|did not rule out|not rule out)\b/i;
const HEDGE_SENTENCE = /\b(?:according to (?:sources|reports|allies|friends|colleagues|insiders|a source|one source)|sources (?:said|say|claim|suggest|close to)|it is (?:understood|believed|thought|claimed|rumoured)|it was (?:understood|reported|claimed)|(?:allies|friends|insiders) (?:say|said|claim|suggest))\b/i;
const QUESTION_SCOPE = /\b(?:ask(?:ed|s|ing)?|whether|wonder(?:ed|s|ing)?|if|unless|question(?:ed|s|ing)? (?:whether|if))\b/i;
const NEGATION = /\b(?:not|never|cannot|no ["']?(?:question|chance|prospect|plans?|intention)["']? (?:of|to)|stopped short of|stops short of|short of|refrained from|no longer|nor|deni(?:ed|es)|deny(?:ing)?|refus(?:ed|es|ing) to|declin(?:ed|es|ing) to|rul(?:ed|es|ing) out|yet to|has no intention|have no intention|had no intention)\b|n't\b/i;
const FUTURE_HEDGE = /\b(?:would have|could have|might have|should have|could|might|may|should|expects? to|expected to|hopes? to|likely to|would consider|thinking of|considering)\s+(?:(?:also|still|now|yet|soon|then|be)\s+)*$/i;
const FUTURE = /(?:\b|(?=['\u2019]ll))(?:will|'ll|\u2019ll|shall|would|intends? to|intending to|intended to|plans? to|planning to|planned to|(?:is|am|are|was|were)\s+(?:now\s+)?(?:going|set|poised|preparing|prepared|ready|about) to|going to|vow(?:ed|s)? to|promis(?:ed|es) to|threaten(?:ed|s)? to|pledg(?:ed|es) to|wants? to|wanted to|decided to|has decided to|is to|are to)\s+(?:(?:also|still|now|soon|then|be|formally|personally|shortly|immediately)\s+)*$/i;
// "became the seventh MP to send in a letter": the infinitive reports a completed act.
const JOINED_GROUP_TO = /\b(?:became|become|becomes|becoming|is|was|are|were|the latest|joined|joins|join|one of)\b[^.]{0,60}\b(?:mps?|tor(?:y|ies)|conservatives?|backbenchers?|members?|ministers?|colleagues|politicians|people)\s+to\s+$/i;
const BARE_TO = /\bto\s+$/i;

const CONDITION_AFTER = /\b(?:if|unless|provided that|as long as|were (?:it|he|she) to|should (?:it|he|she|the|sue gray)\b)/i;

/** Marks that govern everything after them in the sentence: "refused to say whether he would ...". */
const PREFIX_EVASIVE_OR_QUESTION = /\bwhether\b|\bask(?:ed|s|ing)\b[^.]*\bif\b/i;

export function modalityOf(scope: string, sentence: string, isLetterAct: boolean, sentencePrefix = scope): Modality {
  if (EVASIVE.test(scope) || EVASIVE.test(sentencePrefix)) return 'evasive';
  // Negation, hedges and tense belong to the trigger's own clause: in "could not defend the
  // indefensible and would be writing to the 1922 Committee" the "not" is about something else.
  const clauses = scope.split(/\s(?:and|but)\s(?:that\s)?|,?\s+then\s+/i);
  if (clauses.length > 1) scope = ` ${clauses[clauses.length - 1]}`;
  // A relative clause ("Bell, who asked Mr Johnson whether ..., said") is about something else.
  if (PREFIX_EVASIVE_OR_QUESTION.test(sentencePrefix.replace(/,\s*who\b[^,]*,/gi, ','))) return 'question';
  if (HEDGE_SENTENCE.test(sentence) || HEDGE_SCOPE.test(scope)) return 'hedged';
  if (QUESTION_SCOPE.test(scope) || /\?["')\s]*$/.test(sentence)) return 'question';
  if (NEGATION.test(scope)) return 'negated';
  if (FUTURE_HEDGE.test(scope)) return 'hedged';
  // "said he would submit a letter if it were shown that …": a condition, not an intention.
  if (/\bwould\s+(?:(?:also|still|now|then|be)\s+)*$/i.test(scope) && CONDITION_AFTER.test(sentence)) return 'hedged';
  if (FUTURE.test(scope)) return 'intention';
  if (BARE_TO.test(scope) && !JOINED_GROUP_TO.test(scope)) {
    // "urged colleagues to send letters", "asked to resign": someone else's act, or none yet.
    // "had written to Sir Graham Brady, chairman of the 1922 Committee, on Wednesday to withdraw his support": writing
    // to the chair is the act the infinitive names.
    if (!isLetterAct && /\b(?:wrote|written|writing)\s+to\s+(?:sir\s+graham|graham\s+brady|the\s+(?:chair(?:man)?\s+of\s+the\s+)?1922)\b[^.;]{0,80}\bto\s+$/i.test(scope)) return 'act';
    return isLetterAct ? 'hedged' : /\b(?:decided|decision|chose|moved|went on|wrote|step|move|continued|continues|continue|still wants|happy|proud|remains? (?:willing|happy|prepared))\s+(?:\w+\s+)?to\s+$/i.test(scope) ? 'act' : 'hedged';
  }
  return 'act';
}

/** The stance a trigger yields under a modality, or null when it is not a declaration. */
export function stanceUnder(stance: Stance, modality: Modality, isLetterAct: boolean, scope = ''): Stance | null {
  // "who once backed the prime minister": support that is history says nothing about now (letters, unlike support, stay on file).
  if (stance === 'backs_leader' && /\b(?:once|previously|formerly|used to|until recently|initially|at first|had been|had long been|had always been)\b/i.test(scope)) return null;
  // "I won't be supporting the prime minister tonight" withdraws support; "refused to back" only hedges.
  if (stance === 'backs_leader' && modality === 'negated' && /\b(?:won't|will not|wo n't|cannot|can't|can not|could not|couldn't|no longer|shall not)\b/i.test(scope)) return 'withdrew_support';
  if (modality === 'hedged' || modality === 'question' || modality === 'evasive') return null;
  if (isLetterAct) {
    if (modality === 'negated') return 'denied_letter';
    if (modality === 'intention') return 'intends_letter';
    return 'submitted_letter';
  }
  if (modality === 'negated') return null;
  // A declared vote against the leader in a confidence vote is a declaration ahead of the act.
  if (modality === 'intention') return stance === 'backs_leader' || stance === 'withdrew_support' ? stance : null;
  return stance;
}
