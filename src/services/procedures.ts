import { and, asc, eq, getTableColumns, gt, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { DbOrTx, Tx } from '../db';
import { auditLog, procedureLetters, procedureSnapshots, procedures, rosters } from '../db/schema';
import { dayOf, isIsoDate } from '../domain/dates';
import { AppError } from '../domain/errors';
import { decide, type ProcedureCommand } from '../domain/procedure/commands';
import { procedureEventSchema, type ProcedureEvent } from '../domain/procedure/events';
import { evaluate, ProcedureFold, STATE_LABELS, type ProcedureState, type ProcedureStatus } from '../domain/procedure/evaluate';
import type { Roster } from '../domain/roster/types';
import { electorateOn } from '../domain/rulebook/denominator';
import { findRulebook, summariseRulebook } from '../domain/rulebook/presets';
import type { Rulebook } from '../domain/rulebook/schema';
import { groupCommit } from './group-commit';
import { appendAudit, auditEpoch, auditInsert, chainAfter, lockAuditChain, noteAppended, noteCommitted, type AuditRecord } from './audit';
import { actorLabel, type Actor, type AppContext } from './context';
import { getMember, loadRoster } from './roster';

type ProcedureRow = typeof procedures.$inferSelect;

export interface OpenProcedureInput {
  id?: string;
  rosterId: string;
  title: string;
  leaderName: string;
  leaderMemberId?: string | null;
  leaderTookOfficeOn?: string | null;
  rulebookId: string;
  /** For a historical re-enactment: the procedure's calendar day. */
  fixedDate?: string | null;
  simulated?: boolean;
  /** The day the procedure opened, when re-enacting history (defaults to the procedure's today). */
  openedOn?: string;
}

const PROCEDURE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export async function openProcedure(ctx: AppContext, actor: Actor, input: OpenProcedureInput): Promise<string> {
  const rulebook = findRulebook(input.rulebookId);
  const id = input.id ?? randomUUID();
  if (!PROCEDURE_ID.test(id)) throw new AppError('VALIDATION_FAILED', 'a procedure id is 1–63 lowercase letters, digits and dashes');
  for (const [field, value] of [['fixedDate', input.fixedDate], ['leaderTookOfficeOn', input.leaderTookOfficeOn]] as const) {
    if (value && !isIsoDate(value)) throw new AppError('VALIDATION_FAILED', `${field} must be a date written YYYY-MM-DD`);
  }
  const today = input.openedOn ?? input.fixedDate ?? dayOf(ctx.clock());
  await ctx.db.transaction(async (tx) => {
    await loadRoster(tx, input.rosterId); // the roster must exist
    if (input.leaderMemberId) await getMember(tx, input.rosterId, input.leaderMemberId);
    const [existing] = await tx.select({ id: procedures.id }).from(procedures).where(eq(procedures.id, id));
    if (existing) throw new AppError('CONFLICT', `a procedure ${id} already exists`);
    await tx.insert(procedures).values({
      id,
      rosterId: input.rosterId,
      title: input.title,
      leaderName: input.leaderName,
      rulebookId: rulebook.id,
      rulebook,
      fixedDate: input.fixedDate ?? null,
      simulated: input.simulated ?? false,
    });
    await appendEvent(tx, ctx, actor, id, {
      type: 'procedure_opened',
      on: today,
      leaderName: input.leaderName,
      leaderMemberId: input.leaderMemberId ?? null,
      leaderTookOfficeOn: input.leaderTookOfficeOn ?? null,
    });
  });
  return id;
}

async function appendEvent(tx: Tx, ctx: AppContext, actor: Actor, procedureId: string, event: ProcedureEvent, chain?: { seq: number; hash: string } | null): Promise<{ seq: number }> {
  return appendAudit(tx, { actor: actorLabel(actor), kind: 'procedure', action: event.type, procedureId, payload: event }, ctx.clock(), chain);
}

/**
 * A procedure's rulebook never changes after it opens (it is the rulebook as it stood then), so it is read
 * once per process: decoding the JSON column on every request was most of a read's database time.
 */
const rulebooks = new Map<string, Rulebook>();
const { rulebook: _rulebookColumn, ...withoutRulebook } = getTableColumns(procedures);

export async function getProcedureRow(db: DbOrTx, id: string): Promise<ProcedureRow> {
  const [row] = await db.select(withoutRulebook).from(procedures).where(eq(procedures.id, id));
  if (!row) throw new AppError('PROCEDURE_NOT_FOUND', `no procedure ${JSON.stringify(id)}`);
  return withRulebook(db, row);
}

async function withRulebook(db: DbOrTx, row: Omit<ProcedureRow, 'rulebook'>): Promise<ProcedureRow> {
  const id = row.id;
  const key = `${row.id}@${row.createdAt.getTime()}`; // a re-created id (tests reuse them) is another procedure
  let rulebook = rulebooks.get(key);
  if (!rulebook) {
    const [r] = await db.select({ rulebook: procedures.rulebook }).from(procedures).where(eq(procedures.id, id));
    rulebook = r!.rulebook;
    if (rulebooks.size > 10_000) rulebooks.clear();
    rulebooks.set(key, rulebook);
  }
  return { ...row, rulebook };
}

export async function listProcedureRows(db: DbOrTx): Promise<ProcedureRow[]> {
  return db.select().from(procedures).orderBy(asc(procedures.createdAt));
}

/**
 * Derived once, kept: each procedure's events and their running evaluation (ProcedureFold), keyed by the
 * sequence number of the last event folded in. A read asks the database only for events after that number
 * (one indexed query, usually empty) and a write folds in one event, so neither replays the history. The
 * audit log stays the only source of truth: a new process, a re-imported roster or another server
 * instance's writes are picked up by the same query. Events are folded in only once committed (read before
 * this transaction appends), and every fold happens synchronously after the query returns, so concurrent
 * requests in this process cannot fold the same event twice.
 */
interface ProcedureMemo {
  seq: number;
  events: ProcedureEvent[];
  fold: ProcedureFold | null;
  roster: Roster;
  statusByDay: Map<string, ProcedureStatus>;
}

const memos = new WeakMap<object, Map<string, ProcedureMemo>>();

async function procedureMemo(ctx: AppContext, db: DbOrTx, row: ProcedureRow, roster: Roster): Promise<ProcedureMemo> {
  let byId = memos.get(ctx.db);
  if (!byId) memos.set(ctx.db, (byId = new Map()));
  let memo = byId.get(row.id);
  if (!memo || memo.roster !== roster) {
    memo = { seq: 0, events: [], fold: null, roster, statusByDay: new Map() };
    byId.set(row.id, memo);
  }
  const rows = await db
    .select({ seq: auditLog.seq, payload: auditLog.payload })
    .from(auditLog)
    .where(and(eq(auditLog.procedureId, row.id), gt(auditLog.seq, memo.seq), eq(auditLog.kind, 'procedure')))
    .orderBy(asc(auditLog.seq));
  for (const r of rows) {
    if (r.seq <= memo.seq) continue; // another request folded it in while this one waited
    const event = procedureEventSchema.parse(JSON.parse(r.payload));
    memo.events.push(event);
    memo.fold ??= new ProcedureFold({ rulebook: row.rulebook, roster }, event.on);
    memo.fold.push(event);
    memo.seq = r.seq;
    memo.statusByDay.clear();
  }
  return memo;
}

function statusOn(memo: ProcedureMemo, rulebook: Rulebook, asOf: string): ProcedureStatus {
  const cached = memo.statusByDay.get(asOf);
  if (cached) return cached;
  const last = memo.fold?.lastEventDay;
  // A day before the last event (the chair looking back) replays from the start; it is not a hot path.
  const status = memo.fold && last && asOf >= last ? memo.fold.statusOn(asOf) : evaluate(memo.events, { rulebook, roster: memo.roster }, asOf);
  if (memo.statusByDay.size > 64) memo.statusByDay.clear();
  memo.statusByDay.set(asOf, status);
  return status;
}

export function procedureToday(row: ProcedureRow, clock: () => Date): string {
  return row.fixedDate ?? dayOf(clock());
}

export interface LoadedProcedure {
  row: ProcedureRow;
  rulebook: Rulebook;
  status: ProcedureStatus;
  today: string;
  /** The roster the status was computed over (saves the views a query). */
  roster?: Roster;
}

export async function loadProcedure(ctx: AppContext, id: string, asOf?: string, db: DbOrTx = ctx.db): Promise<LoadedProcedure> {
  const row = await getProcedureRow(db, id);
  const today = procedureToday(row, ctx.clock);
  if (asOf !== undefined && !isIsoDate(asOf)) throw new AppError('VALIDATION_FAILED', 'asOf must be a date written YYYY-MM-DD');
  const roster = await loadRoster(db, row.rosterId);
  const memo = await procedureMemo(ctx, db, row, roster);
  const status = statusOn(memo, row.rulebook, asOf ?? today);
  return { row, rulebook: row.rulebook, status, today, roster };
}

// ---------------------------------------------------------------------------------------------
// The stored snapshot (procedure_snapshots + procedure_letters): derived once, stored with the event.

/**
 * A procedure's snapshot as this process holds it: the restored fold at audit entry `seq`, over the roster
 * as imported at `rosterImportedAt`, with the statuses and public views already asked for (per day).
 * Replaced, never mutated, when a newer entry is seen.
 */
interface Snapshot {
  row: ProcedureRow;
  /** When a query last confirmed this snapshot is the stored one, and this process's audit epoch then. */
  validatedAt: number;
  epoch: number;
  seq: number;
  createdAt: number;
  rosterImportedAt: number;
  roster: Roster;
  fold: ProcedureFold;
  byDay: Map<string, ProcedureStatus>;
  publicByDay: Map<string, ProcedurePublicView>;
}

const snapshotCache = new WeakMap<object, Map<string, Snapshot>>();
function cacheOf(ctx: AppContext): Map<string, Snapshot> {
  let byId = snapshotCache.get(ctx.db);
  if (!byId) snapshotCache.set(ctx.db, (byId = new Map()));
  return byId;
}

/**
 * The one query of a read: the procedure, its roster's import time, its snapshot's position, and the
 * sequence number of its last event in the audit log (on the `(procedure_id, seq)` index).
 */
async function readHead(db: DbOrTx, id: string) {
  const epoch = auditEpoch(); // before the query: a write made here after it started makes the answer suspect
  // drizzle/0011_procedure_head.sql: a PL/pgSQL function, so the plan is cached per connection.
  const result = await db.execute(sql`select * from confidence_procedure_head(${id})`);
  const h = ((result as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]))[0] as HeadRow | undefined;
  if (!h) throw new AppError('PROCEDURE_NOT_FOUND', `no procedure ${JSON.stringify(id)}`);
  if (h.head === null) throw new AppError('INVALID_TRANSITION', `procedure ${id} has no opening event`);
  const num = (v: number | string | bigint) => Number(v);
  const row: Omit<ProcedureRow, 'rulebook'> = {
    id: h.id,
    rosterId: h.roster_id,
    title: h.title,
    leaderName: h.leader_name,
    rulebookId: h.rulebook_id,
    fixedDate: h.fixed_date,
    simulated: h.simulated,
    createdAt: new Date(num(h.created_ms)),
  };
  const head = num(h.head);
  const rosterImportedAt = new Date(num(h.roster_imported_ms));
  const stored = h.snapshot_seq !== null && num(h.snapshot_seq) === head && h.snapshot_roster_imported_ms !== null && num(h.snapshot_roster_imported_ms) === rosterImportedAt.getTime();
  const chain = h.chain_seq !== null && h.chain_hash !== null ? { seq: num(h.chain_seq), hash: h.chain_hash } : null;
  return { row, head, rosterImportedAt, stored, epoch, chain };
}

