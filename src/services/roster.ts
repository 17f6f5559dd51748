import { and, asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
import { members, rosterChanges, rosters } from '../db/schema';
import { loadCommons2019 } from '../data/commons-2019';
import { parseCsv } from '../domain/csv';
import { isIsoDate } from '../domain/dates';
import { AppError } from '../domain/errors';
import { memberStatesOn, whipHolders } from '../domain/roster/membership';
import type { Member, Roster, RosterChange } from '../domain/roster/types';
import { appendAudit } from './audit';
import { actorLabel, type Actor, type AppContext } from './context';

export const COMMONS_2019_ROSTER_ID = 'uk-commons-2019';
const COMMONS_ATTRIBUTION =
  'Contains Parliamentary information licensed under the Open Parliament Licence v3.0 (House of Commons Library, CBP-8749); by-elections and changes from the sources cited row by row.';

/** Replaces a roster's members and changes in one transaction: readers never see half a roster. */
export async function saveRoster(
  ctx: AppContext,
  actor: Actor,
  meta: { id: string; name: string; format: string; attribution: string },
  roster: Roster,
): Promise<{ members: number; changes: number }> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(meta.id)) {
    throw new AppError('VALIDATION_FAILED', 'a roster id is 1–63 lowercase letters, digits and dashes');
  }
  await ctx.db.transaction(async (tx) => {
    await tx.delete(rosterChanges).where(eq(rosterChanges.rosterId, meta.id));
    await tx.delete(members).where(eq(members.rosterId, meta.id));
    await tx
      .insert(rosters)
      .values({ ...meta, importedAt: ctx.clock() })
      .onConflictDoUpdate({ target: rosters.id, set: { name: meta.name, format: meta.format, attribution: meta.attribution, importedAt: ctx.clock() } });
    for (let i = 0; i < roster.members.length; i += 500) {
      await tx.insert(members).values(roster.members.slice(i, i + 500).map((m) => ({ ...m, rosterId: meta.id })));
    }
    if (roster.changes.length > 0) {
      await tx.insert(rosterChanges).values(roster.changes.map((c, seq) => ({ ...c, seq, rosterId: meta.id })));
    }
    await appendAudit(
      tx,
      { actor: actorLabel(actor), kind: 'roster', action: 'roster_imported', payload: { rosterId: meta.id, members: roster.members.length, changes: roster.changes.length } },
      ctx.clock(),
    );
  });
  rosterCache.delete(meta.id);
  return { members: roster.members.length, changes: roster.changes.length };
}

export function importCommons2019(ctx: AppContext, actor: Actor) {
  return saveRoster(
    ctx,
    actor,
    { id: COMMONS_2019_ROSTER_ID, name: 'UK House of Commons, 2019 Parliament', format: 'uk-commons-2019', attribution: COMMONS_ATTRIBUTION },
    loadCommons2019(),
  );
}

/**
 * The generic roster CSV (docs/roster-csv.md): one row per member with
 * member_id, display_name, joined (YYYY-MM-DD) and optional first_name, surname, seat, group,
 * left (YYYY-MM-DD), whip (yes/no). Any bad row rejects the whole file with its line number.
 */
