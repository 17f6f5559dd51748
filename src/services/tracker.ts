import { assertCleanText } from '../domain/text';
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db';
import { trackerArticles, trackerDeclarations, trackers, trackerSources, type DeclarationStatus } from '../db/schema';
import { addDays, dayOf, isIsoDate } from '../domain/dates';
import { memberStatesOn } from '../domain/roster/membership';
import type { Member, Roster } from '../domain/roster/types';
import { AppError } from '../domain/errors';
import { checkContestCandidates } from '../domain/contest-candidates';
import { thresholdOn } from '../domain/rulebook/denominator';
import { findRulebook } from '../domain/rulebook/presets';
import { DEFAULT_DEDUPE_WINDOW_DAYS, extractDeclarations, isStance, MAX_ARTICLE_BYTES, type Stance } from '../tracker';
import { articleTooLargeMessage } from '../tracker/input';
import { endorsementListing, extractEndorsements, type CandidateBackers, type ContestCandidate } from '../tracker/endorsements';
import { appendAudit, lockAuditChain } from './audit';
import { actorLabel, SYSTEM_ACTOR, type Actor, type AppContext } from './context';
import { COMMONS_2019_ROSTER_ID, loadRoster } from './roster';

/**
 * The public tracker: articles go in, the extractor proposes declarations, an editor accepts,
 * edits or rejects them, and only accepted ones are public. Every change is in the audit log
 * (kind `tracker`), in the same transaction as the change itself.
 */

export const DEFAULT_TRACKER = {
  id: 'johnson-2022',
  title: 'Boris Johnson, 2022: publicly declared positions of Conservative MPs',
  rosterId: COMMONS_2019_ROSTER_ID,
  party: 'Con',
  leaderName: 'Boris Johnson',
  rulebookId: 'conservative-1922',
  // The day Johnson announced his resignation: the tracker shows the campaign as it stood then.
  asOf: '2022-07-07',
} as const;

export type TrackerRow = typeof trackers.$inferSelect;
export type DeclarationRow = typeof trackerDeclarations.$inferSelect;
export type SourceRow = typeof trackerSources.$inferSelect;
export interface DeclarationWithSources extends DeclarationRow {
  sources: SourceRow[];
}

const TRACKER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Letter stances in the order that decides a member's current letter state. */
const LETTER_IN: Stance[] = ['submitted_letter', 'resubmitted_letter'];
const LETTER_OUT: Stance[] = ['withdrew_letter', 'denied_letter'];

async function audit(tx: Tx, ctx: AppContext, actor: Actor, action: string, payload: unknown) {
  await appendAudit(tx, { actor: actorLabel(actor), kind: 'tracker', action, payload }, ctx.clock());
}

/**
 * The tracker, creating the default one on first use (its roster must already be imported, as
 * the demo and `roster import` do), so a fresh installation has a tracker page to show.
 */
export async function openTracker(ctx: AppContext, id: string): Promise<TrackerRow> {
  const [row] = await ctx.db.select().from(trackers).where(eq(trackers.id, id));
  if (row) return row;
  if (id === DEFAULT_TRACKER.id) return ensureTracker(ctx, SYSTEM_ACTOR);
  throw new AppError('NOT_FOUND', `no tracker ${JSON.stringify(id)}`);
}

export async function getTracker(db: DbOrTx, id: string): Promise<TrackerRow> {
  const [row] = await db.select().from(trackers).where(eq(trackers.id, id));
  if (!row) throw new AppError('NOT_FOUND', `no tracker ${JSON.stringify(id)}`);
  return row;
}

export async function listTrackers(db: DbOrTx): Promise<TrackerRow[]> {
  return db.select().from(trackers).orderBy(asc(trackers.createdAt));
}

/** Creates the tracker if it does not exist (the default one follows Boris Johnson in 2022). */
export async function ensureTracker(
  ctx: AppContext,
  actor: Actor,
  input: { id: string; title: string; rosterId: string; party: string; leaderName: string; rulebookId: string; asOf: string | null } = DEFAULT_TRACKER,
): Promise<TrackerRow> {
  if (!TRACKER_ID.test(input.id)) throw new AppError('VALIDATION_FAILED', 'a tracker id is 1–63 lowercase letters, digits and dashes');
  if (input.asOf && !isIsoDate(input.asOf)) throw new AppError('VALIDATION_FAILED', 'asOf must be a date written YYYY-MM-DD');
  findRulebook(input.rulebookId);
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(trackers).where(eq(trackers.id, input.id));
    if (existing) return existing;
    await loadRoster(tx, input.rosterId);
    // Two first visitors at once both find no row: the second insert does nothing (not a unique-key 500) and the
    // row the first one wrote is returned once it is committed.
    const [row] = await tx.insert(trackers).values({ ...input }).onConflictDoNothing().returning();
    if (!row) return getTracker(tx, input.id);
    await audit(tx, ctx, actor, 'tracker_created', input);
    return row;
  });
}