interface HeadRow {
  id: string;
  roster_id: string;
  title: string;
  leader_name: string;
  rulebook_id: string;
  fixed_date: string | null;
  simulated: boolean;
  created_ms: number | string;
  roster_imported_ms: number | string;
  snapshot_seq: number | string | bigint | null;
  snapshot_roster_imported_ms: number | string | null;
  head: number | string | bigint | null;
  chain_seq: number | string | bigint | null;
  chain_hash: string | null;
}

type Head = Awaited<ReturnType<typeof readHead>>;

/**
 * Reads outside a transaction share one head query per procedure while it is in flight: fifty clients asking
 * at once cost one query, not fifty. A request joins only a query issued after this process's last audited
 * write (the audit epoch), so nobody is answered with a state older than a write already acknowledged
 * here; another server instance's write is seen, as before, by the next query.
 */
const inflight = new WeakMap<object, Map<string, { epoch: number; head: Promise<Head> }>>();
function sharedHead(ctx: AppContext, id: string): Promise<Head> {
  let byId = inflight.get(ctx.db);
  if (!byId) inflight.set(ctx.db, (byId = new Map()));
  const epoch = auditEpoch();
  const pending = byId.get(id);
  if (pending && pending.epoch === epoch) return pending.head;
  const entry = { epoch, head: readHead(ctx.db, id) };
  byId.set(id, entry);
  const done = () => {
    if (byId.get(id) === entry) byId.delete(id);
  };
  entry.head.then(done, done);
  return entry.head;
}

