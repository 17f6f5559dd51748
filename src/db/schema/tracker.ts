import { date, index, jsonb, pgTable, real, text, timestamp, uniqueIndex, boolean } from 'drizzle-orm/pg-core';
import type { HeldBackReason } from '../../domain/held-back-reasons';
import { rosters } from './roster';

/**
 * The public tracker: who has declared what about one leader, with sources. A tracker follows one
 * party's leader over one roster; its threshold comes from the rulebook named here.
 */
export const trackers = pgTable('trackers', {
  id: text('id').primaryKey(),
  rosterId: text('roster_id').notNull().references(() => rosters.id),
  title: text('title').notNull(),
  party: text('party').notNull(),
  leaderName: text('leader_name').notNull(),
  rulebookId: text('rulebook_id').notNull(),
  /** A historical tracker is shown as of this day (e.g. 2022-07-07); null means today. */
  asOf: date('as_of', { mode: 'string' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An ingested article. Its text is not kept: only what it proved, as verbatim evidence on its sources. */
export const trackerArticles = pgTable(
  'tracker_articles',
  {
    id: text('id').primaryKey(),
    trackerId: text('tracker_id').notNull().references(() => trackers.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    outlet: text('outlet'),
    url: text('url'),
    published: date('published', { mode: 'string' }),
    /** SHA-256 of the text: ingesting the same article twice changes nothing. */
    contentSha256: text('content_sha256').notNull(),
    ingestedAt: timestamp('ingested_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tracker_articles_content').on(t.trackerId, t.contentSha256)],
);

/** possible: the stance model's low tier (a party member in a sentence with stance vocabulary), shown to editors only. */
export const DECLARATION_STATUSES = ['proposed', 'possible', 'accepted', 'rejected'] as const;
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number];

export const trackerDeclarations = pgTable(
  'tracker_declarations',
  {
    id: text('id').primaryKey(),
    trackerId: text('tracker_id').notNull().references(() => trackers.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
    person: text('person').notNull(),
    stance: text('stance').notNull(),
    date: date('date', { mode: 'string' }),
    /** proposed (from extraction, awaiting an editor), possible (low score, awaiting an editor), accepted (public) or rejected. */
    status: text('status').$type<DeclarationStatus>().notNull(),
    /** The extractor's confidence (the stance model's score); null for manual entries. */
    confidence: real('confidence'),
    origin: text('origin').$type<'extracted' | 'manual'>().notNull(),
    /**
     * Possible items only: the context check that held back a find the rules and the model would have proposed (the
     * extractor's ContextReason, e.g. "question", "denied-report"); null when it merely scored low, when an editor
     * entered it, and once a later report of it arrives that no check held back.
     */
    demotedBecause: text('demoted_because').$type<HeldBackReason>(),
    note: text('note'),
    reviewedBy: text('reviewed_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tracker_declarations_by_member').on(t.trackerId, t.memberId), index('tracker_declarations_by_status').on(t.trackerId, t.status)],
);

/** Where a declaration was reported: one row per article (or a manual citation), with the quoted sentences. */
export const trackerSources = pgTable(
  'tracker_sources',
  {
    id: text('id').primaryKey(),
    declarationId: text('declaration_id').notNull().references(() => trackerDeclarations.id, { onDelete: 'cascade' }),
    articleId: text('article_id').references(() => trackerArticles.id, { onDelete: 'set null' }),
    outlet: text('outlet'),
    url: text('url'),
    fileName: text('file_name'),
    published: date('published', { mode: 'string' }),
    evidence: jsonb('evidence').$type<string[]>().notNull(),
    /** A later report of a declaration already published: kept from the public until an editor confirms it. */
    held: boolean('held').notNull().default(false),
  },
  (t) => [index('tracker_sources_by_declaration').on(t.declarationId)],
);
