/**
 * Tie-breaking by the rulebook's named method (src/count/types.ts TieBreak): backwards or forwards over the earlier
 * rounds' votes, then lot. Lot is a public, reproducible draw: the candidate whose SHA-256(seed ‖ name) is smallest
 * is chosen, with the election hash as seed, so anyone redoing the count gets the same draw and nobody could pick it
 * after seeing the ballots (the seed is fixed before voting opens).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8 } from '../crypto/bytes';
import type { Rational } from './rational';
import type { TieRecord } from './table';
import type { TieBreak } from './types';

/**
 * Chooses one of `tied` (all with equal current votes). `history[r][c]` is candidate c's votes at round r (null when
 * out). `lowest`: true to choose the one with fewest votes earlier (exclusion), false for most (surplus order).
 */
export function breakTie(tied: readonly number[], method: TieBreak, history: readonly (readonly (Rational | null)[])[], lowest: boolean, seed: string, names: readonly string[]): TieRecord {
  let pool = [...tied];
  if (method !== 'lot') {
    const order = method === 'backwards' ? [...history.keys()].reverse() : [...history.keys()];
    for (const r of order) {
      const vals = pool.map((c) => history[r]![c] ?? null);
      if (vals.some((v) => v === null)) continue;
      let best = vals[0]!;
      for (const v of vals) if (lowest ? v!.lt(best) : v!.gt(best)) best = v!;
      const next = pool.filter((_, i) => vals[i]!.eq(best));
      if (next.length < pool.length) pool = next;
      if (pool.length === 1) return { method, among: [pool[0]!, ...tied.filter((c) => c !== pool[0])], settledBy: r + 1 };
    }
  }
  const draw = [...pool].sort((a, b) => lotKey(seed, names[a]!).localeCompare(lotKey(seed, names[b]!)));
  return { method, among: [draw[0]!, ...tied.filter((c) => c !== draw[0])], settledBy: 'lot' };
}

function lotKey(seed: string, name: string): string {
  return bytesToHex(sha256(utf8(`confidence/v1/lot\u0000${seed}\u0000${name}`)));
}
