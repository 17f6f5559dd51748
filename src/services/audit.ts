import { asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { onTransactionEnd, type Db, type DbOrTx, type Tx } from '../db';
import { auditLog } from '../db/schema';
import { canonicalJson } from '../domain/audit/canonical-json';
import { ChainVerifier, chainEntry, type AuditEntry, type ChainVerdict } from '../domain/audit/chain';

export interface AuditRecord {
  actor: string;
  kind: string;
  action: string;
  procedureId?: string | null;
  payload: unknown;
}

/**
 * Serialises writers across every connection and instance: the chain must have one head. A service that
 * reads state, decides and appends (a letter, a seal) takes it before reading, so its decision cannot be
 * made on stale state; taking it again in the same transaction is a no-op.
 */
export async function lockAuditChain(tx: Tx): Promise<void> {
  if (locked.has(tx)) return; // held until this transaction ends: asking again is a round trip for nothing
  await tx.execute(sql`select pg_advisory_xact_lock(7249013)`);
  locked.add(tx);
}
const locked = new WeakSet<object>();

/**
 * Appends one entry to the hash chain inside the caller's transaction, so the audited change and
 * its audit entry commit together or not at all.
 */
export async function appendAudit(
  tx: Tx,
  record: AuditRecord,
  at: Date,
  /** The chain's head, when the caller read it in this transaction after taking the lock (saves a query). */
  head?: { seq: number; hash: string } | null,
): Promise<AuditEntry> {
  await lockAuditChain(tx);
  const last = head !== undefined && locked.has(tx) ? head : (await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1))[0];
  const entry = chainEntry(last ?? null, {
    at: at.toISOString(),
    actor: record.actor,
    kind: record.kind,
    action: record.action,
    procedureId: record.procedureId ?? null,
    payload: canonicalJson(record.payload),
  });
  await tx.insert(auditLog).values(entry);
  // A procedure event is published by its command once committed, with the snapshot it stored
  // (services/procedures.ts); any other entry ends the epoch when its transaction has ended (below).
  if (record.kind !== 'procedure') endsEpoch.add(tx);
  return entry;
}

/**
 * Chains several entries in order after `head` (the chain's head, read by the caller after taking the audit
 * lock) without writing them: the caller writes them with auditInsert, in one statement with whatever else
 * its transaction stores (a group of commands committed together).
 */
export function chainAfter(head: Pick<AuditEntry, 'seq' | 'hash'> | null, records: AuditRecord[], at: Date): AuditEntry[] {
  let last = head;
  const stamp = at.toISOString();
  return records.map((record): AuditEntry => {
    const entry = chainEntry(last, { at: stamp, actor: record.actor, kind: record.kind, action: record.action, procedureId: record.procedureId ?? null, payload: canonicalJson(record.payload) });
    last = entry;
    return entry;
  });
}

/**
 * An INSERT of chained entries with a single parameter (the entries as JSON): usable alone or as a
 * data-modifying WITH clause of a larger statement. One parameter instead of nine per entry: binding them
 * was a good part of a group's cost on PGlite. The caller's transaction holds the audit lock.
 */
export function auditInsert(entries: AuditEntry[]): SQL {
  const rows = entries.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, kind: e.kind, action: e.action, procedure_id: e.procedureId, payload: e.payload, prev_hash: e.prevHash, hash: e.hash }));
  return sql`insert into ${auditLog} (seq, at, actor, kind, action, procedure_id, payload, prev_hash, hash)
    select seq, at, actor, kind, action, procedure_id, payload, prev_hash, hash
    from json_to_recordset(${JSON.stringify(rows)}::json) as e(seq bigint, at text, actor text, kind text, action text, procedure_id text, payload text, prev_hash text, hash text)
    order by seq`;
}

/** Notes that non-procedure entries were appended in `tx` (see appendAudit); procedure commands call noteCommitted. */
export function noteAppended(tx: Tx, records: AuditRecord[]): void {
  if (records.some((r) => r.kind !== 'procedure')) endsEpoch.add(tx);
}

/**
 * Counts the audited writes this process has made (every change of state appends to the chain): a cache
 * that remembers the count it was filled at knows whether anything was written here since. Bumped only once a
 * write is final: when the transaction that appended a non-procedure entry has ended (src/db: onTransactionEnd;
 * after a rollback too, so nothing read while it was open is kept), and by procedure commands after their
 * COMMIT (noteCommitted). Bumping before the commit would let a reader take the bumped count with the state
 * from before the write and serve that state as current once the write was acknowledged.
 */
let epoch = 0;
export function auditEpoch(): number {
  return epoch;
}
export function noteCommitted(): void {
  epoch++;
}
const endsEpoch = new WeakSet<object>();
onTransactionEnd((tx) => {
  if (endsEpoch.has(tx)) epoch++;
});

export async function readAudit(db: DbOrTx, filter: { procedureId?: string; kind?: string } = {}): Promise<AuditEntry[]> {
  const where = filter.procedureId ? eq(auditLog.procedureId, filter.procedureId) : undefined;
  const rows = await db.select().from(auditLog).where(where).orderBy(asc(auditLog.seq));
  return filter.kind ? rows.filter((r) => r.kind === filter.kind) : rows;
}

/** The most entries one page of the audit log holds (over HTTP and in the local check alike). */
export const AUDIT_PAGE_SIZE = 5_000;

/** One page of the audit log in chain order: the entries after `after`, and how many the log holds in all. */
export async function auditPage(db: DbOrTx, after: number, limit: number = AUDIT_PAGE_SIZE): Promise<{ entries: AuditEntry[]; total: number }> {
  const [{ total } = { total: 0 }] = await db.select({ total: sql<number>`count(*)::int` }).from(auditLog);
  const entries = await db.select().from(auditLog).where(sql`${auditLog.seq} > ${after}`).orderBy(asc(auditLog.seq)).limit(Math.min(limit, AUDIT_PAGE_SIZE));
  return { entries, total };
}

/** Verifies the chain from the genesis, a page at a time (constant memory), reporting progress. */
export async function verifyAudit(db: Db, onProgress?: (checked: number, total: number) => void): Promise<ChainVerdict> {
  return verifyAuditPages((after) => auditPage(db, after), onProgress);
}

/**
 * Checks the chain page by page from any source of pages: the database here, or a running server's
 * `GET /api/audit/entries` (the CLI while a server holds the data folder). The check runs where this code runs.
 */
export async function verifyAuditPages(
  page: (after: number) => Promise<{ entries: AuditEntry[]; total: number }>,
  onProgress?: (checked: number, total: number) => void,
): Promise<ChainVerdict> {
  const verifier = new ChainVerifier();
  for (let after = 0; ; ) {
    const { entries, total } = await page(after);
    if (entries.length === 0) break;
    for (const r of entries) if (!verifier.push(r)) return verifier.verdict();
    after = entries[entries.length - 1]!.seq;
    onProgress?.(Math.min(after, total), total);
  }
  return verifier.verdict();
}
