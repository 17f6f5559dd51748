/**
 * Single transferable vote, ERS97 rules (Electoral Reform Society, "How to conduct an election by the Single
 * Transferable Vote", 3rd edition 1997, sections 5 and 6): the Gregory method on the last parcel, values to two
 * decimal places, deferred surpluses and exclusion in batches. Paragraph numbers below are the rules' own.
 *
 *  - Quota (5.1.6): valid / (seats + 1) to two decimals; if not exact, the remainder is ignored and 0.01 added.
 *    While nobody has been deemed elected, it is recalculated the same way without the non-transferable vote (5.4.8).
 *  - Deemed elected (5.1.7, 5.3.13, 5.4.9), highest vote first, up to the places left: a vote at or above the quota,
 *    or at or above the total active vote ÷ (places not yet filled + 1). Ties for the last places go to the one
 *    ahead at the earliest point where they differed; equal throughout, none of them is elected at that stage (5.6.2).
 *  - Surpluses (5.2.2–5.2.3): the largest goes first (ties: the one ahead at the earliest point, then lot), unless all
 *    surpluses together do not exceed the gap between the two lowest candidates, or between the lowest group that
 *    could be excluded together and the candidate next above: then they are deferred and candidates are excluded.
 *  - A surplus (5.3) moves the papers of the first stage when it arose there, otherwise only the last parcel
 *    received. If their total value exceeds the surplus, each moves at surplus ÷ transferable papers, truncated
 *    to two decimals (the remainder is the non-transferable difference, 6.11); otherwise at its present value.
 *  - Exclusion (5.2.5, 5.4): as many of the lowest candidates together as possible while enough remain for the
 *    places and their votes plus the deferred surpluses do not exceed the candidate next above (ties for lowest:
 *    fewest at the earliest point where they differed, then lot). Their papers move in batches of equal value,
 *    highest first, each batch a sub-stage after which candidates may be deemed elected and then receive no more.
 *  - The count ends when every place is filled (5.5.2) or an exclusion would leave as many continuing candidates as
 *    places, who are then all deemed elected (5.5.1).
 *
 * Every stage and sub-stage is a round of the table; votes are exact decimals with at most two places.
 * Ties are settled the rules' way (forwards, then a public lot), whatever the rulebook's general tie-break says.
 */
import { BallotPositions } from './ballots';
import { Rational } from './rational';
import type { StvOptions } from './stv-scottish';
import type { CountAction, CountResult, CountRound } from './table';
import { breakTie } from './ties';
import type { BallotSource } from './types';

const DECIMALS = 2;
const CENT = Rational.of(1n, 100n);

/** Papers credited to a candidate in one transfer, all of one value. */
interface Parcel {
  ballots: number[];
  value: Rational;
}

/** 5.1.6: total ÷ (seats + 1) to two decimals; exact, or truncated plus 0.01. */
export function ers97Quota(total: Rational, seats: number): Rational {
  const exact = total.div(Rational.of(BigInt(seats + 1)));
  const cut = exact.truncate(DECIMALS);
  return cut.eq(exact) ? cut : cut.add(CENT);
}

