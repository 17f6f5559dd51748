/**
 * FIXED: the check that a contest's stored endorsements name its own MPs, under their own names, ran only when the
 * endorsements were recorded. Contest ids are chosen by the chair ("race-2022"), and the endorsements table takes any
 * contest id (a contest followed from outside), so an editor, or a stolen editor session, could record endorsements
 * under the id before the chair opened the contest: Rishi Sunak's backers stored under Kemi Badenoch's id, or under an
 * id that is no MP at all, with names of the editor's choosing. Once the contest opened, its public "Who backs whom"
 * listed them. The public reads now hold every stored row of a contest run here to the contest: a candidate id that is
 * none of its MPs, or a row read for a name whose surname is not the contest's name for that MP, is not listed, and the
 * name shown is the contest's own. (The squatting rows are accepted here, as an editor in on it would: the contest's
 * listing holds them to the contest even then.)
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
const ID = 'race-squatted';
const RACE = { fileName: 'race.txt', outlet: 'Wire', published: '2022-07-12', text: 'Dominic Raab is backing Rishi Sunak. Nadine Dorries has endorsed Liz Truss.' };

describe('an editor stores endorsements under a contest id before the chair opens that contest', () => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    ({ database, ctx } = await openTrackerContext(TEST_DRIVERS[0]!, '2022-07-11T12:00:00Z'));
    // Before the contest exists, the editor's list is taken as it is (a contest followed from outside).
    const squat = await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, ID, [
      { id: 'kemi-badenoch', name: 'Rishi Sunak' },
      { id: 'not-an-mp', name: 'Liz Truss' },
    ], [RACE]);
    expect(squat.stored).toBe(2);
    await acceptEveryProposed(ctx, EDITOR, DEFAULT_TRACKER.id, ID);
    await openContest(ctx, SYSTEM_ACTOR, { id: ID, rulebookId: 'conservative-2019', reason: 'resignation', rosterId: 'uk-commons-2019', nominationsClose: '2022-07-12T12:00:00Z' });
  }, 60_000);
  afterAll(async () => database?.close());

  it('the contest’s public listing shows none of the rows recorded under its id for another MP or for no MP', async () => {
    for (const filter of [{ contestId: ID }, { trackerId: DEFAULT_TRACKER.id, contestId: ID }, { trackerId: DEFAULT_TRACKER.id, memberId: 'dominic-raab' }, { trackerId: DEFAULT_TRACKER.id }]) {
      const views = (await publishedEndorsements(ctx, filter)).filter((v) => v.contestId === ID);
      expect(views.flatMap((v) => v.candidates.filter((c) => c.backers.length > 0).map((c) => c.candidateId))).toEqual([]);
    }
  });

  it('an honest record after the contest opened is listed under the contest’s own names', async () => {
    const r = await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, ID, [{ id: 'rishi-sunak', name: 'Rishi Sunak' }, { id: 'elizabeth-truss', name: 'Liz Truss' }], [{ ...RACE, fileName: 'race-2.txt', text: `${RACE.text} `}]);
    expect(r.stored).toBe(2);
    await acceptEveryProposed(ctx, EDITOR, DEFAULT_TRACKER.id, ID);
    const [view] = await publishedEndorsements(ctx, { contestId: ID });
    expect(view!.candidates.filter((c) => c.backers.length).map((c) => [c.candidateId, c.name, c.backers.map((b) => b.memberId)])).toEqual([
      ['elizabeth-truss', 'Elizabeth Truss', ['nadine-dorries']],
      ['rishi-sunak', 'Rishi Sunak', ['dominic-raab']],
    ]);
  });

  it('a contest not run here still keeps the editor’s list', async () => {
    await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, 'tory-2022-summer', [{ id: 'sunak', name: 'Rishi Sunak' }], [RACE]);
    await acceptEveryProposed(ctx, EDITOR, DEFAULT_TRACKER.id, 'tory-2022-summer');
    const [view] = await publishedEndorsements(ctx, { contestId: 'tory-2022-summer' });
    expect(view!.candidates.map((c) => [c.candidateId, c.name, c.backers.map((b) => b.memberId)])).toEqual([['sunak', 'Rishi Sunak', ['dominic-raab']]]);
  });
});