export interface ArticleInput {
  fileName: string;
  text: string;
  outlet?: string | null;
  url?: string | null;
  published?: string | null;
}

export interface IngestReport {
  fileName: string;
  status: 'ingested' | 'duplicate';
  published: string | null;
  proposed: number;
  /** Low-score items for editors to accept, correct or reject (the possible tier). */
  possible: number;
  /** Declarations this article confirmed (same member and stance within a few days): a source added. */
  corroborated: number;
  unresolved: string[];
}

/** An article as every reader of it takes it: not empty, clean UTF-8 text, within the size limit, a real date if one is given. */
export function checkArticle(a: ArticleInput): void {
  if (!a.text.trim()) throw new AppError('VALIDATION_FAILED', `${a.fileName}: the article is empty`);
  assertCleanText(a.text, a.fileName);
  const bytes = Buffer.byteLength(a.text);
  if (bytes > MAX_ARTICLE_BYTES) throw new AppError('ARTICLE_TOO_LARGE', `${a.fileName}: ${articleTooLargeMessage(bytes)}`);
  if (a.published && !isIsoDate(a.published)) throw new AppError('VALIDATION_FAILED', `${a.fileName}: published must be a date written YYYY-MM-DD`);
}

/**
 * Ingests articles into the review queue. Each article is one transaction: its row, the new
 * proposals, the sources added to existing declarations, and their audit entries.
 */

