/**
 * Stance vocabulary: the words that can state each stance, deliberately broad (recall first).
 * They are not rules: the stance model (model.ts) weighs where a hit stands relative to the member,
 * its negation and modality, and a sentence with any hit is what makes a member "possible".
 */
import { STANCES, type Stance } from './types';

const LETTER = String.raw`letters?|no[- ]confidence|1922|(?:sir )?graham brady|backbench committee`;

export const STANCE_VOCABULARY: Record<Stance, RegExp> = {
  submitted_letter: new RegExp(String.raw`\b(?:${LETTER}|submit\w*|put (?:in|his|her|my) (?:a )?letter|handed in|sent one|put one in|sent (?:a|his|her|my)|written to|wrote to|lodged|deposited|sent in)\b`, 'gi'),
  intends_letter: new RegExp(String.raw`\b(?:will (?:submit|send|write|put)|would (?:submit|send|write)|intends?|intending|plans? to|planning to|going to (?:submit|send|write)|prepar\w+ to (?:submit|send|write))\b`, 'gi'),
  withdrew_letter: /\b(?:withdr[ae]w\w* (?:his|her|my|their|a|the)? ?letters?|withdrawn (?:his|her|my|their|a|the)? ?letters?|retract\w*|took back|pulled (?:his|her|my) letter|withdrew it|withdrawn it)\b/gi,
  resubmitted_letter: /\b(?:resubmit\w*|re-submit\w*|submitted (?:it|a letter|another letter) again|put (?:it|a letter) back in|sent (?:it|another) again)\b/gi,
  denied_letter: new RegExp(String.raw`\b(?:(?:not|never|no) (?:\w+ )?(?:submit\w*|sent|written|send|write|put in)|denied|denies|deny|hasn't|has not|had not|did not|categorically untrue|no intention|not among)\b`, 'gi'),
  called_to_resign: /\b(?:wants? (?:him|the prime minister|the pm|johnson|boris|mr johnson) (?:gone|out)|wants him to go|resign\w*|quit|to go|must go|should go|has to go|needs? to go|time (?:for him |for the prime minister |for boris johnson )?to go|step(?:s|ped)? (?:down|aside)|stand(?:s)? (?:down|aside)|stood aside|move on|untenable|dead man walking|had to go|make way|new leader(?:ship)?|(?:a )?(?:clean|fresh) start|do the (?:right|decent|honourable) thing|(?:time|game|gig|jig) (?:is|was) up|in the name of god|leave office|his position|should now|his departure|lost the (?:confidence|trust|moral authority)|call(?:s|ed|ing)? (?:on|for)|urg\w+|go now|right thing to do|plead\w* with|begg?\w* (?:him|her|the prime minister)|(?:be|being) replaced|no way (?:he|she|the prime minister) (?:can|could) (?:continue|carry on|survive)|(?:his|her) (?:time|race) is run)\b/gi,
  withdrew_support: /\b(?:no longer (?:support|back|has (?:my|his|her) support)\w*|withdr\w+ (?:his |her |my |their )?support|lost (?:(?:my|our|his|her|their|all) )?(?:confidence|faith)|lost (?:my|our|his|her|their) (?:support|backing|vote)|not any ?more|vot\w+ against|vot\w+ no confidence|vot\w+ (?:to )?(?:oust|remove)|(?:cannot|can't|could not|couldn't|can no longer|could no longer)\b[^.]{0,20}?\b(?:continue to )?(?:support|back|defend)|turn\w* on|desert\w*|no confidence (?:left )?in|(?:no longer|not) (?:\w+ )?worthy|changed (?:his|her|my) mind|break\w* ranks|broke ranks|any longer|serve under|(?:can|could) no longer do so|against (?:the prime minister|the pm|him|boris|mr johnson)|sp(?:ea|o)k\w* out|mov\w* against|vot\w+ for (?:a )?change|(?:do|does) not (?:support|back) (?:him|you|the prime minister|the pm|boris|mr johnson))\b/gi,
  backs_leader: /\b(?:(?:should|must|cannot|can't|must not|should not)\s+(?:not\s+)?be\s+(?:forced|pushed|hounded|bundled|driven)\s+out|back\w*|support\w*|behind|loyal\w*|defen[dc]\w*|rall\w+|vot\w+ for|(?:has|have) (?:my|his|her|their) vote|the best person|the right (?:man|person)|stick\w* with|(?:am|'m|are|'re) (?:still |firmly )?with (?:boris|the pm|the prime minister)|stand(?:s|ing)? with|stay and fight|100% behind|mandate|confidence in (?:the prime minister|him|boris)|(?:every|full|complete|total) confidence|confidence of|(?:my|his|her) vote|stand(?:s|ing)? by|stood by|with (?:the prime minister|the pm|him|boris)\b[^.]{0,20}\b(?:all the way|100%|one hundred per cent)|all the way|get(?:ting)? on with the job|(?:to|must|should|can|will) stay(?! (?:out|away|silent|quiet|neutral))|stay on|deserve\w* (?:a fair hearing|a chance|another chance|the benefit of the doubt)|staunch\w*|all(?:y|ies)|in (?:his|the prime minister's) corner|shore up|get behind|unite behind|wavered|signatories|joint statement|vot\w* to keep|(?<=(?:^|\|)\s*)for (?:the prime minister|the pm|boris|mr johnson)|keep (?:the prime minister|the pm|him|her|boris)|on (?:his|her) side)\b/gi,
  resigned_post: /\b(?:resign\w*|quit\w*|stepp?\w* down|left (?:the |his |her )?(?:government|post|job|role)|g(?:ave|iving|ives) up (?:his |her |the )?(?:role|post|job)|walk\w* out|have left|went|gone|exodus|resignations?|roll-call|joint letter|quit their posts|(?:is|are) (?:also )?out(?: too)?(?=[.,;:]))\b/gi,
  defected: /\b(?:defect\w*|cross\w* the floor|join\w* (?:labour|the liberal democrats|reform)|opposition benches|sit as an independent)\b/gi,
  no_confidence_motion: /\b(?:motion of no confidence|no[- ]confidence motion|confidence motion|tabled? a motion)\b/gi,
};

