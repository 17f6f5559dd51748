import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained record of every action (src/domain/audit/chain.ts). Procedure events
 * are stored here too (`kind = 'procedure'`), so a procedure's history cannot be edited unseen.
 * `at` and `payload` are text so that re-hashing reproduces the stored bytes exactly.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    kind: text('kind').notNull(),
    action: text('action').notNull(),
    procedureId: text('procedure_id'),
    payload: text('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_procedure_idx').on(t.procedureId, t.seq),
    // A procedure's last event (is its stored snapshot current?) in one index probe, however long its history.
    index('audit_log_procedure_kind_idx').on(t.procedureId, t.kind, t.seq),
  ],
);
