import { AppError } from './errors';

/**
 * Text hygiene at every boundary (HTTP, CLI arguments, CSV imports, tracker articles).
 *
 * Two kinds of code unit are refused outright rather than stored or echoed:
 * - NUL (U+0000): PostgreSQL `text` cannot hold it, so it would surface as a 500 deep in a query, and
 *   C-string consumers (logs, mail, shells) truncate at it;
 * - a lone UTF-16 surrogate (U+D800–U+DFFF not in a valid pair): it is not a Unicode scalar value, cannot
 *   be encoded as UTF-8 (PostgreSQL and JSON encoders fail or substitute), and hashes of the "same" text
 *   would differ between JavaScript and the database.
 */

/** Where the first NUL or lone surrogate is, or null when the text is clean. */
export function findInvalidCodeUnit(text: string): { index: number; kind: 'NUL' | 'lone surrogate' } | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return { index: i, kind: 'NUL' };
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return { index: i, kind: 'lone surrogate' };
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { index: i, kind: 'lone surrogate' };
  }
  return null;
}

/** Throws INVALID_TEXT naming the field and the position of the first bad code unit. */
export function assertCleanText(text: string, field: string): string {
  const bad = findInvalidCodeUnit(text);
  if (bad) throw new AppError('INVALID_TEXT', `${field} contains a ${bad.kind} at position ${bad.index}; remove it and try again`, { field, position: bad.index });
  return text;
}

/** Walks a parsed JSON value (or any plain data) and checks every string, keys included. */
export function assertCleanValue(value: unknown, field = '(body)', depth = 0): void {
  if (depth > 64) throw new AppError('VALIDATION_FAILED', `${field} is nested too deeply`);
  if (typeof value === 'string') {
    assertCleanText(value, field);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertCleanValue(v, `${field}[${i}]`, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      assertCleanText(k, `${field} key`);
      assertCleanValue(v, field === '(body)' ? k : `${field}.${k}`, depth + 1);
    }
  }
}
