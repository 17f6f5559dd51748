/**
 * An editor (or a stolen editor session) stores contest endorsements under candidate ids and names of its choosing.
 * For a contest run on this server, the public "Who backs whom" would then list one MP's backers under another MP,
 * or under an id that is no MP at all. The stored candidates are checked against the contest's MPs, and the name shown
 * is the contest's own. (Recorded rows wait for an editor; the tests accept them to read the public listing.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS } from '../support/db';
import type { Database } from '../../src/db';
import { SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { openContest } from '../../src/services/contests';
import { publishedEndorsements, recordEndorsements } from '../../src/services/endorsements';
import { acceptEveryProposed } from '../support/endorsement-desk';
import { DEFAULT_TRACKER } from '../../src/services/tracker';
import { openTrackerContext, TEST_EDITOR } from '../support/tracker-context';

const EDITOR = TEST_EDITOR;
const ID = 'race-here';
const RACE = { fileName: 'race.txt', outlet: 'Wire', published: '2022-07-12', text: 'Dominic Raab is backing Rishi Sunak. Nadine Dorries has endorsed Liz Truss.' };

describe('an editor stores endorsements for a contest run on this server', () => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    ({ database, ctx } = await openTrackerContext(TEST_DRIVERS[0]!, '2022-07-11T12:00:00Z'));
    await openContest(ctx, SYSTEM_ACTOR, { id: ID, rulebookId: 'conservative-2019', reason: 'resignation', rosterId: 'uk-commons-2019', nominationsClose: '2022-07-12T12:00:00Z' });
  }, 60_000);
  afterAll(async () => database?.close());

  it('cannot list backers under an id that is not one of the contest’s MPs', async () => {
    await expect(recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, ID, [{ id: 'sunak', name: 'Rishi Sunak' }], [RACE])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await publishedEndorsements(ctx, { contestId: ID })).toEqual([]);
  });

  it('cannot list one MP’s backers under another MP’s id by naming the other MP', async () => {
    // Kemi Badenoch's id with Rishi Sunak's name: the sentences about Sunak must not be stored as backing Badenoch.
    const r = await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, ID, [{ id: 'kemi-badenoch', name: 'Rishi Sunak' }], [RACE]);
    expect(r.stored).toBe(0);
    await acceptEveryProposed(ctx, EDITOR, DEFAULT_TRACKER.id, ID);
    expect(await publishedEndorsements(ctx, { contestId: ID })).toEqual([]);
  });

  it('stores an honest list under the contest’s own names, finding the names articles use', async () => {
    await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, ID, [{ id: 'rishi-sunak', name: 'The Chancellor' }, { id: 'elizabeth-truss', name: 'Liz Truss' }], [RACE]);
    await acceptEveryProposed(ctx, EDITOR, DEFAULT_TRACKER.id, ID);
    const [r] = await publishedEndorsements(ctx, { contestId: ID });
    expect(r!.candidates.map((c) => [c.candidateId, c.name, c.backers.map((b) => b.memberId)])).toEqual([
      ['elizabeth-truss', 'Elizabeth Truss', ['nadine-dorries']],
      ['rishi-sunak', 'Rishi Sunak', ['dominic-raab']],
    ]);
  });

  it('a contest not run here keeps the editor’s list (nothing to check it against)', async () => {
    await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, 'tory-2022-summer', [{ id: 'sunak', name: 'Rishi Sunak' }], [RACE]);
    await acceptEveryProposed(ctx, EDITOR, DEFAULT_TRACKER.id, 'tory-2022-summer');
    const [r] = await publishedEndorsements(ctx, { contestId: 'tory-2022-summer' });
    expect(r!.candidates.map((c) => [c.candidateId, c.name])).toEqual([['sunak', 'Rishi Sunak']]);
  });
});