export async function ingestArticles(ctx: AppContext, actor: Actor, trackerId: string, articles: ArticleInput[]): Promise<IngestReport[]> {
  const tracker = await openTracker(ctx, trackerId);
  const roster = await loadRoster(ctx.db, tracker.rosterId);
  const reports: IngestReport[] = [];
  for (const a of articles) {
    checkArticle(a);
    const sha = createHash('sha256').update(a.text).digest('hex');
    const result = extractDeclarations(a.text, roster, { party: tracker.party, leader: tracker.leaderName, fallbackPublished: a.published ?? null });
    const report = await ctx.db.transaction(async (tx): Promise<IngestReport> => {
      const [dup] = await tx
        .select({ id: trackerArticles.id })
        .from(trackerArticles)
        .where(and(eq(trackerArticles.trackerId, trackerId), eq(trackerArticles.contentSha256, sha)));
      const base = { fileName: a.fileName, published: result.published, unresolved: result.unresolved.map((u) => u.text) };
      if (dup) return { ...base, status: 'duplicate', proposed: 0, possible: 0, corroborated: 0 };
      const articleId = randomUUID();
      // The same article sent twice at once (a double submit, the CLI and the desk): both find no row above, and the
      // unique key decides; the second is a duplicate, not a unique-key 500.
      const [stored] = await tx
        .insert(trackerArticles)
        .values({ id: articleId, trackerId, fileName: a.fileName, outlet: a.outlet ?? null, url: a.url ?? null, published: result.published, contentSha256: sha })
        .onConflictDoNothing()
        .returning({ id: trackerArticles.id });
      if (!stored) return { ...base, status: 'duplicate', proposed: 0, possible: 0, corroborated: 0 };
      await audit(tx, ctx, actor, 'tracker_article_ingested', { trackerId, articleId, fileName: a.fileName, outlet: a.outlet ?? null, published: result.published, sha256: sha, found: result.declarations.length, possible: result.possible.length });
      let proposed = 0;
      let corroborated = 0;
      for (const d of result.declarations) {
        const source = { articleId, outlet: a.outlet ?? null, url: a.url ?? null, fileName: a.fileName, published: result.published, evidence: d.evidence };
        const match = await findSameDeclaration(tx, trackerId, d.memberId, d.stance, d.date);
        if (match) {
          const sourceId = randomUUID();
          // A report of a declaration already published is held until an editor confirms it: what the extractor
          // found in it (the quote, the outlet, an earlier date) is never public on the extractor's word alone.
          const held = match.status === 'accepted';
          await tx.insert(trackerSources).values({ id: sourceId, declarationId: match.id, ...source, held });
          // The earliest report dates the declaration (a held report's date is the editor's to take). A report published
          // after a frozen tracker's day is not public on it, so neither is the date only it gives (the editor may still
          // take that date by hand).
          const publicOnTheDay = !tracker.asOf || !result.published || result.published <= tracker.asOf;
          const redates = !held && publicOnTheDay && !!d.date && (!match.date || d.date < match.date);
          // A report no check held back answers the check that held back an earlier one: the item keeps its status
          // (ingesting never decides one) but no longer shows a reason its newer report contradicts.
          const clearsReason = match.demotedBecause !== null;
          if (redates || clearsReason) {
            await tx
              .update(trackerDeclarations)
              .set({ ...(redates ? { date: d.date } : {}), ...(clearsReason ? { demotedBecause: null } : {}), updatedAt: ctx.clock() })
              .where(eq(trackerDeclarations.id, match.id));
          }
          await audit(tx, ctx, actor, held ? 'tracker_source_held' : 'tracker_source_added', {
            trackerId,
            declarationId: match.id,
            sourceId,
            articleId,
            evidence: d.evidence,
            ...(redates ? { date: { before: match.date, after: d.date } } : {}),
            ...(clearsReason ? { demotedBecause: { before: match.demotedBecause, after: null } } : {}),
          });
          corroborated++;
          continue;
        }
        const id = randomUUID();
        await tx.insert(trackerDeclarations).values({
          id,
          trackerId,
          memberId: d.memberId,
          person: d.person,
          stance: d.stance,
          date: d.date,
          status: 'proposed',
          confidence: d.confidence,
          origin: 'extracted',
          createdAt: ctx.clock(),
          updatedAt: ctx.clock(),
        });
        await tx.insert(trackerSources).values({ id: randomUUID(), declarationId: id, ...source });
        await audit(tx, ctx, actor, 'tracker_declaration_proposed', { trackerId, declarationId: id, memberId: d.memberId, stance: d.stance, date: d.date, confidence: d.confidence, articleId, evidence: d.evidence });
        proposed++;
      }
      // The possible tier: stored for editors only, never public, never a source of an existing declaration. A find a
      // context check held back keeps the check's reason (demotedBecause); one that merely scored low has none.
      let possible = 0;
      for (const d of result.possible) {
        if (await findSameDeclaration(tx, trackerId, d.memberId, d.stance, d.date)) continue;
        const id = randomUUID();
        await tx.insert(trackerDeclarations).values({
          id,
          trackerId,
          memberId: d.memberId,
          person: d.person,
          stance: d.stance,
          date: d.date,
          status: 'possible',
          confidence: d.score,
          origin: 'extracted',
          // Derived once by the extractor, stored with the row: the desk shows why a find was held back.
          demotedBecause: d.demotedBecause ?? null,
          createdAt: ctx.clock(),
          updatedAt: ctx.clock(),
        });
        await tx.insert(trackerSources).values({ id: randomUUID(), declarationId: id, articleId, outlet: a.outlet ?? null, url: a.url ?? null, fileName: a.fileName, published: result.published, evidence: d.evidence });
        await audit(tx, ctx, actor, 'tracker_declaration_possible', { trackerId, declarationId: id, memberId: d.memberId, stance: d.stance, date: d.date, score: d.score, ...(d.demotedBecause ? { demotedBecause: d.demotedBecause } : {}), articleId, evidence: d.evidence });
        possible++;
      }
      return { ...base, status: 'ingested', proposed, possible, corroborated };
    });
    reports.push(report);
  }
  return reports;
}

async function findSameDeclaration(tx: Tx, trackerId: string, memberId: string, stance: string, date: string | null): Promise<DeclarationRow | undefined> {
  // Locked (FOR UPDATE) for the article's transaction: an editor's accept of the match waits for it, and a match
  // accepted meanwhile is read as accepted, so its new report is held.
  const rows = await tx
    .select()
    .from(trackerDeclarations)
    .where(and(eq(trackerDeclarations.trackerId, trackerId), eq(trackerDeclarations.memberId, memberId), eq(trackerDeclarations.stance, stance)))
    .for('update');
  return rows.find((r) => {
    if (!r.date || !date) return r.date === date;
    return date >= addDays(r.date, -DEFAULT_DEDUPE_WINDOW_DAYS) && date <= addDays(r.date, DEFAULT_DEDUPE_WINDOW_DAYS);
  });
}

