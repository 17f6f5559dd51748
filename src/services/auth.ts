import { and, count, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';
import { accounts, apiTokens, loginCodes, loginRequests, sessions, type Role } from '../db/schema';
import { AppError } from '../domain/errors';
import { appendAudit } from './audit';
import { SYSTEM_ACTOR, actorLabel, type Actor, type AppContext } from './context';

/**
 * Login by one-time code. Threat model: an attacker who knows a victim's email must not be able
 * to log in as them (6-digit codes, 10-minute life, 5 guesses per code, rate-limited requests),
 * nor learn whether an email has an account (the same answer either way), nor hijack a session
 * from a database copy (only hashes of session ids and codes are stored).
 */
export const CODE_TTL_MS = 10 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;
export const SESSION_TTL_MS = 12 * 3600_000;
export const RATE_WINDOW_MS = 15 * 60_000;
export const MAX_REQUESTS_PER_EMAIL = 5;

export type Account = typeof accounts.$inferSelect;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normaliseEmail = (email: string) => email.trim().toLowerCase();

export interface NewAccount {
  email: string;
  displayName: string;
  role: Role;
  rosterId?: string | null;
  memberId?: string | null;
}

export async function createAccount(ctx: AppContext, input: NewAccount): Promise<Account> {
  const [created] = await createAccounts(ctx, [input]);
  return created!;
}

/** Creates accounts in one transaction (all or none), each audited. */
export async function createAccounts(ctx: AppContext, inputs: NewAccount[]): Promise<Account[]> {
  const now = ctx.clock();
  const rows = inputs.map((input) => {
    const email = normaliseEmail(input.email);
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new AppError('VALIDATION_FAILED', `${JSON.stringify(input.email)} is not an email address`);
    if (input.role === 'member' && !input.memberId) throw new AppError('VALIDATION_FAILED', 'a member account must name its member');
    return { id: randomUUID(), email, displayName: input.displayName, role: input.role, rosterId: input.rosterId ?? null, memberId: input.memberId ?? null, createdAt: now };
  });
  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const dupes = await tx.select({ email: accounts.email }).from(accounts).where(inArray(accounts.email, batch.map((r) => r.email)));
      if (dupes.length > 0) throw new AppError('CONFLICT', `an account for ${dupes[0]!.email} already exists`);
      await tx.insert(accounts).values(batch);
    }
    for (const r of rows) {
      await appendAudit(tx, { actor: actorLabel(SYSTEM_ACTOR), kind: 'account', action: 'account_created', payload: { accountId: r.id, email: r.email, role: r.role, memberId: r.memberId } }, now);
    }
  });
  return rows;
}

async function rateLimit(db: Db, bucket: string, max: number, now: Date): Promise<void> {
  const since = new Date(now.getTime() - RATE_WINDOW_MS);
  const [row] = await db.select({ n: count() }).from(loginRequests).where(and(eq(loginRequests.bucket, bucket), gt(loginRequests.at, since)));
  if ((row?.n ?? 0) >= max) {
    throw new AppError('RATE_LIMITED', `too many login requests; try again in ${Math.ceil(RATE_WINDOW_MS / 60_000)} minutes`);
  }
}

/**
 * Login-code mail is issued after the reply, from a queue: whether the email has an account (a lookup, a
 * code to store, SMTP to talk to) must not show in the response time. One queue per service context,
 * drained in order; a failure is logged, never surfaced to the anonymous caller.
 */
const loginMailQueues = new WeakMap<AppContext, Promise<void>>();

function enqueueLoginMail(ctx: AppContext, job: () => Promise<void>): void {
  const previous = loginMailQueues.get(ctx) ?? Promise.resolve();
  const next = previous.then(job).catch((err: unknown) => ctx.logger.error({ err }, 'login code mail failed'));
  loginMailQueues.set(ctx, next);
}

/** Resolves once every queued login-code mail has been handled (tests, and a graceful shutdown). */
export async function loginMailSettled(ctx: AppContext): Promise<void> {
  for (let q = loginMailQueues.get(ctx); q; ) {
    await q;
    const now = loginMailQueues.get(ctx);
    if (now === q) break;
    q = now;
  }
}

