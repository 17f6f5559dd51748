import { isHeldBackReason } from '../../domain/held-back-reasons';
import type { MessageKey } from '../i18n/catalogue';

/**
 * The catalogue key of the short text the review desk shows for a possible item a context check held back: one key
 * per reason (possible.heldBack.<reason>), and a general one for a reason this build of the desk has no words for
 * (a check the extractor gained after it), so an item held back never looks like one that merely scored low.
 */
export function heldBackKey(reason: string): MessageKey {
  return isHeldBackReason(reason) ? `possible.heldBack.${reason}` : 'possible.heldBack.other';
}
