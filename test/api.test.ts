import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CHAIR, DEMO_PROCEDURE_ID, memberEmail } from '../src/services/demo';
import { startApi, type ApiHarness } from './support/api';
import { verifyChain, type AuditEntry } from '../src/domain/audit/chain';

const P = `/api/procedures/${DEMO_PROCEDURE_ID}`;

describe('HTTP API, in process', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api?.close());

  it('serves the public procedure: rulebook, denominator, threshold and state, never the count', async () => {
    const res = await api.client().get(P);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: DEMO_PROCEDURE_ID, simulated: true, leader: { name: 'Boris Johnson' }, denominator: 359, threshold: 54, state: 'collecting', asOf: '2022-06-05' });
    expect(res.body).not.toHaveProperty('count');
    expect(res.body).not.toHaveProperty('letters');
  });

  it('the public view never runs ahead of the procedure\u2019s clock; the chair\u2019s keeps its date control', async () => {
    // On 5 June three post-dated letters would take effect on the 6th: asking for the 6th must not reveal it.
    const later = await api.client().get(`${P}?on=2022-06-06`);
    expect(later.status).toBe(400);
    expect(later.body.error.code).toBe('DATE_IN_FUTURE');
    expect(later.text).not.toMatch(/threshold_reached/);
    for (const on of ['2022-06-07', '2030-01-01', '9999-12-31']) expect((await api.client().get(`${P}?on=${on}`)).body.error.code).toBe('DATE_IN_FUTURE');
    const today = await api.client().get(`${P}?on=2022-06-05`);
    expect(today.body).toMatchObject({ asOf: '2022-06-05', state: 'collecting' });
    const past = await api.client().get(`${P}?on=2022-02-01`);
    expect(past.body).toMatchObject({ asOf: '2022-02-01', state: 'collecting' });
    const chair = await api.loginAs(DEMO_CHAIR.email);
    const ahead = await chair.get(`${P}/chair?on=2022-06-06`);
    expect(ahead.status).toBe(200);
    expect(ahead.body).toMatchObject({ state: 'threshold_reached', count: 56 });
  });

  it('the audit log is the chair\u2019s alone, a page at a time in chain order, and the pages re-hash into an intact chain', async () => {
    expect((await api.client().get('/api/audit/entries')).status).toBe(401);
    const mp = await api.loginAs(memberEmail('peter-aldous'));
    expect((await mp.get('/api/audit/entries')).status).toBe(403);
    const chair = await api.loginAs(DEMO_CHAIR.email);
    for (const bad of ['after=-1', 'limit=0', 'limit=5001', 'after=abc']) expect((await chair.get(`/api/audit/entries?${bad}`)).status).toBe(400);
    const first = await chair.get('/api/audit/entries?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.entries.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
    const entries: AuditEntry[] = [];
    for (let after = 0; ; ) {
      const page = await chair.get(`/api/audit/entries?after=${after}&limit=500`);
      if (page.body.entries.length === 0) break;
      entries.push(...page.body.entries);
      after = entries.at(-1)!.seq;
    }
    expect(entries.length).toBe(first.body.total);
    expect(verifyChain(entries)).toMatchObject({ ok: true, entries: first.body.total });
  });

  it('a member submits, re-submits (idempotent), post-dates and withdraws their own letter', async () => {
    const mp = await api.loginAs(memberEmail('peter-aldous'));
    expect((await mp.get(`${P}/letters/mine`)).body).toEqual({ eligible: true, letter: null, spentLetter: null });
    const first = await mp.request('PUT', `${P}/letters/mine`, {});
    expect(first.status).toBe(200);
    expect(first.body.letter).toMatchObject({ status: 'submitted', effectiveFrom: '2022-06-05', inForce: true });
    expect((await api.client().get(P)).body.state).toBe('threshold_reached'); // the 54th letter
    const again = await mp.request('PUT', `${P}/letters/mine`, {});
    expect(again.body).toEqual(first.body);
    const withdrawn = await mp.request('DELETE', `${P}/letters/mine`);
    expect(withdrawn.body.letter).toMatchObject({ status: 'withdrawn', inForce: false });
    expect((await api.client().get(P)).body.state).toBe('collecting');
    const missing = await mp.request('DELETE', `${P}/letters/mine`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('LETTER_NOT_FOUND');
    const postDated = await mp.request('PUT', `${P}/letters/mine`, { effectiveFrom: '2022-06-10' });
    expect(postDated.body.letter).toMatchObject({ effectiveFrom: '2022-06-10', inForce: false });
    const backDated = await mp.request('PUT', `${P}/letters/mine`, { effectiveFrom: '2022-01-01' });
    expect(backDated.status).toBe(400);
    expect(backDated.body.error.message).toMatch(/back-dated/);
  });

  it('a member cannot see the count or act for someone else', async () => {
    const mp = await api.loginAs(memberEmail('jesse-norman'));
    expect((await mp.get(`${P}/chair`)).status).toBe(403);
    const recordForOther = await mp.request('POST', `${P}/letters`, { memberId: 'anna-firth' });
    expect(recordForOther.status).toBe(403);
    expect(recordForOther.body.error.code).toBe('FORBIDDEN');
    const withdrawOther = await mp.request('DELETE', `${P}/letters/anna-firth`);
    expect(withdrawOther.status).toBe(403);
    // An extra field naming another member is rejected, not silently ignored.
    const smuggled = await mp.request('PUT', `${P}/letters/mine`, { memberId: 'anna-firth' });
    expect(smuggled.status).toBe(400);
    expect(smuggled.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('a Labour MP is not eligible under the 1922 rulebook', async () => {
    const mp = await api.loginAs(memberEmail('keir-starmer'));
    expect((await mp.get(`${P}/letters/mine`)).body.eligible).toBe(false);
    const res = await mp.request('PUT', `${P}/letters/mine`, {});
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('NOT_ELIGIBLE');
  });

  it('the chair sees the count and names, records a paper letter, and schedules the vote once triggered', async () => {
    const chair = await api.loginAs(DEMO_CHAIR.email);
    const view = await chair.get(`${P}/chair`);
    expect(view.status).toBe(200);
    expect(view.body.count).toBe(53);
    expect(view.body.letters.filter((l: { simulated: boolean }) => l.simulated)).toHaveLength(56);
    const early = await chair.request('POST', `${P}/ballot`, { opensAt: '2022-06-06T17:00:00Z', closesAt: '2022-06-06T19:00:00Z' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_TRANSITION');
    const recorded = await chair.request('POST', `${P}/letters`, { memberId: 'steve-baker' });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ count: 54, state: 'threshold_reached', thresholdReachedOn: '2022-06-05' });
    const scheduled = await chair.request('POST', `${P}/ballot`, { opensAt: '2022-06-06T17:00:00Z', closesAt: '2022-06-06T19:00:00Z' });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.state).toBe('ballot_scheduled');
    expect((await api.client().get(P)).body.ballot).toEqual({ opensAt: '2022-06-06T17:00:00.000Z', closesAt: '2022-06-06T19:00:00.000Z' });
  });

  it('login: unknown emails get the same answer, wrong codes are refused, requests are rate-limited', async () => {
    const c = api.client();
    expect((await c.request('POST', '/api/auth/request-code', { email: 'nobody@nowhere.example' })).status).toBe(202);
    const wrong = await c.request('POST', '/api/auth/verify-code', { email: 'nobody@nowhere.example', code: '123456' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('LOGIN_CODE_INVALID');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await c.request('POST', '/api/auth/request-code', { email: 'flood@example.org' })).status);
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses[5]).toBe(429);
  });

  it('a logged-in user needs the CSRF token, and cross-origin writes are refused', async () => {
    const mp = await api.loginAs(memberEmail('anna-firth'));
    const token = mp.csrfToken;
    mp.csrfToken = null;
    const res = await mp.request('PUT', `${P}/letters/mine`, {});
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_FAILED');
    mp.csrfToken = token;
    const cross = await mp.request('PUT', `${P}/letters/mine`, {}, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect((await mp.get(`${P}/letters/mine`)).body.letter).toBeNull();
  });

  it('the session cookie is HttpOnly and SameSite=Strict, and logout ends it', async () => {
    const c = api.client();
    await c.request('POST', '/api/auth/request-code', { email: 'editor@demo.confidence' });
    const mailbox = await c.get('/api/dev/mailbox?to=editor@demo.confidence');
    const code = /(\d{6})/.exec(mailbox.body.messages[0].text)![1];
    const res = await c.request('POST', '/api/auth/verify-code', { email: 'editor@demo.confidence', code });
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    c.csrfToken = res.body.csrfToken;
    expect((await c.get('/api/session')).body.account.role).toBe('editor');
    expect((await c.request('POST', '/api/auth/logout')).status).toBe(204);
    expect((await c.get('/api/session')).body.account).toBeNull();
  });

  it('never crashes on malformed JSON, oversized bodies, wrong types or unknown routes', async () => {
    const c = api.client();
    const malformed = await c.request('POST', '/api/auth/request-code', '{"email":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    const huge = await c.request('POST', '/api/auth/request-code', JSON.stringify({ email: 'x'.repeat(300_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('BODY_TOO_LARGE');
    const wrongType = await c.request('POST', '/api/auth/request-code', { email: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('VALIDATION_FAILED');
    const noBody = await c.request('POST', '/api/auth/request-code');
    expect(noBody.status).toBe(400);
    const unknown = await c.get('/api/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ROUTE_NOT_FOUND');
    const badDate = await c.get(`${P}?on=2022-13-45`);
    expect(badDate.status).toBe(400);
    const noProcedure = await c.get('/api/procedures/nope');
    expect(noProcedure.status).toBe(404);
    expect(noProcedure.body.error.code).toBe('PROCEDURE_NOT_FOUND');
  });

  it('serves the OpenAPI document and a docs page, and the rulebook with its threshold on a day', async () => {
    const doc = await api.client().get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/procedures/{id}', '/api/procedures/{id}/chair', '/api/auth/request-code']));
    expect((await api.client().get('/api/docs')).text).toMatch(/Confidence API/);
    const rb = await api.client().get('/api/rulebooks/conservative-1922?on=2022-06-06');
    expect(rb.body).toMatchObject({ denominator: 359, threshold: 54 });
    expect((await api.client().get('/api/rosters/uk-commons-2019/count?party=Con&on=2022-06-06')).body.count).toBe(359);
  });
});
