import type { Translate } from '../i18n/I18n';
import { STANCE_LABELS } from './api';

const KNOWN = [
  'submitted_letter',
  'resubmitted_letter',
  'intends_letter',
  'withdrew_letter',
  'denied_letter',
  'called_to_resign',
  'withdrew_support',
  'backs_leader',
  'resigned_post',
  'defected',
  'no_confidence_motion',
] as const;

/** A stance in the reader's language; stances the catalogue does not know yet keep their English label. */
export function stanceText(t: Translate, stance: string, form: 'title' | 'one'): string {
  const known = (KNOWN as readonly string[]).includes(stance) ? (stance as (typeof KNOWN)[number]) : null;
  if (known) return t(`stance.${known}.${form}`);
  return STANCE_LABELS[stance]?.[form] ?? stance;
}