export function parseGenericRosterCsv(text: string): Roster {
  const rows = parseCsv(text, ['member_id', 'display_name', 'joined']);
  const seen = new Set<string>();
  const out: Roster = { members: [], changes: [] };
  for (const { line, values: v } of rows) {
    const fail = (msg: string): never => {
      throw new AppError('CSV_INVALID', `line ${line}: ${msg}; nothing was imported`, { line });
    };
    const id = v.member_id ?? '';
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(id)) fail(`member_id ${JSON.stringify(id)} must be 1–100 letters, digits, dots, dashes or underscores`);
    if (seen.has(id)) fail(`duplicate member_id ${id}`);
    seen.add(id);
    if (!v.display_name) fail('display_name is empty');
    if (!isIsoDate(v.joined ?? '')) fail(`joined must be a date written YYYY-MM-DD, got ${JSON.stringify(v.joined)}`);
    if (v.left && !isIsoDate(v.left)) fail(`left must be empty or a date written YYYY-MM-DD, got ${JSON.stringify(v.left)}`);
    if (v.left && v.left < v.joined!) fail('left is before joined');
    const whip = (v.whip ?? 'yes').toLowerCase();
    if (!['yes', 'no', ''].includes(whip)) fail(`whip must be yes or no, got ${JSON.stringify(v.whip)}`);
    const member: Member = {
      memberId: id,
      firstName: v.first_name ?? '',
      surname: v.surname ?? '',
      displayName: v.display_name!,
      gender: null,
      constituency: v.seat ?? '',
      partyAtElection: v.group || 'Members',
      elected: v.joined!,
    };
    out.members.push(member);
    const change = (date: string, event: RosterChange['event']): RosterChange => ({ date, memberId: id, event, toParty: null, constituency: null, note: null, source: null });
    if (whip === 'no') out.changes.push(change(v.joined!, 'whip_suspended'));
    if (v.left) out.changes.push(change(v.left, 'left_commons'));
  }
  if (out.members.length === 0) throw new AppError('CSV_INVALID', 'the file has a header but no members; nothing was imported', { line: 2 });
  return out;
}

const rosterCache = new Map<string, { importedAt: number; roster: Roster }>();

/**
 * Loads a roster. The parsed object is cached per import (keyed by its import time), so pure
 * functions memoising on the roster object stay fast across requests and never go stale.
 */
export async function loadRoster(db: DbOrTx, rosterId: string): Promise<Roster> {
  const [meta] = await db.select().from(rosters).where(eq(rosters.id, rosterId));
  if (!meta) throw new AppError('NOT_FOUND', `no roster ${JSON.stringify(rosterId)}`);
  const cached = rosterCache.get(rosterId);
  if (cached && cached.importedAt === meta.importedAt.getTime()) return cached.roster;
  const memberRows = await db.select().from(members).where(eq(members.rosterId, rosterId)).orderBy(asc(members.memberId));
  const changeRows = await db.select().from(rosterChanges).where(eq(rosterChanges.rosterId, rosterId)).orderBy(asc(rosterChanges.seq));
  const roster: Roster = {
    members: memberRows.map(({ rosterId: _r, ...m }) => m),
    changes: changeRows.map(({ rosterId: _r, seq: _s, ...c }) => ({ ...c, event: c.event as RosterChange['event'] })),
  };
  rosterCache.set(rosterId, { importedAt: meta.importedAt.getTime(), roster });
  return roster;
}

export async function countWhipHolders(db: Db, rosterId: string, party: string, date: string): Promise<number> {
  if (!isIsoDate(date)) throw new AppError('VALIDATION_FAILED', `--on must be a date written YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return whipHolders(await loadRoster(db, rosterId), party, date).length;
}

export interface MemberSummary {
  memberId: string;
  displayName: string;
  constituency: string;
  party: string;
  whip: boolean;
  sitting: boolean;
}

export async function searchMembers(db: Db, rosterId: string, query: string, date: string, limit = 50): Promise<MemberSummary[]> {
  const roster = await loadRoster(db, rosterId);
  const states = memberStatesOn(roster, date);
  const q = query.trim().toLowerCase();
  return roster.members
    .filter((m) => !q || m.displayName.toLowerCase().includes(q) || m.constituency.toLowerCase().includes(q) || m.memberId.includes(q))
    .map((m) => {
      const s = states.get(m.memberId);
      return { memberId: m.memberId, displayName: m.displayName, constituency: m.constituency, party: s?.party ?? m.partyAtElection, whip: s?.whip ?? false, sitting: s?.sitting ?? false };
    })
    .filter((m) => m.sitting)
    .slice(0, limit);
}

export async function getMember(db: DbOrTx, rosterId: string, memberId: string): Promise<Member> {
  const [row] = await db.select().from(members).where(and(eq(members.rosterId, rosterId), eq(members.memberId, memberId)));
  if (!row) throw new AppError('MEMBER_NOT_FOUND', `no member ${JSON.stringify(memberId)} on roster ${rosterId}`);
  const { rosterId: _r, ...m } = row;
  return m;
}
