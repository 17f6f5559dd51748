import { addMonths, ukDayOf } from '../dates';
import { AppError } from '../errors';
import type { Roster } from '../roster/types';
import { electorateOn } from '../rulebook/denominator';
import { decideBallot } from '../rulebook/outcome';
import type { Rulebook } from '../rulebook/schema';
import { thresholdFor, thresholdReached } from '../rulebook/threshold';
import type { ProcedureEvent } from './events';

export type ProcedureState =
  | 'collecting'
  | 'threshold_reached'
  | 'ballot_scheduled'
  | 'ballot_open'
  | 'ballot_closed'
  | 'immune'
  | 'contest_required';

export const STATE_LABELS: Record<ProcedureState, string> = {
  collecting: 'Collecting letters — threshold not reached',
  threshold_reached: 'Threshold reached — a confidence vote must be scheduled',
  ballot_scheduled: 'Confidence vote scheduled',
  ballot_open: 'Confidence vote open',
  ballot_closed: 'Confidence vote closed — awaiting the result',
  immune: 'Leader immune from a new confidence vote',
  contest_required: 'Leader lost the confidence vote — a leadership contest is required',
};

/** A letter on file as the chair sees it on the evaluation day. */
export type LetterView = Omit<LetterRecord, 'cycle'> & {
  /** Counts towards the threshold on the evaluation day. */
  inForce: boolean;
  /** Why a letter on file does not count, if it does not. */
  notCountingBecause: 'withdrawn' | 'not-yet-effective' | 'writer-not-eligible' | 'spent-by-ballot' | null;
};

export interface TimelineEntry {
  on: string;
  kind: ProcedureEvent['type'] | 'letter_effective' | 'roster_changed';
  description: string;
  memberId: string | null;
  count: number;
  denominator: number;
  threshold: number;
}

export interface ProcedureStatus {
  asOf: string;
  state: ProcedureState;
  leaderName: string;
  denominator: number;
  threshold: number;
  /** Letters in force: confidential (chair and officers only). */
  count: number;
  letters: LetterView[];
  /** The day the current run of count ≥ threshold began, if it is reached now. */
  thresholdReachedOn: string | null;
  immuneUntil: string | null;
  ballot: { opensAt: string; closesAt: string } | null;
  outcome: { result: 'survived' | 'lost'; yes: number; no: number; spoilt: number; electorate: number; explanation: string } | null;
  /** The day the current vote was (last) scheduled: a reschedule is bounded from it. */
  ballotScheduledOn: string | null;
  /** Empty when the fold was restored from a stored snapshot, which keeps no history (the chair's view replays). */
  timeline: TimelineEntry[];
}

export interface ProcedureContext {
  rulebook: Rulebook;
  roster: Roster;
}

export type Phase = 'collecting' | 'ballot_scheduled' | 'ballot_open' | 'ballot_closed' | 'decided_survived' | 'decided_lost';

export interface LetterRecord {
  memberId: string;
  status: 'submitted' | 'withdrawn';
  effectiveFrom: string;
  submittedOn: string;
  withdrawnOn: string | null;
  recordedBy: 'member' | 'chair';
  simulated: boolean;
  /** Ballot cycle the letter belongs to; letters of an earlier cycle are spent if the rulebook says so. */
  cycle: number;
}

interface Fold {
  leaderName: string;
  phase: Phase;
  cycle: number;
  letters: Map<string, LetterRecord>;
  immuneUntil: string | null;
  ballot: { opensAt: string; closesAt: string } | null;
  ballotScheduledOn: string | null;
  outcome: ProcedureStatus['outcome'];
}

function emptyFold(): Fold {
  return { leaderName: '', phase: 'collecting', cycle: 0, letters: new Map(), immuneUntil: null, ballot: null, ballotScheduledOn: null, outcome: null };
}

