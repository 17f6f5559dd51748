/**
 * Why the tracker's extractor held back a find it would have proposed: the names of its context checks
 * (src/tracker/context-checks.ts, whose `ContextReason` is this list's type), shared by the extractor, the API schema,
 * the stored column and the review desk. A check added to the extractor is added here first; the desk shows a
 * general text for a reason it has no words for yet.
 *
 * Pure, no dependencies (the web bundle imports it).
 */
export const HELD_BACK_REASONS = [
  'question',
  'denied-report',
  'said-by-others',
  'support-is-history',
  'member-is-object',
  'member-is-target',
  'stance-of-another',
  'other-target',
  'alternative-offered',
  'going-somewhere',
  'not-yet',
  'other-sense',
  'calls-of-others',
  'conditional',
  'member-in-time-clause',
  'leader-is-subject',
  'backs-someone-else',
  'pronoun-of-another',
  'call-refused',
  'said-nothing',
  'earlier-year',
] as const;

export type HeldBackReason = (typeof HELD_BACK_REASONS)[number];

export function isHeldBackReason(value: unknown): value is HeldBackReason {
  return typeof value === 'string' && (HELD_BACK_REASONS as readonly string[]).includes(value);
}
