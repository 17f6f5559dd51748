import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS, testContext } from '../../test/support/db';
import type { Database } from '../db';
import { readAudit } from './audit';
import { CLI_ACTOR, type AppContext } from './context';
import { recordEndorsements, storedEndorsements } from './endorsements';
import { importCommons2019 } from './roster';
import { DEFAULT_TRACKER, ensureTracker } from './tracker';

const EDITOR = { accountId: null, role: 'editor' as const, memberId: null, label: 'editor (test)' };
const CANDIDATES = [
  { id: 'sunak', name: 'Rishi Sunak' },
  { id: 'truss', name: 'Liz Truss' },
];
const RACE = { fileName: 'race.txt', outlet: 'Wire', published: '2022-07-12', text: 'Dominic Raab is backing Rishi Sunak. Nadine Dorries and Jacob Rees-Mogg are supporting Liz Truss.' };
const SWITCH = { fileName: 'switch.txt', outlet: 'Paper', published: '2022-07-20', text: 'Jacob Rees-Mogg has withdrawn his support for Liz Truss.' };

describe.each(TEST_DRIVERS)('stored endorsements on $name', (driver) => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    database = await driver.open();
    ctx = testContext(database);
    await importCommons2019(ctx, CLI_ACTOR);
    await ensureTracker(ctx, CLI_ACTOR);
  });
  afterAll(async () => database?.close());

  it('stores who backs whom with the sentence and outlet, once per article, with an audit entry per endorsement', async () => {
    const first = await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, 'tory-2022', CANDIDATES, [RACE]);
    expect(first.stored).toBe(3);
    expect(first.candidates.map((c) => [c.candidateId, c.name, c.backers.map((b) => b.memberId)])).toEqual([
      ['truss', 'Liz Truss', ['jacob-rees-mogg', 'nadine-dorries']],
      ['sunak', 'Rishi Sunak', ['dominic-raab']],
    ]);
    expect(first.candidates[1]!.backers[0]!.sources).toEqual([{ article: 'race.txt', outlet: 'Wire', url: null, published: '2022-07-12', evidence: ['Dominic Raab is backing Rishi Sunak.'] }]);
    const again = await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, 'tory-2022', CANDIDATES, [RACE]);
    expect([again.stored, again.duplicate]).toEqual([0, 3]);
    const audit = (await readAudit(ctx.db)).filter((e) => e.action === 'tracker_endorsement_recorded');
    expect(audit).toHaveLength(3);
    expect(audit.every((e) => e.actor === 'editor (test)')).toBe(true);
  });

  it('drops a backer whose later article withdraws the endorsement, and filters by contest and member', async () => {
    const after = await recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, 'tory-2022', CANDIDATES, [SWITCH]);
    expect(after.stored).toBe(1);
    expect(after.candidates.find((c) => c.candidateId === 'truss')!.backers.map((b) => b.memberId)).toEqual(['nadine-dorries']);
    const raab = await storedEndorsements(ctx, { trackerId: DEFAULT_TRACKER.id, memberId: 'dominic-raab' });
    expect(raab.map((v) => [v.contestId, v.candidates.map((c) => [c.name, c.backers.map((b) => b.person)])])).toEqual([['tory-2022', [['Rishi Sunak', ['Dominic Raab']]]]]);
    expect(await storedEndorsements(ctx, { contestId: 'another-contest' })).toEqual([]);
  });

  it('refuses a bad contest id, repeated candidates and a bad date, storing nothing', async () => {
    await expect(recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, 'no spaces', CANDIDATES, [RACE])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, 'c2', [CANDIDATES[0]!, CANDIDATES[0]!], [RACE])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(recordEndorsements(ctx, EDITOR, DEFAULT_TRACKER.id, 'c2', CANDIDATES, [{ ...RACE, published: '12/07/2022' }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(recordEndorsements(ctx, EDITOR, 'no-such-tracker', 'c2', CANDIDATES, [RACE])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await storedEndorsements(ctx, { contestId: 'c2' })).toEqual([]);
  });
});
