/**
 * FIXED: "ids and names cannot be swapped between candidates" and "an accept cannot publish something the editor was
 * not shown". For a contest followed from outside (not run on this server) the editor's candidate list is kept as
 * given. An editor (a stolen session, or a typo in a second recording) names the id already stored as "Rishi Sunak"
 * with "Liz Truss": the sentences read for Truss were stored under Sunak's id, the desk showed them as backing
 * "Liz Truss", and once accepted the public listing named each candidate by its first row, so Nadine Dorries was
 * published as a backer of Rishi Sunak. Recording now refuses an id stored in the tracker's contest under a name of
 * another surname (400 VALIDATION_FAILED, nothing stored or audited), and the public listing, for rows stored before,
 * lists under a candidate only the rows read for a name with the surname of its first recorded row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS } from '../support/db';
import type { Database } from '../../src/db';
import { trackerEndorsements } from '../../src/db/schema';
import type { AppContext } from '../../src/services/context';
import { readAudit } from '../../src/services/audit';
import { publishedEndorsements, recordEndorsements } from '../../src/services/endorsements';
import { acceptEveryProposed } from '../support/endorsement-desk';
import { DEFAULT_TRACKER } from '../../src/services/tracker';
import { openTrackerContext, TEST_EDITOR } from '../support/tracker-context';

const EDITOR = TEST_EDITOR;
const CONTEST = 'tory-2022-summer';
const SUNAK_ARTICLE = { fileName: 'a.txt', outlet: 'Wire', published: '2022-07-12', text: 'Dominic Raab is backing Rishi Sunak.' };
const TRUSS_ARTICLE = { fileName: 'b.txt', outlet: 'Wire', published: '2022-07-13', text: 'Nadine Dorries has endorsed Liz Truss.' };
const listing = async (ctx: AppContext) => (await publishedEndorsements(ctx, { contestId: CONTEST }))[0]?.candidates.map((c) => [c.candidateId, c.name, c.backers.map((b) => b.memberId)]);

describe('an editor names a stored candidate id after another candidate', () => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    ({ database, ctx } = await openTrackerContext(TEST_DRIVERS[0]!, '2022-07-14T12:00:00Z'));
  }, 60_000);
  afterAll(async () => database?.close());

  it('is refused when recording, and nothing is stored or audited', async () => {
    await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, CONTEST, [{ id: 'sunak', name: 'Rishi Sunak' }], [SUNAK_ARTICLE]);
    await acceptEveryProposed(ctx, EDITOR, DEFAULT_TRACKER.id, CONTEST);
    const audit = (await readAudit(ctx.db, { kind: 'tracker' })).length;
    await expect(recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, CONTEST, [{ id: 'sunak', name: 'Liz Truss' }], [TRUSS_ARTICLE])).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('"sunak" is "Rishi Sunak" here') });
    expect((await readAudit(ctx.db, { kind: 'tracker' })).length).toBe(audit);
    expect(await listing(ctx)).toEqual([['sunak', 'Rishi Sunak', ['dominic-raab']]]);
  });

  it('still takes the same candidate under a name of the same surname, and another id for another candidate', async () => {
    const r = await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, CONTEST, [{ id: 'sunak', name: 'Mr Sunak' }, { id: 'truss', name: 'Liz Truss' }], [TRUSS_ARTICLE]);
    expect(r.stored).toBe(1);
    await acceptEveryProposed(ctx, EDITOR, DEFAULT_TRACKER.id, CONTEST);
    expect(await listing(ctx)).toEqual([
      ['truss', 'Liz Truss', ['nadine-dorries']],
      ['sunak', 'Rishi Sunak', ['dominic-raab']],
    ]);
  });

  it('does not list a row stored under the id for another name before the refusal', async () => {
    // A row as the old recording stored it: read for "Liz Truss" under the id first recorded as "Rishi Sunak".
    await ctx.db.insert(trackerEndorsements).values({ id: '00000000-0000-4000-8000-000000000001', trackerId: DEFAULT_TRACKER.id, contestId: CONTEST, candidateId: 'sunak', candidateName: 'Liz Truss', memberId: 'therese-coffey', person: 'Thérèse Coffey', stance: 'endorses', date: '2022-07-13', fileName: 'c.txt', outlet: null, url: null, published: '2022-07-13', contentSha256: 'c'.repeat(64), evidence: ['Thérèse Coffey has endorsed Liz Truss.'], recordedBy: 'editor (test)', status: 'accepted' });
    expect(await listing(ctx)).toEqual([
      ['truss', 'Liz Truss', ['nadine-dorries']],
      ['sunak', 'Rishi Sunak', ['dominic-raab']],
    ]);
  });
});
