/**
 * FIXED: a manual entry, or an edit of a proposal's member, took any member of the roster. The roster is the whole
 * Commons, so an editor's typo or word put another party's MP (the Leader of the Opposition, say) among the public
 * "declared letters" of a Conservative tracker, counted against the 1922 Committee's threshold. Both now refuse a
 * member who was not of the tracker's party when elected or on the declaration's day (400), and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/services/audit';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

const T = '/api/trackers/johnson-2022';

describe('an editor records another party’s MP on a party’s tracker', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    expect((await api.client().get(T)).status).toBe(200);
  });
  afterAll(async () => api?.close());

  it('a manual letter in Keir Starmer’s name is refused and the public count is unchanged', async () => {
    const before = (await api.client().get(T)).body.declaredLetters;
    const auditBefore = (await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length;
    const r = await editor.request('POST', `${T}/declarations`, { memberId: 'keir-starmer', stance: 'submitted_letter', date: '2022-06-01', quote: 'I have written to Sir Graham Brady.' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect((await api.client().get(T)).body.declaredLetters).toBe(before);
    expect((await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length).toBe(auditBefore);
    // A Conservative MP is taken as before.
    expect((await editor.request('POST', `${T}/declarations`, { memberId: 'peter-aldous', stance: 'submitted_letter', date: '2022-06-01', quote: 'I have written to Sir Graham Brady.' })).status).toBe(201);
    expect((await api.client().get(T)).body.declaredLetters).toBe(before + 1);
  });

  it('a proposal cannot be moved onto another party’s MP', async () => {
    expect((await editor.request('POST', `${T}/articles`, { fileName: 'a.txt', published: '2022-06-10', text: 'Conservative MP Anthony Mangnall has submitted a letter of no confidence in Boris Johnson, he confirmed.' })).status).toBe(200);
    const d = ((await editor.get(`${T}/review`)).body.declarations as Array<{ id: string; memberId: string }>).find((x) => x.memberId === 'anthony-mangnall')!;
    const r = await editor.request('POST', `/api/tracker-declarations/${d.id}/review`, { type: 'edit', memberId: 'keir-starmer' });
    expect(r.status).toBe(400);
    expect(((await editor.get(`${T}/review`)).body.declarations as Array<{ id: string; memberId: string }>).find((x) => x.id === d.id)!.memberId).toBe('anthony-mangnall');
    expect((await editor.request('POST', `/api/tracker-declarations/${d.id}/review`, { type: 'edit', memberId: 'jesse-norman' })).status).toBe(200);
  });
});
