/**
 * Endorsements in a leadership contest, stored: an editor reads articles for a contest's candidates
 * (src/tracker/endorsements.ts does the reading), the sentences that say who backs whom are kept, and, once an editor
 * has accepted them, the public pages show them per candidate (the contest page) and per member (the tracker's member
 * page).
 *
 * The editor's desk, as for declarations (src/services/tracker.ts): what the extractor reads is stored `proposed` and
 * is for editors only; an editor accepts a row (public) or rejects it (kept for the audit, never public). Every public
 * read goes through `publishedEndorsements`, which reads accepted rows only, so no proposed or rejected row is listed
 * or counted anywhere public. A decided row stays decided: deciding it again is ENDORSEMENT_ALREADY_DECIDED (409), and
 * reading its article again adds nothing (unique on the article's SHA-256), so a rejection is never re-opened.
 *
 * Writes are one transaction per request: the rows and one audit entry per stored endorsement (kind `tracker`), and a
 * decision with one audit entry per decided row. The listing is computed from the accepted rows: a backer whose later
 * accepted article withdraws the endorsement is no longer listed, and every source stays with the sentence that says so.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db';
import { contests, trackerEndorsements, type EndorsementStatus } from '../db/schema';
import { checkContestCandidates } from '../domain/contest-candidates';
import { AppError } from '../domain/errors';
import { endorsementListing, extractEndorsements, type ContestCandidate, type Endorsement } from '../tracker/endorsements';
import { appendAudit, lockAuditChain } from './audit';
import { actorLabel, type Actor, type AppContext } from './context';
import { loadRoster } from './roster';
import { checkArticle, openTracker, refuseUnseen, type ArticleInput } from './tracker';

/** A contest id as an editor names it: letters, digits and dashes (a contest run here, or "tory-2022-summer"). */
export const CONTEST_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export interface EndorsementSource {
  article: string;
  outlet: string | null;
  url: string | null;
  published: string | null;
  evidence: string[];
}

export interface StoredCandidateBackers {
  candidateId: string;
  name: string;
  backers: Array<{ memberId: string; person: string; date: string | null; sources: EndorsementSource[] }>;
}

export interface ContestEndorsementsView {
  contestId: string;
  trackerId: string;
  candidates: StoredCandidateBackers[];
}

/** One stored endorsement as the editors' desk shows it: the sentence, its article, and where it stands. */
export interface EndorsementQueueEntry {
  id: string;
  trackerId: string;
  contestId: string;
  candidateId: string;
  candidateName: string;
  memberId: string;
  person: string;
  stance: (typeof trackerEndorsements.$inferSelect)['stance'];
  date: string | null;
  status: EndorsementStatus;
  source: EndorsementSource;
  recordedBy: string;
  reviewedBy: string | null;
}

/**
 * What recording stored. `awaitingReview` is the contest's queue after the write (editors only, nothing in it is
 * public); `published` is the contest's public listing, which recording never changes (accepted rows only).
 */
export interface RecordReport {
  contestId: string;
  stored: number;
  duplicate: number;
  awaitingReview: EndorsementQueueEntry[];
  published: StoredCandidateBackers[];
}

