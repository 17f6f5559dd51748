/**
 * FIXED (PostgreSQL): "never a 500". Ingesting checked for an already-ingested article, then inserted it; the unique
 * key (tracker, SHA-256) was the only thing between two requests with the same article sent at once (a double submit,
 * `confidence tracker ingest` and the desk together): on PostgreSQL both found nothing, and the second insert failed
 * with a unique-key error, a 500. Likewise the default tracker, created on first use by whoever reads it first: two
 * first visitors at once made one of them a 500. Both inserts now let the key decide (the second article is a
 * duplicate, the second visitor reads the tracker the first created).
 *
 * Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL (where the race is real).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS, testContext } from '../support/db';
import type { Database } from '../../src/db';
import { CLI_ACTOR, type AppContext } from '../../src/services/context';
import { readAudit } from '../../src/services/audit';
import { importCommons2019 } from '../../src/services/roster';
import { DEFAULT_TRACKER, ingestArticles, listDeclarations, openTracker } from '../../src/services/tracker';

const EDITOR = { accountId: null, role: 'editor' as const, memberId: null, label: 'editor (test)' };
const ARTICLE = { fileName: 'aldous.txt', outlet: 'Wire', published: '2022-06-10', text: 'Tory MP Peter Aldous has submitted a letter of no confidence in Boris Johnson, he confirmed.' };

describe.each(TEST_DRIVERS)('one article sent twice at once ($name)', (driver) => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    database = await driver.open();
    ctx = testContext(database, () => new Date('2022-07-01T12:00:00Z'));
    await importCommons2019(ctx, CLI_ACTOR);
  }, 60_000);
  afterAll(async () => database?.close());

  it('two first visitors at once both read the default tracker, created once', async () => {
    const rows = await Promise.all(Array.from({ length: 4 }, () => openTracker(ctx, DEFAULT_TRACKER.id)));
    expect(rows.map((r) => r.id)).toEqual(Array(4).fill(DEFAULT_TRACKER.id));
    expect((await readAudit(ctx.db, { kind: 'tracker' })).filter((e) => e.action === 'tracker_created')).toHaveLength(1);
  });

  it('is ingested once: one report says ingested, the others duplicate, and the declaration is proposed once', async () => {
    const reports = await Promise.all(Array.from({ length: 4 }, () => ingestArticles(ctx, EDITOR, DEFAULT_TRACKER.id, [ARTICLE])));
    expect(reports.map(([r]) => r!.status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'ingested']);
    expect((await listDeclarations(ctx.db, DEFAULT_TRACKER.id, { status: 'proposed', memberId: 'peter-aldous' })).map((d) => d.sources.length)).toEqual([1]);
    expect((await readAudit(ctx.db, { kind: 'tracker' })).filter((e) => e.action === 'tracker_article_ingested')).toHaveLength(1);
  });
});
