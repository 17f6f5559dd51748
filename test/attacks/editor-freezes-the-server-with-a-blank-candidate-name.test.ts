/**
 * FIXED: "every bad input gets a clear 4xx". An editor (or a stolen editor session) names a contest's candidate with
 * spaces alone — "  ", or no-break and em spaces, which the schema's two-character minimum lets through. The reader
 * looks for a candidate by the name's words; with none it looked for the empty string, which matches at one place
 * forever: the request never answered and the server's one thread spun, so every other visitor (and, on PGlite, the
 * database in the same process) froze with it. Recording a contest's endorsements and the read-only listing
 * (`POST /api/trackers/{id}/endorsements`) now refuse a candidate name without a letter or digit with 400
 * VALIDATION_FAILED, before any article is read, and nothing is stored or audited.
 *
 * (Were this to regress, the test would hang rather than fail: the loop is synchronous and no timeout can stop it.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/services/audit';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

const T = '/api/trackers/johnson-2022';
const ARTICLE = { fileName: 'race.txt', published: '2022-07-12', text: 'Dominic Raab is backing Rishi Sunak.' };
const BLANK_NAMES = ['  ', '\u00a0\u00a0', '\u2003\u3000', '\t\n'];

describe('a candidate named with spaces alone', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
  });
  afterAll(async () => api?.close());

  it('is refused with 400 by recording, which stores and audits nothing', async () => {
    const auditBefore = (await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length;
    for (const name of BLANK_NAMES) {
      const r = await editor.request('POST', `${T}/contests/tory-2022-summer/endorsements`, { candidates: [{ id: 'sunak', name: 'Rishi Sunak' }, { id: 'blank', name }], articles: [ARTICLE] });
      expect([r.status, r.body?.error?.code], JSON.stringify(name)).toEqual([400, 'VALIDATION_FAILED']);
      expect(r.body.error.message).toContain('candidates[1].name');
    }
    expect((await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length).toBe(auditBefore);
    expect((await editor.get(`${T}/contests/tory-2022-summer/endorsements/queue`)).body).toEqual({ endorsements: [] });
  });

  it('is refused with 400 by the read-only listing', async () => {
    for (const name of BLANK_NAMES) {
      const r = await editor.request('POST', `${T}/endorsements`, { candidates: [{ id: 'blank', name }], articles: [ARTICLE] });
      expect([r.status, r.body?.error?.code], JSON.stringify(name)).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('leaves names with a word in them to be read as before', async () => {
    const r = await editor.request('POST', `${T}/contests/tory-2022-summer/endorsements`, { candidates: [{ id: 'sunak', name: ' Rishi Sunak ' }], articles: [ARTICLE] });
    expect([r.status, r.body.stored]).toEqual([200, 1]);
  });
});