/** A name's last word, case and accents folded: "Liz Truss" and "Elizabeth Truss" share it, "Rishi Sunak" does not. */
const surnameKey = (name: string) =>
  (name.trim().split(/\s+/).at(-1) ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();

/**
 * The candidates of a contest run on this server: each id must be one of the contest's MPs, and the name stored and
 * shown is the contest's own (the roster's display name), whatever the editor typed. Otherwise an editor could list
 * the backers of one MP under another's id or name on the contest's public page. The articles are read for the
 * editor's name only when it shares the contest name's surname (articles say "Liz Truss" where the roster says
 * "Elizabeth Truss"), and for the contest's name otherwise. A contest not run here (a past one, named by the editor)
 * keeps the editor's list: there is nothing here to check it against.
 */
async function contestCandidates(ctx: AppContext, contestId: string, requested: readonly ContestCandidate[]): Promise<{ extractAs: readonly ContestCandidate[]; names: Map<string, string> }> {
  const [row] = await ctx.db.select({ names: contests.names }).from(contests).where(eq(contests.id, contestId));
  if (!row) return { extractAs: requested, names: new Map(requested.map((c) => [c.id, c.name])) };
  const unknown = requested.filter((c) => !Object.hasOwn(row.names, c.id)).map((c) => JSON.stringify(c.id));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', `contest ${contestId} is run on this server and has no MP ${unknown.join(', ')}: name its candidates by their member ids`);
  const names = new Map(requested.map((c) => [c.id, row.names[c.id]!]));
  return { extractAs: requested.map((c) => ({ id: c.id, name: surnameKey(c.name) === surnameKey(names.get(c.id)!) ? c.name : names.get(c.id)! })), names };
}

/**
 * A contest followed from outside keeps the editor's candidate list, but one id names one candidate: an id already
 * stored in this tracker's contest under a name of another surname is refused (VALIDATION_FAILED). Otherwise the
 * sentences read for "Liz Truss" under the id stored as "Rishi Sunak" would be accepted on the desk as backing Truss
 * and listed publicly under Sunak. Run after the audit chain's lock, so two recordings cannot each pass it alone.
 */
async function refuseRenamedCandidates(tx: Tx, trackerId: string, contestId: string, requested: readonly ContestCandidate[]): Promise<void> {
  const stored = await tx
    .selectDistinct({ candidateId: trackerEndorsements.candidateId, candidateName: trackerEndorsements.candidateName })
    .from(trackerEndorsements)
    .where(and(eq(trackerEndorsements.trackerId, trackerId), eq(trackerEndorsements.contestId, contestId), inArray(trackerEndorsements.candidateId, requested.map((c) => c.id))));
  const renamed = requested.flatMap((c) => {
    const other = stored.find((r) => r.candidateId === c.id && surnameKey(r.candidateName) !== surnameKey(c.name));
    return other ? [`${JSON.stringify(c.id)} is ${JSON.stringify(other.candidateName)} here, not ${JSON.stringify(c.name)}`] : [];
  });
  if (renamed.length) throw new AppError('VALIDATION_FAILED', `contest ${contestId}: a candidate id names one candidate: ${renamed.join('; ')}`);
}

/**
 * Reads the articles for the contest's candidates and stores what they say as `proposed` (for an editor to accept or
 * reject; nothing is public yet); returns the counts, the contest's queue and its unchanged public listing.
 */
export async function recordEndorsements(ctx: AppContext, actor: Actor, trackerId: string, contestId: string, requested: readonly ContestCandidate[], articles: readonly ArticleInput[]): Promise<RecordReport> {
  if (!CONTEST_ID.test(contestId)) throw new AppError('VALIDATION_FAILED', 'contest id: letters, digits, "-" and "_", at most 100');
  checkContestCandidates(requested);
  const { extractAs: candidates, names } = await contestCandidates(ctx, contestId, requested);
  const tracker = await openTracker(ctx, trackerId);
  const roster = await loadRoster(ctx.db, tracker.rosterId);
  const rows = articles.flatMap((a) => {
    checkArticle(a);
    const sha = createHash('sha256').update(a.text).digest('hex');
    return extractEndorsements(a.text, roster, { party: tracker.party, candidates, fallbackPublished: a.published ?? null }).map((e) => ({ e, a, sha }));
  });
  let stored = 0;
  await ctx.db.transaction(async (tx) => {
    // The audit chain's lock before the first insert, as the decisions take it: a recording that inserted first and
    // locked at its first audit entry could hold a row (unique on the article) another recording of the same articles
    // waits for while waiting for the lock that one holds, a deadlock PostgreSQL breaks with a 500.
    await lockAuditChain(tx);
    await refuseRenamedCandidates(tx, trackerId, contestId, requested);
    for (const { e, a, sha } of rows) {
      const id = randomUUID();
      const inserted = await tx
        .insert(trackerEndorsements)
        .values({
          id,
          trackerId,
          contestId,
          candidateId: e.candidateId,
          candidateName: names.get(e.candidateId) ?? e.candidateId,
          memberId: e.memberId,
          person: e.person,
          stance: e.stance,
          date: e.date,
          fileName: a.fileName,
          outlet: a.outlet ?? null,
          url: a.url ?? null,
          published: a.published ?? e.date,
          contentSha256: sha,
          evidence: e.evidence,
          recordedBy: actorLabel(actor),
          status: 'proposed',
        })
        .onConflictDoNothing()
        .returning({ id: trackerEndorsements.id });
      if (!inserted.length) continue;
      stored++;
      await appendAudit(tx, { actor: actorLabel(actor), kind: 'tracker', action: 'tracker_endorsement_recorded', payload: { trackerId, contestId, endorsementId: id, candidateId: e.candidateId, memberId: e.memberId, stance: e.stance, date: e.date, fileName: a.fileName, sha256: sha, evidence: e.evidence, status: 'proposed' } }, ctx.clock());
    }
  });
  const [view] = await publishedEndorsements(ctx, { trackerId, contestId });
  return { contestId, stored, duplicate: rows.length - stored, awaitingReview: await endorsementQueue(ctx.db, trackerId, { contestId }), published: view?.candidates ?? [] };
}

type EndorsementRow = typeof trackerEndorsements.$inferSelect;

/** Where a stored endorsement was read: its article, outlet and date, and the sentences that say it. */
const sourceOfRow = (r: EndorsementRow): EndorsementSource => ({ article: r.fileName, outlet: r.outlet, url: r.url, published: r.published, evidence: r.evidence });

/**
 * Rows of a contest run on this server, held to that contest when read: recording checks the candidates only if the
 * contest exists then, and contest ids are the chair's to choose, so rows stored under an id before the chair opened
 * a contest with it carry the editor's candidate ids and names. A row is listed only if its candidate is one of the
 * contest's MPs and it was read for a name with the surname of the contest's name for them (as recording requires),
 * and it is shown under the contest's name. Rows of contests followed from outside are kept as stored, each candidate
 * under one name (see below).
 */
async function heldToTheirContests(ctx: AppContext, rows: EndorsementRow[]): Promise<EndorsementRow[]> {
  const ids = [...new Set(rows.map((r) => r.contestId))];
  if (!ids.length) return rows;
  const runHere = new Map((await ctx.db.select({ id: contests.id, names: contests.names }).from(contests).where(inArray(contests.id, ids))).map((c) => [c.id, c.names]));
  // A contest followed from outside: a candidate is named by its first recorded row, and rows stored under its id for
  // a name of another surname (before recording refused that) are not listed, rather than listed under this name.
  const firstRecorded = new Map<string, EndorsementRow>();
  for (const r of rows) {
    const key = `${r.trackerId}\u0000${r.contestId}\u0000${r.candidateId}`;
    const first = firstRecorded.get(key);
    if (!first || r.createdAt < first.createdAt || (r.createdAt.getTime() === first.createdAt.getTime() && r.id < first.id)) firstRecorded.set(key, r);
  }
  return rows.flatMap((r) => {
    const names = runHere.get(r.contestId);
    if (!names) {
      const first = firstRecorded.get(`${r.trackerId}\u0000${r.contestId}\u0000${r.candidateId}`)!;
      return surnameKey(r.candidateName) === surnameKey(first.candidateName) ? [{ ...r, candidateName: first.candidateName }] : [];
    }
    const name = Object.hasOwn(names, r.candidateId) ? names[r.candidateId] : undefined;
    return name !== undefined && surnameKey(r.candidateName) === surnameKey(name) ? [{ ...r, candidateName: name }] : [];
  });
}

/**
 * The published endorsements, per contest and candidate: accepted rows only, so a proposed or rejected row is neither
 * listed nor counted. Every public read (the contest page, the member page, the JSON routes) goes through here.
 * Filter by tracker, contest or member.
 */
export async function publishedEndorsements(ctx: AppContext, filter: { trackerId?: string; contestId?: string; memberId?: string }): Promise<ContestEndorsementsView[]> {
  const where = [
    eq(trackerEndorsements.status, 'accepted'),
    filter.trackerId ? eq(trackerEndorsements.trackerId, filter.trackerId) : undefined,
    filter.contestId ? eq(trackerEndorsements.contestId, filter.contestId) : undefined,
    filter.memberId ? eq(trackerEndorsements.memberId, filter.memberId) : undefined,
  ].filter((w) => w !== undefined);
  const stored = await ctx.db
    .select()
    .from(trackerEndorsements)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(trackerEndorsements.trackerId), asc(trackerEndorsements.contestId), asc(trackerEndorsements.published), asc(trackerEndorsements.createdAt), asc(trackerEndorsements.id));
  const rows = await heldToTheirContests(ctx, stored);
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.trackerId}\u0000${r.contestId}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((list) => {
    const candidates: ContestCandidate[] = [];
    for (const r of list) if (!candidates.some((c) => c.id === r.candidateId)) candidates.push({ id: r.candidateId, name: r.candidateName });
    // Rows written in one transaction share a timestamp: candidates are listed by name so the page is stable.
    candidates.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    // One "article" per row keeps each source's outlet and date; the listing applies withdrawals in date order.
    const sourceOf = new Map<string, EndorsementSource>();
    const articles = list.map((r) => {
      sourceOf.set(r.id, sourceOfRow(r));
      const e: Endorsement = { candidateId: r.candidateId, memberId: r.memberId, person: r.person, stance: r.stance, date: r.date, evidence: r.evidence };
      return { article: r.id, endorsements: [e] };
    });
    const listing = endorsementListing(candidates, articles);
    return {
      trackerId: list[0]!.trackerId,
      contestId: list[0]!.contestId,
      candidates: listing.map((c) => ({
        candidateId: c.candidateId,
        name: candidates.find((x) => x.id === c.candidateId)!.name,
        backers: c.backers.map((b) => ({ memberId: b.memberId, person: b.person, date: b.date, sources: b.sources.map((s) => sourceOf.get(s.article)!) })),
      })),
    };
  });
}

