/**
 * OPEN (needs a decision): "only what an editor accepted is public" holds for declarations, not for contest
 * endorsements. `POST /api/trackers/{id}/contests/{contest}/endorsements` reads the articles and stores every
 * endorsement the extractor finds, and the public reads (`GET /api/endorsements`, `…/trackers/{id}/endorsements`,
 * CORS `*`, the contest's "Who backs whom" and the member's tracker page) list it at once: a sentence the extractor
 * mis-reads puts an MP behind a candidate on the extractor's word alone, as a later report of a declaration did before
 * it was held. The editor chose the articles, but never saw what was read from them. Closing it needs endorsements to
 * go through the desk (a status, a queue, accept/reject), which is a change of design; the test below states the
 * promise and fails until then.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

const T = '/api/trackers/johnson-2022';

describe('an endorsement read from an article an editor sent', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
  });
  afterAll(async () => api?.close());

  it.fails('is not public before an editor accepts it', async () => {
    const r = await editor.request('POST', `${T}/contests/tory-2022-summer/endorsements`, {
      candidates: [{ id: 'sunak', name: 'Rishi Sunak' }],
      articles: [{ fileName: 'x.txt', published: '2022-07-12', outlet: 'Wire', text: 'Dominic Raab is backing Rishi Sunak.' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.stored).toBe(1);
    const listed = (await api.client().get('/api/endorsements?contest=tory-2022-summer')).text;
    expect(listed).not.toContain('dominic-raab');
  });
});
