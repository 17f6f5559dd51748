import { describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../../data/commons-2019';
import { AppError } from '../errors';
import { whipHolders } from '../roster/membership';
import type { Roster } from '../roster/types';
import { findRulebook } from '../rulebook/presets';
import { decide, type ProcedureCommand } from './commands';
import type { ProcedureEvent } from './events';
import { evaluate } from './evaluate';

const roster = loadCommons2019();
const rulebook = findRulebook('conservative-1922');
const ctx = { rulebook, roster };
const opened: ProcedureEvent = { type: 'procedure_opened', on: '2022-06-01', leaderName: 'Boris Johnson', leaderMemberId: 'boris-johnson', leaderTookOfficeOn: '2019-07-24' };
const tories = whipHolders(roster, 'Con', '2022-06-01').map((m) => m.memberId).filter((id) => id !== 'boris-johnson');

/** Runs commands through `decide`, appending events as the shell would. */
function run(commands: [ProcedureCommand, string][], start: ProcedureEvent[] = [opened], c = ctx): ProcedureEvent[] {
  const events = [...start];
  for (const [cmd, day] of commands) {
    const e = decide(events, c, cmd, day);
    if (e) events.push(e);
  }
  return events;
}
const letters = (ids: string[], day = '2022-06-05', effectiveFrom?: string): [ProcedureCommand, string][] =>
  ids.map((memberId) => [{ type: 'submit_letter', memberId, recordedBy: 'member', effectiveFrom }, day]);

describe('letters and the threshold trigger', () => {
  it('53 letters collect; the 54th reaches the threshold of 54 of 359', () => {
    const e53 = run(letters(tories.slice(0, 53)));
    expect(evaluate(e53, ctx, '2022-06-05')).toMatchObject({ state: 'collecting', count: 53, threshold: 54, denominator: 359 });
    const e54 = run(letters(tories.slice(53, 54)), e53);
    const s = evaluate(e54, ctx, '2022-06-05');
    expect(s).toMatchObject({ state: 'threshold_reached', count: 54, thresholdReachedOn: '2022-06-05' });
  });

  it('a withdrawal falls back below the threshold and a new letter tips it again the same day (11 Dec 2018)', () => {
    const events = run([
      ...letters(tories.slice(0, 54)),
      [{ type: 'withdraw_letter', memberId: tories[0]!, recordedBy: 'member' }, '2022-06-05'],
    ]);
    expect(evaluate(events, ctx, '2022-06-05')).toMatchObject({ state: 'collecting', count: 53 });
    const again = run(letters([tories[60]!]), events);
    const s = evaluate(again, ctx, '2022-06-05');
    expect(s.state).toBe('threshold_reached');
    expect(s.timeline.map((t) => t.count).slice(-3)).toEqual([54, 53, 54]);
  });

  it('submitting the same letter twice is idempotent', () => {
    const once = run(letters([tories[0]!]));
    const twice = run(letters([tories[0]!]), once);
    expect(twice).toHaveLength(once.length);
  });

  it('a post-dated letter counts only from its date (after the Jubilee)', () => {
    const events = run([...letters(tories.slice(0, 53)), ...letters([tories[53]!], '2022-06-01', '2022-06-06')]);
    expect(evaluate(events, ctx, '2022-06-05')).toMatchObject({ state: 'collecting', count: 53 });
    const s = evaluate(events, ctx, '2022-06-06');
    expect(s).toMatchObject({ state: 'threshold_reached', count: 54, thresholdReachedOn: '2022-06-06' });
    expect(s.timeline.some((t) => t.kind === 'letter_effective' && t.on === '2022-06-06')).toBe(true);
  });

  it('rejects back-dated letters, post-dating where the rulebook forbids it, and writers without the whip', () => {
    const expectCode = (fn: () => unknown, code: string) => {
      try {
        fn();
        expect.unreachable();
      } catch (e) {
        expect((e as AppError).code).toBe(code);
      }
    };
    expectCode(() => decide([opened], ctx, { type: 'submit_letter', memberId: tories[0]!, recordedBy: 'member', effectiveFrom: '2022-05-01' }, '2022-06-05'), 'VALIDATION_FAILED');
    const labour = { roster, rulebook: findRulebook('labour-uk-challenge') };
    expectCode(() => decide([opened], labour, { type: 'submit_letter', memberId: 'keir-starmer', recordedBy: 'member', effectiveFrom: '2022-07-01' }, '2022-06-05'), 'POSTDATING_NOT_ALLOWED');
    expectCode(() => decide([opened], ctx, { type: 'submit_letter', memberId: 'rob-roberts', recordedBy: 'member' }, '2022-06-05'), 'NOT_ELIGIBLE');
    expectCode(() => decide([opened], ctx, { type: 'submit_letter', memberId: 'keir-starmer', recordedBy: 'member' }, '2022-06-05'), 'NOT_ELIGIBLE');
    expectCode(() => decide([opened], ctx, { type: 'withdraw_letter', memberId: tories[0]!, recordedBy: 'member' }, '2022-06-05'), 'LETTER_NOT_FOUND');
  });

  it('a whip change moves the denominator and can cross the threshold either way', () => {
    // A synthetic roster: 20 whip holders, threshold ceil(3) = 3; one writer loses the whip.
    const members = Array.from({ length: 20 }, (_, i) => ({
      memberId: `m${i}`, firstName: 'M', surname: `${i}`, displayName: `M ${i}`, gender: null, constituency: `Seat ${i}`, partyAtElection: 'Con', elected: '2020-01-01',
    }));
    const small: Roster = { members, changes: [{ date: '2022-03-10', memberId: 'm0', event: 'whip_suspended', toParty: null, constituency: null, note: null, source: null }] };
    const c = { rulebook, roster: small };
    const start: ProcedureEvent = { ...opened, on: '2022-03-01', leaderTookOfficeOn: null };
    const events = run(letters(['m0', 'm1', 'm2'], '2022-03-02'), [start], c);
    expect(evaluate(events, c, '2022-03-09')).toMatchObject({ state: 'threshold_reached', count: 3, threshold: 3 });
    const after = evaluate(events, c, '2022-03-10');
    // m0's letter stays on file but no longer counts; 19 whip holders still need 3.
    expect(after).toMatchObject({ state: 'collecting', count: 2, denominator: 19, threshold: 3 });
    expect(after.letters.find((l) => l.memberId === 'm0')?.notCountingBecause).toBe('writer-not-eligible');
    // Conversely, a denominator falling from 21 to 20 lowers ceil(3.15)=4 to 3 and the same 3 letters trigger.
    const big: Roster = {
      members: [...members, { ...members[0]!, memberId: 'm20' }],
      changes: [{ date: '2022-03-10', memberId: 'm20', event: 'left_commons', toParty: null, constituency: null, note: null, source: null }],
    };
    const cb = { rulebook, roster: big };
    const e2 = run(letters(['m1', 'm2', 'm3'], '2022-03-02'), [start], cb);
    expect(evaluate(e2, cb, '2022-03-09')).toMatchObject({ state: 'collecting', threshold: 4 });
    expect(evaluate(e2, cb, '2022-03-10')).toMatchObject({ state: 'threshold_reached', threshold: 3, thresholdReachedOn: '2022-03-10' });
  });
});

describe('from the trigger to the outcome', () => {
  const triggered = run(letters(tories.slice(0, 54)));
  const schedule: [ProcedureCommand, string] = [{ type: 'schedule_ballot', opensAt: '2022-06-06T17:00:00Z', closesAt: '2022-06-06T19:00:00Z' }, '2022-06-06'];

  it('runs scheduled → open → closed → survived 211–148, immune for 12 months, letters spent', () => {
    const events = run([
      schedule,
      [{ type: 'open_ballot' }, '2022-06-06'],
      [{ type: 'close_ballot' }, '2022-06-06'],
      [{ type: 'declare_result', yes: 211, no: 148, spoilt: 0, source: 'paper count' }, '2022-06-06'],
    ], triggered);
    const s = evaluate(events, ctx, '2022-06-06');
    expect(s).toMatchObject({ state: 'immune', immuneUntil: '2023-06-06', count: 0, outcome: { result: 'survived', yes: 211, no: 148, electorate: 359 } });
    // During immunity letters are received, and kept, but nothing triggers.
    const more = run(letters(tories.slice(0, 60), '2022-07-01'), events);
    expect(evaluate(more, ctx, '2022-07-01')).toMatchObject({ state: 'immune', count: 60 });
    // When immunity ends, the letters on file trigger.
    expect(evaluate(more, ctx, '2023-06-06').state).toBe('threshold_reached');
  });

  it('the schedule binds the chair: opening before the scheduled day or time is refused until rescheduled', () => {
    const scheduledForTomorrow = run([[{ type: 'schedule_ballot', opensAt: '2022-06-06T17:00:00Z', closesAt: '2022-06-06T19:00:00Z' }, '2022-06-05']], triggered);
    expect(() => decide(scheduledForTomorrow, ctx, { type: 'open_ballot' }, '2022-06-05')).toThrow(expect.objectContaining({ code: 'VOTE_NOT_YET_DUE' }));
    // A live procedure on the right day, but an hour early (17:00 UTC is 18:00 in London).
    expect(() => decide(scheduledForTomorrow, ctx, { type: 'open_ballot' }, '2022-06-06', '2022-06-06T16:00:00.000Z')).toThrow(/scheduled to open/);
    expect(decide(scheduledForTomorrow, ctx, { type: 'open_ballot' }, '2022-06-06', '2022-06-06T17:00:00.000Z')).toMatchObject({ type: 'ballot_opened' });
    // Rescheduling to today lets the chair open today; the letters are spent once, not once per schedule.
    const rescheduled = run([[{ type: 'schedule_ballot', opensAt: '2022-06-05T09:00:00Z', closesAt: '2022-06-05T11:00:00Z' }, '2022-06-05']], scheduledForTomorrow);
    expect(evaluate(rescheduled, ctx, '2022-06-05')).toMatchObject({ state: 'ballot_scheduled', ballot: { opensAt: '2022-06-05T09:00:00.000Z' } });
    expect(decide(rescheduled, ctx, { type: 'open_ballot' }, '2022-06-05')).toMatchObject({ type: 'ballot_opened' });
    expect(evaluate(rescheduled, ctx, '2022-06-05').letters.filter((l) => l.notCountingBecause === 'spent-by-ballot')).toHaveLength(54);
  });

  it('immunity runs from the day of the vote, not the day the result was recorded', () => {
    const events = run([
      [{ type: 'schedule_ballot', opensAt: '2022-06-06T17:00:00Z', closesAt: '2022-06-06T19:00:00Z' }, '2022-06-05'],
      [{ type: 'open_ballot' }, '2022-06-06'],
      [{ type: 'close_ballot' }, '2022-06-06'],
      [{ type: 'declare_result', yes: 211, no: 148, spoilt: 0, source: 'paper count' }, '2022-06-09'],
    ], triggered);
    expect(evaluate(events, ctx, '2022-06-09')).toMatchObject({ state: 'immune', immuneUntil: '2023-06-06' });
  });

  it('a lost vote requires a contest and accepts no more letters', () => {
    const events = run([schedule, [{ type: 'open_ballot' }, '2022-06-06'], [{ type: 'close_ballot' }, '2022-06-06'], [{ type: 'declare_result', yes: 148, no: 211, spoilt: 0, source: 'paper count' }, '2022-06-06']], triggered);
    expect(evaluate(events, ctx, '2022-06-07').state).toBe('contest_required');
    expect(() => decide(events, ctx, { type: 'submit_letter', memberId: tories[100]!, recordedBy: 'member' }, '2022-06-07')).toThrow(/contest required/);
  });

  it('refuses to schedule below the threshold, too late, or backwards', () => {
    expect(() => decide([opened], ctx, schedule[0], '2022-06-06')).toThrow(/once the threshold is reached/);
    expect(() => decide(triggered, ctx, { type: 'schedule_ballot', opensAt: '2022-07-30T17:00:00Z', closesAt: '2022-07-30T19:00:00Z' }, '2022-06-06')).toThrow(/within 7 days/);
    expect(() => decide(triggered, ctx, { type: 'schedule_ballot', opensAt: '2022-06-06T19:00:00Z', closesAt: '2022-06-06T17:00:00Z' }, '2022-06-06')).toThrow(/close after it opens/);
    expect(() => decide(triggered, ctx, { type: 'declare_result', yes: 1, no: 1, spoilt: 0, source: 'x' }, '2022-06-06')).toThrow(/once the vote has closed/);
  });

  it('a new leader is immune for a year after taking office', () => {
    const truss: ProcedureEvent = { ...opened, on: '2022-09-06', leaderName: 'Liz Truss', leaderMemberId: 'elizabeth-truss', leaderTookOfficeOn: '2022-09-06' };
    const octoberTories = whipHolders(roster, 'Con', '2022-10-14').map((m) => m.memberId);
    const events = run(letters(octoberTories.slice(0, 60), '2022-10-14'), [truss]);
    expect(evaluate(events, ctx, '2022-10-14')).toMatchObject({ state: 'immune', immuneUntil: '2023-09-06' });
  });
});