const queueEntry = (r: EndorsementRow): EndorsementQueueEntry => ({
  id: r.id,
  trackerId: r.trackerId,
  contestId: r.contestId,
  candidateId: r.candidateId,
  candidateName: r.candidateName,
  memberId: r.memberId,
  person: r.person,
  stance: r.stance,
  date: r.date,
  status: r.status,
  source: sourceOfRow(r),
  recordedBy: r.recordedBy,
  reviewedBy: r.reviewedBy,
});

/**
 * The editors' queue of a tracker's endorsements: `proposed` rows by default (waiting for a decision), or the accepted
 * or rejected ones; optionally one contest. Ordered by contest, candidate, member and date, the way the desk groups them.
 */
export async function endorsementQueue(db: DbOrTx, trackerId: string, filter: { contestId?: string; status?: EndorsementStatus } = {}): Promise<EndorsementQueueEntry[]> {
  const where = [eq(trackerEndorsements.trackerId, trackerId), eq(trackerEndorsements.status, filter.status ?? 'proposed'), filter.contestId ? eq(trackerEndorsements.contestId, filter.contestId) : undefined].filter((w) => w !== undefined);
  const rows = await db
    .select()
    .from(trackerEndorsements)
    .where(and(...where))
    .orderBy(asc(trackerEndorsements.contestId), asc(trackerEndorsements.candidateName), asc(trackerEndorsements.person), asc(trackerEndorsements.published), asc(trackerEndorsements.createdAt), asc(trackerEndorsements.id));
  return rows.map(queueEntry);
}

