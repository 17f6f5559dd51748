/**
 * Meek STV (Hill, Wichmann & Woodall, "Algorithm 123 — Single Transferable Vote by Meek's method", Computer Journal
 * 30(3), 1987), with the arithmetic of the New Zealand Meek rules: values to 9 decimal places, a candidate's share of
 * a ballot truncated, keep values rounded up.
 *
 * Every candidate has a keep value k_c (hopeful 1, excluded 0, elected < 1). Each ballot's weight w = 1 flows down its
 * preferences: candidate c keeps ⌊w·k_c⌋₉ and passes the rest on; what is left after the last preference is
 * exhausted, which lowers the quota: q = ⌊Σ votes / (seats + 1)⌋₉ + 10⁻⁹. Elected candidates' keep values are
 * iterated k_c ← ⌈k_c·q / v_c⌉₉ until the total surplus is below 10⁻⁵ (or stops falling); then, if nobody new has
 * reached the quota, the hopeful with fewest votes is excluded (ties by the rulebook's method).
 *
 * Prefix property: a ballot is read only as far as its weight reaches, so with a mixnet behind the source, the
 * preferences after a hopeful (keep value 1) candidate are never decrypted.
 */
import { BallotPositions } from './ballots';
import { Rational } from './rational';
import type { CountResult, CountRound } from './table';
import { breakTie } from './ties';
import type { BallotSource, TieBreak } from './types';

export interface MeekOptions {
  candidates: readonly string[];
  seats: number;
  tieBreak: TieBreak;
  seed: string;
}

const D = 9;
const EPSILON = Rational.of(1, 10n ** 9n);
const TOLERANCE = Rational.of(1, 100000);
const MAX_ITERATIONS = 1000;

export function countMeek(source: BallotSource, opts: MeekOptions): CountResult {
  const k = opts.candidates.length;
  if (!Number.isInteger(opts.seats) || opts.seats < 1 || opts.seats > k) throw new RangeError(`seats must be in 1..${k}`);
  const pos = new BallotPositions(source); // reads first preferences; counts rejected ballots
  const keep: Rational[] = new Array(k).fill(Rational.ONE);
  const state: ('hopeful' | 'elected' | 'excluded')[] = new Array(k).fill('hopeful');
  const elected: number[] = [];
  const rounds: CountRound[] = [];
  const history: (Rational | null)[][] = [];
  let lastQuota = '';
  const ballots = [...pos.at.keys()].filter((b) => pos.at[b]! >= 0);

  const distribute = () => {
    const votes: Rational[] = new Array(k).fill(Rational.ZERO);
    let exhausted = Rational.ZERO;
    for (const b of ballots) {
      let w = Rational.ONE;
      for (let r = 0; r < source.width && !w.isZero(); r++) {
        const c = source.preference(b, r);
        if (c === null) break;
        if (keep[c]!.isZero()) continue;
        const give = w.mul(keep[c]!).truncate(D);
        votes[c] = votes[c]!.add(give);
        w = w.sub(give);
      }
      exhausted = exhausted.add(w);
    }
    const total = votes.reduce((s, v) => s.add(v), Rational.ZERO);
    const quota = total.div(Rational.of(opts.seats + 1)).truncate(D).add(EPSILON);
    return { votes, exhausted, quota };
  };

  for (let round = 1; ; round++) {
    let iterations = 0;
    let d = distribute();
    const newlyElected: number[] = [];
    let lastSurplus: Rational | null = null;
    for (;;) {
      iterations++;
      for (let c = 0; c < k; c++) {
        if (state[c] === 'hopeful' && d.votes[c]!.gte(d.quota)) {
          state[c] = 'elected';
          elected.push(c);
          newlyElected.push(c);
        }
      }
      let surplus = Rational.ZERO;
      for (let c = 0; c < k; c++) if (state[c] === 'elected' && d.votes[c]!.gt(d.quota)) surplus = surplus.add(d.votes[c]!.sub(d.quota));
      if (elected.length >= opts.seats || surplus.lt(TOLERANCE) || (lastSurplus && !surplus.lt(lastSurplus)) || iterations >= MAX_ITERATIONS) break;
      lastSurplus = surplus;
      for (let c = 0; c < k; c++) if (state[c] === 'elected') keep[c] = keep[c]!.mul(d.quota).div(d.votes[c]!).ceil(D);
      d = distribute();
    }
    const votes = d.votes.map((v, c) => (state[c] === 'excluded' ? null : v));
    history.push(votes);
    lastQuota = d.quota.toString();
    const continuing = votes.reduce<Rational>((s, v) => (v ? s.add(v) : s), Rational.ZERO);
    const rec: CountRound = {
      round,
      votes: votes.map((v) => v?.toString() ?? null),
      continuing: continuing.toString(),
      exhausted: d.exhausted.toString(),
      lost: '0',
      actions: newlyElected.length ? [{ kind: 'elected', candidates: newlyElected }] : [],
      transfers: [],
      keepValues: keep.map(String),
      iterations,
    };
    rounds.push(rec);
    if (elected.length >= opts.seats) break;
    const hopefuls = [...state.keys()].filter((c) => state[c] === 'hopeful');
    if (hopefuls.length <= opts.seats - elected.length) {
      for (const c of hopefuls) {
        state[c] = 'elected';
        elected.push(c);
      }
      rec.actions.push({ kind: 'elected', candidates: hopefuls });
      break;
    }
    if (newlyElected.length) continue;
    const min = hopefuls.reduce((m, c) => (d.votes[c]!.lt(d.votes[m]!) ? c : m), hopefuls[0]!);
    const tied = hopefuls.filter((c) => d.votes[c]!.eq(d.votes[min]!));
    let loser = min;
    if (tied.length > 1) {
      const tie = breakTie(tied, opts.tieBreak, history.slice(0, -1), true, opts.seed, opts.candidates);
      loser = tie.among[0]!;
      rec.actions.push({ kind: 'excluded', candidates: [loser], tie });
    } else rec.actions.push({ kind: 'excluded', candidates: [loser] });
    state[loser] = 'excluded';
    keep[loser] = Rational.ZERO;
  }
  return {
    method: 'stv-meek',
    candidates: [...opts.candidates],
    seats: opts.seats,
    valid: pos.valid,
    rejected: source.size - pos.valid,
    quota: lastQuota,
    rounds,
    elected,
  };
}
