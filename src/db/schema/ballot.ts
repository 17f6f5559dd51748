import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Manifest } from '../../ballot/manifest';
import { jsonb } from 'drizzle-orm/pg-core';
import { procedures } from './procedure';
import { contests } from './contest';

/**
 * The verifiable confidence vote (issue 4). The bulletin board is stored record by record, each row holding
 * the record's exact canonical line (src/ballot/records.ts), so the public export is the rows concatenated and
 * anyone can re-hash it. `head` and `records` on the election row are the chain's tip: appends lock that row.
 * No table links a credential or a ballot to a person: the server never learns that link.
 */
export const elections = pgTable(
  'elections',
  {
    id: text('id').primaryKey(),
    /** The confidence procedure this vote belongs to; null for a contest ballot. */
    procedureId: text('procedure_id')
      .unique()
      .references(() => procedures.id),
    /**
     * A leadership contest's ballot (an MP round `round-N` or `members`) instead: same board, credentials,
     * receipts and booth, with the 1-of-k records of src/contest/board.ts. The manifest is then a
     * ContestBallotManifest (version confidence-contest-ballot/1).
     */
    contestId: text('contest_id').references(() => contests.id),
    ballot: text('ballot'),
    /** Hash of the setup record: the election's identity, bound into every proof. */
    electionHash: text('election_hash').notNull(),
    manifest: jsonb('manifest').$type<Manifest>().notNull(),
    /** Type of the last record (the protocol stage). */
    lastType: text('last_type').notNull(),
    head: text('head').notNull(),
    records: integer('records').notNull(),
    /** Joint public key, once the key ceremony is over. */
    publicKey: text('public_key'),
    /**
     * Secret half of manifest.boardKey: signs cast receipts. Whoever steals it can forge receipts (false
     * accusations), never hide a real receipt's ballot; see the threat table in docs/ballot-spec.md.
     */
    boardSecret: text('board_secret'),
    /**
     * Credential authority key, fingerprint (over the list and the election key) and list digest, derived once when
     * the signed list is published. The booth takes the list digest to compute the fingerprint of the key it
     * encrypts under (docs/ballot-spec.md §4a).
     */
    credentialAuthority: text('credential_authority'),
    credentialsFingerprint: text('credentials_fingerprint'),
    credentialsListDigest: text('credentials_list_digest'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('elections_contest_ballot_idx').on(t.contestId, t.ballot)],
);

export const boardRecords = pgTable(
  'board_records',
  {
    electionId: text('election_id')
      .notNull()
      .references(() => elections.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    hash: text('hash').notNull(),
    /** The canonical JSON line, byte for byte what the export serves. */
    line: text('line').notNull(),
    /** Ballots only: the tracker (lookup by voters) and the first ciphertext component (replay guard). */
    tracker: text('tracker'),
    alpha: text('alpha'),
    credential: text('credential'),
  },
  (t) => [
    primaryKey({ columns: [t.electionId, t.seq] }),
    uniqueIndex('board_records_tracker_idx').on(t.electionId, t.tracker),
    uniqueIndex('board_records_alpha_idx').on(t.electionId, t.alpha),
    index('board_records_type_idx').on(t.electionId, t.type),
    index('board_records_credential_idx').on(t.electionId, t.credential),
  ],
);

/** The credential list (public keys only), for the cast-time check "is this credential active?". */
export const electionCredentials = pgTable(
  'election_credentials',
  {
    electionId: text('election_id')
      .notNull()
      .references(() => elections.id),
    credential: text('credential').notNull(),
    active: boolean('active').notNull(),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.credential] })],
);
