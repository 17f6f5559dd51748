/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition), bounded: returns
 * `max + 1` as soon as the distance is known to exceed `max`. Misspelt names ("Wakefrod") are
 * usually one transposition or one letter away; the bound keeps matching cheap and strict.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prevPrev = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let curr = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    curr[0] = i;
    let rowMin = curr[0];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, prevPrev[j - 2]! + 1);
      }
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, curr] = [prev, curr, prevPrev];
  }
  return Math.min(prev[m]!, max + 1);
}

/** How many edits a name of this length may carry and still be taken as a misspelling. */
export function allowedTypos(name: string): number {
  if (name.length < 5) return 0;
  if (name.length < 9) return 1;
  return 2;
}
