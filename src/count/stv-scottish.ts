/**
 * Single transferable vote, Scottish rules (the Scottish Local Government Elections Order 2011, Schedule 1 rules
 * 45–52): the weighted inclusive Gregory method (WIGM) with values to 5 decimal places.
 *
 *  - Quota (Droop): ⌊valid / (seats + 1)⌋ + 1.
 *  - A candidate whose votes reach the quota is elected; surpluses are transferred largest first (ties by the
 *    rulebook's method), one per stage, before any exclusion.
 *  - Surplus of candidate C (votes V, surplus S = V − quota): EVERY ballot credited to C moves to its next continuing
 *    (not elected, not excluded) preference with value ⌊S × value / V⌋ to 5 decimals ("any remainder ignored");
 *    C keeps the quota. What no ballot carries is recorded as exhausted (non-transferable) or lost to rounding.
 *  - Otherwise the candidate with fewest votes is excluded; each ballot moves at its current value.
 *  - When the continuing candidates are no more than the vacancies left, they are all elected.
 */
import { BallotPositions } from './ballots';
import { Rational } from './rational';
import type { CountResult, CountRound } from './table';
import { breakTie } from './ties';
import type { BallotSource, TieBreak } from './types';

export interface StvOptions {
  candidates: readonly string[];
  seats: number;
  tieBreak: TieBreak;
  seed: string;
}

const DECIMALS = 5;

export function countScottishStv(source: BallotSource, opts: StvOptions): CountResult {
  const k = opts.candidates.length;
  if (!Number.isInteger(opts.seats) || opts.seats < 1 || opts.seats > k) throw new RangeError(`seats must be in 1..${k}`);
  const pos = new BallotPositions(source);
  const piles = pos.piles(k);
  const value: Rational[] = new Array(source.size).fill(Rational.ONE);
  const total: Rational[] = piles.map((p) => Rational.of(p.length));
  const state: ('hopeful' | 'elected' | 'excluded')[] = new Array(k).fill('hopeful');
  const quota = Rational.of(BigInt(Math.floor(pos.valid / (opts.seats + 1)) + 1));
  const elected: number[] = [];
  const surplusQueue: number[] = [];
  const history: (Rational | null)[][] = [];
  const rounds: CountRound[] = [];
  let exhausted = Rational.ZERO;
  let lost = Rational.ZERO;
  const hopeful = (c: number) => state[c] === 'hopeful';

  for (let r = 1; ; r++) {
    // Every decision of a stage (quota, elections, surplus or exclusion) uses only what earlier stages read; the
    // reads of this stage's transfer come after them. A source that decrypts in batches stops here (BallotSource).
    source.checkpoint?.();
    const votes = total.map((v, c) => (state[c] === 'excluded' ? null : v));
    history.push(votes);
    const continuing = votes.reduce<Rational>((s, v) => (v ? s.add(v) : s), Rational.ZERO);
    const round: CountRound = { round: r, votes: votes.map((v) => v?.toString() ?? null), continuing: continuing.toString(), exhausted: exhausted.toString(), lost: lost.toString(), actions: [], transfers: [] };
    rounds.push(round);

    // elect everyone at or above the quota, highest first
    const reached = [...total.keys()].filter((c) => hopeful(c) && total[c]!.gte(quota)).sort((a, b) => total[b]!.cmp(total[a]!) || a - b);
    if (reached.length) {
      for (const c of reached) {
        state[c] = 'elected';
        elected.push(c);
        if (total[c]!.gt(quota)) surplusQueue.push(c);
      }
      round.actions.push({ kind: 'elected', candidates: reached });
    }
    const remaining = opts.seats - elected.length;
    const hopefuls = [...state.keys()].filter(hopeful);
    if (remaining === 0) break;
    if (hopefuls.length <= remaining) {
      for (const c of hopefuls) {
        state[c] = 'elected';
        elected.push(c);
      }
      round.actions.push({ kind: 'elected', candidates: hopefuls });
      break;
    }

    if (surplusQueue.length) {
      // largest surplus first
      const largest = surplusQueue.reduce((m, c) => (total[c]!.gt(total[m]!) ? c : m), surplusQueue[0]!);
      const tied = surplusQueue.filter((c) => total[c]!.eq(total[largest]!));
      let from = largest;
      if (tied.length > 1) {
        const tie = breakTie(tied, opts.tieBreak, history.slice(0, -1), false, opts.seed, opts.candidates);
        from = tie.among[0]!;
        round.actions.push({ kind: 'surplus', candidates: [from], tie });
      } else round.actions.push({ kind: 'surplus', candidates: [from] });
      surplusQueue.splice(surplusQueue.indexOf(from), 1);
      const V = total[from]!;
      const S = V.sub(quota);
      const to = new Array<Rational>(k).fill(Rational.ZERO);
      let gone = Rational.ZERO;
      let moved = Rational.ZERO;
      for (const b of piles[from]!) {
        const tv = S.mul(value[b]!).div(V).truncate(DECIMALS);
        const next = pos.advance(b, hopeful);
        moved = moved.add(tv);
        if (next >= 0) {
          value[b] = tv;
          piles[next]!.push(b);
          to[next] = to[next]!.add(tv);
          total[next] = total[next]!.add(tv);
        } else gone = gone.add(tv);
      }
      piles[from] = [];
      total[from] = quota;
      const rounding = S.sub(moved);
      exhausted = exhausted.add(gone);
      lost = lost.add(rounding);
      round.transfers.push({ from, to: to.map(String), exhausted: gone.toString(), lost: rounding.toString(), value: S.div(V).toString() });
      continue;
    }

    // exclude the lowest hopeful
    const min = hopefuls.reduce((m, c) => (total[c]!.lt(total[m]!) ? c : m), hopefuls[0]!);
    const tied = hopefuls.filter((c) => total[c]!.eq(total[min]!));
    let loser = min;
    if (tied.length > 1) {
      const tie = breakTie(tied, opts.tieBreak, history.slice(0, -1), true, opts.seed, opts.candidates);
      loser = tie.among[0]!;
      round.actions.push({ kind: 'excluded', candidates: [loser], tie });
    } else round.actions.push({ kind: 'excluded', candidates: [loser] });
    state[loser] = 'excluded';
    const to = new Array<Rational>(k).fill(Rational.ZERO);
    let gone = Rational.ZERO;
    for (const b of piles[loser]!) {
      const next = pos.advance(b, hopeful);
      if (next >= 0) {
        piles[next]!.push(b);
        to[next] = to[next]!.add(value[b]!);
        total[next] = total[next]!.add(value[b]!);
      } else gone = gone.add(value[b]!);
    }
    piles[loser] = [];
    total[loser] = Rational.ZERO;
    exhausted = exhausted.add(gone);
    round.transfers.push({ from: loser, to: to.map(String), exhausted: gone.toString() });
  }
  return { method: 'stv-scottish', candidates: [...opts.candidates], seats: opts.seats, valid: pos.valid, rejected: source.size - pos.valid, quota: quota.toString(), rounds, elected };
}
