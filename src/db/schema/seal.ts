import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { procedures } from './procedure';

/** Published sealed counts (src/domain/seal): public, chained per procedure. */
export const procedureSeals = pgTable(
  'procedure_seals',
  {
    procedureId: text('procedure_id').notNull().references(() => procedures.id),
    seq: integer('seq').notNull(),
    on: text('on').notNull(),
    outcome: text('outcome').notNull(),
    hash: text('hash').notNull(),
    /** The public seal as canonical JSON, served verbatim. */
    seal: text('seal').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.procedureId, t.seq] })],
);

/** Each member's private slot opening: shown only to that member (and never in a public view). */
export const sealOpenings = pgTable(
  'seal_openings',
  {
    procedureId: text('procedure_id').notNull(),
    seq: integer('seq').notNull(),
    memberId: text('member_id').notNull(),
    slot: integer('slot').notNull(),
    value: integer('value').notNull(),
    randomness: text('randomness').notNull(),
  },
  (t) => [primaryKey({ columns: [t.procedureId, t.seq, t.memberId] }), index('seal_openings_member_idx').on(t.procedureId, t.memberId)],
);