/**
 * The procedure's current snapshot: from this process's memory when it is at the audit log's head, else
 * from the stored snapshot, else rebuilt from the audit log (once, under the audit lock) and stored. The
 * rebuild covers a database from before snapshots, events written by other means (imports, the
 * benchmark's seeding) and a re-imported roster.
 */
async function currentSnapshot(ctx: AppContext, db: DbOrTx, id: string, inTransaction: boolean): Promise<{ row: ProcedureRow; snap: Snapshot; head: Head }> {
  const head = inTransaction ? await readHead(db, id) : await sharedHead(ctx, id);
  const row = await withRulebook(db, head.row);
  const cache = cacheOf(ctx);
  const cached = cache.get(id);
  const createdAt = row.createdAt.getTime();
  const rosterImportedAt = head.rosterImportedAt.getTime();
  if (head.stored && cached && cached.seq === head.head && cached.createdAt === createdAt && cached.rosterImportedAt === rosterImportedAt) {
    cached.row = row;
    validated(cached, head);
    return { row, snap: cached, head };
  }
  let snap: Snapshot;
  if (head.stored) {
    const roster = await loadRoster(db, row.rosterId);
    const [stored] = await db.select({ state: procedureSnapshots.state }).from(procedureSnapshots).where(eq(procedureSnapshots.procedureId, id));
    const letters = await db.select().from(procedureLetters).where(eq(procedureLetters.procedureId, id)).orderBy(asc(procedureLetters.memberId));
    const fold = ProcedureFold.restore({ rulebook: row.rulebook, roster }, { ...stored!.state, letters: letters.map(({ procedureId: _p, ...l }) => l) });
    snap = { row, validatedAt: 0, epoch: -1, seq: head.head, createdAt, rosterImportedAt, roster, fold, byDay: new Map(), publicByDay: new Map() };
  } else if (inTransaction) {
    snap = await rebuildSnapshot(db as Tx, row, head);
  } else {
    return ctx.db.transaction(async (tx) => {
      await lockAuditChain(tx);
      return currentSnapshot(ctx, tx, id, true);
    });
  }
  if (!inTransaction) validated(snap, head);
  remember(cache, id, snap);
  return { row, snap, head };
}

