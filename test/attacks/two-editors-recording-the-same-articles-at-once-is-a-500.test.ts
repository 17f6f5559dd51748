/**
 * FIXED (PostgreSQL): "never a 500". Two editors (or the desk and a double submit) record the same two articles for a
 * contest at once, in opposite orders. Recording inserted each endorsement row and only then appended its audit entry,
 * which takes the audit chain's lock: the first request held the lock and waited on the second's uncommitted row of
 * the shared article (the unique key), the second held that row and waited on the lock — a deadlock, which PostgreSQL
 * breaks by failing one request with a 500 (and nothing of its articles stored). Recording now takes the audit
 * chain's lock before its first insert, as the decisions do, so the second request waits and finds the first one's
 * rows duplicates: both answer, every endorsement is stored once, with one audit entry each.
 *
 * Runs on PGlite (one connection: requests never interleave there) and, with TEST_DATABASE_URL, on PostgreSQL (where
 * the race is real).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS } from '../support/db';
import type { Database } from '../../src/db';
import type { AppContext } from '../../src/services/context';
import { readAudit } from '../../src/services/audit';
import { endorsementQueue, recordEndorsements } from '../../src/services/endorsements';
import { DEFAULT_TRACKER } from '../../src/services/tracker';
import { openTrackerContext, TEST_EDITOR } from '../support/tracker-context';

const EDITOR = TEST_EDITOR;
const CONTEST = 'tory-2022-summer';
const CANDIDATES = [
  { id: 'sunak', name: 'Rishi Sunak' },
  { id: 'truss', name: 'Liz Truss' },
];
const article = (n: number) => ({ fileName: `race-${n}.txt`, outlet: `Wire ${n}`, published: '2022-07-12', text: `Report ${n}. Dominic Raab is backing Rishi Sunak. Nadine Dorries has endorsed Liz Truss.` });

describe.each(TEST_DRIVERS)('two recordings of the same articles at once ($name)', (driver) => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    ({ database, ctx } = await openTrackerContext(driver, '2022-07-13T12:00:00Z'));
  }, 60_000);
  afterAll(async () => database?.close());

  it('stores every endorsement once and answers both requests', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = [article(2 * round), article(2 * round + 1)];
      const results = await Promise.allSettled([recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, CONTEST, CANDIDATES, [a, b]), recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, CONTEST, CANDIDATES, [b, a])]);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')), `round ${round}`).toEqual(['ok', 'ok']);
      const stored = results.map((r) => (r.status === 'fulfilled' ? r.value.stored : 0));
      expect(stored[0]! + stored[1]!).toBe(4);
    }
    const queue = await endorsementQueue(ctx.db, DEFAULT_TRACKER.id, { contestId: CONTEST });
    expect(queue).toHaveLength(20);
    const recorded = (await readAudit(ctx.db, { kind: 'tracker' })).filter((e) => e.action === 'tracker_endorsement_recorded');
    expect(recorded).toHaveLength(20);
  });
});
