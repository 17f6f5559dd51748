/**
 * What a declared MP round implies under a contest rulebook: who is out (below the threshold, or the lowest),
 * who goes on, and what a tie for the last place does. One pure function, used by the contest engine when the
 * chair declares a round and by the contest verifier on the counts it decrypted itself — so an elimination that
 * does not follow from the verified counts and the rulebook is caught (check C5 of docs/contest.md).
 *
 * The lot (tie policy `lot`) is drawn from a seed nobody names: SHA-256 of the contest, the ballot and the hash of
 * the close record of the board whose count tied (`lotSeed`). The close record is fixed when the board closes,
 * before the trustees decrypt the tally, so whoever learns the tied count can no longer choose the lot
 * (docs/decisions/0605-lot-seed-from-the-board-close.md). Each tied candidate's ticket is SHA-256(seed ‖ round ‖
 * candidate) and the lowest ticket is out (the highest wins the members' ballot), so anyone holding the board
 * redraws the same lot.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8 } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { AppError } from '../domain/errors';
import { passesThreshold, resolveVotes, roundRule } from '../domain/rulebook/contest-presets';
import type { ContestRulebook } from '../domain/rulebook/contest-schema';

export interface RoundCount {
  /** Votes per standing candidate (every standing candidate, no one else). */
  counts: Record<string, number>;
  /** Blank or spoilt ballots. */
  spoilt: number;
  /** MPs entitled to vote in this round. */
  electorate: number;
}

export type EliminationReason = 'below-threshold' | 'lowest' | 'tied-lowest' | 'lot';

