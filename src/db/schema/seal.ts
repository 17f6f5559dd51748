import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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

/**
 * Members' public keys for the sealed count (src/domain/seal/member-key.ts), each registered with its
 * proof of possession. Public. A member may register a new key (a lost device); every key they ever held is
 * kept, because earlier seals were made with it. The secret key never reaches the server, and no seal
 * opening is stored anywhere: openings are re-derived from the operator secret on request.
 */
export const memberKeys = pgTable(
  'member_keys',
  {
    rosterId: text('roster_id').notNull(),
    /** 1, 2, … per roster, in registration order: a seal names the registry prefix it used (keyRegistrySeq). */
    seq: integer('seq').notNull(),
    memberId: text('member_id').notNull(),
    publicKey: text('public_key').notNull(),
    /** The Schnorr proof of possession, canonical JSON. */
    proof: text('proof').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.rosterId, t.seq] }), uniqueIndex('member_keys_public_key_idx').on(t.publicKey), index('member_keys_member_idx').on(t.rosterId, t.memberId)],
);
