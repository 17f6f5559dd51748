/**
 * Binary searches over spans of the analysed text (sentences, paragraphs, quotes, mentions), each list sorted by start
 * and non-overlapping where it says so: lookups that stay logarithmic however often a hostile article repeats a phrase.
 */

/** In spans sorted by start, the index of the first one that starts at or after `at` (the length when none does). */
export function firstStartingAt(sorted: ReadonlyArray<{ start: number }>, at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** In non-overlapping spans sorted by start (and so by end), the index of the first one that ends after `at`. */
export function firstEndingAfter(sorted: ReadonlyArray<{ end: number }>, at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