export interface RoundOutcome {
  round: number;
  /** Threshold in votes for this round, or null. */
  threshold: { comparison: 'at-least' | 'more-than'; votes: number } | null;
  eliminated: { candidate: string; votes: number; reason: EliminationReason }[];
  /** Candidates who go on, most votes first (ties by id). */
  continuing: string[];
  /** The round must be run again (a tie under the `rerun` policy, or nobody reached the threshold). */
  rerun: boolean;
  /** The lot that broke a tie for the last place (tie policy `lot`), with where its seed came from; absent otherwise. */
  lot?: LotDraw;
  abstentions: number;
  explanation: string;
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** Checks a round's counts against the standing candidates and the electorate (ROUND_RESULT_INVALID otherwise). */
export function checkRoundCount(standing: readonly string[], c: RoundCount): void {
  if (!isCount(c.electorate) || c.electorate < 1) throw new AppError('ROUND_RESULT_INVALID', `the electorate must be a positive integer, got ${String(c.electorate)}`);
  if (!isCount(c.spoilt)) throw new AppError('ROUND_RESULT_INVALID', `spoilt must be a non-negative integer, got ${String(c.spoilt)}`);
  const names = Object.keys(c.counts);
  for (const n of names) if (!standing.includes(n)) throw new AppError('ROUND_RESULT_INVALID', `${n} is not a standing candidate`);
  for (const s of standing) if (!isCount(c.counts[s])) throw new AppError('ROUND_RESULT_INVALID', `no valid count for the standing candidate ${s}`);
  const total = standing.reduce((a, s) => a + c.counts[s]!, 0) + c.spoilt;
  if (total > c.electorate) throw new AppError('ROUND_RESULT_INVALID', `${total} ballots counted but only ${c.electorate} MPs may vote`);
}

/**
 * What a lot was drawn from: the board (`ballot`, e.g. `round-3` or `round-3-rerun-1`) whose count tied, the hash
 * of that board's close record, the seed derived from them, and each tied candidate's ticket.
 */
export interface LotDraw {
  ballot: string;
  close: string;
  seed: string;
  tickets: Record<string, string>;
}

/** The seed of a lot: SHA-256 of the contest, the ballot and the hash of its board's close record. */
export function lotSeed(contestId: string, ballot: string, closeHash: string): string {
  return bytesToHex(sha256(utf8(canonicalJson({ domain: 'confidence/v1/contest-lot-seed', contest: contestId, ballot, close: closeHash }))));
}

/** The lot of a ballot, before anyone knows who tied: the seed and the board it came from (tickets filled in by the draw). */
export function lotSource(contestId: string, ballot: string, closeHash: string): Omit<LotDraw, 'tickets'> {
  return { ballot, close: closeHash, seed: lotSeed(contestId, ballot, closeHash) };
}

const noLot = (who: string, what: string) =>
  new AppError('LOT_NEEDS_BOARD', `${who} tie for ${what}: the rulebook draws lots, and the lot is drawn from the close record of the ballot's verifiable board — declare the count from its board (the trustees' decryption posted there), not by hand`);

/** Ticket of a candidate in a lot: lower is out. */
export function lotTicket(seed: string, round: number, candidate: string): string {
  return bytesToHex(sha256(utf8(canonicalJson({ domain: 'confidence/v1/contest-lot', seed, round, candidate }))));
}

export function evaluateRound(rulebook: ContestRulebook, round: number, standing: readonly string[], c: RoundCount, lot: Omit<LotDraw, 'tickets'> | null = null): RoundOutcome {
  checkRoundCount(standing, c);
  const rule = roundRule(rulebook, round);
  const votes = (s: string) => c.counts[s]!;
  const order = [...standing].sort((a, b) => votes(b) - votes(a) || (a < b ? -1 : 1));
  const abstentions = c.electorate - c.spoilt - standing.reduce((a, s) => a + votes(s), 0);
  const threshold = rule.threshold ? { comparison: rule.threshold.comparison, votes: resolveVotes(rule.threshold.votes, c.electorate) } : null;
  const base = { round, threshold, abstentions };
  const below = order.filter((s) => !passesThreshold(rule, votes(s), c.electorate));
  const above = order.filter((s) => !below.includes(s));
  const thresholdText = threshold ? `${threshold.comparison === 'at-least' ? 'at least' : 'more than'} ${threshold.votes} votes` : '';
  if (above.length === 0) {
    return { ...base, eliminated: [], continuing: order, rerun: true, explanation: `no candidate reached ${thresholdText}: the round is run again` };
  }
  if (below.length > 0 || !rule.eliminateLowest || above.length <= rulebook.rounds.stopAt) {
    const eliminated = below.map((s) => ({ candidate: s, votes: votes(s), reason: 'below-threshold' as const }));
    const explanation = below.length ? `${below.join(', ')} did not reach ${thresholdText} and ${below.length === 1 ? 'is' : 'are'} out` : 'every candidate goes on';
    return { ...base, eliminated, continuing: above, rerun: false, explanation };
  }
  const min = votes(above.at(-1)!);
  const tied = above.filter((s) => votes(s) === min);
  if (tied.length === 1) {
    const s = tied[0]!;
    return { ...base, eliminated: [{ candidate: s, votes: min, reason: 'lowest' }], continuing: above.filter((x) => x !== s), rerun: false, explanation: `${s} has the fewest votes (${min}) and is out` };
  }
  switch (rulebook.rounds.tie) {
    case 'rerun':
      return { ...base, eliminated: [], continuing: above, rerun: true, explanation: `${tied.join(', ')} tie for the last place on ${min}: the round is run again` };
    case 'eliminate-all-tied': {
      const rest = above.filter((s) => !tied.includes(s));
      if (rest.length === 0) return { ...base, eliminated: [], continuing: above, rerun: true, explanation: `every candidate ties on ${min}: the round is run again` };
      return { ...base, eliminated: tied.map((s) => ({ candidate: s, votes: min, reason: 'tied-lowest' as const })), continuing: rest, rerun: false, explanation: `${tied.join(', ')} tie for the last place on ${min} and are all out` };
    }
    case 'lot': {
      if (!lot) throw noLot(tied.join(', '), 'the last place');
      const tickets = Object.fromEntries(tied.map((t) => [t, lotTicket(lot.seed, round, t)]));
      const loser = [...tied].sort((a, b) => (tickets[a]! < tickets[b]! ? -1 : 1))[0]!;
      return { ...base, eliminated: [{ candidate: loser, votes: min, reason: 'lot' }], continuing: above.filter((s) => s !== loser), rerun: false, lot: { ...lot, tickets }, explanation: `${tied.join(', ')} tie on ${min}; ${lotText(lot)} puts ${loser} out` };
    }
  }
}

/** The members' (or a final) ballot: most valid votes wins; a tie follows the rulebook's tie policy. */
export function decideMembers(rulebook: ContestRulebook, finalists: readonly string[], counts: Record<string, number>, lot: Omit<LotDraw, 'tickets'> | null = null): { winner: string | null; explanation: string; lot?: LotDraw } {
  for (const f of finalists) if (!isCount(counts[f])) throw new AppError('ROUND_RESULT_INVALID', `no valid count for the finalist ${f}`);
  for (const n of Object.keys(counts)) if (!finalists.includes(n)) throw new AppError('ROUND_RESULT_INVALID', `${n} is not a finalist`);
  const max = Math.max(...finalists.map((f) => counts[f]!));
  const top = finalists.filter((f) => counts[f] === max);
  if (top.length === 1) return { winner: top[0]!, explanation: `${top[0]} has the most votes (${max})` };
  if (rulebook.rounds.tie === 'lot') {
    if (!lot) throw noLot(top.join(', '), 'the win');
    const tickets = Object.fromEntries(top.map((t) => [t, lotTicket(lot.seed, 0, t)]));
    const w = [...top].sort((a, b) => (tickets[a]! > tickets[b]! ? -1 : 1))[0]!;
    return { winner: w, lot: { ...lot, tickets }, explanation: `${top.join(', ')} tie on ${max}; ${lotText(lot)} elects ${w}` };
  }
  return { winner: null, explanation: `${top.join(', ')} tie on ${max}: the ballot is run again` };
}

const lotText = (lot: Omit<LotDraw, 'tickets'>) => `the lot drawn from the close record of the ${lot.ballot} board (${lot.close.slice(0, 16)}…; seed ${lot.seed.slice(0, 16)}…)`;