/**
 * A member a tracker of `party` may record: of the party when elected, or on the declaration's day (a defector's
 * earlier statements stay theirs). Another party's MP would otherwise count among the declared letters against the
 * party's threshold on an editor's typo or word.
 */
function assertOfTheParty(roster: Roster, member: Member, party: string, date: string | null): void {
  if (member.partyAtElection === party) return;
  if (date && memberStatesOn(roster, date).get(member.memberId)?.party === party) return;
  throw new AppError('VALIDATION_FAILED', `${member.displayName} was not a member of the tracker's party (${party}) ${date ? `on ${date}` : 'when elected'}`);
}

export async function getDeclaration(db: DbOrTx, id: string): Promise<DeclarationWithSources> {
  const [row] = await db.select().from(trackerDeclarations).where(eq(trackerDeclarations.id, id));
  if (!row) throw new AppError('NOT_FOUND', `no declaration ${JSON.stringify(id)}`);
  const sources = await db.select().from(trackerSources).where(eq(trackerSources.declarationId, id));
  return { ...row, sources };
}

/**
 * Declarations of a tracker with their sources. `held: true` keeps only published declarations with a later report
 * waiting for an editor (the review desk's third list).
 */
export async function listDeclarations(db: DbOrTx, trackerId: string, filter: { status?: DeclarationStatus; memberId?: string; held?: boolean } = {}): Promise<DeclarationWithSources[]> {
  const conditions = [eq(trackerDeclarations.trackerId, trackerId)];
  if (filter.status) conditions.push(eq(trackerDeclarations.status, filter.status));
  if (filter.memberId) conditions.push(eq(trackerDeclarations.memberId, filter.memberId));
  const rows = await db
    .select()
    .from(trackerDeclarations)
    .where(and(...conditions))
    .orderBy(asc(trackerDeclarations.date), asc(trackerDeclarations.person));
  if (!rows.length) return [];
  const sources = await db
    .select()
    .from(trackerSources)
    .where(inArray(trackerSources.declarationId, rows.map((r) => r.id)))
    .orderBy(asc(trackerSources.published));
  const all = rows.map((r) => ({ ...r, sources: sources.filter((s) => s.declarationId === r.id) }));
  return filter.held ? all.filter((d) => d.sources.some((s) => s.held)) : all;
}

export type ReviewAction =
  /**
   * Publish. `sources`: the ids of the reports the editor was shown; when given, a report added since (a later article
   * read while the editor was deciding) refuses the accept with CONFLICT instead of publishing words nobody reviewed.
   */
  | { type: 'accept'; note?: string | null; sources?: readonly string[] }
  | { type: 'reject'; note?: string | null }
  /**
   * Drop the later reports held on a published declaration (the declaration itself stays as it is). `sources`: the
   * held reports the editor was shown; one held since refuses the drop with CONFLICT, as for accept.
   */
  | { type: 'drop-held'; note?: string | null; sources?: readonly string[] }
  | { type: 'edit'; memberId?: string; stance?: string; date?: string | null; note?: string | null };

/**
 * The editor decides on what was shown: a report among `reports` that is not in `shown` (one read while the editor was
 * deciding) refuses the decision with CONFLICT, naming it. No list given (the service's own callers): nothing to check.
 * `what` names the thing decided in the message (a declaration here; a member's backing of a candidate for endorsements).
 */
export function refuseUnseen(reports: ReadonlyArray<{ id: string; outlet: string | null; fileName: string | null }>, shown: readonly string[] | undefined, what = 'this declaration'): void {
  const unseen = shown ? reports.filter((s) => !shown.includes(s.id)) : [];
  if (unseen.length) {
    const names = unseen.map((s) => s.outlet ?? s.fileName ?? 'unnamed').join(', ');
    throw new AppError('CONFLICT', `${unseen.length} report(s) of ${what} arrived after it was shown to you (${names}); read them and decide again`, { unseen: unseen.map((s) => s.id) });
  }
}

