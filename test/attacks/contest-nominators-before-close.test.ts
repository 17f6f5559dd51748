/**
 * A whip who reads, before the nomination deadline, which MPs nominated a rival (to lean on them to withdraw) — from
 * the anonymous API. The public view publishes nominators only once the list has closed (and never under a
 * confidential rulebook); the contest's event log, served anonymously for the contest verifier (C6), must not publish
 * them earlier either. After the close, the log is whole again (the verifier replays it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CHAIR, memberEmail } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

describe('nominators before the list closes', () => {
  let api: ApiHarness;
  let chair: ApiClient;
  let clock = new Date('2022-07-11T12:00:00Z');
  const C = '/api/contests/whip-2022';
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    api.runtime.ctx.clock = () => clock;
    chair = await api.loginAs(DEMO_CHAIR.email);
    const opened = await chair.request('POST', '/api/contests', { id: 'whip-2022', rulebookId: 'conservative-2019', reason: 'chair', rosterId: 'uk-commons-2019', nominationsClose: '2022-07-12T17:00:00Z' });
    expect(opened.status, opened.text).toBe(201);
  }, 120_000);
  afterAll(async () => api?.close());

  it('an anonymous visitor or another MP cannot learn from the event log who nominated whom while nominations are open; after the close the log is whole', async () => {
    const mp = await api.loginAs(memberEmail('steve-baker'));
    expect((await mp.request('POST', `${C}/nominations`, { candidate: 'kemi-badenoch', role: 'proposer' })).status).toBe(200);
    const other = await api.loginAs(memberEmail('anna-firth'));
    for (const client of [api.client(), other, mp]) {
      const view = await client.get(C);
      expect(view.body.candidates).toEqual([expect.objectContaining({ id: 'kemi-badenoch', nominators: null })]);
      const events = await client.get(`${C}/events`);
      expect(events.status).toBe(200);
      expect(events.body.map((e: { type: string }) => e.type)).toEqual(['open']);
    }
    clock = new Date('2022-07-12T18:00:00Z');
    chair = await api.loginAs(DEMO_CHAIR.email);
    const closed = await chair.request('POST', `${C}/close-nominations`);
    expect(closed.status, closed.text).toBe(200);
    const after = (await api.client().get(`${C}/events`)).body as { type: string; input?: { nominator?: string } }[];
    expect(after.map((e) => e.type)).toEqual(['open', 'nominate', 'close-nominations']);
    expect(after[1]!.input?.nominator).toBe('steve-baker');
  });
});
