/**
 * A withdrawal removes a backer, but only until the backer backs the candidate again. The listing compared a member's
 * last withdrawal with the member's *earliest* backing, so an MP who backed Rishi Sunak on 10 July, withdrew on 12 July
 * and backed him again on 15 July (every article accepted by an editor) was published as no backer at all: the public
 * page contradicted the latest accepted article, and could be steered by recording an old, true withdrawal. The rule
 * now (src/tracker/endorsements.ts, `endorsementListing`): the latest dated row decides; a withdrawal without a day
 * removes the backer whatever the dates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS } from '../support/db';
import type { Database } from '../../src/db';
import type { AppContext } from '../../src/services/context';
import { publishedEndorsements, recordEndorsements } from '../../src/services/endorsements';
import { acceptEveryProposed } from '../support/endorsement-desk';
import { DEFAULT_TRACKER } from '../../src/services/tracker';
import { openTrackerContext, TEST_EDITOR } from '../support/tracker-context';

const EDITOR = TEST_EDITOR;
const CONTEST = 'tory-2022-summer';
const CANDIDATES = [{ id: 'sunak', name: 'Rishi Sunak' }];
const backers = async (ctx: AppContext) => (await publishedEndorsements(ctx, { contestId: CONTEST }))[0]?.candidates[0]?.backers.map((b) => b.memberId) ?? [];

describe('a backer who withdrew and backed the candidate again', () => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    ({ database, ctx } = await openTrackerContext(TEST_DRIVERS[0]!, '2022-07-16T12:00:00Z'));
  }, 60_000);
  afterAll(async () => database?.close());

  const record = async (fileName: string, published: string, text: string) => {
    await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, CONTEST, CANDIDATES, [{ fileName, outlet: 'Wire', published, text }]);
    await acceptEveryProposed(ctx, EDITOR, DEFAULT_TRACKER.id, CONTEST);
  };

  it('is removed by the withdrawal (this part holds)', async () => {
    await record('backs.txt', '2022-07-10', 'Dominic Raab is backing Rishi Sunak.');
    expect(await backers(ctx)).toEqual(['dominic-raab']);
    await record('withdraws.txt', '2022-07-12', 'Dominic Raab has withdrawn his support for Rishi Sunak.');
    expect(await backers(ctx)).toEqual([]);
  });

  it('is listed again once the later backing is accepted', async () => {
    await record('backs-again.txt', '2022-07-15', 'Dominic Raab has endorsed Rishi Sunak again.');
    expect(await backers(ctx)).toEqual(['dominic-raab']);
  });
});