/** An editor's decision on one declaration; the audit entry keeps the values before and after. */
export async function reviewDeclaration(ctx: AppContext, actor: Actor, id: string, action: ReviewAction): Promise<DeclarationWithSources> {
  await ctx.db.transaction(async (tx) => {
    // Locked until the decision commits: an article ingested meanwhile waits, then sees the declaration as decided
    // (a report of a declaration accepted here is held, not added to it as public); or it came first, and the decision
    // reads its report. The audit chain's lock first, as ingesting takes it (its first audit entry) before the row's.
    await lockAuditChain(tx);
    await tx.select({ id: trackerDeclarations.id }).from(trackerDeclarations).where(eq(trackerDeclarations.id, id)).for('update');
    const before = await getDeclaration(tx, id);
    const tracker = await getTracker(tx, before.trackerId);
    const changes: Partial<DeclarationRow> = { updatedAt: ctx.clock(), reviewedBy: actorLabel(actor) };
    if (action.note !== undefined) changes.note = action.note;
    const held = before.sources.filter((s) => s.held);
    if (action.type === 'accept') {
      // Accepting publishes the declaration with every report shown to the editor, held ones included.
      refuseUnseen(before.sources, action.sources);
      changes.status = 'accepted';
      if (held.length) await tx.update(trackerSources).set({ held: false }).where(and(eq(trackerSources.declarationId, id), eq(trackerSources.held, true)));
    } else if (action.type === 'reject') changes.status = 'rejected';
    else if (action.type === 'drop-held') {
      if (!held.length) throw new AppError('VALIDATION_FAILED', 'this declaration has no report waiting for review');
      refuseUnseen(held, action.sources);
      await tx.delete(trackerSources).where(and(eq(trackerSources.declarationId, id), eq(trackerSources.held, true)));
    } else {
      if (action.stance !== undefined) {
        if (!isStance(action.stance)) throw new AppError('VALIDATION_FAILED', `unknown stance ${JSON.stringify(action.stance)}`);
        changes.stance = action.stance;
      }
      if (action.date !== undefined) {
        if (action.date !== null && !isIsoDate(action.date)) throw new AppError('VALIDATION_FAILED', 'date must be written YYYY-MM-DD');
        changes.date = action.date;
      }
      if (action.memberId !== undefined) {
        const roster = await loadRoster(tx, tracker.rosterId);
        const member = roster.members.find((m) => m.memberId === action.memberId);
        if (!member) throw new AppError('MEMBER_NOT_FOUND', `no member ${JSON.stringify(action.memberId)} in roster ${tracker.rosterId}`);
        assertOfTheParty(roster, member, tracker.party, changes.date === undefined ? before.date : changes.date);
        changes.memberId = member.memberId;
        changes.person = member.displayName;
      }
    }
    await tx.update(trackerDeclarations).set(changes).where(eq(trackerDeclarations.id, id));
    const { sources: _s, ...row } = before;
    const verb = { edit: 'edited', accept: 'accepted', reject: 'rejected', 'drop-held': 'reports_dropped' }[action.type];
    await audit(tx, ctx, actor, `tracker_declaration_${verb}`, {
      trackerId: before.trackerId,
      declarationId: id,
      ...(held.length && action.type !== 'edit' && action.type !== 'reject' ? { heldSources: held.map((s) => ({ id: s.id, articleId: s.articleId, evidence: s.evidence })) } : {}),
      before: { memberId: row.memberId, stance: row.stance, date: row.date, status: row.status, note: row.note },
      after: { memberId: changes.memberId ?? row.memberId, stance: changes.stance ?? row.stance, date: changes.date === undefined ? row.date : changes.date, status: changes.status ?? row.status, note: changes.note === undefined ? row.note : changes.note },
    });
  });
  return getDeclaration(ctx.db, id);
}

export interface ManualDeclarationInput {
  memberId: string;
  stance: string;
  date: string;
  quote: string;
  outlet?: string | null;
  url?: string | null;
  note?: string | null;
}