export async function requestLoginCode(ctx: AppContext, rawEmail: string, ip: string): Promise<void> {
  const email = normaliseEmail(rawEmail);
  const now = ctx.clock();
  await rateLimit(ctx.db, `ip:${ip}`, ctx.config.loginMaxPerIp, now);
  await rateLimit(ctx.db, `email:${email}`, MAX_REQUESTS_PER_EMAIL, now);
  await ctx.db.insert(loginRequests).values([{ bucket: `ip:${ip}`, at: now }, { bucket: `email:${email}`, at: now }]);
  // Everything that depends on whether the account exists happens after the caller has its answer.
  enqueueLoginMail(ctx, () => issueLoginCode(ctx, email, now));
}

async function issueLoginCode(ctx: AppContext, email: string, now: Date): Promise<void> {
  const [account] = await ctx.db.select().from(accounts).where(eq(accounts.email, email));
  if (!account) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await ctx.db.insert(loginCodes).values({ accountId: account.id, codeHash: sha256(`${account.id}:${code}`), expiresAt: new Date(now.getTime() + CODE_TTL_MS), createdAt: now });
  await ctx.mailer.send({
    to: email,
    subject: `Your Confidence login code: ${code}`,
    text: `Your one-time login code is ${code}. It expires in 10 minutes. If you did not ask for it, ignore this message.`,
  });
}

export interface LoginResult {
  account: Account;
  sessionId: string;
  csrfToken: string;
}

export async function verifyLoginCode(ctx: AppContext, rawEmail: string, code: string): Promise<LoginResult> {
  const email = normaliseEmail(rawEmail);
  const now = ctx.clock();
  const invalid = () => new AppError('LOGIN_CODE_INVALID', 'the code is wrong or has expired; ask for a new one');
  if (!/^\d{6}$/.test(code)) throw new AppError('VALIDATION_FAILED', 'the code is 6 digits');
  const [account] = await ctx.db.select().from(accounts).where(eq(accounts.email, email));
  if (!account) throw invalid();
  const [latest] = await ctx.db
    .select()
    .from(loginCodes)
    .where(and(eq(loginCodes.accountId, account.id), isNull(loginCodes.usedAt), gt(loginCodes.expiresAt, now)))
    .orderBy(desc(loginCodes.createdAt), desc(loginCodes.id))
    .limit(1);
  if (!latest) throw invalid();
  // Count the guess before judging it, in one statement: concurrent guesses cannot share an attempt.
  const counted = await ctx.db
    .update(loginCodes)
    .set({ attempts: sql`${loginCodes.attempts} + 1` })
    .where(and(eq(loginCodes.id, latest.id), lt(loginCodes.attempts, MAX_CODE_ATTEMPTS)))
    .returning({ attempts: loginCodes.attempts });
  if (counted.length === 0) throw invalid();
  const expected = Buffer.from(latest.codeHash, 'hex');
  const given = Buffer.from(sha256(`${account.id}:${code}`), 'hex');
  if (!timingSafeEqual(expected, given)) throw invalid();
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await ctx.db.transaction(async (tx) => {
    // Single use: a code that another request already consumed does not log in twice.
    const used = await tx.update(loginCodes).set({ usedAt: now }).where(and(eq(loginCodes.id, latest.id), isNull(loginCodes.usedAt))).returning({ id: loginCodes.id });
    if (used.length === 0) throw invalid();
    await tx.insert(sessions).values({ idHash: sha256(sessionId), accountId: account.id, csrfToken, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) });
    await appendAudit(tx, { actor: `account:${account.id}`, kind: 'account', action: 'logged_in', payload: { accountId: account.id } }, now);
  });
  return { account, sessionId, csrfToken };
}

/**
 * Sessions as this process last read them, by the hash of their id: every request of a logged-in user asks,
 * and the lookup (a join) was a good part of a letter's cost. Accounts are never changed once created and a
 * session only ever ends, so what can go stale is an ending: the cache honours `expiresAt` against the clock,
 * a logout here drops the entry at once, and on PostgreSQL an entry is asked again after SESSION_RECHECK_MS, so a
 * logout through another server instance on the same database takes effect there within that bound. On PGlite
 * (`config.soleWriter`) this process is the only writer and nothing ends a session behind its back.
 */
export const SESSION_RECHECK_MS = 1000;
const sessionCaches = new WeakMap<object, Map<string, { account: Account; csrfToken: string; expiresAt: number; checkedAt: number }>>();
function sessionCache(ctx: AppContext) {
  let cache = sessionCaches.get(ctx.db);
  if (!cache) sessionCaches.set(ctx.db, (cache = new Map()));
  return cache;
}

