/**
 * Shared vocabulary of the public tracker's extraction: what a declaration is and what the
 * extractor returns. Kept free of I/O so the extractor runs the same in the CLI, the server and tests.
 */
import type { HeldBackReason } from '../domain/held-back-reasons';

export const STANCES = [
  'submitted_letter',
  'intends_letter',
  'withdrew_letter',
  'resubmitted_letter',
  'denied_letter',
  'called_to_resign',
  'withdrew_support',
  'backs_leader',
  'resigned_post',
  'defected',
  'no_confidence_motion',
] as const;
export type Stance = (typeof STANCES)[number];

export function isStance(value: string): value is Stance {
  return (STANCES as readonly string[]).includes(value);
}

/** One declaration found in one article. */
export interface ExtractedDeclaration {
  memberId: string;
  /** The roster display name. */
  person: string;
  stance: Stance;
  /** The day the stance was taken, YYYY-MM-DD; null only when the article has no publication date. */
  date: string | null;
  /** Sentences quoted verbatim from the article: first the sentence stating the stance, then any sentence that names the person. */
  evidence: string[];
  /** 0..1: how sure the rules are (explicit first-person act high, coreference and fuzzy names lower); the model's score when only the model found it. */
  confidence: number;
  /** 0..1: the stance model's score for this member and stance in this article (stance-weights.json). */
  score: number;
  /** Who found it: the hand-written rules (and the model agreed or not), or the model alone. */
  source: 'rules' | 'model';
  /**
   * Possible items only: why a find the rules and the model would have proposed was sent to the review queue instead
   * (context-checks.ts names each reason, e.g. "question", "denied-report"). Absent when it scored below the bar.
   */
  demotedBecause?: HeldBackReason;
}

/** A person named in a stance sentence whom the roster could not settle: reported, never guessed. */
export interface UnresolvedName {
  text: string;
  reason: 'ambiguous' | 'unknown';
  /** Member ids that were equally plausible (ambiguous only). */
  candidates: string[];
  sentence: string;
}

export interface ExtractionResult {
  published: string | null;
  /** Proposed: the model's score is at or above the high threshold. */
  declarations: ExtractedDeclaration[];
  /** Possible: a party member in a sentence with stance vocabulary, scored between the low and the high threshold; for an editor to accept, change or reject. */
  possible: ExtractedDeclaration[];
  unresolved: UnresolvedName[];
}

export interface ExtractOptions {
  /** Party code of the leader's party, e.g. "Con". Only its members' declarations count. */
  party: string;
  /** The leader in question, e.g. "Boris Johnson". */
  leader: string;
  /** Publication date when the caller knows it; otherwise it is looked for in the text. */
  published?: string | null;
  /** Used only when neither `published` nor the text gives a date (a CLI flag, a date in the file name). */
  fallbackPublished?: string | null;
}