export type EndorsementDecision = 'accept' | 'reject';

/** Marks proposed rows accepted or rejected, one audit entry each, inside the caller's transaction. */
async function decideRows(tx: Tx, ctx: AppContext, actor: Actor, rows: readonly EndorsementRow[], decision: EndorsementDecision): Promise<void> {
  const status: EndorsementStatus = decision === 'accept' ? 'accepted' : 'rejected';
  for (const r of rows) {
    if (r.status !== 'proposed') throw new AppError('ENDORSEMENT_ALREADY_DECIDED', `this endorsement was already ${r.status}`, { endorsementId: r.id, status: r.status });
    await tx.update(trackerEndorsements).set({ status, reviewedBy: actorLabel(actor), reviewedAt: ctx.clock() }).where(eq(trackerEndorsements.id, r.id));
    await appendAudit(tx, { actor: actorLabel(actor), kind: 'tracker', action: `tracker_endorsement_${status}`, payload: { trackerId: r.trackerId, contestId: r.contestId, endorsementId: r.id, candidateId: r.candidateId, memberId: r.memberId, stance: r.stance, before: { status: r.status }, after: { status } } }, ctx.clock());
  }
}

/**
 * An editor accepts (publishes) or rejects one proposed endorsement. Unknown id: NOT_FOUND; a row already decided:
 * ENDORSEMENT_ALREADY_DECIDED (a rejection is final, and an accepted row is not silently re-decided).
 */