export async function sessionFor(ctx: AppContext, sessionId: string): Promise<{ account: Account; csrfToken: string } | null> {
  const idHash = sha256(sessionId);
  const now = ctx.clock().getTime();
  const cache = sessionCache(ctx);
  const held = cache.get(idHash);
  if (held && held.expiresAt > now && (ctx.config.soleWriter || Date.now() - held.checkedAt < SESSION_RECHECK_MS)) return { account: held.account, csrfToken: held.csrfToken };
  const checkedAt = Date.now();
  const [row] = await ctx.db
    .select({ account: accounts, csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.idHash, idHash));
  if (!row || row.expiresAt.getTime() <= ctx.clock().getTime()) {
    cache.delete(idHash);
    return null;
  }
  if (cache.size > 50_000) cache.clear();
  // A logout made here while the query ran wins: its entry is gone and this answer is not kept.
  if (!loggedOutSince(idHash, checkedAt)) cache.set(idHash, { account: row.account, csrfToken: row.csrfToken, expiresAt: row.expiresAt.getTime(), checkedAt });
  else return null;
  return { account: row.account, csrfToken: row.csrfToken };
}

const recentLogouts = new Map<string, number>();
function loggedOutSince(idHash: string, t: number): boolean {
  const at = recentLogouts.get(idHash);
  return at !== undefined && at >= t;
}

export async function logout(ctx: AppContext, sessionId: string): Promise<void> {
  const idHash = sha256(sessionId);
  sessionCache(ctx).delete(idHash);
  if (recentLogouts.size > 10_000) recentLogouts.clear();
  recentLogouts.set(idHash, Date.now());
  await ctx.db.delete(sessions).where(eq(sessions.idHash, idHash));
  sessionCache(ctx).delete(idHash);
  await ctx.db.delete(sessions).where(lt(sessions.expiresAt, ctx.clock()));
}

export function actorFor(account: Account): Actor {
  return { accountId: account.id, role: account.role, memberId: account.memberId, label: account.displayName };
}

export async function findAccountByEmail(db: Db, email: string): Promise<Account | null> {
  const [row] = await db.select().from(accounts).where(eq(accounts.email, normaliseEmail(email)));
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// API tokens: how the CLI acts as a real user against a running server (the audit log names them).

export const API_TOKEN_PREFIX = 'cft_';

export interface ApiTokenSummary {
  id: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Creates a token for the account; the token itself is returned once and only its hash is kept. */
export async function createApiToken(ctx: AppContext, account: Account, label: string): Promise<{ token: string } & ApiTokenSummary> {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(apiTokens).values({ id, tokenHash: sha256(token), accountId: account.id, label, createdAt: now });
    await appendAudit(tx, { actor: `account:${account.id}`, kind: 'account', action: 'api_token_created', payload: { accountId: account.id, tokenId: id, label } }, now);
  });
  return { token, id, label, createdAt: now.toISOString(), lastUsedAt: null };
}

export async function listApiTokens(ctx: AppContext, account: Account): Promise<ApiTokenSummary[]> {
  const rows = await ctx.db.select().from(apiTokens).where(eq(apiTokens.accountId, account.id)).orderBy(desc(apiTokens.createdAt));
  return rows.map((r) => ({ id: r.id, label: r.label, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null }));
}

export async function revokeApiToken(ctx: AppContext, account: Account, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const gone = await tx.delete(apiTokens).where(and(eq(apiTokens.id, id), eq(apiTokens.accountId, account.id))).returning({ id: apiTokens.id });
    if (gone.length === 0) throw new AppError('NOT_FOUND', 'you have no API token with that id');
    await appendAudit(tx, { actor: `account:${account.id}`, kind: 'account', action: 'api_token_revoked', payload: { accountId: account.id, tokenId: id } }, ctx.clock());
  });
}

/** The account a bearer token belongs to, or null. */
export async function accountForToken(ctx: AppContext, token: string): Promise<Account | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return null;
  const [row] = await ctx.db
    .select({ account: accounts, id: apiTokens.id })
    .from(apiTokens)
    .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .where(eq(apiTokens.tokenHash, sha256(token)));
  if (!row) return null;
  await ctx.db.update(apiTokens).set({ lastUsedAt: ctx.clock() }).where(eq(apiTokens.id, row.id));
  return row.account;
}