/** An editor enters a declaration by hand, with its source; it is public at once (accepted). */
export async function createManualDeclaration(ctx: AppContext, actor: Actor, trackerId: string, input: ManualDeclarationInput): Promise<DeclarationWithSources> {
  if (!isStance(input.stance)) throw new AppError('VALIDATION_FAILED', `unknown stance ${JSON.stringify(input.stance)}`);
  if (!isIsoDate(input.date)) throw new AppError('VALIDATION_FAILED', 'date must be written YYYY-MM-DD');
  if (!input.quote.trim()) throw new AppError('VALIDATION_FAILED', 'a manual declaration needs the quoted evidence');
  if (input.url && !/^https?:\/\//i.test(input.url)) throw new AppError('VALIDATION_FAILED', 'url must start with http:// or https://');
  const id = randomUUID();
  await ctx.db.transaction(async (tx) => {
    const tracker = await getTracker(tx, trackerId);
    const roster = await loadRoster(tx, tracker.rosterId);
    const member = roster.members.find((m) => m.memberId === input.memberId);
    if (!member) throw new AppError('MEMBER_NOT_FOUND', `no member ${JSON.stringify(input.memberId)} in roster ${tracker.rosterId}`);
    assertOfTheParty(roster, member, tracker.party, input.date);
    await tx.insert(trackerDeclarations).values({
      id,
      trackerId,
      memberId: member.memberId,
      person: member.displayName,
      stance: input.stance,
      date: input.date,
      status: 'accepted',
      confidence: null,
      origin: 'manual',
      note: input.note ?? null,
      reviewedBy: actorLabel(actor),
      createdAt: ctx.clock(),
      updatedAt: ctx.clock(),
    });
    await tx.insert(trackerSources).values({ id: randomUUID(), declarationId: id, articleId: null, outlet: input.outlet ?? null, url: input.url ?? null, fileName: null, published: input.date, evidence: [input.quote.trim()] });
    await audit(tx, ctx, actor, 'tracker_declaration_entered', { trackerId, declarationId: id, ...input });
  });
  return getDeclaration(ctx.db, id);
}

export interface MemberPosition {
  memberId: string;
  person: string;
  /** The latest letter stance, if any: a letter is "in" after submitted/resubmitted until withdrawn or denied. */
  letter: Stance | null;
  letterIn: boolean;
  latest: { stance: Stance; date: string | null };
  history: DeclarationWithSources[];
}

/** Each member's history (accepted declarations, oldest first) and current state. */
export function positionsOf(declarations: DeclarationWithSources[]): MemberPosition[] {
  const byMember = new Map<string, DeclarationWithSources[]>();
  for (const d of declarations) byMember.set(d.memberId, [...(byMember.get(d.memberId) ?? []), d]);
  const out: MemberPosition[] = [];
  for (const [memberId, history] of byMember) {
    history.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.createdAt.getTime() - b.createdAt.getTime());
    const letters = history.filter((d) => LETTER_IN.includes(d.stance as Stance) || LETTER_OUT.includes(d.stance as Stance));
    const letter = (letters[letters.length - 1]?.stance as Stance | undefined) ?? null;
    const last = history[history.length - 1]!;
    out.push({ memberId, person: last.person, letter, letterIn: letter !== null && LETTER_IN.includes(letter), latest: { stance: last.stance as Stance, date: last.date }, history });
  }
  return out.sort((a, b) => a.person.localeCompare(b.person));
}

export interface PublicTracker {
  tracker: { id: string; title: string; party: string; leaderName: string; asOf: string };
  declaredLetters: number;
  threshold: { denominator: number; threshold: number; date: string; rulebookId: string };
  groups: Array<{ stance: Stance; declarations: DeclarationWithSources[] }>;
  timeline: Array<{ date: string; declaredLetters: number; calledToResign: number; total: number }>;
  members: Array<Omit<MemberPosition, 'history'>>;
}

/** What the public sees: accepted declarations only, the declared-letter count and the threshold. Never the real count. */
/**
 * What the public may read of a tracker: its accepted declarations dated on or before its as-of day (the tracker's
 * fixed date, or today), with only the sources published by then. Every public endpoint (page, member history, exports)
 * reads through this, so a declaration entered ahead of its date, or a report published after the day, is public nowhere
 * before the page counts it.
 */
export async function publishedDeclarations(ctx: AppContext, trackerId: string, filter: { memberId?: string } = {}) {
  const tracker = await openTracker(ctx, trackerId);
  const asOf = tracker.asOf ?? dayOf(ctx.clock());
  const accepted = (await listDeclarations(ctx.db, trackerId, { status: 'accepted', ...filter }))
    .filter((d) => !d.date || d.date <= asOf)
    .flatMap((d) => {
      // A later report held for an editor is not public. And a source is an article: one published after the
      // tracker's day was not there to read on that day, so neither
      // its outlet and quote nor a declaration known only from it are public yet (an early-dated declaration entered
      // from a later report stays with the editors until the day its report appears).
      const sources = d.sources.filter((s) => !s.held && (!s.published || s.published <= asOf));
      return d.sources.length > 0 && sources.length === 0 ? [] : [{ ...d, sources }];
    });
  return { tracker, asOf, accepted };
}

