/**
 * Nothing found (these guard the promise): only what an editor accepted is public, and nobody but an editor or the
 * chair learns anything of the review desk — its proposals, its possible tier, its held reports, its endorsements.
 *
 * - an anonymous visitor asks the public member endpoint about members who have only a proposal, only possible items
 *   or only a rejected declaration: the answer is byte for byte the one for a member nobody wrote about;
 * - a logged-in member (an MP) calls every desk endpoint: 403, and nothing is written;
 * - another site, in a browser that holds an editor's session: the desk's answers carry no CORS header (the page
 *   cannot read them), a preflight for a write is not granted, and a write without the session's CSRF token, or from
 *   another origin with it, is refused and changes nothing; the public JSON it may read (CORS `*`) is never credentialed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/services/audit';
import { DEMO_EDITOR, memberEmail } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

const T = '/api/trackers/johnson-2022';
const EVIL = 'https://evil.example';

type Declaration = { id: string; memberId: string; status: string };

describe('the review desk seen by anyone but an editor', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  let proposal: Declaration;
  let possibleOnly: string[];
  let rejectedOnly: string;
  const auditLength = async () => (await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length;

  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    expect((await api.client().get(T)).status).toBe(200);
    const ingest = async (fileName: string, text: string) => expect((await editor.request('POST', `${T}/articles`, { fileName, text, published: '2022-06-10', outlet: 'Desk Only' })).status).toBe(200);
    await ingest(
      'a.txt',
      [
        'Tory MP Peter Aldous has submitted a letter of no confidence in Boris Johnson, he confirmed on 10 June.',
        "Jesse Norman said the Prime Minister's position was becoming untenable.",
        'Andrew Bridgen is thought to have sent a letter to the 1922 Committee, according to colleagues.',
      ].join('\n\n'),
    );
    await ingest('b.txt', 'Conservative MP Anthony Mangnall has submitted a letter of no confidence in Boris Johnson, he confirmed.');
    const desk = async (status: string) => (await editor.get(`${T}/review?status=${status}`)).body.declarations as Declaration[];
    proposal = (await desk('proposed')).find((d) => d.memberId === 'peter-aldous')!;
    const mangnall = (await desk('proposed')).find((d) => d.memberId === 'anthony-mangnall')!;
    expect((await editor.request('POST', `/api/tracker-declarations/${mangnall.id}/review`, { type: 'reject' })).status).toBe(200);
    rejectedOnly = 'anthony-mangnall';
    const proposedIds = new Set((await desk('proposed')).map((d) => d.memberId));
    possibleOnly = [...new Set((await desk('possible')).map((d) => d.memberId))].filter((m) => !proposedIds.has(m) && m !== rejectedOnly);
    expect(possibleOnly.sort()).toEqual(['andrew-bridgen', 'jesse-norman']);
  });
  afterAll(async () => api?.close());

  it('an anonymous visitor’s member lookups answer a desk-only member exactly as a member nobody wrote about', async () => {
    const anon = api.client();
    const nobody = await anon.get(`${T}/members/steve-baker`);
    expect(nobody.status).toBe(404);
    for (const memberId of ['peter-aldous', rejectedOnly, ...possibleOnly]) {
      const r = await anon.get(`${T}/members/${memberId}`);
      expect([r.status, r.text], memberId).toEqual([nobody.status, nobody.text]);
    }
    const everything = [await anon.get(T), await anon.get(`${T}/export.json`), await anon.get(`${T}/export.csv`), await anon.get(`${T}/endorsements`)].map((r) => r.text).join('\n');
    for (const memberId of ['peter-aldous', rejectedOnly, ...possibleOnly]) expect(everything).not.toContain(memberId);
    expect(everything).not.toContain('Desk Only');
  });

  it('a logged-in member gets 403 from every desk endpoint and writes nothing', async () => {
    const member = await api.loginAs(memberEmail('peter-aldous'));
    const before = await auditLength();
    const calls: Array<[string, string, unknown?]> = [
      ['GET', `${T}/review`],
      ['GET', `${T}/review?status=possible`],
      ['GET', `${T}/review?status=held`],
      ['POST', `${T}/articles`, { fileName: 'm.txt', text: 'Peter Aldous backs Boris Johnson.' }],
      ['POST', `${T}/declarations`, { memberId: 'peter-aldous', stance: 'backs_leader', date: '2022-06-01', quote: 'I back him.' }],
      ['POST', `/api/tracker-declarations/${proposal.id}/review`, { type: 'accept', sources: [] }],
      ['POST', `/api/tracker-declarations/${proposal.id}/review`, { type: 'edit', stance: 'backs_leader' }],
      ['POST', `${T}/endorsements`, { candidates: [{ id: 'a', name: 'Rishi Sunak' }], articles: [{ fileName: 'x', text: 'Dominic Raab is backing Rishi Sunak.' }] }],
      ['POST', `${T}/contests/tory-2022-summer/endorsements`, { candidates: [{ id: 'a', name: 'Rishi Sunak' }], articles: [{ fileName: 'x', text: 'Dominic Raab is backing Rishi Sunak.' }] }],
      ['GET', `${T}/endorsements/queue`],
      ['GET', `${T}/contests/tory-2022-summer/endorsements/queue`],
      ['POST', `${T}/contests/tory-2022-summer/endorsements/review`, { type: 'accept', candidateId: 'a', memberId: 'dominic-raab', endorsements: ['00000000-0000-4000-8000-000000000000'] }],
      ['POST', '/api/tracker-endorsements/00000000-0000-4000-8000-000000000000/review', { type: 'accept' }],
    ];
    for (const [method, path, body] of calls) {
      const r = await member.request(method, path, body);
      expect([r.status, r.body?.error?.code], `${method} ${path}`).toEqual([403, 'FORBIDDEN']);
      expect(r.text).not.toContain('Desk Only');
    }
    expect(await auditLength()).toBe(before);
    expect(((await editor.get(`${T}/review`)).body.declarations as Declaration[]).find((d) => d.id === proposal.id)!.status).toBe('proposed');
  });

  it('another site in the editor’s browser can neither read the desk nor act on it', async () => {
    const read = await api.app.request(`${T}/review?status=possible`, { headers: { origin: EVIL, cookie: editor.cookie! } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await api.app.request(`/api/tracker-declarations/${proposal.id}/review`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-csrf-token' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const before = await auditLength();
    const noToken = await api.app.request(`/api/tracker-declarations/${proposal.id}/review`, { method: 'POST', headers: { origin: EVIL, cookie: editor.cookie!, 'content-type': 'text/plain' }, body: JSON.stringify({ type: 'accept', sources: [] }) });
    expect(noToken.status).toBe(403);
    const otherOrigin = await api.app.request(`/api/tracker-declarations/${proposal.id}/review`, { method: 'POST', headers: { origin: EVIL, cookie: editor.cookie!, 'content-type': 'application/json', 'x-csrf-token': editor.csrfToken! }, body: JSON.stringify({ type: 'accept', sources: [] }) });
    expect(otherOrigin.status).toBe(403);
    expect(await auditLength()).toBe(before);
    expect(((await editor.get(`${T}/review`)).body.declarations as Declaration[]).find((d) => d.id === proposal.id)!.status).toBe('proposed');

    // The public JSON is open to every site, but never with the visitor's credentials.
    for (const path of [T, `${T}/export.json`, `${T}/export.csv`, `${T}/endorsements`, `${T}/widget.js`]) {
      const r = await api.app.request(path, { headers: { origin: EVIL, cookie: editor.cookie! } });
      expect(r.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(r.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
  });
});
