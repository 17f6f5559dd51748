/**
 * FIXED (PostgreSQL): a later report of a published declaration is held for an editor — decided by the declaration's
 * status when the article is read. An article read while an editor accepted that declaration could see it still
 * proposed, the accept could check the reports it was shown (none new yet) and commit, and the article's report was
 * then added as an ordinary, public source of a published declaration that no editor had seen. The accept now locks
 * the declaration, and reading an article locks the declarations it matches: either the report is there before the
 * accept (which then refuses, `sources` not naming it) or it is read after, as a report of a published declaration,
 * held.
 *
 * Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL (where the two transactions really interleave).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS } from '../support/db';
import type { Database } from '../../src/db';
import type { AppContext } from '../../src/services/context';
import { DEFAULT_TRACKER, getDeclaration, ingestArticles, listDeclarations, publishedDeclarations, reviewDeclaration } from '../../src/services/tracker';
import { openTrackerContext, TEST_EDITOR } from '../support/tracker-context';

const EDITOR = TEST_EDITOR;

describe.each(TEST_DRIVERS)('an article read while an editor accepts the declaration it reports ($name)', (driver) => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    ({ database, ctx } = await openTrackerContext(driver, '2022-07-01T12:00:00Z'));
  }, 60_000);
  afterAll(async () => database?.close());

  it('never adds a public report nobody saw to a published declaration', async () => {
    // Rounds a week apart, so each round's first article makes a new proposal (the match window is four days).
    for (const day of [1, 8, 15, 22, 29]) {
      const dd = String(day).padStart(2, '0');
      await ingestArticles(ctx, EDITOR, DEFAULT_TRACKER.id, [{ fileName: `a-${dd}.txt`, outlet: 'Shown Herald', published: `2022-06-${dd}`, text: `Tory MP Peter Aldous has submitted a letter of no confidence in Boris Johnson, he confirmed on ${day} June.` }]);
      const shown = (await listDeclarations(ctx.db, DEFAULT_TRACKER.id, { status: 'proposed', memberId: 'peter-aldous' })).find((d) => d.date === `2022-06-${dd}`)!;
      expect(shown.sources).toHaveLength(1);
      const [accepted, read] = await Promise.allSettled([
        reviewDeclaration(ctx, EDITOR, shown.id, { type: 'accept', sources: shown.sources.map((s) => s.id) }),
        ingestArticles(ctx, EDITOR, DEFAULT_TRACKER.id, [{ fileName: `b-${dd}.txt`, outlet: `Race Courier ${dd}`, published: `2022-06-${dd}`, text: `Peter Aldous submitted a letter of no confidence in Boris Johnson on ${day} June, the Race Courier reports.` }]),
      ]);
      expect(read.status, String((read as PromiseRejectedResult).reason)).toBe('fulfilled');
      const after = await getDeclaration(ctx.db, shown.id);
      const late = after.sources.find((s) => s.outlet === `Race Courier ${dd}`)!;
      expect(late).toBeDefined();
      if (accepted.status === 'rejected') {
        // The report came first: the accept named only what it showed, so it was refused and nothing was published.
        expect(accepted.reason).toMatchObject({ code: 'CONFLICT' });
        expect(after.status).toBe('proposed');
      } else {
        expect(after.status).toBe('accepted');
        expect(late.held).toBe(true);
      }
      const { accepted: published } = await publishedDeclarations(ctx, DEFAULT_TRACKER.id, { memberId: 'peter-aldous' });
      expect(published.flatMap((d) => d.sources.map((s) => s.outlet))).not.toContain(`Race Courier ${dd}`);
    }
  }, 60_000);
});
