/**
 * Where each ballot currently sits during a count. Reads preferences lazily through BallotSource: a ballot moves
 * past rank k only when its current candidate leaves the count, so a mixnet behind the source decrypts no more
 * than the count needs.
 */
import type { BallotSource } from './types';

export class BallotPositions {
  /** Current candidate of each ballot; −1 exhausted; −2 rejected (no readable first preference). */
  readonly at: Int32Array;
  private readonly rank: Int32Array;
  readonly valid: number;

  constructor(private readonly source: BallotSource) {
    const n = source.size;
    this.at = new Int32Array(n);
    this.rank = new Int32Array(n);
    let valid = 0;
    for (let b = 0; b < n; b++) {
      const c = source.preference(b, 0);
      this.at[b] = c === null ? -2 : c;
      if (c !== null) valid++;
    }
    this.valid = valid;
  }

  /** Moves ballot b to its next preference for which `open(c)` holds; returns it or −1 (exhausted). */
  advance(b: number, open: (c: number) => boolean): number {
    for (let k = this.rank[b]! + 1; k < this.source.width; k++) {
      const c = this.source.preference(b, k);
      if (c === null) break;
      if (open(c)) {
        this.rank[b] = k;
        this.at[b] = c;
        return c;
      }
    }
    this.at[b] = -1;
    return -1;
  }

  /** Ballots sitting with each of `candidates` candidates, in ballot order. */
  piles(candidates: number): number[][] {
    const piles: number[][] = Array.from({ length: candidates }, () => []);
    for (let b = 0; b < this.at.length; b++) {
      const c = this.at[b]!;
      if (c >= 0) piles[c]!.push(b);
    }
    return piles;
  }
}
