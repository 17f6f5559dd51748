import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../db';
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
  // (services/procedures.ts); until then readers rightly keep the committed state.
  if (record.kind !== 'procedure') epoch++;
  return entry;
}

/**
 * Appends several entries, chained in order, with one INSERT (a group of commands committed together). Same
 * rules as appendAudit: the caller's transaction holds the audit lock, and `head` is the chain's head read
 * after taking it (or undefined to read it here).
 */
export async function appendAuditBatch(tx: Tx, records: AuditRecord[], at: Date, head?: { seq: number; hash: string } | null): Promise<AuditEntry[]> {
  if (records.length === 0) return [];
  await lockAuditChain(tx);
  let last: Pick<AuditEntry, 'seq' | 'hash'> | null =
    head !== undefined && locked.has(tx) ? head : ((await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1))[0] ?? null);
  const stamp = at.toISOString();
  const entries = records.map((record): AuditEntry => {
    const entry = chainEntry(last, { at: stamp, actor: record.actor, kind: record.kind, action: record.action, procedureId: record.procedureId ?? null, payload: canonicalJson(record.payload) });
    last = entry;
    return entry;
  });
  await tx.insert(auditLog).values(entries);
  if (records.some((r) => r.kind !== 'procedure')) epoch++;
  return entries;
}

/**
 * Counts the audited writes this process has made (every change of state appends to the chain): a cache
 * that remembers the count it was filled at knows whether anything was written here since. Bumped when an
 * entry is appended and again by callers once their transaction commits (noteCommitted).
 */
let epoch = 0;
export function auditEpoch(): number {
  return epoch;
}
export function noteCommitted(): void {
  epoch++;
}

export async function readAudit(db: DbOrTx, filter: { procedureId?: string; kind?: string } = {}): Promise<AuditEntry[]> {
  const where = filter.procedureId ? eq(auditLog.procedureId, filter.procedureId) : undefined;
  const rows = await db.select().from(auditLog).where(where).orderBy(asc(auditLog.seq));
  return filter.kind ? rows.filter((r) => r.kind === filter.kind) : rows;
}

/** Verifies the chain from the genesis, a page at a time (constant memory), reporting progress. */
export async function verifyAudit(db: Db, onProgress?: (checked: number, total: number) => void): Promise<ChainVerdict> {
  const [{ total } = { total: 0 }] = await db.select({ total: sql<number>`count(*)::int` }).from(auditLog);
  const verifier = new ChainVerifier();
  const pageSize = 5_000;
  for (let after = 0; ; ) {
    const rows = await db.select().from(auditLog).where(sql`${auditLog.seq} > ${after}`).orderBy(asc(auditLog.seq)).limit(pageSize);
    if (rows.length === 0) break;
    for (const r of rows) if (!verifier.push(r)) return verifier.verdict();
    after = rows[rows.length - 1]!.seq;
    onProgress?.(Math.min(after, total), total);
  }
  return verifier.verdict();
}
