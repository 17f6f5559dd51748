/**
 * FIXED: an article whose declaration matched one already published was added to it as a source at once, so its
 * quote, outlet and (when earlier) date went public on the extractor's word alone, with no editor ever seeing it. A
 * mis-read sentence ("Aldous has not submitted a letter, unlike…" read as a letter) or a hostile page an editor ingests
 * in bulk put words on a member's public record. Now such a report is held: the editors' desk lists it under the
 * published declaration, and it is public only once an editor publishes it (or gone if dropped), each step audited.
 *
 * Built through the API as an editor would, then read as an anonymous visitor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/services/audit';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';
import { DEMO_TRACKER, trackerDesk, type DeskDeclaration } from '../support/tracker-desk';

const T = DEMO_TRACKER;

type Declaration = DeskDeclaration;

describe('a later report of a published declaration', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  let aldous: Declaration;
  const { ingest } = trackerDesk(() => editor);
  const publicText = async () => [await api.client().get(T), await api.client().get(`${T}/members/peter-aldous`), await api.client().get(`${T}/export.json`), await api.client().get(`${T}/export.csv`)].map((r) => r.text).join('\n');

  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    expect((await api.client().get(T)).status).toBe(200);
    await ingest('first.txt', 'Tory MP Peter Aldous has submitted a letter of no confidence in Boris Johnson, he confirmed.', '2022-06-10', 'Lowestoft Journal');
    const proposed = ((await editor.get(`${T}/review?status=proposed`)).body.declarations as Declaration[]).find((d) => d.memberId === 'peter-aldous')!;
    expect((await editor.request('POST', `/api/tracker-declarations/${proposed.id}/review`, { type: 'accept', sources: proposed.sources.map((s) => s.id) })).status).toBe(200);
    aldous = proposed;
  });
  afterAll(async () => api?.close());

  it('is not public until an editor publishes it; the desk lists it as held', async () => {
    const report = await ingest('second.txt', 'Peter Aldous has submitted a letter of no confidence in Boris Johnson, he told the UNREVIEWED TIMES.', '2022-06-12', 'Unreviewed Times');
    expect(report).toMatchObject({ corroborated: 1, proposed: 0 });
    const text = await publicText();
    expect(text).toContain('Lowestoft Journal');
    expect(text).not.toContain('Unreviewed Times');
    expect(text).not.toContain('UNREVIEWED TIMES');

    const held = (await editor.get(`${T}/review?status=held`)).body.declarations as Declaration[];
    expect(held.map((d) => d.id)).toEqual([aldous.id]);
    expect(held[0]!.sources.map((s) => [s.outlet, s.held ?? false])).toEqual([
      ['Lowestoft Journal', false],
      ['Unreviewed Times', true],
    ]);
    // The public never sees the flag, nor an anonymous visitor the desk.
    expect((await api.client().get(`${T}/review?status=held`)).status).toBe(401);

    expect((await editor.request('POST', `/api/tracker-declarations/${aldous.id}/review`, { type: 'accept', sources: held[0]!.sources.map((s) => s.id) })).status).toBe(200);
    expect(await publicText()).toContain('Unreviewed Times');
    expect((await editor.get(`${T}/review?status=held`)).body.declarations).toEqual([]);
  });

  it('a dropped report is never public and is gone from the declaration; both steps are audited', async () => {
    await ingest('third.txt', 'Peter Aldous has submitted a letter of no confidence in Boris Johnson, he told the DROPPED DAILY.', '2022-06-14', 'Dropped Daily');
    expect(await publicText()).not.toContain('Dropped Daily');
    const waiting = ((await editor.get(`${T}/review?status=held`)).body.declarations as Declaration[])[0]!;
    expect((await editor.request('POST', `/api/tracker-declarations/${aldous.id}/review`, { type: 'drop-held', sources: waiting.sources.filter((s) => s.held).map((s) => s.id) })).status).toBe(200);
    expect(await publicText()).not.toContain('Dropped Daily');
    const accepted = ((await editor.get(`${T}/review?status=accepted`)).body.declarations as Declaration[]).find((d) => d.id === aldous.id)!;
    expect(accepted.sources.map((s) => s.outlet)).toEqual(['Lowestoft Journal', 'Unreviewed Times']);
    // Nothing left to drop: a clear 400, not a silent success.
    const again = await editor.request('POST', `/api/tracker-declarations/${aldous.id}/review`, { type: 'drop-held', sources: [] });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('VALIDATION_FAILED');
    const actions = (await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).map((e) => e.action);
    expect(actions.filter((a) => a === 'tracker_source_held')).toHaveLength(2);
    expect(actions).toContain('tracker_declaration_reports_dropped');
  });
});