function validated(snap: Snapshot, head: Head): void {
  if (head.epoch < snap.epoch) return;
  snap.epoch = head.epoch;
  snap.validatedAt = Date.now();
}

/**
 * How long an anonymous public view may be served from this process's snapshot without asking the database.
 * Any audited write made by this process ends it at once (the audit epoch), so on PGlite, where this process
 * is the only writer, the public view is never behind; on PostgreSQL another instance's write shows within
 * this bound, as with a one-second HTTP cache.
 */
export const PUBLIC_VIEW_FRESH_MS = 1000;

function remember(cache: Map<string, Snapshot>, id: string, snap: Snapshot): void {
  const had = cache.get(id);
  if (had && had.createdAt === snap.createdAt && had.rosterImportedAt === snap.rosterImportedAt && had.seq > snap.seq) return;
  if (cache.size > 10_000) cache.clear();
  cache.set(id, snap);
}

/** Replays the procedure's events from the audit log and stores the result (the caller holds the audit lock). */
async function rebuildSnapshot(tx: Tx, row: ProcedureRow, head: Head): Promise<Snapshot> {
  const roster = await loadRoster(tx, row.rosterId);
  const events = await readEvents(tx, row.id);
  const full = new ProcedureFold({ rulebook: row.rulebook, roster }, events[0]!.on);
  for (const e of events) full.push(e);
  const fold = full.clone(); // the stored form keeps no timeline
  await saveSnapshot(tx, row.id, head.head, head.rosterImportedAt, fold, 'all');
  return { row, validatedAt: 0, epoch: -1, seq: head.head, createdAt: row.createdAt.getTime(), rosterImportedAt: head.rosterImportedAt.getTime(), roster, fold, byDay: new Map(), publicByDay: new Map() };
}

async function readEvents(db: DbOrTx, procedureId: string): Promise<ProcedureEvent[]> {
  const rows = await db
    .select({ payload: auditLog.payload })
    .from(auditLog)
    .where(and(eq(auditLog.procedureId, procedureId), eq(auditLog.kind, 'procedure')))
    .orderBy(asc(auditLog.seq));
  return rows.map((r) => procedureEventSchema.parse(JSON.parse(r.payload)));
}

/** Writes the snapshot row and the letters that changed ('all' rewrites them), in the caller's transaction. */
async function saveSnapshot(
  tx: Tx,
  procedureId: string,
  seq: number,
  rosterImportedAt: Date,
  fold: ProcedureFold,
  changed: string[] | 'all',
  /** A data-modifying statement to run in the same statement (the group's audit entries), so one round trip. */
  alongside?: SQL,
): Promise<void> {
  const { letters, ...state } = fold.exportState();
  const updatedAt = new Date();
  const some = changed === 'all' ? [] : [...new Set(changed)].map((m) => fold.letterOf(m)).filter((l) => l !== null && l !== undefined);
  if (changed !== 'all') {
    // The usual write (one letter, or a group's letters and audit entries): everything in one statement, one
    // round trip, the letters as one JSON parameter.
    const letterRows = some.map((l) => ({ member_id: l.memberId, status: l.status, effective_from: l.effectiveFrom, submitted_on: l.submittedOn, withdrawn_on: l.withdrawnOn, recorded_by: l.recordedBy, simulated: l.simulated, cycle: l.cycle }));
    await tx.execute(sql`
      with ${alongside ? sql`audit as (${alongside}), ` : sql``}snapshot as (
        insert into ${procedureSnapshots} (procedure_id, seq, roster_imported_at, state, updated_at)
        values (${procedureId}, ${seq}, ${rosterImportedAt.toISOString()}::timestamptz, ${JSON.stringify(state)}::jsonb, ${updatedAt.toISOString()}::timestamptz)
        on conflict (procedure_id) do update set seq = excluded.seq, roster_imported_at = excluded.roster_imported_at, state = excluded.state, updated_at = excluded.updated_at
      )
      insert into ${procedureLetters} (procedure_id, member_id, status, effective_from, submitted_on, withdrawn_on, recorded_by, simulated, cycle)
      select ${procedureId}, member_id, status, effective_from, submitted_on, withdrawn_on, recorded_by, simulated, cycle
      from json_to_recordset(${JSON.stringify(letterRows)}::json) as l(member_id text, status text, effective_from text, submitted_on text, withdrawn_on text, recorded_by text, simulated boolean, cycle integer)
      on conflict (procedure_id, member_id) do update set status = excluded.status, effective_from = excluded.effective_from, submitted_on = excluded.submitted_on,
        withdrawn_on = excluded.withdrawn_on, recorded_by = excluded.recorded_by, simulated = excluded.simulated, cycle = excluded.cycle`);
    return;
  }
  if (alongside) await tx.execute(alongside);
  await tx
    .insert(procedureSnapshots)
    .values({ procedureId, seq, rosterImportedAt, state, updatedAt })
    .onConflictDoUpdate({ target: procedureSnapshots.procedureId, set: { seq, rosterImportedAt, state, updatedAt } });
  await tx.delete(procedureLetters).where(eq(procedureLetters.procedureId, procedureId));
  for (let i = 0; i < letters.length; i += 500) {
    await tx.insert(procedureLetters).values(letters.slice(i, i + 500).map((l) => ({ procedureId, ...l })));
  }
}

