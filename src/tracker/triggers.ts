/**
 * Stance triggers: the phrases that state a stance, and how their agent is found.
 *
 *   left   the agent is the subject before the trigger ("Peter Aldous has called on ...")
 *   sayer  the agent is whoever says it ("Rayner said Mr Johnson 'needs to go'", a quote's speaker)
 *   right  a noun phrase names the agents after it ("the exit of Rishi Sunak and Mr Javid")
 *   inside the agent is the possessive that opens the trigger ("my letter is in")
 *
 * Letter triggers carry no modality of their own: modality.ts turns them into intends_letter
 * (future), denied_letter (negated) or nothing (hedged, asked, conditional).
 */
import type { Stance } from './types';

export type AgentMode = 'left' | 'sayer' | 'right' | 'inside';

export interface TriggerRule {
  id: string;
  stance: Stance;
  /** A letter act whose modality decides between submitted, intends and denied. */
  letterAct?: boolean;
  agent: AgentMode;
  pattern: RegExp;
  /** Rule strength before coreference and fuzziness discounts. */
  strength: number;
}

export interface LeaderPatterns {
  /** Matches a reference to the leader: names, "the prime minister", "him". */
  ref: string;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function leaderPatterns(leaderName: string): LeaderPatterns {
  const parts = leaderName.trim().split(/\s+/).filter(Boolean);
  const first = parts[0] ?? '';
  const surname = parts.slice(1).join(' ') || first;
  const role = '(?:(?:the\\s+)?(?:prime minister|pm|premier|tory leader|conservative leader)\\s+)?';
  const names = [
    `${role}${escape(first)}\\s+${escape(surname)}`,
    `${role}(?:mr|mrs|ms|miss|sir|dame|dr)\\.?\\s+${escape(surname)}`,
    `${role}${escape(surname)}`,
    escape(first),
    // Knights are "Sir Keir", not "Sir Starmer".
    `(?:sir|dame)\\s+${escape(first)}`,
  ];
  const generic = [
    'the prime minister', 'the pm', 'the premier', 'the tory leader', 'the conservative leader', 'the party leader',
    'the leader', 'our leader', 'their leader', 'my leader', 'the tory party leader', 'the conservative party leader', 'him', 'her',
  ];
  return { ref: `(?:${[...names, ...generic].join('|')})` };
}

const GO = '(?:go|resign|quit|step down|stand down|stand aside|step aside|leave office|leave|make way|be removed|be replaced|move on)';
const LETTER = "(?:(?:a|an|any|his|her|my|their|the|one)\\s+)?(?:own\\s+|formal\\s+|signed\\s+|first\\s+)*(?:no[- ]confidence\\s+)?letters?\\b";

export function buildRules(leader: LeaderPatterns): TriggerRule[] {
  const L = leader.ref;
  const r = (source: string) => new RegExp(source, 'gi');
  return [
    // Letters
    {
      id: 'resubmit',
      stance: 'resubmitted_letter',
      agent: 'left',
      strength: 0.9,
      pattern: r(
        `\\bre-?(?:submit(?:ted|s|ting)?|sen[dt](?:s|ing)?|lodged|instated|issued)\\s+(?:(?:his|her|my|their|a|the)\\s+)?(?:\\w+\\s+)?letter|\\bput(?:s|ting)?\\s+(?:his|her|my|their)\\s+letter\\s+back\\s+in|\\b(?:submit(?:ted|s)?|sent|put in|lodged|handed in)\\s+(?:in\\s+)?(?:a\\s+)?(?:fresh|new|second|another)\\s+letter|\\b(?:submit(?:ted|s)?|sent)\\s+(?:his|her|my|their)\\s+letter\\s+(?:in\\s+)?again|\\bresubmi(?:t|tted|tting|ssion)\\b`,
      ),
    },
    {
      id: 'withdraw-letter',
      stance: 'withdrew_letter',
      agent: 'left',
      strength: 0.9,
      pattern: r(
        `\\b(?:withdr(?:ew|awn|aw|awing|aws)|retract(?:ed|ing|s)?|rescind(?:ed|ing|s)?|took back|taken back|tak(?:es|ing) back|pull(?:ed|ing|s)?)\\s+(?:his|her|my|their|the)\\s+(?:own\\s+|original\\s+|earlier\\s+|first\\s+|previous\\s+)?(?:no[- ]confidence\\s+)?letter\\b|\\b(?:tak(?:en|e|es|ing)|took|ask(?:ed|s)? for|want(?:ed|s)?)\\s+(?:my|his|her|their)\\s+letter\\s+back\\b|\\b(?:withdr(?:ew|awn|aw)|retract(?:ed)?|rescind(?:ed)?|took back|taken back|pull(?:ed)?)\\s+it\\b(?<=\\bletter\\b.{0,200})`,
      ),
    },
    {
      id: 'deny-letter',
      stance: 'denied_letter',
      agent: 'left',
      strength: 0.85,
      pattern: r(
        `\\b(?:deni(?:ed|es)|deny(?:ing)?|dismiss(?:ed|es|ing)|reject(?:ed|s|ing)|rubbish(?:ed|es))\\s+(?:(?:the\\s+)?(?:reports?|claims?|suggestions?|rumours?|speculation)\\s+(?:that\\s+)?)?(?:(?:he|she|they|i)\\s+(?:(?:had|has|have)\\s+)?)?(?:ever\\s+)?(?:having\\s+)?(?:submit|submitted|submitting|sending|sent|send|written|writing|put(?:ting)? in)\\b[^.]{0,40}?\\bletter`,
      ),
    },
    {
      id: 'letter-verb',
      stance: 'submitted_letter',
      letterAct: true,
      agent: 'left',
      strength: 0.9,
      pattern: r(
        `\\b(?:submit(?:ted|s|ting)?|sen[dt](?:s|ing)?|put(?:s|ting)?\\s+in|hand(?:ed|s|ing)?\\s+in|lodg(?:ed|es|ing|e))\\s+(?:in\\s+)?one\\b(?<=\\bletters?\\b.{0,200})|\\bput(?:s|ting)?\\s+(?:my|his|her|their|a)\\s+(?:no[- ]confidence\\s+)?letter\\s+in\\b(?!\\s+(?:the\\s+)?(?:post|an?\\s|the\\s+(?:drawer|bin)))|\\b(?:submit(?:ted|s|ting)?|sen[dt](?:s|ing)?|put(?:s|ting)?\\s+in|hand(?:ed|s|ing)?\\s+in|lodg(?:ed|es|ing|e)|deliver(?:ed|s|ing)?|pen(?:ned|s)|fir(?:ed|es|ing)\\s+off|fil(?:ed|es|ing)|writ(?:ten|es|ing|e)|wrote)\\s+(?:in\\s+)?${LETTER}(?!\\s+to\\s+(?:(?:his|her|my|their)\\s+)?(?:constituents|voters|residents|the editor))`,
      ),
    },
    {
      id: 'letter-to-chair',
      stance: 'submitted_letter',
      letterAct: true,
      agent: 'left',
      strength: 0.85,
      pattern: r(
        `\\b(?:(?:written|wrote|writ(?:es|ing)|write)\\s+(?:a letter\\s+)?|(?<=\\bletters?\\b.{0,40})(?:sent|submitted|delivered|handed)\\s+)to\\s+(?:(?:sir\\s+)?graham\\s+brady|sir\\s+graham|the\\s+(?:chair(?:man|woman)?|head)\\s+of\\s+the\\s+(?:[\\w'-]+\\s+){0,3}?1922(?:\\s+committee)?|the\\s+1922(?:\\s+committee)?(?:\\s+chair(?:man)?)?|the\\s+(?:backbench\\s+)?committee(?!\\s+(?:of|on|for)\\b)|the\\s+chair(?:man|woman)?(?!\\s+of\\b)|brady)\\b`,
      ),
    },
    {
      id: 'letter-passive',
      stance: 'submitted_letter',
      letterAct: true,
      agent: 'right',
      strength: 0.85,
      pattern: r(
        `\\b(?:a|another|one more|the latest)\\s+(?:no[- ]confidence\\s+)?letter(?:\\s+of no[- ]confidence)?(?:\\s+in\\s+${L})?\\s+(?:has|had)\\s+(?:now\\s+|also\\s+)?been\\s+(?:submitted|sent|handed in|lodged|delivered|put in)\\s+by\\s+`,
      ),
    },
    {
      id: 'informed-chair',
      stance: 'submitted_letter',
      letterAct: true,
      agent: 'left',
      strength: 0.75,
      // "I have informed Sir Graham Brady": telling the chair is how MPs describe a letter without the word.
      pattern: r(`\\b(?:informed|notified|told)\\s+(?:(?:sir\\s+)?graham\\s+brady|sir\\s+graham|the\\s+(?:chair(?:man|woman)?|head)\\s+of\\s+the\\s+(?:[\\w'-]+\\s+){0,3}?1922(?:\\s+committee)?|the\\s+1922\\s+committee)\\s*(?:[.,;]|$|\\s+(?:of|that)\\s+(?:my|his|her)\\s+(?:decision|view|lack of confidence))`),
    },
    {
      id: 'letter-is-in',
      stance: 'submitted_letter',
      letterAct: true,
      agent: 'inside',
      strength: 0.85,
      pattern: r(
        `\\b(?:my|his|her)\\s+(?:own\\s+)?(?:no[- ]confidence\\s+)?letter(?:\\s+of no[- ]confidence)?(?:\\s+in\\s+${L})?\\s+(?:is|was|has been|had been|went|will be)\\s+(?:already\\s+|now\\s+)?(?:in|submitted|sent|handed in|with\\s+(?:(?:sir\\s+)?graham(?:\\s+brady)?|brady|the\\s+(?:chair(?:man)?|1922)))\\b`,
      ),
    },
    // Calls to resign
    {
      id: 'call-on-to-go',
      stance: 'called_to_resign',
      agent: 'left',
      strength: 0.9,
      pattern: r(`\\b(?:call(?:ed|ing|s)?|urg(?:ed|es|ing|e)|told|tell(?:s|ing)?|demand(?:ed|s|ing)?|implor(?:ed|es|ing)|begg?(?:ed|s|ing))\\s+(?:on\\s+|for\\s+)?${L}\\s+to\\s+["'\u201c\u2018]?(?:do\\s+the\\s+(?:decent|right|honourable|honorable)\\s+thing\\s+and\\s+)?${GO}\\b|\\bwants?\\s+${L}\\s+(?:out|gone)\\b`),
    },
    {
      id: 'call-for-resignation',
      stance: 'called_to_resign',
      agent: 'left',
      strength: 0.9,
      pattern: r(
        `\\b(?:call(?:ed|ing|s)?|demand(?:ed|s|ing)?|urg(?:ed|es|ing))\\s+for\\s+(?:(?:${L})'s|his|her|the prime minister's|the pm's)\\s+(?:resignation|departure|removal|exit|head)\\b|\\bcall(?:ed|ing|s)?\\s+for\\s+(?:a\\s+|an\\s+)?(?:immediate\\s+)?(?:change (?:of|in) (?:leader(?:ship)?|prime minister)|new leader(?:ship)?|leadership (?:contest|election|challenge))\\b`,
      ),
    },
    {
      id: 'leader-must-go',
      stance: 'called_to_resign',
      agent: 'sayer',
      strength: 0.85,
      pattern: r(
        `\\b(?:${L}|he|she|you)\\s+["']?(?:must|should|needs to|need to|has to|have to|ought to|will have to|has got to|had to)\\s+["']?(?:now\\s+|simply\\s+|just\\s+)?${GO}\\b|\\b(?:${L}|he|she)\\s+(?:is|was|has|had|had been|has been)\\b[^.;]{1,60}?\\band\\s+(?:should|must|needs to|has to|ought to)\\s+${GO}\\b|\\bin the name of god,?\\s+go\\b|\\b(?:it is|it's|it was|is|was)\\s+(?:now\\s+)?["']?time for (?:a\\s+)?(?:change(?: of leader(?:ship)?)?|new leadership|fresh leadership|a new leader|new leader)\\b(?=\\s*["'.,;!]|\\s*$|\\s+(?:at the top|in (?:no 10|number 10|downing street)))|\\b(?:${L}|he|she)\\s+(?:must|should|needs to|has to|ought to|will have to)\\s+(?:now\\s+)?do\\s+the\\s+(?:decent|honourable|right|only|proper|sensible)\\s+thing\\b|\\b(?:(?:${L})'s|his|her)\\s+time\\s+(?:is|was|had|has)\\s+(?:now\\s+)?(?:up|run out|come)\\b|\\b(?:it is|it's|it was|is|was)\\s+(?:now\\s+|surely\\s+)?(?:high\\s+)?time\\s+for\\s+(?:${L})\\s+to\\s+${GO}\\b|\\b(?:his|her|(?:${L})'s)\\s+position\\s+(?:is|was|has become|had become|is now|was now)\\s+["']?(?:completely\\s+|totally\\s+|simply\\s+|now\\s+)?(?:untenable|no longer tenable|not tenable|unsustainable)\\b|\\b(?:${L}|he|she)\\s+(?:is|was)\\s+no longer\\s+(?:fit|the right person)\\b`,
      ),
    },
    // Support withdrawn or given
    {
      id: 'withdraw-support',
      stance: 'withdrew_support',
      agent: 'left',
      strength: 0.9,
      pattern: r(
        `\\b(?:withdr(?:ew|awn|aw|awing|aws)|pull(?:ed|ing)?|remov(?:ed|ing))\\s+(?:(?:his|her|my|their)\\s+)?(?:support|backing)\\b(?:\\s+(?:for|from)\\s+${L})?|\\b(?:can|could|will|do|does|did)\\s*(?:no longer|not|n't)\\s+(?:support|back)\\s+${L}|\\bno longer\\s+(?:supports?|backs?)\\s+${L}|\\bno longer\\s+(?:has|have|had)\\s+(?:any\\s+)?confidence\\s+in\\s+${L}|\\blost\\s+["']?(?:all\\s+)?(?:confidence|faith)["']?\\s+in\\s+${L}`,
      ),
    },
    {
      id: 'back-leader',
      stance: 'backs_leader',
      agent: 'left',
      strength: 0.85,
      pattern: r(
        `\\b(?:back(?:s|ed|ing)?|support(?:s|ed|ing)?|endors(?:e|es|ed|ing)|defend(?:s|ed|ing)?|stand(?:s|ing)? by|stood by|stick(?:s|ing)? (?:with|by)|stuck (?:with|by)|(?:remain(?:s|ed|ing)?|stay(?:s|ed|ing)?|is|was|are) loyal to|rall(?:ied|ies|y|ying) (?:behind|round|around)|(?:threw|throws|thrown|throw) (?:his|her|their) (?:weight|support) behind|vot(?:ed|es|e|ing) for|vot(?:ed|es|e|ing) to keep)\\s+${L}\\b(?!\\s+(?:in|for|as)\\s+(?:the\\s+)?(?:leadership|next|new))(?!['\u2019]s\\b)|\\b(?:gave|give|gives|giving|offered|offer|pledged)\\s+(?:him|her|the prime minister|the pm)\\s+(?:his|her|my|their|our)\\s+["']?(?:full\\s+|total\\s+|complete\\s+|unequivocal\\s+|wholehearted\\s+|unwavering\\s+|100%\\s+|100 per cent\\s+)?(?:backing|support)\\b|\\b(?:gave|give|given|gives|giving|offered|offer|lend|lent|lends|pledged|pledge)\\s+(?:his|her|my|their)\\s+(?:full\\s+|total\\s+|complete\\s+|unequivocal\\s+|wholehearted\\s+|unwavering\\s+|strong\\s+)?(?:backing|support)\\s+(?:to|for|behind)\\s+${L}|\\b(?:has|have|had|retains?|expressed|still has)\\s+(?:full\\s+|complete\\s+|total\\s+)?confidence\\s+in\\s+${L}|\\b(?:voic|express|reaffirm|restat|declar|pledg|repeat|tweet|post|offer|show)(?:ed|es|ing|e|s)?\\s+(?:(?:his|her|their)\\s+)?(?:full\\s+|continued\\s+|strong\\s+|unwavering\\s+)?(?:support|backing|loyalty)\\s+(?:for|to)\\s+${L}`,
      ),
    },
    {
      id: 'leader-should-stay',
      stance: 'backs_leader',
      agent: 'sayer',
      strength: 0.8,
      pattern: r(
        `\\b(?:${L}|he|she)\\s+["']?(?:still\\s+)?(?:has|had|retains|retained|enjoys|enjoyed|continues to have|continued to have|will continue to have|will (?:always\\s+)?have)\\s+(?:still\\s+)?(?:(?:my|our|his|her|the)\\s+|the\\s+[\\w-]+'s?\\s+)?["']?(?:full\\s+|total\\s+|complete\\s+|100%\\s+|unwavering\\s+|overwhelming\\s+|wholehearted\\s+)?(?:support|backing|confidence)\\b|\\b(?:${L}|he|she)\\s+["']?(?:(?:has|had|is|was)\\b[^.;]{1,60}?\\band\\s+)?(?:deserves?|deserved)\\s+(?:the\\s+|our\\s+|my\\s+)?(?:full\\s+)?(?:backing|support|another chance|a second chance|a chance|more time|to stay|to carry on)\\b|\\b(?:${L}|he|she)\\s+(?:should|must)\\s+(?:stay|remain|carry on|continue|stay on|stay in post|fight on|be allowed to get on)\\b|\\bdisloyal\\s+to\\s+${L}|\\b(?:${L}|he|she)\\s+(?:is|was|remains|remained)\\s+["']?(?:still\\s+)?(?:the\\s+)?(?:right|best)\\s+(?:man|person|leader)\\b`,
      ),
    },
    {
      id: 'behind-leader',
      stance: 'backs_leader',
      agent: 'left',
      strength: 0.8,
      // ... and "I am with Boris, today and every day": a first person "with" the leader, named.
      pattern: r(`\\b(?:is|was|are|remains?|remained|stands?|stood|am|being)\\s+["']?(?:fully|firmly|100 per cent|100%|squarely|four-square|right|totally|completely|still|solidly)\\s+behind["']?\\s+${L}\\b|(?<=\\b(?:I am|I'm|I remain|we are|we're)\\s+)(?:still\\s+|firmly\\s+|100 per cent\\s+|one hundred per cent\\s+)?with\\s+(?:boris|the pm|the prime minister)\\b`),
    },
    {
      id: 'no-longer-has-support',
      stance: 'withdrew_support',
      agent: 'sayer',
      strength: 0.8,
      pattern: r(`\\b(?:${L}|he|she)\\s+["']?no longer\\s+(?:has|had|enjoys|enjoyed)\\s+(?:my|our|his|her|their)\\s+(?:support|backing|confidence)\\b|\\b(?:${L}|he|she)\\s+["']?(?:has|had)\\s+(?:now\\s+)?lost\\s+(?:my|our|his|her|their)\\s+(?:support|backing|confidence|vote)\\b`),
    },
    {
      id: 'supportive-of',
      stance: 'backs_leader',
      agent: 'left',
      strength: 0.8,
      pattern: r(`\\b["']?(?:fully\\s+|completely\\s+|totally\\s+|entirely\\s+|wholly\\s+|very\\s+)?supportive["']?\\s+of\\s+${L}\\b`),
    },
    {
      id: 'loyalty-idioms',
      stance: 'backs_leader',
      agent: 'left',
      strength: 0.75,
      pattern: r(
        `\\b(?:proud|honoured|happy|glad|privileged)\\s+to\\s+(?:serve|work)\\s+(?:under|for|with)\\s+${L}\\b|\\b(?:walk over hot coals|go to the wall|take a bullet|go into battle)["']?\\s+for\\s+${L}\\b|\\b(?:described|called|hailed)\\s+${L}\\s+(?:as\\s+)?["']?(?:the\\s+|a\\s+)?(?:best|greatest|great|right man|right person|right leader|brilliant|outstanding)\\b`,
      ),
    },
    {
      id: 'supporter-of',
      stance: 'backs_leader',
      agent: 'left',
      strength: 0.8,
      pattern: r(`\\b(?:an?|the)\\s+["']?(?:huge|big|great|strong|loyal|staunch|firm|long-standing|longstanding|keen|committed|passionate)\\s+(?:supporter|backer|defender)["']?\\s+of\\s+${L}\\b`),
    },
    {
      id: 'urge-others-to-back',
      stance: 'backs_leader',
      agent: 'left',
      strength: 0.8,
      pattern: r(
        `\\burg(?:ed|es|ing|e)\\s+(?:(?:his|her|their|fellow)\\s+)?(?:colleagues|mps|tory mps|conservative mps|the party|members|backbenchers|rebels|critics)(?:\\s+[\\w'-]+){0,5}?\\s+to\\s+(?:back|support|get behind|rally (?:behind|round)|stand by|stick with|give)\\s+${L}\\b`,
      ),
    },
    {
      id: 'vote-against',
      stance: 'withdrew_support',
      agent: 'left',
      strength: 0.8,
      pattern: r(`\\bvot(?:e|es|ed|ing)\\s+against\\s+${L}\\b`),
    },
    // Posts, party, motions
    {
      id: 'resign-post',
      stance: 'resigned_post',
      agent: 'left',
      strength: 0.9,
      pattern: r(
        `\\b(?:resign(?:ed|s|ing)?|quit(?:s|ting)?|step(?:ped|s|ping)? down|stood down|stand(?:s|ing)? down)\\s+(?:as|from)\\s+(?:(?:a|the|his|her|their)\\s+)?(?:[\\w-]+\\s+){0,3}?(?:minister|secretary|chancellor|pps|whip|vice[- ]chair(?:man)?|deputy chair(?:man)?|envoy|champion|tsar|czar|solicitor general|attorney general|paymaster general|leader of the house|government|cabinet|front ?bench|post|role|job|position|ministerial)\\b|\\b(?:resign(?:ed|s)?|quit)\\s+(?:the|his|her)\\s+(?:government|cabinet|front ?bench|post|role|job)\\b|\\bwalk(?:ed|s)?\\s+out\\s+of\\s+(?:the\\s+)?(?:government|cabinet)\\b|\\b(?:handed in|tendered|submitted|sent|announced)\\s+(?:his|her|their)\\s+resignation\\b|\\b(?:published|posted|released|shared|tweeted)\\s+(?:his|her|their)\\s+resignation letter\\b|\\bfollow(?:ed|s|ing)\\s+(?:him|her|them)\\s+out\\s+(?:of\\s+)?(?:the\\s+)?(?:door|cabinet|government|treasury|department)\\b`,
      ),
    },
    {
      id: 'resigned-bare',
      stance: 'resigned_post',
      agent: 'left',
      strength: 0.75,
      // Not "resigned as an MP", "quit the party", "resigned to defeat": those are other stories.
      pattern: r(
        `\\b(?:resigned|quit)\\b(?!\\s+(?:as\\s+(?:an?\\s+)?(?:mp|member)|from\\s+(?:parliament|the commons|the house|the party|the conservative|the tory)|(?:his|her|their)\\s+seat|the\\s+(?:conservative\\s+|tory\\s+)?(?:whip|party)|to\\s+|himself|herself|themselves|smoking|the\\s+race))`,
      ),
    },
    {
      id: 'resignation-of',
      stance: 'resigned_post',
      agent: 'right',
      strength: 0.8,
      pattern: r(`\\b(?:resignations?|exits?|departures?|walk-?outs?)\\s+(?:of|by|from)\\s+`),
    },
    {
      id: 'defect',
      stance: 'defected',
      agent: 'left',
      strength: 0.9,
      pattern: r(
        `\\b(?:defect(?:ed|s|ing)?|cross(?:ed|es|ing)? the floor|switch(?:ed|es|ing)? (?:sides|parties|allegiance)|join(?:ed|s|ing)? (?:the )?(?:labour|liberal democrats|lib dems|reform uk|snp|green party|greens)(?: party)?(?!\\s+(?:mps|in|and|members|politicians|figures|leader|colleagues|benches))|(?:left|quit|quits|leaves|leaving) the (?:conservative|tory) party|resign(?:ed|s)? the (?:conservative |tory )?whip|(?:now )?sit(?:s|ting)? as an independent)\\b`,
      ),
    },
    {
      id: 'motion',
      stance: 'no_confidence_motion',
      agent: 'left',
      strength: 0.85,
      pattern: r(
        `\\b(?:tabl(?:ed|es|ing|e)|la(?:id|ys)|put(?:s|ting)? forward|brought|bring(?:s|ing)?|propos(?:ed|es|ing)|sign(?:ed|s|ing)?)\\s+(?:a|an|the)\\s+(?:early day\\s+)?(?:motion of no confidence|no[- ]confidence motion|motion (?:of|expressing) no confidence)\\b`,
      ),
    },
  ];
}
