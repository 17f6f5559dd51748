/**
 * Instant-runoff (alternative vote) with the "majority of continuing ballots" rule, as the Labour, SNP and
 * Conservative-style leadership rulebooks word it: count first preferences; if a candidate has more than half of the
 * votes of the candidates still in the count (exhausted ballots excluded from the denominator), they are elected;
 * otherwise the candidate with fewest votes is excluded (ties by the rulebook's method) and each of their ballots
 * moves to its next preference among the continuing candidates, or is exhausted. Integer arithmetic suffices, but
 * the table is written with the same exact types as STV.
 */
import { BallotPositions } from './ballots';
import { Rational } from './rational';
import type { CountResult, CountRound } from './table';
import { breakTie } from './ties';
import type { BallotSource, TieBreak } from './types';

export interface IrvOptions {
  candidates: readonly string[];
  tieBreak: TieBreak;
  /** Public seed of the lot (the election hash). */
  seed: string;
}

export function countIrv(source: BallotSource, opts: IrvOptions): CountResult {
  const k = opts.candidates.length;
  if (k < 1) throw new RangeError('a count needs at least one candidate');
  const pos = new BallotPositions(source);
  const piles = pos.piles(k);
  const out = new Array<boolean>(k).fill(false);
  const history: (Rational | null)[][] = [];
  const rounds: CountRound[] = [];
  let exhausted = 0;
  const elected: number[] = [];
  for (let r = 1; ; r++) {
    source.checkpoint?.();
    const votes = piles.map((p, c) => (out[c] ? null : Rational.of(p.length)));
    const inCount = [...votes.keys()].filter((c) => !out[c]);
    const continuing = inCount.reduce((s, c) => s + piles[c]!.length, 0);
    history.push(votes);
    const round: CountRound = {
      round: r,
      votes: votes.map((v) => (v === null ? null : v.toString())),
      continuing: String(continuing),
      exhausted: String(exhausted),
      lost: '0',
      actions: [],
      transfers: [],
    };
    rounds.push(round);
    let leader = inCount[0]!;
    for (const c of inCount) if (piles[c]!.length > piles[leader]!.length) leader = c;
    if (2 * piles[leader]!.length > continuing || inCount.length === 1) {
      round.actions.push({ kind: 'elected', candidates: [leader] });
      elected.push(leader);
      break;
    }
    if (continuing === 0) break;
    const fewest = Math.min(...inCount.map((c) => piles[c]!.length));
    const tied = inCount.filter((c) => piles[c]!.length === fewest);
    let loser = tied[0]!;
    if (tied.length > 1) {
      const tie = breakTie(tied, opts.tieBreak, history.slice(0, -1), true, opts.seed, opts.candidates);
      loser = tie.among[0]!;
      round.actions.push({ kind: 'excluded', candidates: [loser], tie });
    } else {
      round.actions.push({ kind: 'excluded', candidates: [loser] });
    }
    out[loser] = true;
    const to = new Array<number>(k).fill(0);
    let gone = 0;
    for (const b of piles[loser]!) {
      const next = pos.advance(b, (c) => !out[c]);
      if (next >= 0) {
        piles[next]!.push(b);
        to[next]!++;
      } else gone++;
    }
    piles[loser] = [];
    exhausted += gone;
    round.transfers.push({ from: loser, to: to.map(String), exhausted: String(gone) });
  }
  return { method: 'irv', candidates: [...opts.candidates], seats: 1, valid: pos.valid, rejected: source.size - pos.valid, quota: null, rounds, elected };
}
