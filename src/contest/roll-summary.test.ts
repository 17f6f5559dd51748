import { describe, expect, it } from 'vitest';
import { applyContestEvent, replayContestEvents, type ContestEvent } from './engine';
import { historicEvents } from './replay';
import { TINY_CONTEST } from './fixtures.test-helpers';
import { importMembershipRoll } from './roll';
import { eligibleDigest, summariseRoll } from './roll-summary';

/** The tiny contest up to its members' ballot (the events before the declaration). */
function beforeMembers(): { events: ContestEvent[]; declare: Extract<ContestEvent, { type: 'declare-members' }> } {
  const all = historicEvents(TINY_CONTEST);
  const declare = all.at(-1) as Extract<ContestEvent, { type: 'declare-members' }>;
  expect(declare.type).toBe('declare-members');
  return { events: all.slice(0, -1), declare };
}

const ROLL = ['member_id,joined,left', ...Array.from({ length: 14 }, (_, i) => `m${i},2020-01-0${(i % 9) + 1},`), 'late,2024-08-01,', 'gone,2010-01-01,2024-01-01'].join('\n');

describe('the members’ electorate is the imported roll’s eligibility at the freeze date', () => {
  it('keeps counts and a digest of the eligible ids, never an id', () => {
    const roll = importMembershipRoll(ROLL, { freezeDate: '2024-09-01', minMembershipMonths: 3 });
    const r = summariseRoll(roll, '2024-09-02T10:00:00Z');
    expect(r).toEqual({ freezeDate: '2024-09-01', joinedBy: '2024-06-01', members: 16, eligible: 14, digest: eligibleDigest(roll.eligible), importedAt: '2024-09-02T10:00:00Z' });
    expect(JSON.stringify(r)).not.toMatch(/m0|late|gone/);
    // The digest is the roll's: another eligible list gives another digest.
    expect(eligibleDigest(roll.eligible.slice(1))).not.toBe(r.digest);
  });

  it('a declaration with any other electorate is refused; the roll’s electorate is accepted', () => {
    const { events, declare } = beforeMembers();
    const roll = summariseRoll(importMembershipRoll(ROLL, { freezeDate: '2024-09-01', minMembershipMonths: 3 }), '2024-09-02T10:00:00Z');
    const s = applyContestEvent(replayContestEvents(events), { type: 'import-roll', input: roll });
    expect(s.members?.roll).toMatchObject({ eligible: 14 });
    expect(s.log.at(-1)!.text).toMatch(/14 of 16 members eligible at the freeze date 2024-09-01/);
    expect(() => applyContestEvent(s, { ...declare, input: { ...declare.input, electorate: 15 } })).toThrow(/roll’s 14 eligible members/);
    expect(applyContestEvent(s, declare).phase).toBe('decided'); // the published electorate (14) is the roll's
  });

  it('refuses a roll for another freeze date, an empty one, a contest without a members’ ballot, or after the result', () => {
    const { events, declare } = beforeMembers();
    const s = replayContestEvents(events);
    const roll = summariseRoll(importMembershipRoll(ROLL, { freezeDate: '2024-09-01', minMembershipMonths: 3 }), '2024-09-02T10:00:00Z');
    expect(() => applyContestEvent(s, { type: 'import-roll', input: { ...roll, freezeDate: '2024-08-01' } })).toThrow(/freeze date is 2024-09-01/);
    expect(() => applyContestEvent(s, { type: 'import-roll', input: { ...roll, eligible: 0 } })).toThrow(/at least one eligible member/);
    expect(() => applyContestEvent(s, { type: 'import-roll', input: { ...roll, members: 3 } })).toThrow(/no more eligible members than rows/);
    expect(() => applyContestEvent(applyContestEvent(s, declare), { type: 'import-roll', input: roll })).toThrow(/CONTEST_WRONG_PHASE|cannot import/);
    expect(() => applyContestEvent({ ...s, members: null }, { type: 'import-roll', input: roll })).toThrow(/no members’ ballot/);
  });
});
