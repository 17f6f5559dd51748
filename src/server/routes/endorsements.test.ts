import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../../../test/support/api';
import { DEMO_EDITOR, memberEmail } from '../../services/demo';

const T = '/api/trackers/johnson-2022';
const BODY = {
  candidates: [
    { id: 'sunak', name: 'Rishi Sunak' },
    { id: 'truss', name: 'Liz Truss' },
  ],
  articles: [{ fileName: 'race.txt', outlet: 'Wire', published: '2022-07-12', text: 'Dominic Raab is backing Rishi Sunak. Nadine Dorries has endorsed Liz Truss.' }],
};

describe('stored endorsements API', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
  });
  afterAll(async () => api?.close());

  it('lets only editors store endorsements, and refuses a bad contest id or body with a stable code', async () => {
    expect((await api.client().request('POST', `${T}/contests/tory-2022/endorsements`, BODY)).status).toBe(401);
    const mp = await api.loginAs(memberEmail('peter-aldous'));
    expect((await mp.request('POST', `${T}/contests/tory-2022/endorsements`, BODY)).status).toBe(403);
    const editor = await api.loginAs(DEMO_EDITOR.email);
    const badId = await editor.request('POST', `${T}/contests/${encodeURIComponent('a b')}/endorsements`, BODY);
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('VALIDATION_FAILED');
    const noCandidates = await editor.request('POST', `${T}/contests/tory-2022/endorsements`, { ...BODY, candidates: [] });
    expect(noCandidates.status).toBe(400);
    expect((await api.client().get('/api/endorsements?contest=tory-2022')).body).toEqual({ contests: [] });
  });

  it('stores them once and serves them publicly per contest and per member', async () => {
    const editor = await api.loginAs(DEMO_EDITOR.email);
    const first = await editor.request('POST', `${T}/contests/tory-2022/endorsements`, BODY);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ contestId: 'tory-2022', stored: 2, duplicate: 0 });
    const again = await editor.request('POST', `${T}/contests/tory-2022/endorsements`, BODY);
    expect(again.body).toMatchObject({ stored: 0, duplicate: 2 });

    const contest = await api.client().get('/api/endorsements?contest=tory-2022');
    expect(contest.status).toBe(200);
    expect(contest.headers.get('access-control-allow-origin')).toBe('*');
    expect(contest.body.contests).toHaveLength(1);
    expect(contest.body.contests[0].candidates.map((c: { name: string; backers: Array<{ person: string }> }) => [c.name, c.backers.map((b) => b.person)])).toEqual([
      ['Liz Truss', ['Nadine Dorries']],
      ['Rishi Sunak', ['Dominic Raab']],
    ]);
    expect(contest.body.contests[0].candidates[1].backers[0].sources[0]).toEqual({ article: 'race.txt', outlet: 'Wire', url: null, published: '2022-07-12', evidence: ['Dominic Raab is backing Rishi Sunak.'] });

    const member = await api.client().get(`${T}/endorsements?member=nadine-dorries`);
    expect(member.body.contests[0].candidates.map((c: { candidateId: string }) => c.candidateId)).toEqual(['truss']);
    expect((await api.client().get('/api/trackers/no-such/endorsements')).status).toBe(404);
    expect((await api.client().get('/api/endorsements')).status).toBe(400);
  });
});
