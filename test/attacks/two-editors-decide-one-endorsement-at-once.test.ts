/**
 * Nothing found (this guards the promise): a decided endorsement stays decided and every decision is audited once.
 * Two editors (or a double click, or a stolen session racing the editor) decide the same proposed endorsement at once,
 * one accepting it, one rejecting it, a third rejecting the member's backing as a group. Exactly one decision goes
 * through, with exactly one audit entry in its transaction; the others are 409 ENDORSEMENT_ALREADY_DECIDED, never a
 * 500 and never a second status. The public listing matches the one decision.
 *
 * Runs on PGlite (one connection: the decisions queue up) and, with TEST_DATABASE_URL, on PostgreSQL (where they
 * really race: the audit chain's lock and the row lock order them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS } from '../support/db';
import type { Database } from '../../src/db';
import type { AppContext } from '../../src/services/context';
import { readAudit } from '../../src/services/audit';
import { decideEndorsement, decideEndorsementGroup, endorsementQueue, publishedEndorsements, recordEndorsements } from '../../src/services/endorsements';
import { DEFAULT_TRACKER } from '../../src/services/tracker';
import { openTrackerContext, TEST_EDITOR } from '../support/tracker-context';

const EDITOR = TEST_EDITOR;
const OTHER_EDITOR = { ...EDITOR, label: 'another editor (test)' };
const CONTEST = 'tory-2022-summer';
const CANDIDATES = [{ id: 'sunak', name: 'Rishi Sunak' }];

describe.each(TEST_DRIVERS)('two editors decide one endorsement at once ($name)', (driver) => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    ({ database, ctx } = await openTrackerContext(driver, '2022-07-13T12:00:00Z'));
  }, 60_000);
  afterAll(async () => database?.close());

  it('lets exactly one decision through, audited once', async () => {
    for (let round = 0; round < 5; round++) {
      const r = await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, CONTEST, CANDIDATES, [{ fileName: `r${round}.txt`, published: '2022-07-12', text: `Report ${round}: Dominic Raab is backing Rishi Sunak.` }]);
      const [row] = r.awaitingReview.filter((e) => e.source.article === `r${round}.txt`);
      const decisions = (await readAudit(ctx.db, { kind: 'tracker' })).filter((e) => e.action !== 'tracker_endorsement_recorded').length;
      const results = await Promise.allSettled([
        decideEndorsement(ctx, EDITOR, row!.id, 'accept'),
        decideEndorsement(ctx, OTHER_EDITOR, row!.id, 'reject'),
        decideEndorsementGroup(ctx, OTHER_EDITOR, DEFAULT_TRACKER.id, CONTEST, { candidateId: 'sunak', memberId: 'dominic-raab', shown: [row!.id] }, 'reject'),
      ]);
      expect(results.filter((x) => x.status === 'fulfilled'), `round ${round}`).toHaveLength(1);
      for (const x of results) if (x.status === 'rejected') expect(x.reason).toMatchObject({ code: 'ENDORSEMENT_ALREADY_DECIDED' });
      expect((await readAudit(ctx.db, { kind: 'tracker' })).filter((e) => e.action !== 'tracker_endorsement_recorded').length).toBe(decisions + 1);
      const [accepted, rejected] = [await endorsementQueue(ctx.db, DEFAULT_TRACKER.id, { status: 'accepted' }), await endorsementQueue(ctx.db, DEFAULT_TRACKER.id, { status: 'rejected' })];
      expect([...accepted, ...rejected].filter((e) => e.id === row!.id)).toHaveLength(1);
    }
    const sources = (await publishedEndorsements(ctx, { contestId: CONTEST }))[0]?.candidates[0]?.backers[0]?.sources.length ?? 0;
    expect(sources).toBe((await endorsementQueue(ctx.db, DEFAULT_TRACKER.id, { status: 'accepted' })).length);
  });
});