function applyEvent(f: Fold, e: ProcedureEvent, ctx: ProcedureContext): void {
  const r = ctx.rulebook;
  switch (e.type) {
    case 'procedure_opened':
      f.leaderName = e.leaderName;
      if (e.leaderTookOfficeOn && r.immunity.afterTakingOfficeMonths > 0) {
        f.immuneUntil = addMonths(e.leaderTookOfficeOn, r.immunity.afterTakingOfficeMonths);
      }
      break;
    case 'letter_submitted':
      f.letters.set(e.memberId, {
        memberId: e.memberId,
        status: 'submitted',
        effectiveFrom: e.effectiveFrom,
        submittedOn: e.on,
        withdrawnOn: null,
        recordedBy: e.recordedBy,
        simulated: e.simulated,
        cycle: f.cycle,
      });
      break;
    case 'letter_withdrawn': {
      const l = f.letters.get(e.memberId);
      if (l) {
        l.status = 'withdrawn';
        l.withdrawnOn = e.on;
      }
      break;
    }
    case 'ballot_scheduled': {
      const rescheduled = f.phase === 'ballot_scheduled';
      f.phase = 'ballot_scheduled';
      f.ballot = { opensAt: e.opensAt, closesAt: e.closesAt };
      f.ballotScheduledOn = e.on;
      f.outcome = null;
      // The letters that triggered this ballot are used up; new letters start a new cycle (once, not per reschedule).
      if (r.immunity.lettersSpentByBallot && !rescheduled) f.cycle += 1;
      break;
    }
    case 'ballot_opened':
      f.phase = 'ballot_open';
      break;
    case 'ballot_closed':
      f.phase = 'ballot_closed';
      break;
    case 'result_declared': {
      const d = decideBallot(r, { yes: e.yes, no: e.no, spoilt: e.spoilt, electorate: e.electorate });
      f.outcome = { result: d.result, yes: e.yes, no: e.no, spoilt: e.spoilt, electorate: e.electorate, explanation: d.explanation };
      if (d.result === 'survived') {
        f.phase = 'decided_survived';
        // Immunity runs from the day of the vote, not the day the result was recorded.
        const voteDay = f.ballot ? ukDayOf(f.ballot.opensAt) : e.on;
        const until = r.immunity.afterWonVoteMonths > 0 ? addMonths(voteDay, r.immunity.afterWonVoteMonths) : null;
        if (until && (!f.immuneUntil || until > f.immuneUntil)) f.immuneUntil = until;
      } else {
        f.phase = 'decided_lost';
      }
      break;
    }
  }
}

/** The electorate as a set, kept per memoised electorate array (so per roster and day). */
const eligibleSets = new WeakMap<readonly string[], Set<string>>();
function eligibleOn(ctx: ProcedureContext, day: string): Set<string> {
  const list = electorateOn(ctx.rulebook, ctx.roster, day);
  let set = eligibleSets.get(list);
  if (!set) eligibleSets.set(list, (set = new Set(list)));
  return set;
}

function notCounting(f: Fold, l: LetterRecord, eligible: Set<string>, day: string): LetterView['notCountingBecause'] {
  return l.status === 'withdrawn'
    ? 'withdrawn'
    : l.cycle < f.cycle
      ? 'spent-by-ballot'
      : l.effectiveFrom > day
        ? 'not-yet-effective'
        : !eligible.has(l.memberId)
          ? 'writer-not-eligible'
          : null;
}

function letterViews(f: Fold, ctx: ProcedureContext, day: string, only?: string | null): LetterView[] {
  const eligible = eligibleOn(ctx, day);
  const one = only === undefined ? null : only === null ? [] : [f.letters.get(only)].filter((l) => l !== undefined);
  return (one ?? [...f.letters.values()]).map((l) => {
    const notCountingBecause = notCounting(f, l, eligible, day);
    const { cycle: _cycle, ...onFile } = l;
    return { ...onFile, inForce: notCountingBecause === null, notCountingBecause };
  });
}

/** The count alone, without building the views (called once per event). */
function countInForce(f: Fold, ctx: ProcedureContext, day: string): number {
  const eligible = eligibleOn(ctx, day);
  let n = 0;
  for (const l of f.letters.values()) if (notCounting(f, l, eligible, day) === null) n++;
  return n;
}

function stateOf(f: Fold, day: string, count: number, threshold: number): ProcedureState {
  switch (f.phase) {
    case 'ballot_scheduled':
      return 'ballot_scheduled';
    case 'ballot_open':
      return 'ballot_open';
    case 'ballot_closed':
      return 'ballot_closed';
    case 'decided_lost':
      return 'contest_required';
    case 'decided_survived':
    case 'collecting':
      // During immunity letters are received and kept, but nothing triggers.
      if (f.immuneUntil && day < f.immuneUntil) return 'immune';
      return thresholdReached(count, threshold) ? 'threshold_reached' : 'collecting';
  }
}

const describe: Record<TimelineEntry['kind'], (memberId: string | null) => string> = {
  procedure_opened: () => 'Procedure opened',
  letter_submitted: () => 'Letter received',
  letter_withdrawn: () => 'Letter withdrawn',
  letter_effective: () => 'Post-dated letter takes effect',
  roster_changed: () => 'Roster change: the electorate moved',
  ballot_scheduled: () => 'Confidence vote scheduled',
  ballot_opened: () => 'Confidence vote opened',
  ballot_closed: () => 'Confidence vote closed',
  result_declared: () => 'Result declared',
};

/**
 * The procedure on `asOf`: replays events with `on <= asOf`, interleaving the days on which the
 * count can move without an event (a post-dated letter taking effect, a whip change moving the
 * denominator), and records the count and threshold after each step. Deterministic and pure.
 */
