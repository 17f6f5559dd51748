/**
 * The membership roll for a members' ballot: a CSV import (one row per party member with the day they joined) and
 * eligibility at the freeze date — members of at least `minMembershipMonths` on that day who had not left.
 *
 * All or nothing: any bad row (missing or malformed id, a date that is not a calendar day, a duplicate id, a bad
 * email) rejects the whole file with ROLL_INVALID naming the lines (up to 20), and a roll with nobody eligible is
 * refused too — so a half-imported roll can never decide who votes. Pure: the CLI/service reads the file.
 *
 * Columns: member_id, joined (YYYY-MM-DD) — required; left (YYYY-MM-DD or empty), email — optional.
 * Personal data: the roll stays with the party's returning officer; the ballot board only ever holds the sorted
 * public credentials, never a member id.
 */
import { parseCsv } from '../domain/csv';
import { addMonths, isIsoDate } from '../domain/dates';
import { AppError } from '../domain/errors';

export interface RollMember {
  memberId: string;
  joined: string;
  left: string | null;
  email: string | null;
}

export interface MembershipRoll {
  members: RollMember[];
  freezeDate: string;
  /** Members who joined on or before this day are old enough (freeze date − minimum months). */
  joinedBy: string;
  eligible: string[];
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const MAX_REPORTED = 20;

export function importMembershipRoll(csv: string, opts: { freezeDate: string; minMembershipMonths: number }): MembershipRoll {
  if (!isIsoDate(opts.freezeDate)) throw new AppError('VALIDATION_FAILED', `the freeze date must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(opts.freezeDate)}`);
  let rows;
  try {
    rows = parseCsv(csv, ['member_id', 'joined']);
  } catch (e) {
    if (e instanceof AppError) throw new AppError('ROLL_INVALID', e.message, e.details);
    throw e;
  }
  const problems: string[] = [];
  let problemCount = 0;
  const report = (line: number, what: string) => {
    problemCount++;
    if (problems.length < MAX_REPORTED) problems.push(`line ${line}: ${what}`);
  };
  const seen = new Map<string, number>();
  const members: RollMember[] = [];
  for (const { line, values } of rows) {
    const id = values.member_id ?? '';
    const joined = values.joined ?? '';
    const left = values.left ? values.left : null;
    const email = values.email ? values.email : null;
    let ok = true;
    if (!ID.test(id)) {
      report(line, `member_id ${JSON.stringify(id)} must be 1–64 letters, digits, dots, dashes or underscores`);
      ok = false;
    } else if (seen.has(id)) {
      report(line, `member_id ${id} is a duplicate of line ${seen.get(id)}`);
      ok = false;
    } else seen.set(id, line);
    if (!isIsoDate(joined)) {
      report(line, `joined ${JSON.stringify(joined)} is not a calendar date written YYYY-MM-DD`);
      ok = false;
    }
    if (left !== null && (!isIsoDate(left) || (isIsoDate(joined) && left < joined))) {
      report(line, `left ${JSON.stringify(left)} is not a calendar date on or after joined`);
      ok = false;
    }
    if (email !== null && !EMAIL.test(email)) {
      report(line, `email ${JSON.stringify(email)} is not an email address`);
      ok = false;
    }
    if (ok) members.push({ memberId: id, joined, left, email });
  }
  if (problemCount > 0) {
    throw new AppError('ROLL_INVALID', `${problemCount} bad row${problemCount === 1 ? '' : 's'}; nothing was imported: ${problems.join('; ')}${problemCount > MAX_REPORTED ? '; …' : ''}`, { problems, count: problemCount });
  }
  if (members.length === 0) throw new AppError('ROLL_INVALID', 'the roll has no members; nothing was imported');
  const joinedBy = addMonths(opts.freezeDate, -opts.minMembershipMonths);
  const eligible = members.filter((m) => m.joined <= joinedBy && (m.left === null || m.left > opts.freezeDate)).map((m) => m.memberId).sort();
  if (eligible.length === 0) throw new AppError('ROLL_INVALID', `no member of the ${members.length} on the roll is eligible (joined on or before ${joinedBy} and still a member on ${opts.freezeDate}); nothing was imported`);
  return { members, freezeDate: opts.freezeDate, joinedBy, eligible };
}