function snapshotStatus(snap: Snapshot, day: string): ProcedureStatus {
  let status = snap.byDay.get(day);
  if (!status) {
    status = snap.fold.statusOn(day);
    if (snap.byDay.size > 64) snap.byDay.clear();
    snap.byDay.set(day, status);
  }
  return status;
}

/**
 * The procedure today (or on a day from its last event on) from the stored snapshot: one query when this
 * process already holds it. A day before the last event (the chair looking back) replays (loadProcedure).
 */
export async function loadCurrentProcedure(ctx: AppContext, id: string, asOf?: string): Promise<LoadedProcedure> {
  if (asOf !== undefined && !isIsoDate(asOf)) throw new AppError('VALIDATION_FAILED', 'asOf must be a date written YYYY-MM-DD');
  const { row, snap } = await currentSnapshot(ctx, ctx.db, id, false);
  const today = procedureToday(row, ctx.clock);
  const day = asOf ?? today;
  const last = snap.fold.lastEventDay;
  if (last && day < last) return loadProcedure(ctx, id, day);
  return { row, rulebook: row.rulebook, status: snapshotStatus(snap, day), today, roster: snap.roster };
}

/** The public view on `day`, kept with the snapshot (it is asked for far more often than anything else). */
async function cachedPublicView(ctx: AppContext, id: string, on: string | undefined): Promise<ProcedurePublicView> {
  const held = cacheOf(ctx).get(id);
  // The sole writer (PGlite) knows of every write: the epoch alone says whether the view is current. Another
  // process may write a PostgreSQL database, so there the view is also asked again after PUBLIC_VIEW_FRESH_MS.
  const fresh = held && held.epoch === auditEpoch() && (ctx.config.soleWriter || Date.now() - held.validatedAt < PUBLIC_VIEW_FRESH_MS);
  const { row, snap } = fresh ? { row: held.row, snap: held } : await currentSnapshot(ctx, ctx.db, id, false);
  const today = procedureToday(row, ctx.clock);
  if (on !== undefined && on > today) throw new AppError('DATE_IN_FUTURE', `the public view answers for days up to the procedure's today (${today}), not ${on}`);
  const day = on ?? today;
  const last = snap.fold.lastEventDay;
  if (last && day < last) return publicView(await loadProcedure(ctx, id, day));
  let view = snap.publicByDay.get(day);
  if (!view) {
    view = publicView({ row, rulebook: row.rulebook, status: snapshotStatus(snap, day), today, roster: snap.roster });
    if (snap.publicByDay.size > 64) snap.publicByDay.clear();
    snap.publicByDay.set(day, view);
  }
  return view;
}

/** A procedure's roster never changes after it opens: the members' routes check it without a query. */
const procedureRosters = new WeakMap<object, Map<string, string>>();
export async function procedureRosterId(ctx: AppContext, id: string): Promise<string> {
  let byId = procedureRosters.get(ctx.db);
  if (!byId) procedureRosters.set(ctx.db, (byId = new Map()));
  const known = byId.get(id);
  if (known) return known;
  const [row] = await ctx.db.select({ rosterId: procedures.rosterId }).from(procedures).where(eq(procedures.id, id));
  if (!row) throw new AppError('PROCEDURE_NOT_FOUND', `no procedure ${JSON.stringify(id)}`);
  if (byId.size > 10_000) byId.clear();
  byId.set(id, row.rosterId);
  return row.rosterId;
}

/**
 * The procedure as the public may see it on `on` (default: today): the API's public view and the CLI's. It never
 * runs ahead of the procedure's clock: a later day would reveal post-dated letters and, day by day, the hidden
 * count's history, so it is refused (DATE_IN_FUTURE). The chair's and officers' views keep their date controls.
 */
export async function publicProcedureView(ctx: AppContext, id: string, on?: string): Promise<ProcedurePublicView> {
  if (on !== undefined && !isIsoDate(on)) throw new AppError('VALIDATION_FAILED', 'on must be a date written YYYY-MM-DD');
  return cachedPublicView(ctx, id, on);
}

