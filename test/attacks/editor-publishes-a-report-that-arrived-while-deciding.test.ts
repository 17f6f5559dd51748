/**
 * Accept publishes a declaration "with every report shown to the editor". But a report that arrives after the desk was
 * loaded — a later article read by the extractor, corroborating a proposal still in the queue — is added to the
 * proposal as an ordinary source, and the editor's accept, a click on what they read minutes before, published it
 * too: its quote and outlet went public with no editor ever reading them.
 *
 * FIXED for a client that says what it showed: `accept` takes `sources`, the ids of the reports the editor was shown,
 * and a report not among them refuses the accept (409 CONFLICT, naming the new report; nothing published, nothing
 * audited), so the editor reads it and decides again.
 * And for every client: the API requires `sources` (the review desk sends the ids of the reports it shows), so an
 * accept that does not say what it showed is refused (400) instead of publishing what arrived meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/services/audit';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';
import { DEMO_TRACKER, trackerDesk, type DeskDeclaration } from '../support/tracker-desk';

const T = DEMO_TRACKER;

type Declaration = DeskDeclaration;

describe('a report that arrives while the editor is deciding', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  const { ingest, proposalOf } = trackerDesk(() => editor);
  const publicText = async () => [await api.client().get(T), await api.client().get(`${T}/export.json`), await api.client().get(`${T}/export.csv`)].map((r) => r.text).join('\n');

  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    expect((await api.client().get(T)).status).toBe(200);
  });
  afterAll(async () => api?.close());

  it('is not published by an accept that names the reports the editor saw: 409, then a fresh decision publishes it', async () => {
    await ingest('first.txt', 'Tory MP Peter Aldous has submitted a letter of no confidence in Boris Johnson, he confirmed.', '2022-06-10', 'Lowestoft Journal');
    const shown = await proposalOf('peter-aldous');
    expect(shown.sources.map((s) => s.outlet)).toEqual(['Lowestoft Journal']);
    // Meanwhile the extractor reads another article reporting the same letter.
    expect(await ingest('second.txt', 'Peter Aldous has submitted a letter of no confidence in Boris Johnson, he told the UNSEEN COURIER.', '2022-06-12', 'Unseen Courier')).toMatchObject({ corroborated: 1 });
    const auditBefore = (await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length;

    const stale = await editor.request('POST', `/api/tracker-declarations/${shown.id}/review`, { type: 'accept', sources: shown.sources.map((s) => s.id) });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(stale.body.error.message).toContain('Unseen Courier');
    expect((await proposalOf('peter-aldous')).status).toBe('proposed');
    expect(await publicText()).not.toContain('Unseen Courier');
    expect((await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length).toBe(auditBefore);

    const fresh = await proposalOf('peter-aldous');
    const ok = await editor.request('POST', `/api/tracker-declarations/${fresh.id}/review`, { type: 'accept', sources: fresh.sources.map((s) => s.id) });
    expect(ok.status).toBe(200);
    expect(await publicText()).toContain('Unseen Courier');
  });

  it('a malformed list is a 400', async () => {
    for (const sources of [['not-a-uuid'], 'all', [1]]) {
      const res = await editor.request('POST', `/api/tracker-declarations/00000000-0000-4000-8000-000000000000/review`, { type: 'accept', sources });
      expect(res.status, JSON.stringify(sources)).toBe(400);
    }
  });

  it('is not published by an accept that does not say what it showed: the API refuses it', async () => {
    await ingest('third.txt', 'Conservative MP Anthony Mangnall has submitted a letter of no confidence in Boris Johnson, he confirmed.', '2022-06-10', 'Totnes Times');
    const shown = await proposalOf('anthony-mangnall');
    expect(shown.sources.map((s) => s.outlet)).toEqual(['Totnes Times']);
    await ingest('fourth.txt', 'Anthony Mangnall has submitted a letter of no confidence in Boris Johnson, he told the NEVER READ NEWS.', '2022-06-11', 'Never Read News');
    const blind = await editor.request('POST', `/api/tracker-declarations/${shown.id}/review`, { type: 'accept' });
    expect(blind.status).toBe(400);
    expect(blind.body.error.code).toBe('VALIDATION_FAILED');
    expect(await publicText()).not.toContain('Totnes Times');
    expect(await publicText()).not.toContain('Never Read News');
  });
});
