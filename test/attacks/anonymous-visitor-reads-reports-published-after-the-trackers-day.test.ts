/**
 * FIXED: a tracker frozen on a day (the demo's is 2022-07-07) hid declarations dated after that day, but not the
 * articles published after it. A later report corroborating an earlier declaration added its outlet and quote to the
 * public page, and a declaration dated before the day but known only from a later article ("she had sent her letter
 * in June", printed in August) was public although nobody could have read it on the tracker's day. Now a source is
 * public only once its article is, and a declaration only with a source that is.
 *
 * And: an article "published" in year 0000 passed the date check (JavaScript reads it as 1 BC) and PostgreSQL refused
 * it on write, a 500 instead of a 400.
 *
 * Built through the API as an editor would, then read as an anonymous visitor on every public endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

const T = '/api/trackers/johnson-2022';

describe('an anonymous visitor reading a tracker frozen on a day', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    expect((await api.client().get(T)).status).toBe(200);
    // Published on the day: Aldous's letter. Then, in August, a report repeating it and one revealing Firth's June letter.
    for (const [fileName, text, published, outlet] of [
      ['june.txt', 'Tory MP Peter Aldous has submitted a letter of no confidence in Boris Johnson, he confirmed.', '2022-06-10', 'Lowestoft Journal'],
      ['august.txt', 'Tory MP Peter Aldous said he submitted a letter of no confidence in Boris Johnson on 10 June, in a LATE INTERVIEW.', '2022-08-15', 'August Gazette'],
      ['august-2.txt', 'Anna Firth said she had submitted a letter of no confidence in Boris Johnson on 20 June.', '2022-08-16', 'Late Echo'],
    ]) {
      const res = await editor.request('POST', `${T}/articles`, { fileName, text, published, outlet });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    for (const d of (await editor.get(`${T}/review?status=proposed`)).body.declarations as Array<{ id: string; memberId: string; sources: Array<{ id: string }> }>) {
      if (['peter-aldous', 'anna-firth'].includes(d.memberId)) expect((await editor.request('POST', `/api/tracker-declarations/${d.id}/review`, { type: 'accept', sources: d.sources.map((s) => s.id) })).status).toBe(200);
    }
    const accepted = (await editor.get(`${T}/review?status=accepted`)).body.declarations as Array<{ memberId: string; date: string; sources: Array<{ outlet: string }> }>;
    // The editors' queue has both reports of Aldous and Firth's June letter: the attack's material is in place.
    expect(accepted.find((d) => d.memberId === 'peter-aldous')?.sources.map((s) => s.outlet)).toEqual(['Lowestoft Journal', 'August Gazette']);
    expect(accepted.find((d) => d.memberId === 'anna-firth')?.date).toBe('2022-06-20');
  });
  afterAll(async () => api?.close());

  it('sees no outlet, quote or declaration from an article published after the tracker’s day, on any endpoint', async () => {
    const pub = await api.client().get(T);
    expect(pub.body.tracker.asOf).toBe('2022-07-07');
    const endpoints = [pub, await api.client().get(`${T}/members/peter-aldous`), await api.client().get(`${T}/export.json`), await api.client().get(`${T}/export.csv`)];
    for (const res of endpoints) {
      expect(res.status).toBe(200);
      expect(res.text).toContain('Lowestoft Journal');
      expect(res.text).not.toContain('August Gazette');
      expect(res.text).not.toContain('LATE INTERVIEW');
      expect(res.text).not.toContain('anna-firth');
    }
    expect(pub.body.members.map((m: { memberId: string }) => m.memberId)).not.toContain('anna-firth');
    expect((await api.client().get(`${T}/members/anna-firth`)).status).toBe(404);
  });

  it('an article dated in year 0000 is refused with a 400, not a server error', async () => {
    const res = await editor.request('POST', `${T}/articles`, { fileName: 'zero.txt', text: 'Peter Bone said he had submitted a letter of no confidence.', published: '0000-01-01' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const manual = await editor.request('POST', `${T}/declarations`, { memberId: 'peter-bone', stance: 'submitted_letter', date: '0000-06-01', quote: 'I have sent my letter.' });
    expect(manual.status).toBe(400);
  });
});
