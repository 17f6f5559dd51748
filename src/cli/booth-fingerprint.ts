/**
 * The CLI booths' check of the election key before they encrypt (ballot-spec §4a, ADR 0416): the fingerprint of
 * the key the booth is about to encrypt under, computed here from the election hash, that key and the list digest
 * the server gives (never the server's claimed fingerprint), and, when the member gave the letter's fingerprint,
 * a refusal (`FINGERPRINT_MISMATCH`) before anything is encrypted. Shared by `confidence vote`,
 * `confidence preferential vote` and `confidence contest postal-batch`.
 */
import { boothFingerprint, formatFingerprint } from '../ballot/authority';
import { AppError } from '../domain/errors';

/** The `--fingerprint` option, as every booth takes it. */
export const FINGERPRINT_OPTION = ['--fingerprint <fp>', 'the fingerprint in your letter (8 groups of 4 hex digits): the booth refuses to encrypt unless the key and list the server gave it have this fingerprint'] as const;

/** Throws VALIDATION_FAILED unless `letter` looks like a letter's fingerprint (spaces and dashes allowed). */
export function checkFingerprintOption(letter: string | undefined): void {
  if (letter !== undefined && !/^[0-9a-f]{32}([0-9a-f]{32})?$/i.test(letter.replace(/[\s-]/g, ''))) throw new AppError('VALIDATION_FAILED', '--fingerprint must be the 8 groups of 4 hex digits (or all 64 digits) in your letter');
}

/**
 * The fingerprint of `publicKey` (the key about to be used) with the server's list digest, or null when the server
 * gave no well-formed digest. With `letter`, throws FINGERPRINT_MISMATCH unless it matches; `who` names what is
 * protected in the message ("your vote", "the members' postal votes").
 */
export function boothKeyCheck(view: { electionHash: string; publicKey: string; credentialsListDigest?: string | null }, letter: string | undefined, who = 'your vote'): { fingerprint: string; matches: boolean | null } | null {
  const d = view.credentialsListDigest;
  const computed = typeof d === 'string' && /^[0-9a-f]{64}$/i.test(d) && /^[0-9a-f]{64}$/i.test(view.electionHash) ? boothFingerprint(view.electionHash, view.publicKey, d, letter ?? null) : null;
  if (letter !== undefined && !computed?.matches) {
    throw new AppError('FINGERPRINT_MISMATCH', computed
      ? `the election key the server gave this booth, with its credential list, has fingerprint ${formatFingerprint(computed.fingerprint)}, not ${letter} from the letter: the server may be trying to read ${who}. Nothing was encrypted or sent; tell the returning officer`
      : 'the server gave no credential list digest, so this booth cannot check the election key against the letter: nothing was encrypted or sent; tell the returning officer');
  }
  return computed;
}

/** The booth's line about the fingerprint (after `label`, padded as the caller pads). */
export function fingerprintLine(computed: { fingerprint: string; matches: boolean | null } | null): string {
  return computed
    ? `${formatFingerprint(computed.fingerprint)} (of the election key this booth encrypts under and the credential list: ${computed.matches ? 'matches your letter' : 'must match the one in your letter; give it with --fingerprint to have it checked'})`
    : 'UNKNOWN: the server gave no credential list digest, so the election key cannot be checked against your letter';
}
