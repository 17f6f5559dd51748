import type { ContextReason } from '../tracker/context-checks';

/**
 * Why the tracker's extractor held back a find it would have proposed: the names of its context checks
 * (src/tracker/context-checks.ts), as a list the API schema, the stored column and the review desk share. The
 * extractor owns the meaning; this module only spells the names out at run time, so the desk can tell a reason it
 * has words for from one it does not (a check added later shows a general text until it has its own).
 *
 * Pure, no dependencies (the web bundle imports it). A reason the extractor gains and this list lacks fails the
 * type check below, so the API schema and the desk's texts cannot silently fall behind.
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
] as const satisfies readonly ContextReason[];

export type HeldBackReason = (typeof HELD_BACK_REASONS)[number];

/** Fails to compile when context-checks.ts names a reason this list does not. */
type Unlisted = Exclude<ContextReason, HeldBackReason>;
const everyReasonListed: [Unlisted] extends [never] ? true : { missing: Unlisted } = true;
void everyReasonListed;

export function isHeldBackReason(value: unknown): value is HeldBackReason {
  return typeof value === 'string' && (HELD_BACK_REASONS as readonly string[]).includes(value);
}
