/**
 * FIXED: what the public tracker API gave an anonymous visitor (or any site, through its open CORS) beyond the
 * public page, and a source link an editor could turn into script.
 *
 * 1. The editor's note. An editor may write a note when entering, accepting or editing a declaration (why it was
 *    accepted, who the unnamed source is). The JSON export left it out and the page never shows it, but the public
 *    tracker and member endpoints served every accepted declaration with its `note`.
 * 2. Declarations dated after the tracker's date. The public tracker counts only declarations dated on or before its
 *    as-of day (the tracker's fixed date, or today); the member endpoint and both exports listed later ones too, so a
 *    declaration entered ahead of its date (an embargoed statement) was public before the page counted it.
 * 3. A source link that is script. Manual entries must name an http(s) address, but an ingested article's `url` (and an
 *    endorsement article's) took any URL, `javascript:` included, and the public JSON (read by the widget and other
 *    sites) served it as the source's link. React 19 neutralises it on our own page; other readers of the API do not.
 *
 * Built through the API as an editor would, then read as an anonymous visitor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

// The demo tracker is frozen as of 2022-07-07 (src/services/tracker.ts).
const T = '/api/trackers/johnson-2022';
const NOTE = 'EDITOR ONLY: the source is the member’s own adviser, do not name';

describe('an anonymous visitor reading the public tracker API', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    expect((await api.client().get(T)).status).toBe(200); // the demo tracker is opened on first read
    // A declaration of the tracker's period, with an editor's note; and one dated after the tracker's day.
    const made = await editor.request('POST', `${T}/declarations`, { memberId: 'peter-aldous', stance: 'submitted_letter', date: '2022-06-01', quote: 'I have put in a letter.', outlet: 'BBC', note: NOTE });
    expect(made.body).toMatchObject({ stance: 'submitted_letter' });
    const later = await editor.request('POST', `${T}/declarations`, { memberId: 'anna-firth', stance: 'called_to_resign', date: '2022-07-20', quote: 'The Prime Minister must go.', outlet: 'Echo' });
    expect(later.body).toMatchObject({ stance: 'called_to_resign' });
  });
  afterAll(async () => api?.close());

  it('never gets an editor’s note, from the tracker or the member endpoint (the editors’ queue keeps it)', async () => {
    const pub = await api.client().get(T);
    expect(pub.status).toBe(200);
    expect(pub.body.groups.flatMap((g: { declarations: unknown[] }) => g.declarations)).toHaveLength(1);
    const member = await api.client().get(`${T}/members/peter-aldous`);
    expect(member.status).toBe(200);
    for (const res of [pub, member, await api.client().get(`${T}/export.json`), await api.client().get(`${T}/export.csv`)]) expect(res.text).not.toContain('EDITOR ONLY');
    // Accepting with a note (the review action) does not publish it either.
    const queue = await editor.get(`${T}/review?status=accepted`);
    const aldous = queue.body.declarations.find((d: { memberId: string }) => d.memberId === 'peter-aldous');
    expect(aldous.note).toBe(NOTE);
    expect((await editor.request('POST', `/api/tracker-declarations/${aldous.id}/review`, { type: 'accept', note: 'EDITOR ONLY: second reviewer agrees', sources: aldous.sources.map((s: { id: string }) => s.id) })).status).toBe(200);
    expect((await api.client().get(T)).text).not.toContain('EDITOR ONLY');
    expect((await api.client().get(`${T}/members/peter-aldous`)).text).not.toContain('EDITOR ONLY');
  });

  it('sees no declaration dated after the tracker’s day, on any endpoint, while the page does not count it', async () => {
    const pub = await api.client().get(T);
    expect(pub.body.tracker.asOf).toBe('2022-07-07');
    expect(pub.body.members.map((m: { memberId: string }) => m.memberId)).not.toContain('anna-firth');
    const member = await api.client().get(`${T}/members/anna-firth`);
    expect(member.status).toBe(404);
    const csv = await api.client().get(`${T}/export.csv`);
    expect(csv.text).toContain('peter-aldous');
    expect(csv.text).not.toContain('anna-firth');
    const json = await api.client().get(`${T}/export.json`);
    expect(json.body.declarations.map((d: { member_id: string }) => d.member_id)).toEqual(['peter-aldous']);
    // The editors still see it, to publish when its day comes.
    expect((await editor.get(`${T}/review?status=accepted`)).body.declarations.map((d: { memberId: string }) => d.memberId)).toContain('anna-firth');
  });

  it('an editor cannot store a source link that is script: an article’s or endorsement article’s url must be http(s)', async () => {
    for (const url of ['javascript:alert(document.domain)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)']) {
      const article = await editor.request('POST', `${T}/articles`, { fileName: `x-${url.length}.txt`, text: 'Peter Aldous said he had submitted a letter of no confidence.', url, published: '2022-07-01' });
      expect(article.status).toBe(400);
      expect(article.body.error.code).toBe('VALIDATION_FAILED');
      const endorsement = await editor.request('POST', `${T}/contests/tory-2022/endorsements`, { candidates: [{ id: 'sunak', name: 'Rishi Sunak' }], articles: [{ fileName: 'e.txt', text: 'Peter Aldous backs Rishi Sunak.', url }] });
      expect(endorsement.status).toBe(400);
    }
    const fine = await editor.request('POST', `${T}/articles`, { fileName: 'ok.txt', text: 'Peter Aldous said he had submitted a letter of no confidence.', url: 'https://example.org/story', published: '2022-07-01' });
    expect(fine.status).toBe(200);
  });
});
