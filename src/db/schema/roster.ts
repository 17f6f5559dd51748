import { date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** A roster is one organisation's membership list with its dated changes (e.g. the 2019 Commons). */
export const rosters = pgTable('rosters', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** `uk-commons-2019` for the bundled data set, `csv` for an organisation's own import. */
  format: text('format').notNull(),
  attribution: text('attribution').notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
});

export const members = pgTable(
  'members',
  {
    rosterId: text('roster_id').notNull().references(() => rosters.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
    firstName: text('first_name').notNull(),
    surname: text('surname').notNull(),
    displayName: text('display_name').notNull(),
    gender: text('gender'),
    constituency: text('constituency').notNull(),
    partyAtElection: text('party_at_election').notNull(),
    elected: date('elected', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.rosterId, t.memberId] })],
);

export const rosterChanges = pgTable(
  'roster_changes',
  {
    rosterId: text('roster_id').notNull().references(() => rosters.id, { onDelete: 'cascade' }),
    /** File order, which breaks ties between changes on the same day. */
    seq: integer('seq').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    memberId: text('member_id').notNull(),
    event: text('event').notNull(),
    toParty: text('to_party'),
    constituency: text('constituency'),
    note: text('note'),
    source: text('source'),
  },
  (t) => [primaryKey({ columns: [t.rosterId, t.seq] }), index('roster_changes_member_idx').on(t.rosterId, t.memberId)],
);
