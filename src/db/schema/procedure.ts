import { boolean, date, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
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
