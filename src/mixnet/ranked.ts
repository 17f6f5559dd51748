/**
 * Ranked ballots as rows of ciphertexts: one ciphertext per rank (docs/decisions/0701-ranked-ballot-encoding.md).
 * Cell k of a row encrypts g^v with v = 1 + (index of the candidate ranked k-th), or v = 0 for "no further
 * preference". The row width is the rulebook's rank cap, so every row has the same width whatever the voter ranked.
 *
 * Reading a decrypted row (the rule every count and every verifier applies): preferences are read from rank 1 on;
 * the first 0, out-of-range value, or candidate already ranked ends the ballot there. So a ballot is never
 * invalidated after its first preference: a later mistake only exhausts it.
 */
import { CryptoError } from '../crypto/errors';

/** Plaintexts of one ballot: v_1..v_w, each in 0..candidates. */
export function encodeRanking(ranking: readonly number[], candidates: number, width: number): number[] {
  if (!Number.isInteger(width) || width < 1) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'rank cap must be a positive integer');
  if (ranking.length > width) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `ranking has ${ranking.length} preferences; the rulebook allows ${width}`);
  const seen = new Set<number>();
  for (const c of ranking) {
    if (!Number.isInteger(c) || c < 0 || c >= candidates) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `candidate ${c} is not on the ballot`);
    if (seen.has(c)) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `candidate ${c} is ranked twice`);
    seen.add(c);
  }
  return Array.from({ length: width }, (_, k) => (k < ranking.length ? ranking[k]! + 1 : 0));
}

/**
 * The candidate of a decrypted cell, or null if the ballot ends at this rank (0, out of range, or a repeat of one of
 * `earlier`, the values of the ranks before).
 */
export function readPreference(value: number, earlier: readonly number[], candidates: number): number | null {
  if (!Number.isInteger(value) || value < 1 || value > candidates) return null;
  if (earlier.includes(value)) return null;
  return value - 1;
}
