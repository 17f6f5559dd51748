import { parseCsv } from '../csv';
import { isIsoDate } from '../dates';
import { AppError } from '../errors';
import { ROSTER_EVENTS, type Member, type Roster, type RosterChange, type RosterEvent } from './types';

/**
 * Parsers for the UK Commons 2019 data set (data/uk-commons-2019/README.md). Every row is checked;
 * the first bad row aborts the parse with its line number, so nothing half-valid is ever imported.
 */
export function parseCommonsMembers(text: string): Member[] {
  const rows = parseCsv(text, ['member_id', 'first_name', 'surname', 'display_name', 'constituency', 'party', 'elected']);
  const seen = new Set<string>();
  return rows.map(({ line, values: v }) => {
    const fail = (msg: string) => {
      throw new AppError('CSV_INVALID', `members.csv line ${line}: ${msg}`, { line });
    };
    if (!v.member_id) fail('member_id is empty');
    if (seen.has(v.member_id!)) fail(`duplicate member_id ${v.member_id}`);
    seen.add(v.member_id!);
    if (!v.display_name) fail('display_name is empty');
    if (!v.party) fail('party is empty');
    if (!isIsoDate(v.elected ?? '')) fail(`elected must be YYYY-MM-DD, got ${JSON.stringify(v.elected)}`);
    return {
      memberId: v.member_id!,
      firstName: v.first_name ?? '',
      surname: v.surname ?? '',
      displayName: v.display_name!,
      gender: v.gender || null,
      constituency: v.constituency ?? '',
      partyAtElection: v.party!,
      elected: v.elected!,
    };
  });
}

export function parseCommonsChanges(text: string, knownMembers: ReadonlySet<string>): RosterChange[] {
  const rows = parseCsv(text, ['date', 'member_id', 'event']);
  return rows.map(({ line, values: v }) => {
    const fail = (msg: string): never => {
      throw new AppError('CSV_INVALID', `changes.csv line ${line}: ${msg}`, { line });
    };
    if (!isIsoDate(v.date ?? '')) fail(`date must be YYYY-MM-DD, got ${JSON.stringify(v.date)}`);
    if (!knownMembers.has(v.member_id ?? '')) fail(`unknown member_id ${JSON.stringify(v.member_id)}`);
    if (!(ROSTER_EVENTS as readonly string[]).includes(v.event ?? '')) {
      fail(`event must be one of ${ROSTER_EVENTS.join(', ')}, got ${JSON.stringify(v.event)}`);
    }
    if (v.event === 'defected' && !v.to_party) fail('a defected row needs to_party');
    return {
      date: v.date!,
      memberId: v.member_id!,
      event: v.event as RosterEvent,
      toParty: v.to_party || null,
      constituency: v.constituency || null,
      note: v.note || null,
      source: v.source || null,
    };
  });
}

export function parseCommonsRoster(membersCsv: string, changesCsv: string): Roster {
  const members = parseCommonsMembers(membersCsv);
  const changes = parseCommonsChanges(changesCsv, new Set(members.map((m) => m.memberId)));
  return { members, changes };
}
