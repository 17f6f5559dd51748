/**
 * Nothing found (this guards the promise): an anonymous visitor learns nothing of the endorsements waiting for an
 * editor or rejected by one — not the rows, and not that there are any. The editors' queue answers 401 without the
 * rows; every public read (per contest, per tracker, per member) answers a contest with only proposed and rejected
 * rows byte for byte as it answers a contest nobody wrote about, so no count or empty candidate heading gives them away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';
import { endorsementDesk } from '../support/endorsement-desk';

const T = '/api/trackers/johnson-2022';
const CONTEST = 'tory-2022-summer';
const NOBODY = 'a-contest-nobody-wrote-about';

describe('an anonymous visitor and the endorsements waiting for an editor', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  const desk = endorsementDesk(() => editor);
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    const r = await desk.record(CONTEST, {
      candidates: [
        { id: 'sunak', name: 'Rishi Sunak' },
        { id: 'truss', name: 'Liz Truss' },
      ],
      articles: [{ fileName: 'x.txt', published: '2022-07-12', outlet: 'Desk Only', text: 'Dominic Raab is backing Rishi Sunak. Nadine Dorries has endorsed Liz Truss.' }],
    });
    expect(r.stored).toBe(2);
    // One stays proposed, one is rejected.
    await desk.decide(r.awaitingReview.find((e) => e.memberId === 'nadine-dorries')!.id, 'reject');
  });
  afterAll(async () => api?.close());

  it('cannot read the queue', async () => {
    for (const path of [`${T}/endorsements/queue`, `${T}/contests/${CONTEST}/endorsements/queue`, `${T}/contests/${CONTEST}/endorsements/queue?status=rejected`]) {
      const r = await api.client().get(path);
      expect([r.status, r.body?.error?.code], path).toEqual([401, 'UNAUTHENTICATED']);
      for (const word of ['dominic-raab', 'nadine-dorries', 'Desk Only', 'backing']) expect(r.text, path).not.toContain(word);
    }
  });

  it('reads every public endpoint as if nobody had written about the contest', async () => {
    const anon = api.client();
    const same = async (path: string, nobodyPath: string) => {
      const [r, nobody] = [await anon.get(path), await anon.get(nobodyPath)];
      expect([r.status, r.text], path).toEqual([nobody.status, nobody.text]);
    };
    await same(`/api/endorsements?contest=${CONTEST}`, `/api/endorsements?contest=${NOBODY}`);
    await same(`${T}/endorsements?contest=${CONTEST}`, `${T}/endorsements?contest=${NOBODY}`);
    await same(`${T}/endorsements?member=dominic-raab`, `${T}/endorsements?member=steve-baker`);
    await same(`${T}/endorsements?member=nadine-dorries`, `${T}/endorsements?member=steve-baker`);
    expect((await anon.get(`${T}/endorsements`)).body).toEqual({ contests: [] });
  });
});
