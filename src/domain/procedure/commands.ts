import { isIsoDate, ukDayOf } from '../dates';
import { AppError } from '../errors';
import { electorateOn } from '../rulebook/denominator';
import type { ProcedureEvent } from './events';
import { evaluate, type ProcedureContext, type ProcedureStatus } from './evaluate';

/**
 * Commands are requests; `decide` checks them against the rulebook and the current state and
 * returns the event to append (or `null` when the command changes nothing, which makes a
 * repeated submission idempotent). It never mutates: the shell appends the event in a transaction.
 */
export type ProcedureCommand =
  | { type: 'submit_letter'; memberId: string; effectiveFrom?: string; recordedBy: 'member' | 'chair'; simulated?: boolean }
  | { type: 'withdraw_letter'; memberId: string; recordedBy: 'member' | 'chair' }
  | { type: 'schedule_ballot'; opensAt: string; closesAt: string }
  | { type: 'open_ballot' }
  | { type: 'close_ballot' }
  | { type: 'declare_result'; yes: number; no: number; spoilt: number; source: string };

const BALLOT_UNDER_WAY = new Set(['ballot_scheduled', 'ballot_open', 'ballot_closed']);

export function decide(
  events: readonly ProcedureEvent[],
  ctx: ProcedureContext,
  command: ProcedureCommand,
  today: string,
  /**
   * The current instant, for a procedure that follows the real calendar. A re-enactment on a fixed day has
   * no time of day, so its schedule is enforced by the day alone.
   */
  now?: string,
  /** The procedure evaluated on `today`, when the caller keeps it up to date (it must equal evaluate(events, ctx, today)). */
  evaluated?: ProcedureStatus,
): ProcedureEvent | null {
  const status = evaluated ?? evaluate(events, ctx, today);
  const rules = ctx.rulebook;
  switch (command.type) {
    case 'submit_letter': {
      if (BALLOT_UNDER_WAY.has(status.state) || status.state === 'contest_required') {
        throw new AppError('INVALID_TRANSITION', `letters are not accepted while the procedure is ${status.state.replace('_', ' ')}`);
      }
      const effectiveFrom = command.effectiveFrom ?? today;
      if (!isIsoDate(effectiveFrom)) {
        throw new AppError('VALIDATION_FAILED', `effectiveFrom must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(effectiveFrom)}`);
      }
      if (effectiveFrom < today) {
        throw new AppError('VALIDATION_FAILED', `a letter cannot be back-dated: effectiveFrom ${effectiveFrom} is before today (${today})`);
      }
      if (effectiveFrom > today && !rules.letters.postDating) {
        throw new AppError('POSTDATING_NOT_ALLOWED', `${rules.name} does not allow post-dated ${rules.letters.noun}s`);
      }
      if (!electorateOn(rules, ctx.roster, today).includes(command.memberId)) {
        throw new AppError('NOT_ELIGIBLE', `${command.memberId} is not in the electorate today (${rules.electorate.description})`);
      }
      const existing = status.letters.find((l) => l.memberId === command.memberId);
      if (existing && existing.status === 'submitted' && existing.notCountingBecause !== 'spent-by-ballot' && existing.effectiveFrom === effectiveFrom) {
        return null; // the same letter again: idempotent
      }
      return {
        type: 'letter_submitted',
        on: today,
        memberId: command.memberId,
        effectiveFrom,
        recordedBy: command.recordedBy,
        simulated: command.simulated ?? false,
      };
    }
    case 'withdraw_letter': {
      const existing = status.letters.find((l) => l.memberId === command.memberId);
      if (!existing || existing.status !== 'submitted' || existing.notCountingBecause === 'spent-by-ballot') {
        throw new AppError('LETTER_NOT_FOUND', `${command.memberId} has no letter on file to withdraw`);
      }
      if (!rules.letters.withdrawal) {
        throw new AppError('WITHDRAWAL_NOT_ALLOWED', `${rules.name} does not allow ${rules.letters.noun}s to be withdrawn`);
      }
      if (BALLOT_UNDER_WAY.has(status.state) || status.state === 'contest_required') {
        throw new AppError('INVALID_TRANSITION', `letters cannot be withdrawn while the procedure is ${status.state.replace('_', ' ')}`);
      }
      return { type: 'letter_withdrawn', on: today, memberId: command.memberId, recordedBy: command.recordedBy };
    }
    case 'schedule_ballot': {
      // A scheduled vote that has not opened may be rescheduled (the only way to open it earlier than planned).
      const rescheduling = status.state === 'ballot_scheduled';
      if (status.state !== 'threshold_reached' && !rescheduling) {
        throw new AppError('INVALID_TRANSITION', `a vote can only be scheduled once the threshold is reached (the procedure is ${status.state.replace('_', ' ')})`);
      }
      const opens = Date.parse(command.opensAt);
      const closes = Date.parse(command.closesAt);
      if (Number.isNaN(opens) || Number.isNaN(closes)) {
        throw new AppError('VALIDATION_FAILED', 'opensAt and closesAt must be ISO date-times');
      }
      if (closes <= opens) throw new AppError('VALIDATION_FAILED', 'the vote must close after it opens');
      const openDay = new Date(opens).toISOString().slice(0, 10);
      if (openDay < today) throw new AppError('VALIDATION_FAILED', `the vote cannot open in the past (today is ${today})`);
      const firstScheduling = rescheduling ? (status.ballotScheduledOn ?? undefined) : undefined;
      const latest = new Date(`${firstScheduling ?? status.thresholdReachedOn ?? today}T00:00:00Z`);
      latest.setUTCDate(latest.getUTCDate() + rules.ballot.maxDaysAfterTrigger);
      if (openDay > latest.toISOString().slice(0, 10)) {
        throw new AppError(
          'VALIDATION_FAILED',
          `the rulebook requires the vote within ${rules.ballot.maxDaysAfterTrigger} days of the trigger (by ${latest.toISOString().slice(0, 10)})`,
        );
      }
      return { type: 'ballot_scheduled', on: today, opensAt: new Date(opens).toISOString(), closesAt: new Date(closes).toISOString() };
    }
    case 'open_ballot': {
      if (status.state !== 'ballot_scheduled') throw new AppError('INVALID_TRANSITION', `the vote can only be opened once scheduled (the procedure is ${status.state.replace('_', ' ')})`);
      // The schedule binds the chair too: opening early would let some members vote before others know.
      const opensAt = status.ballot!.opensAt;
      if (today < ukDayOf(opensAt) || (now !== undefined && Date.parse(now) < Date.parse(opensAt))) {
        throw new AppError('VOTE_NOT_YET_DUE', `the vote is scheduled to open at ${opensAt}; reschedule it to open earlier`, { opensAt });
      }
      return { type: 'ballot_opened', on: today };
    }
    case 'close_ballot':
      if (status.state !== 'ballot_open') throw new AppError('INVALID_TRANSITION', `the vote can only be closed while open (the procedure is ${status.state.replace('_', ' ')})`);
      return { type: 'ballot_closed', on: today };
    case 'declare_result': {
      if (status.state !== 'ballot_closed') throw new AppError('INVALID_TRANSITION', `a result can only be declared once the vote has closed (the procedure is ${status.state.replace('_', ' ')})`);
      const ballotDay = status.ballot?.opensAt.slice(0, 10) ?? today;
      const electorate = electorateOn(rules, ctx.roster, ballotDay).length;
      if (command.yes + command.no + command.spoilt > electorate) {
        throw new AppError('VALIDATION_FAILED', `${command.yes + command.no + command.spoilt} ballots exceed the electorate of ${electorate}`);
      }
      return { type: 'result_declared', on: today, yes: command.yes, no: command.no, spoilt: command.spoilt, electorate, source: command.source };
    }
  }
}