/** Every hit of every stance's vocabulary in `text`, as [stance index, start, end] with offsets into text. */
export function vocabularyHits(text: string): Array<[number, number, number]> {
  const hits: Array<[number, number, number]> = [];
  STANCES.forEach((stance, k) => {
    const re = STANCE_VOCABULARY[stance];
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      hits.push([k, m.index, m.index + m[0].length]);
    }
  });
  return hits;
}

export const MODAL = /\b(?:will|would|could|might|may|shall|should he|if|unless|considering|consider\w*|weigh\w*|expected to|likely to|poised to|set to|ready to|wait\w* for)\b/i;
export const HEDGE = /\b(?:understood to|there (?:were|are|have been) reports|reports? (?:that|suggest\w*)|(?:is|are|was|were) said (?:by [\w' ]{1,30}?)?to|reportedly|rumou?r\w*|allegedly|alleged\w*|hinted|sources? (?:say|said|close)|it is thought|believed to|tipped|speculat\w*|privately|in private|declined to|refus\w+ to (?:say|comment|confirm)|would not say|wouldn't say|no comment|not respond|did not respond|unavailable|keep\w* (?:his|her|their) counsel|a matter (?:between|for) (?:me|him|her|them|myself)|secret ballot|(?:passes |stays )?between (?:me|him|her|myself) and|not going to (?:tell|say|reveal|discuss)|never discuss\w*|would only say|(?:diary|this column|the column|we) hears?)\b/i;
export const QUESTION = /\?\s*["'\u201d\u2019]?\s*$|\b(?:asked (?:whether|if)|wondered whether|questioned whether)\b/i;
export const LEADER_ROLE = /\b(?:the prime minister|the pm|prime minister|the premier|the tory leader|the conservative leader|the party leader|number 10|downing street|no\.? 10|him)\b/i;
export const OTHER_TARGET = /\b(?:minister|secretary|chancellor|whip|chair(?:man|woman)?|the mp|labour leader|keir starmer|deputy)\s+(?:to\s+)?(?:resign|quit|go|step)\b|\bcall\w* (?:on|for) (?!the prime minister|the pm|him|boris|mr johnson|johnson)[A-Z]?\w+ (?:\w+ )?to (?:resign|quit|go|step)/i;
export const SPEECH = /\b(?:said|says|told|tells|wrote|writes|tweet\w*|posted|insist\w*|warn\w*|argu\w*|added|declared|stated|claimed|admitted|confirmed|statement|interview|letter|speaking)\b/i;
export const FIRST_PERSON = /\b(?:I|I'm|I've|I'll|my|me)\b/;
export const PAST_TIME = /\b(?:last (?:month|week|year)|through(?:out)? the (?:winter|summer|spring|autumn|crisis|scandal)|all along|in (?:january|february|march|april|may|june|july|august|september|october|november|december|20\d\d)|previously|earlier this year|had (?:voted|backed|supported)|once|before|last (?:january|february|march|april|may|june|july|august|september|october|november|december|summer|autumn|spring|winter)|years ago|at the time)\b/i;
