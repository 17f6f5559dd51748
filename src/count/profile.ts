/**
 * Builds a ballot profile consistent with a published IRV round table: first preferences, then for each exclusion
 * how the excluded candidate's ballots went (to each continuing candidate, or exhausted). Ballots are grown as
 * prefixes: a ballot sitting with the excluded candidate gets that candidate's "to" candidate appended, or ends.
 * Counting the profile with IRV reproduces the table exactly (tested), which is how the presets are validated:
 * the whole pipeline (encrypt → shuffle ×3 → decrypt → count) must give the published numbers back.
 *
 * `scaleTable` shrinks a table for quick runs: first preferences and each transfer are apportioned by largest
 * remainder, so every scaled table is again internally consistent.
 */
export interface PublishedIrvTable {
  candidates: string[];
  firstPreferences: number[];
  /** In order: the excluded candidate and where its ballots went. */
  exclusions: { candidate: number; to: number[]; exhausted: number }[];
  rejected: number;
}

export function buildProfile(table: PublishedIrvTable): number[][] {
  const k = table.candidates.length;
  const piles: number[][][] = table.firstPreferences.map((n, c) => Array.from({ length: n }, () => [c]));
  const done: number[][] = [];
  for (const ex of table.exclusions) {
    const pile = piles[ex.candidate]!;
    const moving = ex.to.reduce((a, b) => a + b, 0) + ex.exhausted;
    if (moving !== pile.length) throw new RangeError(`${table.candidates[ex.candidate]}: the table moves ${moving} ballots, the candidate has ${pile.length}`);
    let i = 0;
    for (let c = 0; c < k; c++) {
      for (let n = 0; n < (ex.to[c] ?? 0); n++) {
        const b = pile[i++]!;
        b.push(c);
        piles[c]!.push(b);
      }
    }
    for (let n = 0; n < ex.exhausted; n++) done.push(pile[i++]!);
    piles[ex.candidate] = [];
  }
  return [...piles.flat(), ...done];
}

/** Largest-remainder apportionment of `total` in proportion to `weights`. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w * total) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

export function scaleTable(table: PublishedIrvTable, scale: number): PublishedIrvTable {
  if (!(scale > 0 && scale <= 1)) throw new RangeError('scale must be in (0, 1]');
  if (scale === 1) return table;
  const total = table.firstPreferences.reduce((a, b) => a + b, 0);
  const first = apportion(Math.max(1, Math.round(total * scale)), table.firstPreferences);
  const piles = [...first];
  const exclusions = table.exclusions.map((ex) => {
    const parts = apportion(piles[ex.candidate]!, [...ex.to, ex.exhausted]);
    const to = parts.slice(0, -1);
    to.forEach((n, c) => (piles[c]! += n));
    piles[ex.candidate] = 0;
    return { candidate: ex.candidate, to, exhausted: parts[parts.length - 1]! };
  });
  // a published table with rejected papers keeps at least one, so scaled runs still exercise rejection
  return { candidates: table.candidates, firstPreferences: first, exclusions, rejected: table.rejected > 0 ? Math.max(1, Math.round(table.rejected * scale)) : 0 };
}
