import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiClient, type ApiHarness } from '../../../test/support/api';
import { DEMO_EDITOR, memberEmail } from '../../services/demo';

const T = '/api/trackers/johnson-2022';
const BODY = {
  candidates: [
    { id: 'sunak', name: 'Rishi Sunak' },
    { id: 'truss', name: 'Liz Truss' },
  ],
  articles: [{ fileName: 'race.txt', outlet: 'Wire', published: '2022-07-12', text: 'Dominic Raab is backing Rishi Sunak. Nadine Dorries has endorsed Liz Truss.' }],
};
interface Queued {
  id: string;
  memberId: string;
  candidateId: string;
  status: string;
}

describe('stored endorsements API', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
  });
  afterAll(async () => api?.close());

  it('lets only editors store endorsements, and refuses a bad contest id or body with a stable code', async () => {
    expect((await api.client().request('POST', `${T}/contests/tory-2022/endorsements`, BODY)).status).toBe(401);
    const mp = await api.loginAs(memberEmail('peter-aldous'));
    expect((await mp.request('POST', `${T}/contests/tory-2022/endorsements`, BODY)).status).toBe(403);
    const badId = await editor.request('POST', `${T}/contests/${encodeURIComponent('a b')}/endorsements`, BODY);
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('VALIDATION_FAILED');
    const noCandidates = await editor.request('POST', `${T}/contests/tory-2022/endorsements`, { ...BODY, candidates: [] });
    expect(noCandidates.status).toBe(400);
    expect((await api.client().get('/api/endorsements?contest=tory-2022')).body).toEqual({ contests: [] });
  });

  it('checks an article the same way whether it is previewed or recorded: an empty one is a 400 naming the file', async () => {
    const body = { ...BODY, articles: [{ fileName: 'blank.txt', text: '   ' }] };
    for (const path of [`${T}/endorsements`, `${T}/contests/tory-2022/endorsements`]) {
      const r = await editor.request('POST', path, body);
      expect(r.status, path).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'blank.txt: the article is empty' });
    }
  });

  it('stores them once as proposed: the editors’ queue lists them, the public reads do not', async () => {
    const first = await editor.request('POST', `${T}/contests/tory-2022/endorsements`, BODY);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ contestId: 'tory-2022', stored: 2, duplicate: 0, published: [] });
    expect(first.body.candidates).toBeUndefined();
    expect(first.body.awaitingReview.map((e: Queued) => [e.memberId, e.status])).toEqual([
      ['nadine-dorries', 'proposed'],
      ['dominic-raab', 'proposed'],
    ]);
    const again = await editor.request('POST', `${T}/contests/tory-2022/endorsements`, BODY);
    expect(again.body).toMatchObject({ stored: 0, duplicate: 2 });

    expect((await api.client().get('/api/endorsements?contest=tory-2022')).body).toEqual({ contests: [] });
    expect((await api.client().get(`${T}/endorsements`)).body).toEqual({ contests: [] });
    const queue = await editor.get(`${T}/contests/tory-2022/endorsements/queue`);
    expect(queue.status).toBe(200);
    expect(queue.body.endorsements).toHaveLength(2);
    expect(queue.body.endorsements[1].source).toEqual({ article: 'race.txt', outlet: 'Wire', url: null, published: '2022-07-12', evidence: ['Dominic Raab is backing Rishi Sunak.'] });
    expect((await editor.get(`${T}/endorsements/queue`)).body.endorsements).toHaveLength(2);
    expect((await editor.get(`${T}/endorsements/queue?status=maybe`)).status).toBe(400);
  });

  it('serves what an editor accepted publicly per contest and per member; a decided row answers 409', async () => {
    const queue = (await editor.get(`${T}/contests/tory-2022/endorsements/queue`)).body.endorsements as Queued[];
    const raab = queue.find((e) => e.memberId === 'dominic-raab')!;
    const dorries = queue.find((e) => e.memberId === 'nadine-dorries')!;
    const accepted = await editor.request('POST', `/api/tracker-endorsements/${raab.id}/review`, { type: 'accept' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: raab.id, status: 'accepted' });
    const group = await editor.request('POST', `${T}/contests/tory-2022/endorsements/review`, { type: 'accept', candidateId: 'truss', memberId: 'nadine-dorries', endorsements: [dorries.id] });
    expect(group.status).toBe(200);
    expect(group.body.endorsements.map((e: Queued) => e.status)).toEqual(['accepted']);

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

    const twice = await editor.request('POST', `/api/tracker-endorsements/${raab.id}/review`, { type: 'reject' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ENDORSEMENT_ALREADY_DECIDED');
    const groupTwice = await editor.request('POST', `${T}/contests/tory-2022/endorsements/review`, { type: 'reject', candidateId: 'truss', memberId: 'nadine-dorries', endorsements: [dorries.id] });
    expect(groupTwice.status).toBe(409);
    expect(groupTwice.body.error.code).toBe('ENDORSEMENT_ALREADY_DECIDED');
    expect((await api.client().get('/api/trackers/no-such/endorsements')).status).toBe(404);
    expect((await api.client().get('/api/endorsements')).status).toBe(400);
  });

  it('validates decisions at the boundary: 400 for a bad body, 404 for an unknown endorsement or group', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await editor.request('POST', `/api/tracker-endorsements/${unknown}/review`, { type: 'publish' })).status).toBe(400);
    expect((await editor.request('POST', '/api/tracker-endorsements/not-a-uuid/review', { type: 'accept' })).status).toBe(400);
    const missing = await editor.request('POST', `/api/tracker-endorsements/${unknown}/review`, { type: 'accept' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect((await editor.request('POST', `${T}/contests/tory-2022/endorsements/review`, { type: 'accept', candidateId: 'truss', memberId: 'nadine-dorries', endorsements: [] })).status).toBe(400);
    expect((await editor.request('POST', `${T}/contests/tory-2022/endorsements/review`, { type: 'accept', candidateId: 'truss', memberId: 'peter-aldous', endorsements: [unknown] })).status).toBe(404);
  });
});