export function countErs97(source: BallotSource, opts: StvOptions): CountResult {
  const k = opts.candidates.length;
  if (!Number.isInteger(opts.seats) || opts.seats < 1 || opts.seats > k) throw new RangeError(`seats must be in 1..${k}`);
  const pos = new BallotPositions(source);
  const parcels: Parcel[][] = pos.piles(k).map((ballots) => [{ ballots, value: Rational.ONE }]);
  const total: Rational[] = parcels.map((p) => Rational.of(p[0]!.ballots.length));
  const state: ('hopeful' | 'elected' | 'excluded')[] = new Array(k).fill('hopeful');
  /** Round at which each candidate was deemed elected (1 = first stage: the whole pile is examined). */
  const electedAt: number[] = new Array(k).fill(0);
  const surplusDone: boolean[] = new Array(k).fill(false);
  const valid = Rational.of(pos.valid);
  let quota = ers97Quota(valid, opts.seats);
  const elected: number[] = [];
  const history: (Rational | null)[][] = [];
  const rounds: CountRound[] = [];
  let exhausted = Rational.ZERO;
  let lost = Rational.ZERO;
  /** Batches of excluded candidates' papers still to transfer (highest value first) and their total value. */
  let pending: Parcel[] = [];
  let pendingFrom: number[] = [];
  let pendingValue = Rational.ZERO;
  const hopeful = (c: number) => state[c] === 'hopeful';
  const hopefuls = () => [...state.keys()].filter(hopeful);
  const nonTransferable = () => exhausted.add(lost);
  const surplusOf = (c: number) => (state[c] === 'elected' && !surplusDone[c] && total[c]!.gt(quota) ? total[c]!.sub(quota) : Rational.ZERO);
  const tie = (among: number[], lowest: boolean) => breakTie(among, 'forwards', history, lowest, opts.seed, opts.candidates);

  /** 6.20 / 5.6.1: votes of continuing candidates plus votes awaiting transfer. */
  const totalActive = () => elected.reduce((a, c) => a.sub(total[c]!.lt(quota) ? total[c]! : quota), valid.sub(nonTransferable()));

  /** 5.1.7 / 5.3.13 / 5.4.9 with 5.6.2, repeated while a lower threshold elects more. */
  function deemElected(round: CountRound, r: number): void {
    for (;;) {
      const places = opts.seats - elected.length;
      if (places === 0) return;
      const share = totalActive().div(Rational.of(BigInt(places + 1)));
      const over = hopefuls()
        .filter((c) => total[c]!.gt(Rational.ZERO) && (total[c]!.gte(quota) || total[c]!.gte(share)))
        .sort((a, b) => total[b]!.cmp(total[a]!) || a - b);
      if (!over.length) return;
      let chosen = over;
      let record: CountAction['tie'];
      if (over.length > places) {
        const edge = total[over[places - 1]!]!;
        chosen = over.filter((c) => total[c]!.gt(edge));
        let pool = over.filter((c) => total[c]!.eq(edge));
        while (chosen.length < places) {
          const t = tie(pool, false);
          record = t;
          if (t.settledBy === 'lot') break; // equal at every point: none of them at this stage
          chosen.push(t.among[0]!);
          pool = pool.filter((c) => c !== t.among[0]);
        }
        if (!chosen.length) return;
      }
      for (const c of chosen) {
        state[c] = 'elected';
        electedAt[c] = r;
        elected.push(c);
      }
      round.actions.push(record ? { kind: 'elected', candidates: chosen, tie: record } : { kind: 'elected', candidates: chosen });
    }
  }

  /** The largest group of lowest candidates 5.2.5 allows to exclude together, given the deferred surpluses. */
  function exclusionGroup(deferred: Rational): { group: number[]; tie?: CountAction['tie'] } {
    const places = opts.seats - elected.length;
    const h = hopefuls().sort((a, b) => total[a]!.cmp(total[b]!) || a - b);
    for (let m = h.length - places; m >= 2; m--) {
      if (total[h[m - 1]!]!.eq(total[h[m]!]!)) continue; // never split a tie at the group's edge
      const sum = h.slice(0, m).reduce((s, c) => s.add(total[c]!), deferred);
      if (!sum.gt(total[h[m]!]!)) return { group: h.slice(0, m) };
    }
    const lowest = h.filter((c) => total[c]!.eq(total[h[0]!]!));
    if (lowest.length === 1) return { group: [h[0]!] };
    const t = tie(lowest, true);
    return { group: [t.among[0]!], tie: t };
  }

  /** 5.2.2: surpluses are deferred when together they cannot change who is excluded. */
  function deferrable(surplus: Rational): boolean {
    const places = opts.seats - elected.length;
    const h = hopefuls().sort((a, b) => total[a]!.cmp(total[b]!) || a - b);
    if (h.length < 2) return false;
    if (!surplus.gt(total[h[1]!]!.sub(total[h[0]!]!))) return true;
    let sum = total[h[0]!]!;
    for (let m = 2; m <= h.length - places && m < h.length; m++) {
      sum = sum.add(total[h[m - 1]!]!);
      if (!surplus.gt(total[h[m]!]!.sub(sum))) return true;
    }
    return false;
  }

  /** Sorts papers to their next available preferences for continuing candidates (5.3.3, 5.4.2). */
  function route(ballots: readonly number[]): { received: Map<number, number[]>; transferable: number; gone: number } {
    const received = new Map<number, number[]>();
    let transferable = 0;
    for (const b of ballots) {
      const next = pos.advance(b, hopeful);
      if (next < 0) continue;
      transferable++;
      const list = received.get(next) ?? [];
      list.push(b);
      received.set(next, list);
    }
    return { received, transferable, gone: ballots.length - transferable };
  }

  /** Credits routed papers at `value` each, as one new parcel per recipient; returns what each received. */
  function credit(received: Map<number, number[]>, value: Rational): Rational[] {
    const to = new Array<Rational>(k).fill(Rational.ZERO);
    for (const [c, list] of received) {
      parcels[c]!.push({ ballots: list, value });
      const v = value.mul(Rational.of(list.length));
      to[c] = v;
      total[c] = total[c]!.add(v);
    }
    return to;
  }

  /** One batch of an exclusion (a stage or sub-stage, 5.4.2–5.4.11). */
  function transferBatch(round: CountRound): void {
    const batch = pending.shift()!;
    const { received, gone } = route(batch.ballots);
    const to = credit(received, batch.value);
    const goneValue = batch.value.mul(Rational.of(gone));
    exhausted = exhausted.add(goneValue);
    pendingValue = pendingValue.sub(batch.value.mul(Rational.of(batch.ballots.length)));
    round.transfers.push({ from: pendingFrom[0]!, ...(pendingFrom.length > 1 ? { group: [...pendingFrom] } : {}), to: to.map(String), exhausted: goneValue.toString(), value: batch.value.toString() });
  }

  for (let r = 1; ; r++) {
    // Every decision of a stage (quota, elections, surplus or exclusion) uses only what earlier stages read; the
    // reads of this stage's transfer come after them. A source that decrypts in batches stops here (BallotSource).
    source.checkpoint?.();
    if (!elected.length && nonTransferable().gt(Rational.ZERO)) quota = ers97Quota(valid.sub(nonTransferable()), opts.seats);
    const votes = total.map((v, c) => (state[c] === 'excluded' ? null : v));
    history.push(votes);
    const continuing = votes.reduce<Rational>((s, v) => (v ? s.add(v) : s), pendingValue);
    const round: CountRound = { round: r, votes: votes.map((v) => v?.toString() ?? null), continuing: continuing.toString(), exhausted: exhausted.toString(), lost: lost.toString(), actions: [], transfers: [] };
    rounds.push(round);

    deemElected(round, r);
    if (elected.length === opts.seats) break;

    // an exclusion in progress: its next batch is this sub-stage (5.4.11)
    if (pending.length) {
      transferBatch(round);
      continue;
    }

    const withSurplus = [...state.keys()].filter((c) => surplusOf(c).gt(Rational.ZERO));
    const surplusTotal = withSurplus.reduce((s, c) => s.add(surplusOf(c)), Rational.ZERO);
    const places = opts.seats - elected.length;
    const h = hopefuls();
    if (h.length <= places) {
      // 5.5.1 reached without an exclusion (e.g. after surpluses): the continuing candidates fill the places
      for (const c of h) {
        state[c] = 'elected';
        electedAt[c] = r;
        elected.push(c);
      }
      if (h.length) round.actions.push({ kind: 'elected', candidates: h });
      break;
    }

    if (withSurplus.length && !deferrable(surplusTotal)) {
      // 5.2.3: the largest surplus; ties by the earliest point where the candidates differed, then lot
      const largest = withSurplus.reduce((m, c) => (surplusOf(c).gt(surplusOf(m)) ? c : m), withSurplus[0]!);
      const tied = withSurplus.filter((c) => surplusOf(c).eq(surplusOf(largest)));
      let from = largest;
      if (tied.length > 1) {
        const t = tie(tied, false);
        from = t.among[0]!;
        round.actions.push({ kind: 'surplus', candidates: [from], tie: t });
      } else round.actions.push({ kind: 'surplus', candidates: [from] });
      const S = surplusOf(from);
      const selected = electedAt[from] === 1 ? parcels[from]! : parcels[from]!.slice(-1);
      const papers = selected.flatMap((p) => p.ballots);
      const present = selected[selected.length - 1]?.value ?? Rational.ONE; // one value: first stage (1) or one parcel
      const { received, transferable } = route(papers);
      const carried = present.mul(Rational.of(transferable));
      const scaled = carried.gt(S);
      const tv = scaled ? S.div(Rational.of(transferable)).truncate(DECIMALS) : present;
      const to = credit(received, tv);
      const difference = S.sub(tv.mul(Rational.of(transferable)));
      if (scaled) lost = lost.add(difference);
      else exhausted = exhausted.add(difference);
      total[from] = quota;
      surplusDone[from] = true;
      parcels[from] = [];
      round.transfers.push({ from, to: to.map(String), exhausted: scaled ? '0' : difference.toString(), lost: scaled ? difference.toString() : '0', value: tv.toString() });
      continue;
    }

    // 5.2.5: exclude the lowest, as many together as the rules allow
    const { group, tie: t } = exclusionGroup(surplusTotal);
    round.actions.push(t ? { kind: 'excluded', candidates: group, tie: t } : { kind: 'excluded', candidates: group });
    for (const c of group) state[c] = 'excluded';
    if (hopefuls().length === places) {
      const rest = hopefuls();
      for (const c of rest) {
        state[c] = 'elected';
        electedAt[c] = r;
        elected.push(c);
      }
      round.actions.push({ kind: 'elected', candidates: rest });
      break;
    }
    // batches of equal value, highest first (5.4.1); the first is transferred in this stage
    const byValue = new Map<string, Parcel>();
    for (const c of group) {
      for (const p of parcels[c]!) {
        const key = p.value.toString();
        const into = byValue.get(key) ?? { ballots: [], value: p.value };
        into.ballots.push(...p.ballots);
        byValue.set(key, into);
      }
      pendingValue = pendingValue.add(total[c]!);
      parcels[c] = [];
      total[c] = Rational.ZERO;
    }
    pending = [...byValue.values()].sort((a, b) => b.value.cmp(a.value)).map((p) => ({ ballots: p.ballots.sort((x, y) => x - y), value: p.value }));
    pendingFrom = group;
    if (pending.length) transferBatch(round); // the first batch is this stage; the rest are sub-stages
  }
  return { method: 'stv-ers97', candidates: [...opts.candidates], seats: opts.seats, valid: pos.valid, rejected: source.size - pos.valid, quota: quota.toString(), rounds, elected };
}