export async function decideEndorsement(ctx: AppContext, actor: Actor, endorsementId: string, decision: EndorsementDecision): Promise<EndorsementQueueEntry> {
  await ctx.db.transaction(async (tx) => {
    // The audit chain's lock first, as recording takes it before its first insert.
    await lockAuditChain(tx);
    const [row] = await tx.select().from(trackerEndorsements).where(eq(trackerEndorsements.id, endorsementId)).for('update');
    if (!row) throw new AppError('NOT_FOUND', 'no such endorsement');
    await decideRows(tx, ctx, actor, [row], decision);
  });
  const [row] = await ctx.db.select().from(trackerEndorsements).where(eq(trackerEndorsements.id, endorsementId));
  return queueEntry(row!);
}

/** One member's backing of one candidate in a contest, as the desk groups it, with the rows the editor was shown. */
export interface EndorsementGroupDecision {
  candidateId: string;
  memberId: string;
  /** The ids of the rows shown to the editor: a proposed row of the group not among them (read since) refuses the decision. */
  shown: readonly string[];
}

/**
 * An editor accepts or rejects every proposed row of one member and candidate in a contest at once. The rows shown must
 * all be of that group (VALIDATION_FAILED otherwise) and still proposed (ENDORSEMENT_ALREADY_DECIDED); a proposed row of
 * the group that was not shown (an article read meanwhile) refuses the whole decision with CONFLICT, as a declaration's
 * accept does, so nothing is published unseen. A group with no rows: NOT_FOUND.
 */
export async function decideEndorsementGroup(ctx: AppContext, actor: Actor, trackerId: string, contestId: string, group: EndorsementGroupDecision, decision: EndorsementDecision): Promise<EndorsementQueueEntry[]> {
  if (!group.shown.length) throw new AppError('VALIDATION_FAILED', 'name the endorsements shown to you');
  await ctx.db.transaction(async (tx) => {
    await lockAuditChain(tx);
    const rows = await tx
      .select()
      .from(trackerEndorsements)
      .where(and(eq(trackerEndorsements.trackerId, trackerId), eq(trackerEndorsements.contestId, contestId), eq(trackerEndorsements.candidateId, group.candidateId), eq(trackerEndorsements.memberId, group.memberId)))
      .for('update');
    if (!rows.length) throw new AppError('NOT_FOUND', 'no endorsement of this member for this candidate in this contest');
    const strangers = group.shown.filter((id) => !rows.some((r) => r.id === id));
    if (strangers.length) throw new AppError('VALIDATION_FAILED', `${strangers.length} of the endorsements named are not this member's backing of this candidate in this contest`);
    const shown = rows.filter((r) => group.shown.includes(r.id));
    const decided = shown.find((r) => r.status !== 'proposed');
    if (decided) throw new AppError('ENDORSEMENT_ALREADY_DECIDED', `an endorsement shown to you was already ${decided.status}`, { endorsementId: decided.id, status: decided.status });
    refuseUnseen(
      rows.filter((r) => r.status === 'proposed').map((r) => ({ id: r.id, outlet: r.outlet, fileName: r.fileName })),
      group.shown,
      "this member's backing",
    );
    await decideRows(tx, ctx, actor, shown, decision);
  });
  const ids = [...group.shown];
  return (await ctx.db.select().from(trackerEndorsements).where(inArray(trackerEndorsements.id, ids)).orderBy(asc(trackerEndorsements.published), asc(trackerEndorsements.id))).map(queueEntry);
}