export async function publicTracker(ctx: AppContext, trackerId: string): Promise<PublicTracker> {
  const { tracker, asOf, accepted } = await publishedDeclarations(ctx, trackerId);
  const positions = positionsOf(accepted);
  const roster = await loadRoster(ctx.db, tracker.rosterId);
  const t = thresholdOn(findRulebook(tracker.rulebookId), roster, asOf);
  const groups = new Map<Stance, DeclarationWithSources[]>();
  for (const d of accepted) groups.set(d.stance as Stance, [...(groups.get(d.stance as Stance) ?? []), d]);
  return {
    tracker: { id: tracker.id, title: tracker.title, party: tracker.party, leaderName: tracker.leaderName, asOf },
    declaredLetters: positions.filter((p) => p.letterIn).length,
    threshold: { denominator: t.denominator, threshold: t.threshold, date: t.date, rulebookId: tracker.rulebookId },
    groups: [...groups].map(([stance, declarations]) => ({ stance, declarations })),
    timeline: timelineOf(accepted),
    members: positions.map(({ history: _h, ...p }) => p),
  };
}

/** Cumulative counts per day on which something was declared (the public timeline chart). */
export function timelineOf(accepted: DeclarationWithSources[]): PublicTracker['timeline'] {
  const days = [...new Set(accepted.map((d) => d.date).filter((d): d is string => !!d))].sort();
  return days.map((day) => {
    const upTo = accepted.filter((d) => d.date && d.date <= day);
    const positions = positionsOf(upTo);
    return {
      date: day,
      declaredLetters: positions.filter((p) => p.letterIn).length,
      calledToResign: new Set(upTo.filter((d) => d.stance === 'called_to_resign').map((d) => d.memberId)).size,
      total: upTo.length,
    };
  });
}

export async function memberPublicHistory(ctx: AppContext, trackerId: string, memberId: string): Promise<MemberPosition> {
  const { accepted } = await publishedDeclarations(ctx, trackerId, { memberId });
  const position = positionsOf(accepted)[0];
  // The id is not echoed: error texts never repeat a member id back (the leak walk checks every response).
  if (!position) throw new AppError('NOT_FOUND', 'this member has made no public declaration in this tracker');
  return position;
}

const CSV_COLUMNS = ['member_id', 'person', 'stance', 'date', 'outlets', 'urls', 'quote', 'origin'] as const;

function csvField(value: string): string {
  // Formula injection: a cell starting with = + - @ is shown as text by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function declarationsToCsv(declarations: DeclarationWithSources[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const d of declarations) {
    lines.push(
      [
        d.memberId,
        d.person,
        d.stance,
        d.date ?? '',
        d.sources.map((s) => s.outlet ?? s.fileName ?? '').filter(Boolean).join('; '),
        d.sources.map((s) => s.url ?? '').filter(Boolean).join(' '),
        d.sources[0]?.evidence[0] ?? '',
        d.origin,
      ]
        .map((v) => csvField(String(v)))
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function declarationsToJson(tracker: PublicTracker['tracker'], declarations: DeclarationWithSources[]) {
  return {
    tracker,
    declarations: declarations.map((d) => ({
      member_id: d.memberId,
      person: d.person,
      stance: d.stance,
      date: d.date,
      origin: d.origin,
      sources: d.sources.map((s) => ({ outlet: s.outlet, url: s.url, file: s.fileName, published: s.published, evidence: s.evidence })),
    })),
  };
}

/**
 * Endorsements in a leadership contest: who backs which candidate, read from articles, per
 * candidate with sources. The candidates come from the contest (src/contest connects it); the
 * roster and party are the tracker's. Reads only: nothing is stored.
 */
export async function contestEndorsements(ctx: AppContext, trackerId: string, candidates: readonly ContestCandidate[], articles: readonly ArticleInput[]): Promise<CandidateBackers[]> {
  const tracker = await openTracker(ctx, trackerId);
  const roster = await loadRoster(ctx.db, tracker.rosterId);
  checkContestCandidates(candidates);
  const read = articles.map((a) => {
    checkArticle(a);
    return { article: a.fileName, endorsements: extractEndorsements(a.text, roster, { party: tracker.party, candidates, fallbackPublished: a.published ?? null }) };
  });
  return endorsementListing(candidates, read);
}