export function evaluate(events: readonly ProcedureEvent[], ctx: ProcedureContext, asOf: string): ProcedureStatus {
  const first = events[0];
  if (!first || first.type !== 'procedure_opened') {
    throw new AppError('INVALID_TRANSITION', 'a procedure starts with a procedure_opened event');
  }
  const folded = new ProcedureFold(ctx, first.on);
  for (const e of events) if (e.on <= asOf) folded.push(e);
  return folded.statusOn(asOf);
}

/**
 * The same evaluation, kept up to date one event at a time: `push` costs the size of the roster, never the
 * number of past events, and `statusOn(day)` for any day on or after the last event's is a copy of the small
 * state plus the quiet days since. The shell keeps one per procedure, keyed by the last event's sequence
 * number, so a read does not replay history and a write appends one event to it (src/services/procedures.ts).
 * `evaluate` is this class run from the start, so the two cannot disagree.
 */
export class ProcedureFold {
  private readonly f: Fold = emptyFold();
  /** Null for a fold restored from a snapshot: it keeps only the last entry (whether a quiet day moved a number). */
  private readonly tail: { timeline: TimelineEntry[] | null; lastEntry: { count: number; denominator: number } | null };
  /** Days, after the last pushed event, on which the count may move with no event (sorted, unique). */
  private readonly pending: string[] = [];
  private readonly pendingSet = new Set<string>();
  private readonly run: { reachedSince: string | null } = { reachedSince: null };
  private last: string | null = null;

  constructor(
    private readonly ctx: ProcedureContext,
    private readonly openedOn: string,
    options: { fromState?: boolean } = {},
  ) {
    this.tail = { timeline: options.fromState ? null : [], lastEntry: null };
    if (!options.fromState) for (const c of ctx.roster.changes) if (c.date >= openedOn) this.addPending(c.date);
  }

  /** The day of the last event pushed: statusOn answers for this day or later. */
  get lastEventDay(): string | null {
    return this.last;
  }

  push(e: ProcedureEvent): void {
    if (this.last === null && e.type !== 'procedure_opened') {
      throw new AppError('INVALID_TRANSITION', 'a procedure starts with a procedure_opened event');
    }
    if (e.type === 'letter_submitted' && e.effectiveFrom > e.on) this.addPending(e.effectiveFrom);
    this.flush(this.f, this.tail, this.pending, e.on, false, this.run);
    applyEvent(this.f, e, this.ctx);
    this.record(this.f, this.tail, this.run, e.on, e.type, 'memberId' in e ? e.memberId : null);
    this.last = e.on;
  }

  statusOn(asOf: string): ProcedureStatus {
    return this.status(asOf, undefined);
  }

  /**
   * What a command needs to be decided on `asOf` (commands.ts `decide`): the status exactly as statusOn gives it,
   * except that `letters` holds only `memberId`'s letter (none for null). Building every letter's view is most of
   * statusOn's cost, and a group of commands decides one after another on a growing fold.
   */
  decisionStatusOn(asOf: string, memberId: string | null): ProcedureStatus {
    return this.status(asOf, memberId);
  }

  private status(asOf: string, only: string | null | undefined): ProcedureStatus {
    if (this.last !== null && asOf < this.last) throw new AppError('INVALID_TRANSITION', `the fold is past ${asOf}; evaluate from the start`);
    // Quiet days up to asOf change the copy, never the fold itself: a later push starts from the last event.
    // With none to apply (the usual case), the state is read as it is: nothing below writes to it.
    const quiet = this.pending.length > 0 && this.pending[0]! <= asOf;
    const f = quiet ? cloneFold(this.f) : this.f;
    const timeline = this.tail.timeline?.slice() ?? null;
    const pending = this.pending.slice();
    const run = { reachedSince: this.run.reachedSince };
    this.flush(f, { timeline, lastEntry: this.tail.lastEntry }, pending, asOf, true, run);
    const ctx = this.ctx;
    const letters = letterViews(f, ctx, asOf, only);
    const count = only === undefined ? letters.filter((l) => l.inForce).length : countInForce(f, ctx, asOf);
    const denominator = electorateOn(ctx.rulebook, ctx.roster, asOf).length;
    const threshold = thresholdFor(ctx.rulebook.trigger, denominator);
    const state = stateOf(f, asOf, count, threshold);
    return {
      asOf,
      state,
      leaderName: f.leaderName,
      denominator,
      threshold,
      count,
      letters,
      thresholdReachedOn: state === 'threshold_reached' ? run.reachedSince : null,
      immuneUntil: f.immuneUntil && asOf < f.immuneUntil ? f.immuneUntil : null,
      ballot: f.ballot,
      outcome: f.outcome,
      ballotScheduledOn: f.ballotScheduledOn,
      timeline: timeline ?? [],
    };
  }

