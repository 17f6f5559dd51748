import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../src/services/audit';
import { findAccountByEmail } from '../src/services/auth';
import { DEMO_CHAIR, memberEmail } from '../src/services/demo';
import { startApi, type ApiHarness } from './support/api';

/** Roster import over the API (what `confidence roster import` uses while a server runs on its data folder). */
describe('POST /api/rosters/import', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
  });
  afterAll(async () => api?.close());

  const csvOf = (n: number) => `member_id,display_name,joined,left,whip,group\n${Array.from({ length: n }, (_, i) => `m${i},Member Number ${i} of the organisation,2020-01-01,,yes,Board`).join('\n')}\n`;

  it('is for the chair: anonymous 401 and a member 403 before the body is looked at', async () => {
    expect((await api.client().request('POST', '/api/rosters/import', { nonsense: true })).status).toBe(401);
    const mp = await api.loginAs(memberEmail('steve-baker'));
    const res = await mp.request('POST', '/api/rosters/import', { nonsense: true });
    expect(res.status).toBe(403);
    expect(res.text).not.toMatch(/source/);
  });

  it('imports a CSV larger than the general body limit, as the chair (the audit log names the account)', async () => {
    const chair = await api.loginAs(DEMO_CHAIR.email);
    const csv = csvOf(6000); // ~400 KB, over the 256 KB limit of other requests
    expect(csv.length).toBeGreaterThan(256 * 1024);
    const res = await chair.request('POST', '/api/rosters/import', { source: 'csv', id: 'big-club', name: 'Big club', fileName: 'club.csv', csv });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rosterId: 'big-club', members: 6000, changes: 0 });
    expect((await api.client().get('/api/rosters/big-club/count?party=Board&on=2021-01-01')).body.count).toBe(6000);
    const entry = (await readAudit(api.runtime.ctx.db, { kind: 'roster' })).at(-1)!;
    expect(entry.action).toBe('roster_imported');
    expect(entry.actor).toBe(`account:${(await findAccountByEmail(api.runtime.ctx.db, DEMO_CHAIR.email))!.id}`);
  });

  it('refuses a bad CSV, NUL bytes and a malformed id with 400 and a stable code; nothing imported', async () => {
    const chair = await api.loginAs(DEMO_CHAIR.email);
    const bad = await chair.request('POST', '/api/rosters/import', { source: 'csv', id: 'broken', name: 'B', fileName: 'b.csv', csv: 'member_id,display_name,joined\na1,A,2020-13-01\n' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('CSV_INVALID');
    const nul = await chair.request('POST', '/api/rosters/import', { source: 'csv', id: 'broken', name: 'B', fileName: 'b.csv', csv: 'member_id,display_name,joined\na1,A\u0000,2020-01-01\n' });
    expect(nul.status).toBe(400);
    expect(nul.body.error.code).toBe('INVALID_TEXT');
    const id = await chair.request('POST', '/api/rosters/import', { source: 'csv', id: '../etc', name: 'B', fileName: 'b.csv', csv: csvOf(1) });
    expect(id.status).toBe(400);
    expect(id.body.error.code).toBe('VALIDATION_FAILED');
    expect((await api.client().get('/api/rosters/broken/count?party=Board&on=2021-01-01')).status).toBe(404);
  });
});
