/**
 * Nothing found (this guards the promise): an endorsement an editor rejected is kept for the audit and is never public.
 * Rejected rows are read by no public endpoint, so a rejected endorsement is not listed, and a rejected withdrawal does
 * not take a published backer off the list either (what the public reads is computed from accepted rows only). The
 * rejection cannot be turned into an accept afterwards (409 ENDORSEMENT_ALREADY_DECIDED), by the row or by its group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';
import { endorsementDesk, type QueuedEndorsementBody } from '../support/endorsement-desk';

const T = '/api/trackers/johnson-2022';
const CONTEST = 'tory-2022-summer';
const CANDIDATES = [
  { id: 'sunak', name: 'Rishi Sunak' },
  { id: 'truss', name: 'Liz Truss' },
];

describe('an endorsement an editor rejected', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  let dorries: QueuedEndorsementBody;
  let withdrawal: QueuedEndorsementBody;
  const desk = endorsementDesk(() => editor);
  const everythingPublic = async () =>
    (await Promise.all([`/api/endorsements?contest=${CONTEST}`, `${T}/endorsements`, `${T}/endorsements?member=nadine-dorries`, `${T}/endorsements?member=dominic-raab`].map((p) => api.client().get(p)))).map((r) => r.text).join('\n');

  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    const race = await desk.record(CONTEST, { candidates: CANDIDATES, articles: [{ fileName: 'race.txt', published: '2022-07-12', outlet: 'Wire', text: 'Dominic Raab is backing Rishi Sunak. Nadine Dorries has endorsed Liz Truss.' }] });
    dorries = race.awaitingReview.find((e) => e.memberId === 'nadine-dorries')!;
    await desk.decide(race.awaitingReview.find((e) => e.memberId === 'dominic-raab')!.id, 'accept');
    await desk.decide(dorries.id, 'reject');
    // A mis-read withdrawal of Raab's published backing, rejected by the editor.
    const later = await desk.record(CONTEST, { candidates: CANDIDATES, articles: [{ fileName: 'later.txt', published: '2022-07-20', outlet: 'Paper', text: 'Dominic Raab has withdrawn his support for Rishi Sunak.' }] });
    withdrawal = later.awaitingReview.find((e) => e.stance === 'withdrew_endorsement')!;
    await desk.decide(withdrawal.id, 'reject');
  });
  afterAll(async () => api?.close());

  it('is on no public endpoint, and a rejected withdrawal leaves the published backer listed', async () => {
    const text = await everythingPublic();
    expect(text).not.toContain('nadine-dorries');
    expect(text).not.toContain('Nadine Dorries has endorsed');
    expect(text).not.toContain('withdrawn his support');
    const [contest] = (await api.client().get(`/api/endorsements?contest=${CONTEST}`)).body.contests;
    expect(contest.candidates.map((c: { candidateId: string; backers: Array<{ memberId: string }> }) => [c.candidateId, c.backers.map((b) => b.memberId)])).toEqual([['sunak', ['dominic-raab']]]);
    expect((await desk.queue(CONTEST, 'rejected')).map((e) => e.id).sort()).toEqual([dorries.id, withdrawal.id].sort());
  });

  it('cannot be accepted afterwards, alone or with its group', async () => {
    const one = await editor.request('POST', `/api/tracker-endorsements/${dorries.id}/review`, { type: 'accept' });
    expect([one.status, one.body.error.code]).toEqual([409, 'ENDORSEMENT_ALREADY_DECIDED']);
    const group = await editor.request('POST', `${T}/contests/${CONTEST}/endorsements/review`, { type: 'accept', candidateId: 'truss', memberId: 'nadine-dorries', endorsements: [dorries.id] });
    expect([group.status, group.body.error.code]).toEqual([409, 'ENDORSEMENT_ALREADY_DECIDED']);
    expect(await everythingPublic()).not.toContain('nadine-dorries');
  });
});
