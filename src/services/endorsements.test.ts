import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS } from '../../test/support/db';
import type { Database } from '../db';
import { readAudit } from './audit';
import type { AppContext } from './context';
import { decideEndorsement, decideEndorsementGroup, endorsementQueue, publishedEndorsements, recordEndorsements } from './endorsements';
import { DEFAULT_TRACKER } from './tracker';
import { openTrackerContext, TEST_EDITOR } from '../../test/support/tracker-context';

const EDITOR = TEST_EDITOR;
const CANDIDATES = [
  { id: 'sunak', name: 'Rishi Sunak' },
  { id: 'truss', name: 'Liz Truss' },
];
const RACE = { fileName: 'race.txt', outlet: 'Wire', published: '2022-07-12', text: 'Dominic Raab is backing Rishi Sunak. Nadine Dorries and Jacob Rees-Mogg are supporting Liz Truss.' };
const SWITCH = { fileName: 'switch.txt', outlet: 'Paper', published: '2022-07-20', text: 'Jacob Rees-Mogg has withdrawn his support for Liz Truss.' };
const T = DEFAULT_TRACKER.id;

describe.each(TEST_DRIVERS)('stored endorsements on $name', (driver) => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    ({ database, ctx } = await openTrackerContext(driver));
  });
  afterAll(async () => database?.close());

  const backersOf = async (contestId: string) => (await publishedEndorsements(ctx, { contestId }))[0]?.candidates.map((c) => [c.candidateId, c.backers.map((b) => b.memberId)]) ?? [];

  it('stores who backs whom as proposed, once per article, with an audit entry per endorsement, and publishes nothing', async () => {
    const first = await recordEndorsements(ctx, EDITOR, T, 'tory-2022', CANDIDATES, [RACE]);
    expect(first.stored).toBe(3);
    expect(first.published).toEqual([]);
    expect(first.awaitingReview.map((e) => [e.candidateName, e.memberId, e.status])).toEqual([
      ['Liz Truss', 'jacob-rees-mogg', 'proposed'],
      ['Liz Truss', 'nadine-dorries', 'proposed'],
      ['Rishi Sunak', 'dominic-raab', 'proposed'],
    ]);
    expect(first.awaitingReview[2]!.source).toEqual({ article: 'race.txt', outlet: 'Wire', url: null, published: '2022-07-12', evidence: ['Dominic Raab is backing Rishi Sunak.'] });
    expect(await publishedEndorsements(ctx, { contestId: 'tory-2022' })).toEqual([]);
    expect(await publishedEndorsements(ctx, { trackerId: T, memberId: 'dominic-raab' })).toEqual([]);
    const again = await recordEndorsements(ctx, EDITOR, T, 'tory-2022', CANDIDATES, [RACE]);
    expect([again.stored, again.duplicate]).toEqual([0, 3]);
    const audit = (await readAudit(ctx.db)).filter((e) => e.action === 'tracker_endorsement_recorded');
    expect(audit).toHaveLength(3);
    expect(audit.every((e) => e.actor === 'editor (test)')).toBe(true);
  });

  it('publishes an endorsement an editor accepts, keeps a rejected one out, and refuses to decide either again', async () => {
    const queue = await endorsementQueue(ctx.db, T, { contestId: 'tory-2022' });
    const raab = queue.find((e) => e.memberId === 'dominic-raab')!;
    const dorries = queue.find((e) => e.memberId === 'nadine-dorries')!;
    expect((await decideEndorsement(ctx, EDITOR, raab.id, 'accept'))).toMatchObject({ status: 'accepted', reviewedBy: 'editor (test)' });
    expect((await decideEndorsement(ctx, EDITOR, dorries.id, 'reject')).status).toBe('rejected');
    expect(await backersOf('tory-2022')).toEqual([['sunak', ['dominic-raab']]]);
    await expect(decideEndorsement(ctx, EDITOR, raab.id, 'reject')).rejects.toMatchObject({ code: 'ENDORSEMENT_ALREADY_DECIDED' });
    await expect(decideEndorsement(ctx, EDITOR, dorries.id, 'accept')).rejects.toMatchObject({ code: 'ENDORSEMENT_ALREADY_DECIDED' });
    await expect(decideEndorsement(ctx, EDITOR, '00000000-0000-4000-8000-000000000000', 'accept')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await endorsementQueue(ctx.db, T, { contestId: 'tory-2022', status: 'rejected' })).map((e) => e.memberId)).toEqual(['nadine-dorries']);
    const audit = (await readAudit(ctx.db)).filter((e) => e.action === 'tracker_endorsement_accepted' || e.action === 'tracker_endorsement_rejected');
    expect(audit.map((e) => [e.action, (JSON.parse(e.payload) as { endorsementId: string }).endorsementId])).toEqual([
      ['tracker_endorsement_accepted', raab.id],
      ['tracker_endorsement_rejected', dorries.id],
    ]);
    // Reading the same article again does not re-open the rejection.
    expect((await recordEndorsements(ctx, EDITOR, T, 'tory-2022', CANDIDATES, [RACE])).stored).toBe(0);
    expect((await endorsementQueue(ctx.db, T, { contestId: 'tory-2022' })).map((e) => e.memberId)).toEqual(['jacob-rees-mogg']);
  });

  it('decides a member’s backing of a candidate at once, refusing when a row arrived after the desk showed it', async () => {
    const shown = (await endorsementQueue(ctx.db, T, { contestId: 'tory-2022' })).filter((e) => e.memberId === 'jacob-rees-mogg');
    // A later article withdraws Rees-Mogg's backing of Truss: a new proposed row of the same member and candidate.
    await recordEndorsements(ctx, EDITOR, T, 'tory-2022', CANDIDATES, [SWITCH]);
    const group = { candidateId: 'truss', memberId: 'jacob-rees-mogg' };
    await expect(decideEndorsementGroup(ctx, EDITOR, T, 'tory-2022', { ...group, shown: shown.map((e) => e.id) }, 'accept')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await backersOf('tory-2022')).toEqual([['sunak', ['dominic-raab']]]);
    const now = (await endorsementQueue(ctx.db, T, { contestId: 'tory-2022' })).filter((e) => e.memberId === 'jacob-rees-mogg');
    expect(now.map((e) => e.stance).sort()).toEqual(['endorses', 'withdrew_endorsement']);
    const decided = await decideEndorsementGroup(ctx, EDITOR, T, 'tory-2022', { ...group, shown: now.map((e) => e.id) }, 'accept');
    expect(decided.map((e) => e.status)).toEqual(['accepted', 'accepted']);
    // Accepted together, the withdrawal applies: Rees-Mogg is not listed as a backer.
    expect(await backersOf('tory-2022')).toEqual([
      ['truss', []],
      ['sunak', ['dominic-raab']],
    ]);
    await expect(decideEndorsementGroup(ctx, EDITOR, T, 'tory-2022', { ...group, shown: now.map((e) => e.id) }, 'reject')).rejects.toMatchObject({ code: 'ENDORSEMENT_ALREADY_DECIDED' });
    await expect(decideEndorsementGroup(ctx, EDITOR, T, 'tory-2022', { candidateId: 'sunak', memberId: 'jacob-rees-mogg', shown: now.map((e) => e.id) }, 'accept')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(decideEndorsementGroup(ctx, EDITOR, T, 'tory-2022', { candidateId: 'sunak', memberId: 'dominic-raab', shown: now.map((e) => e.id) }, 'accept')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await endorsementQueue(ctx.db, T, { contestId: 'tory-2022' })).toEqual([]);
  });

  it('filters the public listing by contest and member', async () => {
    const raab = await publishedEndorsements(ctx, { trackerId: T, memberId: 'dominic-raab' });
    expect(raab.map((v) => [v.contestId, v.candidates.map((c) => [c.name, c.backers.map((b) => b.person)])])).toEqual([['tory-2022', [['Rishi Sunak', ['Dominic Raab']]]]]);
    expect(await publishedEndorsements(ctx, { trackerId: T, memberId: 'nadine-dorries' })).toEqual([]);
    expect(await publishedEndorsements(ctx, { contestId: 'another-contest' })).toEqual([]);
  });

  it('refuses a bad contest id, repeated candidates and a bad date, storing nothing', async () => {
    await expect(recordEndorsements(ctx, EDITOR, T, 'no spaces', CANDIDATES, [RACE])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(recordEndorsements(ctx, EDITOR, T, 'c2', [CANDIDATES[0]!, CANDIDATES[0]!], [RACE])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(recordEndorsements(ctx, EDITOR, T, 'c2', CANDIDATES, [{ ...RACE, published: '12/07/2022' }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(recordEndorsements(ctx, EDITOR, 'no-such-tracker', 'c2', CANDIDATES, [RACE])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await endorsementQueue(ctx.db, T, { contestId: 'c2' })).toEqual([]);
  });
});
