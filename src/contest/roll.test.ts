import { describe, expect, it } from 'vitest';
import { importMembershipRoll } from './roll';

const opts = { freezeDate: '2022-09-02', minMembershipMonths: 3 };

describe('membership roll import and eligibility at the freeze date', () => {
  it('members of at least three months on the freeze date, still members, are eligible', () => {
    const roll = importMembershipRoll(
      ['member_id,joined,left,email', 'm1,2022-06-02,,a@example.org', 'm2,2022-06-03,,', 'm3,2010-01-01,2022-08-01,', 'm4,2010-01-01,2022-09-03,', '"m5",2022-01-31,,'].join('\n'),
      opts,
    );
    expect(roll.joinedBy).toBe('2022-06-02');
    expect(roll.eligible).toEqual(['m1', 'm4', 'm5']);
    expect(roll.members).toHaveLength(5);
  });
  it('rejects the whole file for duplicate ids, bad dates, bad emails, naming the lines', () => {
    const csv = ['member_id,joined,email', 'm1,2022-01-01,', 'm1,2022-01-02,', 'm2,2022-02-30,', 'm3,01/02/2022,', 'm4,2022-01-01,not-an-email', ',2022-01-01,'].join('\n');
    expect(() => importMembershipRoll(csv, opts)).toThrow(expect.objectContaining({ code: 'ROLL_INVALID' }));
    try {
      importMembershipRoll(csv, opts);
    } catch (e) {
      const m = (e as Error).message;
      expect(m).toMatch(/^5 bad rows; nothing was imported/);
      expect(m).toMatch(/line 3: member_id m1 is a duplicate of line 2/);
      expect(m).toMatch(/line 4: joined "2022-02-30" is not a calendar date/);
      expect(m).toMatch(/line 5: joined "01\/02\/2022"/);
      expect(m).toMatch(/line 6: email "not-an-email"/);
      expect(m).toMatch(/line 7: member_id ""/);
    }
  });
  it('refuses a roll with nobody eligible, an empty roll, a missing column, a bad freeze date', () => {
    expect(() => importMembershipRoll('member_id,joined\nm1,2022-08-01\n', opts)).toThrow(/no member of the 1 on the roll is eligible/);
    expect(() => importMembershipRoll('member_id,joined\n', opts)).toThrow(expect.objectContaining({ code: 'ROLL_INVALID' }));
    expect(() => importMembershipRoll('member_id,email\nm1,a@b.c\n', opts)).toThrow(/missing column\(s\) joined/);
    expect(() => importMembershipRoll('member_id,joined\nm1,2022-01-01\n', { ...opts, freezeDate: '2022-13-01' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