/**
 * Runs a command: lock, read the snapshot, decide, append the event and update the snapshot, in one
 * transaction. The audit lock serialises concurrent commands (across connections and processes), so two
 * letters arriving at once are both counted exactly once; the cost is one event, whatever the history.
 *
 * Group commit: the commands on one procedure that arrive while its previous group is committing wait, and
 * then go in together: one transaction, one lock, one head query, each command decided in turn on the state
 * its predecessors left (exactly as if they had run one by one), their audit entries chained in that order
 * and written with one INSERT, the snapshot and the changed letters with one statement, one COMMIT. Nobody
 * is answered before that commit; a command refused by the rules is refused alone, a database failure fails
 * the group (nothing of it is stored). Returns the procedure as it stands once the command is committed (with
 * the commands committed alongside it), on its today.
 */
export async function runProcedureCommand(
  ctx: AppContext,
  actor: Actor,
  procedureId: string,
  command: ProcedureCommand,
  /** Replays history on a given day (demo seeding and tests only; never reachable from the API). */
  options: { onDay?: string } = {},
): Promise<{ event: ProcedureEvent | null; after: LoadedProcedure }> {
  const outcome = await new Promise<Outcome>((resolve, reject) => {
    const pending: PendingCommand = { actor, command, onDay: options.onDay, resolve, reject };
    // A re-enactment's day is its own: it goes alone, never grouped with commands on the procedure's today.
    if (options.onDay) void commitGroup(ctx, procedureId, [pending]);
    else enqueueCommand(ctx, procedureId, pending);
  });
  const { snap, row, today } = outcome;
  const last = snap.fold.lastEventDay;
  const after: LoadedProcedure =
    last && today < last ? await loadProcedure(ctx, procedureId, today) : { row, rulebook: row.rulebook, status: snapshotStatus(snap, today), today, roster: snap.roster };
  return { event: outcome.event, after };
}

interface Outcome {
  event: ProcedureEvent | null;
  row: ProcedureRow;
  today: string;
  snap: Snapshot;
}

interface PendingCommand {
  actor: Actor;
  command: ProcedureCommand;
  onDay?: string;
  resolve(o: Outcome): void;
  reject(e: unknown): void;
}

/**
 * At most this many commands per group. Larger groups commit more per COMMIT but hold the event loop longer in
 * one piece (on PGlite the database runs in it): 16 gave the best reads-during-writes on the benchmark.
 */
const MAX_GROUP = 16;
const letterGroups = groupCommit<PendingCommand>(MAX_GROUP);

function enqueueCommand(ctx: AppContext, procedureId: string, pending: PendingCommand): void {
  letterGroups.enqueue(
    ctx.db,
    procedureId,
    pending,
    (batch) => commitGroup(ctx, procedureId, batch),
    (batch, e) => batch.forEach((p) => p.reject(e)),
  );
}

/**
 * Commits one group and answers its commands. Returns the commands it left for the next group: one that must
 * replay the history (a day before the last event) is decided alone, on what is stored.
 */
async function commitGroup(ctx: AppContext, procedureId: string, batch: PendingCommand[]): Promise<PendingCommand[]> {
  // A failed transaction throws: the group-commit queue then rejects every command of the group (nothing stored).
  const result = await inTurn(ctx, () => ctx.db.transaction((tx) => decideGroup(ctx, tx, procedureId, batch)));
  // Only a committed snapshot is kept in memory; reads from now on do not join a query issued before it.
  if (result.appended) {
    noteCommitted();
    // The snapshot this transaction stored is the stored one now: the public view may serve it at once.
    result.snap.epoch = auditEpoch();
    result.snap.validatedAt = Date.now();
    remember(cacheOf(ctx), procedureId, result.snap);
  }
  for (const a of result.answers) {
    if (a.error !== undefined) a.p.reject(a.error);
    else a.p.resolve({ event: a.event, row: result.row, today: a.today, snap: result.snap });
  }
  return result.deferred;
}

