import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const ROLES = ['chair', 'officer', 'member', 'editor'] as const;
export type Role = (typeof ROLES)[number];

export const accounts = pgTable('accounts', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').$type<Role>().notNull(),
  /** For members: who they are on the roster (a member acts only for themselves). */
  rosterId: text('roster_id'),
  memberId: text('member_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One-time login codes. Only a hash is stored; attempts are counted to stop guessing. */
export const loginCodes = pgTable(
  'login_codes',
  {
    id: serial('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_codes_account_idx').on(t.accountId, t.createdAt)],
);

/** Sessions are looked up by the hash of the cookie value, so a database leak yields no live cookie. */
export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  accountId: text('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Rate limiting of login requests, shared by every server instance through the database. */
export const loginRequests = pgTable(
  'login_requests',
  {
    id: serial('id').primaryKey(),
    /** `email:<address>` or `ip:<address>`. */
    bucket: text('bucket').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_requests_bucket_idx').on(t.bucket, t.at)],
);

/** Mail the demo mailer "sent": shown on the dev mailbox page. Never used with SMTP. */
export const devMailbox = pgTable('dev_mailbox', {
  id: serial('id').primaryKey(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * API tokens: a user creates one (web or `confidence login`) so the CLI can act as them against a running
 * server. Only the hash is stored; the token is shown once. Revoking deletes the row.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    accountId: text('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_account_idx').on(t.accountId)],
);
