/**
 * Endorsements in a leadership contest, stored: an editor reads articles for a contest's candidates
 * (src/tracker/endorsements.ts does the reading), the sentences that say who backs whom are kept, and the
 * public pages show them per candidate (the contest page) and per member (the tracker's member page).
 *
 * Writes are one transaction per request: the rows and one audit entry per stored endorsement (kind
 * `tracker`). Reading the same article again for the same contest adds nothing (unique on the article's
 * SHA-256). The listing is computed from the rows: a backer whose later article withdraws the endorsement is
 * no longer listed, and every source stays with the sentence that says so.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { contests, trackerEndorsements } from '../db/schema';
import { isIsoDate } from '../domain/dates';
import { AppError } from '../domain/errors';
import { assertCleanText } from '../domain/text';
import { MAX_ARTICLE_BYTES } from '../tracker';
import { articleTooLargeMessage } from '../tracker/input';
import { endorsementListing, extractEndorsements, type ContestCandidate, type Endorsement } from '../tracker/endorsements';
import { appendAudit } from './audit';
import { actorLabel, type Actor, type AppContext } from './context';
import { loadRoster } from './roster';
import { openTracker, type ArticleInput } from './tracker';

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

export interface RecordReport {
  contestId: string;
  stored: number;
  duplicate: number;
  candidates: StoredCandidateBackers[];
}

function checkCandidates(candidates: readonly ContestCandidate[]): void {
  if (!candidates.length) throw new AppError('VALIDATION_FAILED', 'a contest needs at least one candidate');
  if (new Set(candidates.map((c) => c.id)).size !== candidates.length) throw new AppError('VALIDATION_FAILED', 'candidate ids must be unique');
}

function checkArticle(a: ArticleInput): void {
  if (!a.text.trim()) throw new AppError('VALIDATION_FAILED', `${a.fileName}: the article is empty`);
  assertCleanText(a.text, a.fileName);
  const bytes = Buffer.byteLength(a.text);
  if (bytes > MAX_ARTICLE_BYTES) throw new AppError('ARTICLE_TOO_LARGE', `${a.fileName}: ${articleTooLargeMessage(bytes)}`);
  if (a.published && !isIsoDate(a.published)) throw new AppError('VALIDATION_FAILED', `${a.fileName}: published must be a date written YYYY-MM-DD`);
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

/** Reads the articles for the contest's candidates and stores what they say; returns the contest's listing after the write. */
export async function recordEndorsements(ctx: AppContext, actor: Actor, trackerId: string, contestId: string, requested: readonly ContestCandidate[], articles: readonly ArticleInput[]): Promise<RecordReport> {
  if (!CONTEST_ID.test(contestId)) throw new AppError('VALIDATION_FAILED', 'contest id: letters, digits, "-" and "_", at most 100');
  checkCandidates(requested);
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
        })
        .onConflictDoNothing()
        .returning({ id: trackerEndorsements.id });
      if (!inserted.length) continue;
      stored++;
      await appendAudit(tx, { actor: actorLabel(actor), kind: 'tracker', action: 'tracker_endorsement_recorded', payload: { trackerId, contestId, endorsementId: id, candidateId: e.candidateId, memberId: e.memberId, stance: e.stance, date: e.date, fileName: a.fileName, sha256: sha, evidence: e.evidence } }, ctx.clock());
    }
  });
  const [view] = await storedEndorsements(ctx, { trackerId, contestId });
  return { contestId, stored, duplicate: rows.length - stored, candidates: view?.candidates ?? [] };
}

type EndorsementRow = typeof trackerEndorsements.$inferSelect;

/**
 * Rows of a contest run on this server, held to that contest when read: recording checks the candidates only if the
 * contest exists then, and contest ids are the chair's to choose, so rows stored under an id before the chair opened
 * a contest with it carry the editor's candidate ids and names. A row is listed only if its candidate is one of the
 * contest's MPs and it was read for a name with the surname of the contest's name for them (as recording requires),
 * and it is shown under the contest's name. Rows of contests followed from outside are kept as stored.
 */
async function heldToTheirContests(ctx: AppContext, rows: EndorsementRow[]): Promise<EndorsementRow[]> {
  const ids = [...new Set(rows.map((r) => r.contestId))];
  if (!ids.length) return rows;
  const runHere = new Map((await ctx.db.select({ id: contests.id, names: contests.names }).from(contests).where(inArray(contests.id, ids))).map((c) => [c.id, c.names]));
  return rows.flatMap((r) => {
    const names = runHere.get(r.contestId);
    if (!names) return [r];
    const name = Object.hasOwn(names, r.candidateId) ? names[r.candidateId] : undefined;
    return name !== undefined && surnameKey(r.candidateName) === surnameKey(name) ? [{ ...r, candidateName: name }] : [];
  });
}

/** The stored endorsements, per contest and candidate (public). Filter by tracker, contest or member. */
export async function storedEndorsements(ctx: AppContext, filter: { trackerId?: string; contestId?: string; memberId?: string }): Promise<ContestEndorsementsView[]> {
  const where = [
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
      sourceOf.set(r.id, { article: r.fileName, outlet: r.outlet, url: r.url, published: r.published, evidence: r.evidence });
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