async function decideGroup(ctx: AppContext, tx: Tx, procedureId: string, batch: PendingCommand[]) {
  await lockAuditChain(tx);
  const { row, snap, head } = await currentSnapshot(ctx, tx, procedureId, true);
  await letReadersIn(ctx);
  const roster = snap.roster;
  const pctx = { rulebook: row.rulebook, roster };
  let fold: ProcedureFold | null = null; // cloned at the first event: readers keep the committed one
  const records: AuditRecord[] = [];
  const changed = new Set<string>();
  const answers: { p: PendingCommand; event: ProcedureEvent | null; today: string; error?: unknown }[] = [];
  const deferred: PendingCommand[] = [];
  for (let i = 0; i < batch.length; i++) {
    const p = batch[i]!;
    const command = p.command;
    const today = p.onDay ?? procedureToday(row, ctx.clock);
    const current = fold ?? snap.fold;
    const last = current.lastEventDay;
    const replay = Boolean(last && today < last);
    if (replay && records.length > 0) {
      // Replaying needs the stored history, which lacks this group's events until it commits: next group.
      deferred.push(...batch.slice(i));
      break;
    }
    try {
      if ('memberId' in command && !roster.members.some((m) => m.memberId === command.memberId)) {
        throw new AppError('MEMBER_NOT_FOUND', `no member ${JSON.stringify(command.memberId)} on roster ${row.rosterId}`);
      }
      // A live procedure's schedule is checked against the clock; a re-enactment's against its fixed day.
      const now = row.fixedDate || p.onDay ? undefined : ctx.clock().toISOString();
      const events = replay ? await readEvents(tx, procedureId) : [];
      const status = replay ? evaluate(events, pctx, today) : (fold ?? snap.fold).decisionStatusOn(today, 'memberId' in command ? command.memberId : null);
      const event = decide(events, pctx, command, today, now, status);
      if (event) {
        fold ??= snap.fold.clone();
        fold.push(event);
        records.push({ actor: actorLabel(p.actor), kind: 'procedure', action: event.type, procedureId, payload: event });
        if ('memberId' in event) changed.add(event.memberId);
      }
      answers.push({ p, event, today });
    } catch (e) {
      if (!(e instanceof AppError)) throw e; // not a refusal by the rules: the whole group fails, nothing stored
      answers.push({ p, event: null, today, error: e });
    }
  }
  if (!fold || records.length === 0) return { answers, deferred, row, snap, appended: false };
  // The chain head read with the snapshot, after the lock, unless a rebuild wrote in between (it does not append).
  await letReadersIn(ctx);
  const entries = chainAfter(head.chain, records, ctx.clock());
  const seq = entries[entries.length - 1]!.seq;
  await saveSnapshot(tx, procedureId, seq, head.rosterImportedAt, fold, [...changed], auditInsert(entries));
  noteAppended(tx, records);
  await letReadersIn(ctx); // the COMMIT then runs in a turn of its own
  const next: Snapshot = { ...snap, validatedAt: 0, epoch: -1, seq, fold, byDay: new Map(), publicByDay: new Map() };
  return { answers, deferred, row, snap: next, appended: true };
}

/**
 * PGlite runs each statement synchronously in this event loop, and its promises resolve at once, so a group's
 * transaction (lock, head, decisions, the write, COMMIT) would otherwise run as one uninterrupted piece while the
 * public readers' requests, served from memory, wait for it. Between those steps the loop takes in I/O. The
 * transaction stays open meanwhile; only the writers wait for it, and the readers do not need the database.
 * Only when PGlite runs in this thread (the CLI, tests): the server runs it in a worker (ADR 0014), and on
 * PostgreSQL each statement is a round trip that yields anyway.
 */
