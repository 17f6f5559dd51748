import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../../data/commons-2019';
import { addDays } from '../dates';
import { whipHolders } from '../roster/membership';
import { findRulebook } from '../rulebook/presets';
import { decide, type ProcedureCommand } from './commands';
import type { ProcedureEvent } from './events';
import { evaluate, ProcedureFold } from './evaluate';

const roster = loadCommons2019();
const ctx = { rulebook: findRulebook('conservative-1922'), roster };
const opened: ProcedureEvent = { type: 'procedure_opened', on: '2022-01-12', leaderName: 'Boris Johnson', leaderMemberId: 'boris-johnson', leaderTookOfficeOn: '2019-07-24' };
const tories = whipHolders(roster, 'Con', '2022-01-12').map((m) => m.memberId).filter((id) => id !== 'boris-johnson').slice(0, 80);

/**
 * The shell keeps one ProcedureFold per procedure and asks it for the status between writes. Whatever the
 * interleaving of pushes and reads, it must give exactly what replaying every event from the start gives.
 */
describe('ProcedureFold (incremental evaluation)', () => {
  it('equals a full replay after any interleaving of letters, withdrawals, post-dating and reads', () => {
    const step = fc.record({ member: fc.integer({ min: 0, max: tories.length - 1 }), withdraw: fc.boolean(), days: fc.integer({ min: 0, max: 6 }), postDate: fc.integer({ min: 0, max: 3 }), read: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const events: ProcedureEvent[] = [opened];
        const fold = new ProcedureFold(ctx, opened.on);
        fold.push(opened);
        // What the shell stores: each write clones the stored state, pushes one event, and stores it as JSON.
        let stored = JSON.stringify(fold.exportState());
        const restored = () => ProcedureFold.restore(ctx, JSON.parse(stored));
        const noTimeline = (s: ReturnType<typeof evaluate>) => ({ ...s, timeline: [] });
        let day = '2022-01-18';
        for (const s of steps) {
          day = addDays(day, s.days);
          const memberId = tories[s.member]!;
          const command: ProcedureCommand = s.withdraw
            ? { type: 'withdraw_letter', memberId, recordedBy: 'member' }
            : { type: 'submit_letter', memberId, recordedBy: 'member', effectiveFrom: addDays(day, s.postDate) };
          let event: ProcedureEvent | null = null;
          try {
            const full = fold.statusOn(day);
            // What a group of commands decides on: the same status with only this member's letter.
            expect(fold.decisionStatusOn(day, memberId)).toEqual({ ...full, letters: full.letters.filter((l) => l.memberId === memberId) });
            event = decide(events, ctx, command, day, undefined, restored().decisionStatusOn(day, memberId));
          } catch {
            continue; // refused (no letter to withdraw): nothing appended
          }
          if (!event) continue;
          events.push(event);
          fold.push(event);
          const next = restored().clone();
          next.push(event);
          stored = JSON.stringify(next.exportState());
          if (s.read) {
            expect(fold.statusOn(day)).toEqual(evaluate(events, ctx, day));
            expect(restored().statusOn(day)).toEqual(noTimeline(evaluate(events, ctx, day)));
          }
        }
        for (const asOf of [day, addDays(day, 2), addDays(day, 40)]) {
          expect(fold.statusOn(asOf)).toEqual(evaluate(events, ctx, asOf));
          expect(restored().statusOn(asOf)).toEqual(noTimeline(evaluate(events, ctx, asOf)));
        }
      }),
      { numRuns: 25 },
    );
  });
});
