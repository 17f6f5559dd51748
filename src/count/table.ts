/**
 * The round-by-round table every count produces and every verifier recomputes. All numbers are exact rationals
 * written as text (src/count/rational.ts `toString`), so a table compares byte for byte.
 */
import type { TieBreak } from './types';

export type CountMethod = 'irv' | 'stv-scottish' | 'stv-ers97' | 'stv-meek';

export interface TieRecord {
  method: TieBreak;
  /** The tied candidates; the first is the one chosen (to exclude, or to take a surplus first). */
  among: number[];
  /** How it was settled: a round number (backwards/forwards) or 'lot'. */
  settledBy: number | 'lot';
}

export interface CountAction {
  kind: 'elected' | 'excluded' | 'surplus';
  candidates: number[];
  tie?: TieRecord;
}

export interface Transfer {
  from: number;
  /** All the candidates excluded together, when more than one (ERS97 5.2.5). */
  group?: number[];
  /** Votes received by each candidate (in candidate order; "0" for none). */
  to: string[];
  /** Votes that could go to no continuing candidate (exhausted / non-transferable). */
  exhausted: string;
  /** Lost to rounding (STV with truncation), if any. */
  lost?: string;
  /** The transfer value applied (surplus transfers), if any. */
  value?: string;
}

export interface CountRound {
  round: number;
  /** Votes of every candidate at the start of the round; null once excluded. */
  votes: (string | null)[];
  /** Σ votes of the candidates still in the count (IRV: the "continuing ballots" denominator). */
  continuing: string;
  /** Cumulative exhausted (non-transferable) votes. */
  exhausted: string;
  /** Cumulative votes lost to rounding (STV with truncation). */
  lost: string;
  actions: CountAction[];
  transfers: Transfer[];
  /** Meek: every candidate's keep value after this round's iteration converged. */
  keepValues?: string[];
  /** Meek: iterations needed. */
  iterations?: number;
}

export interface CountResult {
  method: CountMethod;
  candidates: string[];
  seats: number;
  /** Ballots with a readable first preference (the first denominator). */
  valid: number;
  /** Ballots without one. */
  rejected: number;
  quota: string | null;
  rounds: CountRound[];
  elected: number[];
}