async function letReadersIn(ctx: AppContext): Promise<void> {
  if (ctx.config.pgliteOnMainThread) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Commands of one process wait here before asking for a connection, a few at a time: they are serialised on
 * the audit lock anyway, and sixty writers each holding a pooled PostgreSQL connection while they wait for it
 * would leave none for the readers. A few waiting inside PostgreSQL keep the lock's hand-over immediate.
 */
const WRITERS_AT_ONCE = 4;
const turns = new WeakMap<object, { running: number; waiting: (() => void)[] }>();
async function inTurn<T>(ctx: AppContext, work: () => Promise<T>): Promise<T> {
  let q = turns.get(ctx.db);
  if (!q) turns.set(ctx.db, (q = { running: 0, waiting: [] }));
  const queue = q;
  if (queue.running >= WRITERS_AT_ONCE) await new Promise<void>((resolve) => queue.waiting.push(resolve));
  else queue.running++;
  try {
    // PGlite runs each query synchronously and hands its connection on through promise callbacks, so a queue of
    // writers could keep the event loop in microtasks and leave the readers' requests unread: let I/O in first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return await work();
  } finally {
    const next = queue.waiting.shift();
    if (next) next(); // the slot passes straight to the next writer
    else queue.running--;
  }
}

/** Moves a re-enactment's calendar forward (e.g. to the day a post-dated letter takes effect). */
export async function advanceProcedureDate(ctx: AppContext, actor: Actor, procedureId: string, date: string): Promise<void> {
  if (!isIsoDate(date)) throw new AppError('VALIDATION_FAILED', 'date must be YYYY-MM-DD');
  await ctx.db.transaction(async (tx) => {
    const row = await getProcedureRow(tx, procedureId);
    if (!row.fixedDate) throw new AppError('INVALID_TRANSITION', 'this procedure follows the real calendar');
    if (date < row.fixedDate) throw new AppError('VALIDATION_FAILED', `the procedure date can only move forward (it is ${row.fixedDate})`);
    await tx.update(procedures).set({ fixedDate: date }).where(eq(procedures.id, procedureId));
    await appendAudit(tx, { actor: actorLabel(actor), kind: 'procedure-admin', action: 'procedure_date_advanced', procedureId, payload: { from: row.fixedDate, to: date } }, ctx.clock());
  }); // the audit epoch ends once this transaction has (services/audit.ts)
}

// ---------------------------------------------------------------------------------------------
// Views. Each role gets a view built for it; nothing confidential is ever filtered out later.

export interface ProcedurePublicView {
  id: string;
  title: string;
  simulated: boolean;
  leader: { name: string };
  party: string | null;
  rulebook: { id: string; name: string; summary: string[] };
  asOf: string;
  denominator: number;
  threshold: number;
  state: ProcedureState;
  stateLabel: string;
  immuneUntil: string | null;
  ballot: { opensAt: string; closesAt: string } | null;
  outcome: { result: 'survived' | 'lost'; yes: number; no: number } | null;
}

/** The public view: the rules, the denominator, the threshold and the state — never the count or a name. */
export function publicView(p: LoadedProcedure): ProcedurePublicView {
  const s = p.status;
  return {
    id: p.row.id,
    title: p.row.title,
    simulated: p.row.simulated,
    leader: { name: p.row.leaderName },
    party: p.rulebook.electorate.kind === 'whip-holders' ? p.rulebook.electorate.party : null,
    rulebook: { id: p.rulebook.id, name: p.rulebook.name, summary: summariseRulebook(p.rulebook) },
    asOf: s.asOf,
    denominator: s.denominator,
    threshold: s.threshold,
    state: s.state,
    stateLabel: STATE_LABELS[s.state],
    immuneUntil: s.immuneUntil,
    ballot: s.ballot,
    outcome: s.outcome ? { result: s.outcome.result, yes: s.outcome.yes, no: s.outcome.no } : null,
  };
}

export interface ChairLetter {
  memberId: string;
  displayName: string;
  constituency: string;
  status: 'submitted' | 'withdrawn';
  effectiveFrom: string;
  submittedAt: string;
  withdrawnAt: string | null;
  inForce: boolean;
  notCountingBecause: string | null;
  simulated: boolean;
  recordedBy: string;
}

export interface ProcedureChairView extends ProcedurePublicView {
  count: number;
  letters: ChairLetter[];
  timeline: { at: string; kind: string; description: string; count: number; threshold: number }[];
  thresholdReachedOn: string | null;
}

/** The chair's and officers' view: the count, the names and the timeline. */
export async function chairView(db: DbOrTx, p: LoadedProcedure): Promise<ProcedureChairView> {
  const roster = p.roster ?? (await loadRoster(db, p.row.rosterId));
  const byId = new Map(roster.members.map((m) => [m.memberId, m]));
  const name = (id: string | null) => (id ? (byId.get(id)?.displayName ?? id) : null);
  return {
    ...publicView(p),
    count: p.status.count,
    thresholdReachedOn: p.status.thresholdReachedOn,
    letters: p.status.letters
      .map((l) => ({
        memberId: l.memberId,
        displayName: name(l.memberId)!,
        constituency: byId.get(l.memberId)?.constituency ?? '',
        status: l.status,
        effectiveFrom: l.effectiveFrom,
        submittedAt: l.submittedOn,
        withdrawnAt: l.withdrawnOn,
        inForce: l.inForce,
        notCountingBecause: l.notCountingBecause,
        simulated: l.simulated,
        recordedBy: l.recordedBy === 'chair' ? 'the chair (paper letter)' : 'the member',
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName)),
    timeline: p.status.timeline.map((t) => ({
      at: t.on,
      kind: t.kind,
      description: t.memberId ? `${t.description}: ${name(t.memberId)}` : t.description,
      count: t.count,
      threshold: t.threshold,
    })),
  };
}

export interface MyLetterView {
  eligible: boolean;
  letter: null | { status: 'submitted' | 'withdrawn'; effectiveFrom: string; submittedAt: string; withdrawnAt: string | null; inForce: boolean };
  /** The member's letter that helped trigger a vote (spent by it), so the member is told it counted. */
  spentLetter: null | { submittedAt: string; effectiveFrom: string };
}

/** A member's own letter, and whether they may write one today. */
export async function myLetterView(ctx: AppContext, p: LoadedProcedure, memberId: string): Promise<MyLetterView> {
  const roster = p.roster ?? (await loadRoster(ctx.db, p.row.rosterId));
  const eligible = electorateOn(p.rulebook, roster, p.today).includes(memberId);
  const l = p.status.letters.find((x) => x.memberId === memberId && x.notCountingBecause !== 'spent-by-ballot');
  const spent = p.status.letters.find((x) => x.memberId === memberId && x.notCountingBecause === 'spent-by-ballot');
  return {
    eligible,
    letter: l ? { status: l.status, effectiveFrom: l.effectiveFrom, submittedAt: l.submittedOn, withdrawnAt: l.withdrawnOn, inForce: l.inForce } : null,
    spentLetter: spent ? { submittedAt: spent.submittedOn, effectiveFrom: spent.effectiveFrom } : null,
  };
}
