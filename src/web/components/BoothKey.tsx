import { boothFingerprint, formatFingerprint } from '../../ballot';
import { useT } from '../i18n/I18n';
import type { MessageKey } from '../i18n/catalogue';
import { TextField } from './fields';

/**
 * The web booths' check of the election key before they encrypt (ballot-spec §4a, ADR 0416): the fingerprint of
 * the key the page is about to encrypt under, computed here from the election hash, that key and the list digest
 * the server gives, never the server's claimed fingerprint; and an optional field for the fingerprint printed in
 * the member's letter, so the page itself refuses to encrypt on a mismatch (`boothKeyRefusal`). Used by the
 * confidence, contest and ranked booths and the authority's postal page.
 */
export interface BoothKeyView {
  electionHash: string;
  publicKey: string | null;
  credentialsListDigest?: string | null;
}

/** The fingerprint of the view's key and list digest, and whether `letter` (when typed) is it; null without a digest. */
export function boothKey(view: BoothKeyView, letter: string): { fingerprint: string; matches: boolean | null } | null {
  const d = view.credentialsListDigest;
  if (!view.publicKey || typeof d !== 'string' || !/^[0-9a-f]{64}$/i.test(d) || !/^[0-9a-f]{64}$/i.test(view.electionHash)) return null;
  return boothFingerprint(view.electionHash, view.publicKey, d, letter.trim() === '' ? null : letter);
}

/** The message shown for each refusal of boothKeyRefusal. */
export const BOOTH_KEY_REFUSAL_MESSAGE = { mismatch: 'booth.fingerprintMismatch', unknown: 'booth.fingerprintUnknown' } as const;

/** Why the page must not encrypt under this view's key given the letter's fingerprint, or null (none typed, or it matches). */
export function boothKeyRefusal(view: BoothKeyView, letter: string): 'mismatch' | 'unknown' | null {
  if (letter.trim() === '') return null;
  const k = boothKey(view, letter);
  return k === null ? 'unknown' : k.matches ? null : 'mismatch';
}

/** A page's words for the panel: the booths speak to the voter, the postal page to the authority that signed. */
export interface BoothKeyWords {
  fingerprint: MessageKey;
  unknown: MessageKey;
  letter: MessageKey;
  letterHint: MessageKey;
  matches: MessageKey;
  mismatch: MessageKey;
}

export const BOOTH_KEY_WORDS: BoothKeyWords = {
  fingerprint: 'booth.fingerprint',
  unknown: 'booth.fingerprintUnknown',
  letter: 'booth.letterFingerprint',
  letterHint: 'booth.letterFingerprintHint',
  matches: 'booth.fingerprintMatches',
  mismatch: 'booth.fingerprintMismatch',
};

/** The computed fingerprint and the letter's fingerprint field, with whether they match. */
export function BoothKeyPanel({ view, letter, onLetter, words = BOOTH_KEY_WORDS, id = 'letter-fingerprint' }: { view: BoothKeyView; letter: string; onLetter: (v: string) => void; words?: BoothKeyWords; id?: string }) {
  const t = useT();
  const k = boothKey(view, letter);
  return (
    <>
      {k ? (
        <p className="notice" data-testid="credentials-fingerprint">
          {t.rich(words.fingerprint, { fingerprint: formatFingerprint(k.fingerprint), code: (c) => <code className="hash-value">{c}</code> })}
        </p>
      ) : (
        <p className="notice notice-warning" role="alert" data-testid="credentials-fingerprint-unknown">
          {t(words.unknown)}
        </p>
      )}
      <TextField id={id} testId="letter-fingerprint" label={t(words.letter)} hint={t(words.letterHint)} value={letter} onChange={onLetter} autoComplete="off" inputProps={{ spellCheck: false }} />
      {k?.matches === true && (
        <p className="notice notice-success" role="status" data-testid="fingerprint-matches">
          {t(words.matches)}
        </p>
      )}
      {letter.trim() !== '' && k?.matches !== true && (
        <p className="notice notice-error" role="alert" data-testid="fingerprint-mismatch">
          {t(k ? words.mismatch : words.unknown)}
        </p>
      )}
    </>
  );
}
