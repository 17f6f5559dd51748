import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { FoldState, LetterRecord } from '../../domain/procedure/evaluate';
import type { Rulebook } from '../../domain/rulebook/schema';
import { rosters } from './roster';

/**
 * A procedure against a named leader. Its events live in the hash-chained audit log
 * (`audit_log` rows with this procedure's id), so the procedure's history is tamper-evident.
 */
export const procedures = pgTable('procedures', {
  id: text('id').primaryKey(),
  rosterId: text('roster_id').notNull().references(() => rosters.id),
  title: text('title').notNull(),
  leaderName: text('leader_name').notNull(),
  /** The rulebook as it stood when the procedure opened: later rule changes never rewrite history. */
  rulebookId: text('rulebook_id').notNull(),
  rulebook: jsonb('rulebook').$type<Rulebook>().notNull(),
  /** A historical re-enactment runs on a fixed calendar day; null means today's date. */
  fixedDate: date('fixed_date', { mode: 'string' }),
  /** Demo procedures whose letters are invented; labelled wherever they appear. */
  simulated: boolean('simulated').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Derived, never authoritative: each procedure's evaluated state (src/domain/procedure/evaluate.ts FoldState,
 * without its letters) as of audit entry `seq`, written in the same transaction as that entry. A read is one
 * indexed query (is the snapshot at the procedure's last event, over the roster as imported?) and a write
 * updates one row here and at most one in procedure_letters, whatever the number of past events. A snapshot
 * that is behind the audit log, or was computed over another import of the roster, is rebuilt from the log.
 */
export const procedureSnapshots = pgTable('procedure_snapshots', {
  procedureId: text('procedure_id')
    .primaryKey()
    .references(() => procedures.id, { onDelete: 'cascade' }),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  rosterImportedAt: timestamp('roster_imported_at', { withTimezone: true }).notNull(),
  state: jsonb('state').$type<Omit<FoldState, 'letters'>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The letters on file in a procedure's snapshot, one row per member (a letter event rewrites one row). */
export const procedureLetters = pgTable(
  'procedure_letters',
  {
    procedureId: text('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
    status: text('status').$type<LetterRecord['status']>().notNull(),
    effectiveFrom: text('effective_from').notNull(),
    submittedOn: text('submitted_on').notNull(),
    withdrawnOn: text('withdrawn_on'),
    recordedBy: text('recorded_by').$type<LetterRecord['recordedBy']>().notNull(),
    simulated: boolean('simulated').notNull(),
    cycle: integer('cycle').notNull(),
  },
  (t) => [primaryKey({ columns: [t.procedureId, t.memberId] })],
);
