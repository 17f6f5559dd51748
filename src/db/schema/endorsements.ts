import { date, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { trackers } from './tracker';

/**
 * Endorsements in a leadership contest, read from articles by a tracker (src/tracker/endorsements.ts) and
 * kept so the public pages can show who backs whom with sources. One row per (candidate, member, stance,
 * article). `contestId` names the contest as the editor gave it: a contest run here (its id) or one followed
 * from outside (the 2022 contests), so it is not a foreign key. The article's text is not kept, only its hash
 * (reading the same article twice adds nothing) and the verbatim sentences.
 *
 * `status` is the editor's desk, as for declarations: a row read from an article is `proposed` (editors only), an
 * editor makes it `accepted` (public) or `rejected` (kept for the audit, never public, and never re-opened: reading
 * the same article again adds nothing). The column defaults to `proposed`, so a row written without a status, and
 * every row stored before the desk existed (migration 0015), waits for an editor instead of being public.
 */
export const ENDORSEMENT_ROW_STANCES = ['endorses', 'withdrew_endorsement'] as const;
export const ENDORSEMENT_STATUSES = ['proposed', 'accepted', 'rejected'] as const;
export type EndorsementStatus = (typeof ENDORSEMENT_STATUSES)[number];

export const trackerEndorsements = pgTable(
  'tracker_endorsements',
  {
    id: text('id').primaryKey(),
    trackerId: text('tracker_id').notNull().references(() => trackers.id, { onDelete: 'cascade' }),
    contestId: text('contest_id').notNull(),
    candidateId: text('candidate_id').notNull(),
    candidateName: text('candidate_name').notNull(),
    memberId: text('member_id').notNull(),
    person: text('person').notNull(),
    stance: text('stance').$type<(typeof ENDORSEMENT_ROW_STANCES)[number]>().notNull(),
    date: date('date', { mode: 'string' }),
    fileName: text('file_name').notNull(),
    outlet: text('outlet'),
    url: text('url'),
    published: date('published', { mode: 'string' }),
    contentSha256: text('content_sha256').notNull(),
    evidence: jsonb('evidence').$type<string[]>().notNull(),
    recordedBy: text('recorded_by').notNull(),
    status: text('status').$type<EndorsementStatus>().notNull().default('proposed'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tracker_endorsements_once').on(t.trackerId, t.contestId, t.candidateId, t.memberId, t.stance, t.contentSha256),
    index('tracker_endorsements_by_contest').on(t.contestId),
    index('tracker_endorsements_by_member').on(t.trackerId, t.memberId),
    index('tracker_endorsements_by_status').on(t.trackerId, t.status),
  ],
);