  /**
   * The fold's whole state as plain data, to be stored (the procedure's snapshot) and restored later. The
   * timeline is not part of it: it grows with every event, and only the chair's view needs it.
   */
  exportState(): FoldState {
    const f = this.f;
    return {
      openedOn: this.openedOn,
      last: this.last,
      leaderName: f.leaderName,
      phase: f.phase,
      cycle: f.cycle,
      immuneUntil: f.immuneUntil,
      ballot: f.ballot ? { ...f.ballot } : null,
      ballotScheduledOn: f.ballotScheduledOn,
      outcome: f.outcome ? { ...f.outcome } : null,
      pending: this.pending.slice(),
      reachedSince: this.run.reachedSince,
      lastEntry: this.tail.lastEntry ? { ...this.tail.lastEntry } : null,
      letters: [...f.letters.values()].map((l) => ({ ...l })),
    };
  }

  /** A fold restored from exportState(): it answers exactly as the original, but keeps no timeline. */
  static restore(ctx: ProcedureContext, state: FoldState): ProcedureFold {
    const fold = new ProcedureFold(ctx, state.openedOn, { fromState: true });
    const f = fold.f;
    f.leaderName = state.leaderName;
    f.phase = state.phase;
    f.cycle = state.cycle;
    f.immuneUntil = state.immuneUntil;
    f.ballot = state.ballot ? { ...state.ballot } : null;
    f.ballotScheduledOn = state.ballotScheduledOn;
    f.outcome = state.outcome ? { ...state.outcome } : null;
    for (const l of state.letters) f.letters.set(l.memberId, { ...l });
    for (const d of state.pending) fold.addPending(d);
    fold.run.reachedSince = state.reachedSince;
    fold.tail.lastEntry = state.lastEntry ? { ...state.lastEntry } : null;
    fold.last = state.last;
    return fold;
  }

  /** A copy to push into (a write that may yet roll back); it keeps no timeline. */
  clone(): ProcedureFold {
    return ProcedureFold.restore(this.ctx, this.exportState());
  }

  /** One member's letter on file, as stored (after a push, the row a snapshot updates). */
  letterOf(memberId: string): LetterRecord | null {
    const l = this.f.letters.get(memberId);
    return l ? { ...l } : null;
  }

  private addPending(day: string): void {
    if (day < this.openedOn || this.pendingSet.has(day)) return;
    this.pendingSet.add(day);
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1]! > day) i--;
    this.pending.splice(i, 0, day);
  }

  private record(f: Fold, tail: ProcedureFold['tail'], run: { reachedSince: string | null }, on: string, kind: TimelineEntry['kind'], memberId: string | null): void {
    const ctx = this.ctx;
    const count = countInForce(f, ctx, on);
    const denominator = electorateOn(ctx.rulebook, ctx.roster, on).length;
    const threshold = thresholdFor(ctx.rulebook.trigger, denominator);
    const prev = tail.lastEntry;
    const state = stateOf(f, on, count, threshold);
    if (state === 'threshold_reached') run.reachedSince ??= on;
    else if (state === 'collecting' || state === 'immune') run.reachedSince = null;
    // Quiet days only matter when they move a number.
    if ((kind === 'roster_changed' || kind === 'letter_effective') && prev && prev.count === count && prev.denominator === denominator) return;
    tail.timeline?.push({ on, kind, description: describe[kind](memberId), memberId, count, denominator, threshold });
    tail.lastEntry = { count, denominator };
  }

  private flush(f: Fold, tail: ProcedureFold['tail'], pending: string[], upTo: string, inclusive: boolean, run: { reachedSince: string | null }): void {
    while (pending.length > 0 && (inclusive ? pending[0]! <= upTo : pending[0]! < upTo)) {
      const d = pending.shift()!;
      if (pending === this.pending) this.pendingSet.delete(d);
      const letterDay = [...f.letters.values()].some((l) => l.effectiveFrom === d && l.submittedOn < d);
      this.record(f, tail, run, d, letterDay ? 'letter_effective' : 'roster_changed', null);
    }
  }
}

/** A fold's state as stored: small (one record per letter on file), whatever the number of past events. */
export interface FoldState {
  openedOn: string;
  last: string | null;
  leaderName: string;
  phase: Phase;
  cycle: number;
  immuneUntil: string | null;
  ballot: { opensAt: string; closesAt: string } | null;
  ballotScheduledOn: string | null;
  outcome: ProcedureStatus['outcome'];
  pending: string[];
  reachedSince: string | null;
  lastEntry: { count: number; denominator: number } | null;
  letters: LetterRecord[];
}

function cloneFold(f: Fold): Fold {
  return {
    ...f,
    letters: new Map([...f.letters].map(([k, v]) => [k, { ...v }])),
    ballot: f.ballot ? { ...f.ballot } : null,
    outcome: f.outcome ? { ...f.outcome } : null,
  };
}
