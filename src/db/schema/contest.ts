import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { ContestEvent, ContestState } from '../../contest/engine';
import { rosters } from './roster';

/**
 * Leadership contests (src/contest): the events as they happened, and the state derived from them, written in
 * the same transaction as each event (derive once, store it). The events are also in the hash-chained audit log.
 */
export const contests = pgTable('contests', {
  id: text('id').primaryKey(),
  rosterId: text('roster_id').notNull().references(() => rosters.id),
  /** The confidence procedure that led here (contest_required), if any. */
  procedureId: text('procedure_id'),
  rulebookId: text('rulebook_id').notNull(),
  /** Display names of the MPs, for pages and summaries. */
  names: jsonb('names').$type<Record<string, string>>().notNull(),
  state: jsonb('state').$type<ContestState>().notNull(),
  events: integer('events').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const contestEvents = pgTable(
  'contest_events',
  {
    contestId: text('contest_id').notNull().references(() => contests.id),
    seq: integer('seq').notNull(),
    event: jsonb('event').$type<ContestEvent>().notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.seq] })],
);
