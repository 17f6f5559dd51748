/**
 * FIXED: "only what an editor accepted is public" held for declarations, not for contest endorsements.
 * `POST /api/trackers/{id}/contests/{contest}/endorsements` read the articles and stored every endorsement the
 * extractor found, and the public reads (`GET /api/endorsements`, `…/trackers/{id}/endorsements`, CORS `*`, the
 * contest's "Who backs whom" and the member's tracker page) listed it at once: a sentence the extractor mis-read put
 * an MP behind a candidate on the extractor's word alone. The editor chose the articles, but never saw what was read
 * from them.
 *
 * Now endorsements go through the editor's desk as declarations do: recording stores them `proposed`, the public
 * reads list `accepted` rows only (src/services/endorsements.ts, publishedEndorsements), and an editor accepts or
 * rejects them from the queue. The test records an endorsement, finds it on no public endpoint (the recording's answer
 * does not list it among the public backers either), then accepts it and finds it public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';
import { endorsementDesk } from '../support/endorsement-desk';

const T = '/api/trackers/johnson-2022';

describe('an endorsement read from an article an editor sent', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  const desk = endorsementDesk(() => editor);
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
  });
  afterAll(async () => api?.close());

  const everythingPublic = async () =>
    (await Promise.all(['/api/endorsements?contest=tory-2022-summer', `${T}/endorsements`, `${T}/endorsements?contest=tory-2022-summer`, `${T}/endorsements?member=dominic-raab`].map((p) => api.client().get(p)))).map((r) => r.text).join('\n');

  it('is not public before an editor accepts it', async () => {
    const r = await editor.request('POST', `${T}/contests/tory-2022-summer/endorsements`, {
      candidates: [{ id: 'sunak', name: 'Rishi Sunak' }],
      articles: [{ fileName: 'x.txt', published: '2022-07-12', outlet: 'Wire', text: 'Dominic Raab is backing Rishi Sunak.' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.stored).toBe(1);
    expect(r.body.published).toEqual([]);
    expect(r.body.awaitingReview.map((e: { memberId: string; status: string }) => [e.memberId, e.status])).toEqual([['dominic-raab', 'proposed']]);
    expect(await everythingPublic()).not.toContain('dominic-raab');
  });

  it('is public once an editor accepts it', async () => {
    const [raab] = await desk.queue('tory-2022-summer');
    await desk.decide(raab!.id, 'accept');
    expect(await everythingPublic()).toContain('dominic-raab');
  });
});
