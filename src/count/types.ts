/**
 * What every count reads and produces.
 *
 * A count reads ballots through `BallotSource`, one preference at a time, in ballot order, and asks for rank k+1 of a
 * ballot only when that ballot must move past rank k. With a mixnet behind it, each call decrypts one cell, so
 * preferences the count never needs are never decrypted (prefix decryption, docs/mixnet-spec.md §5); a verifier
 * answers the same calls from the published decryptions, and a call it cannot answer is a failed check (M11).
 */
export interface BallotSource {
  /** Number of ballots (rows). */
  readonly size: number;
  /** Rank cap (row width). */
  readonly width: number;
  /** The candidate ranked at `rank` (0-based) on ballot `ballot`, or null if the ballot ends there. */
  preference(ballot: number, rank: number): number | null;
  /**
   * Optional: called by a count before each decision that depends on the preferences read so far (IRV: at the start
   * of every round; Scottish and ERS97 STV: at the start of every stage). A source that decrypts on demand in batches (src/mixnet/board.ts) collects the cells it lacks
   * until here, then stops the count, so one batch holds every cell the next decision needs and nothing more.
   */
  checkpoint?(): void;
}

/** Ties between candidates are broken by the method the rulebook names. */
export type TieBreak =
  /** The candidate with fewer votes at the most recent earlier round where the tied candidates differed; then lot. */
  | 'backwards'
  /** The same, at the earliest round where they differed; then lot. */
  | 'forwards'
  /** By lot: a public, reproducible draw seeded by the election hash. */
  | 'lot';

/** In-memory ballots (tests, reference data): rankings of candidate indices. */
export class RankingsSource implements BallotSource {
  readonly width: number;
  constructor(private readonly rankings: readonly (readonly number[])[], width?: number) {
    this.width = width ?? Math.max(1, ...rankings.map((r) => r.length));
  }
  get size(): number {
    return this.rankings.length;
  }
  preference(ballot: number, rank: number): number | null {
    const r = this.rankings[ballot]!;
    if (rank >= r.length || rank >= this.width) return null;
    const c = r[rank]!;
    for (let k = 0; k < rank; k++) if (r[k] === c) return null;
    return c;
  }
}
