import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../../../test/support/api';
import { DEMO_EDITOR, memberEmail } from '../../services/demo';

const T = '/api/trackers/johnson-2022';
const SEEDS = join(import.meta.dirname, '..', '..', '..', 'eval', 'tracker', 'seeds');
const seed = (name: string) => readFileSync(join(SEEDS, name), 'utf8');

describe('tracker API', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
  });
  afterAll(async () => api?.close());

  it('shows an empty public tracker with the threshold and no count', async () => {
    const res = await api.client().get(T);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ declaredLetters: 0, threshold: { threshold: 54 }, groups: [] });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.body).not.toHaveProperty('count');
  });

  it('lets only editors ingest and review', async () => {
    const anonymous = await api.client().request('POST', `${T}/articles`, { fileName: 'x.txt', text: 'x' });
    expect(anonymous.status).toBe(401);
    const mp = await api.loginAs(memberEmail('peter-aldous'));
    expect((await mp.request('POST', `${T}/articles`, { fileName: 'x.txt', text: 'x' })).status).toBe(403);
    expect((await mp.get(`${T}/review`)).status).toBe(403);
  });

  it('ingests a seed into the queue; an editor publishes it; the public page, member page and exports show it', async () => {
    const editor = await api.loginAs(DEMO_EDITOR.email);
    const ingest = await editor.request('POST', `${T}/articles`, { fileName: '003.txt', text: seed('003_cc45b0a5e4f949bb.txt'), published: '2022-07-06', outlet: 'Southend Echo' });
    expect(ingest.status).toBe(200);
    expect(ingest.body).toMatchObject({ status: 'ingested', proposed: 3 });
    expect((await api.client().get(T)).body.groups).toEqual([]); // proposals are not public

    const queue = await editor.get(`${T}/review`);
    const firth = queue.body.declarations.find((d: { memberId: string }) => d.memberId === 'anna-firth');
    expect(firth).toMatchObject({ stance: 'withdrew_support', date: '2022-07-06', status: 'proposed' });
    expect(firth.sources[0].evidence[0]).toContain('withdrawn her support');
    const accepted = await editor.request('POST', `/api/tracker-declarations/${firth.id}/review`, { type: 'accept', sources: firth.sources.map((s: { id: string }) => s.id) });
    expect(accepted.body.status).toBe('accepted');

    const pub = await api.client().get(T);
    expect(pub.body.groups).toHaveLength(1);
    expect(pub.body.groups[0].declarations[0]).toMatchObject({ person: 'Anna Firth', sources: [{ outlet: 'Southend Echo' }] });
    const member = await api.client().get(`${T}/members/anna-firth`);
    expect(member.body).toMatchObject({ person: 'Anna Firth', latest: { stance: 'withdrew_support' } });
    const csv = await api.client().get(`${T}/export.csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text).toContain('anna-firth,Anna Firth,withdrew_support,2022-07-06,Southend Echo');
    const json = await api.client().get(`${T}/export.json`);
    expect(json.body.declarations).toHaveLength(1);
    const widget = await api.client().get(`${T}/widget.js`);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    // The route asks for public caching, but every /api answer leaves the app with no-store (src/server/app.ts).
    expect(widget.headers.get('cache-control')).toBe('no-store');
    expect(widget.headers.get('x-frame-options')).toBe('DENY');
    expect(widget.text).not.toContain('innerHTML');
  });

  it('accepts a manual entry from an editor and rejects bad input with a code', async () => {
    const editor = await api.loginAs(DEMO_EDITOR.email);
    const made = await editor.request('POST', `${T}/declarations`, { memberId: 'peter-aldous', stance: 'submitted_letter', date: '2022-02-01', quote: 'I have submitted a letter.', outlet: 'BBC' });
    expect(made.status).toBe(201);
    expect((await api.client().get(T)).body.declaredLetters).toBe(1);
    const bad = await editor.request('POST', `${T}/declarations`, { memberId: 'peter-aldous', stance: 'wrote_a_letter', date: '2022-02-01', quote: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const unknown = await api.client().get('/api/trackers/no-such-tracker');
    expect(unknown.status).toBe(404);
  });

  it('gives editors the reason a context check held a find back, in the possible queue; the public never sees it', async () => {
    const editor = await api.loginAs(DEMO_EDITOR.email);
    const text = 'Boris Johnson faces a confidence vote tonight.\n\n"I have been proud to back him, but I will be voting against him this evening," Anthony Mangnall said.';
    const ingest = await editor.request('POST', `${T}/articles`, { fileName: 'history.txt', text, published: '2022-06-06', outlet: 'Totnes Times' });
    expect(ingest.status).toBe(200);
    const possible = (await editor.get(`${T}/review?status=possible`)).body.declarations as Array<{ id: string; memberId: string; stance: string; demotedBecause: string | null }>;
    const held = possible.find((d) => d.memberId === 'anthony-mangnall' && d.stance === 'backs_leader');
    expect(held).toMatchObject({ status: 'possible', demotedBecause: 'support-is-history' });
    // Every item of the queue says whether a check held it back: null when it merely scored low.
    for (const d of possible) expect(d).toHaveProperty('demotedBecause');
    expect(possible.some((d) => d.demotedBecause === null)).toBe(true);
    // Accepted, it is public, without the editors' working fields.
    const accepted = await editor.request('POST', `/api/tracker-declarations/${held!.id}/review`, { type: 'accept', sources: (await editor.get(`${T}/review?status=possible`)).body.declarations.find((d: { id: string }) => d.id === held!.id).sources.map((s: { id: string }) => s.id) });
    expect(accepted.body).toMatchObject({ status: 'accepted', demotedBecause: 'support-is-history' });
    for (const res of [await api.client().get(T), await api.client().get(`${T}/members/anthony-mangnall`), await api.client().get(`${T}/export.json`), await api.client().get(`${T}/export.csv`)]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('support-is-history');
      expect(res.text).not.toContain('demotedBecause');
    }
    const doc = await api.client().get('/api/openapi.json');
    expect(doc.body.components.schemas.TrackerDeclaration.properties.demotedBecause.enum).toContain('question');
    expect(doc.body.components.schemas.TrackerPublicDeclaration.properties).not.toHaveProperty('demotedBecause');
  });
});
