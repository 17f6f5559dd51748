/**
 * FIXED: a tracker frozen on a day shows only the reports published by then — but a later report of a declaration
 * still in the queue moved the declaration's date when it gave an earlier one ("the earliest report dates the
 * declaration"). Once an editor accepted the declaration, the later report itself was hidden on the frozen tracker, yet
 * its date was public there, on the page, the member's history, both exports and the timeline: what an article
 * published weeks after the day says, on a page that shows the campaign as it stood that day. A report published after
 * the tracker's day no longer dates the declaration (the editor sees it on the desk and may take its date by hand);
 * on a tracker with no fixed day, or a report published by the day, the earliest report still dates it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';
import { DEMO_TRACKER, trackerDesk, type DeskDeclaration } from '../support/tracker-desk';

const T = '/api/trackers/johnson-2022'; // frozen on 2022-07-07

type Declaration = DeskDeclaration;

describe('a report published after a frozen tracker’s day', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  const { ingest, proposalOf } = trackerDesk(() => editor);

  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    expect((await api.client().get(T)).body.tracker.asOf).toBe('2022-07-07');
  });
  afterAll(async () => api?.close());

  it('does not date the declaration on the public tracker, page, member history, exports or timeline', async () => {
    await ingest('early.txt', 'Tory MP Peter Aldous has submitted a letter of no confidence in Boris Johnson, he confirmed on 10 June.', '2022-06-10', 'Early Echo');
    expect(await ingest('late.txt', 'Peter Aldous submitted a letter of no confidence in Boris Johnson on 7 June, the LATE GAZETTE can reveal.', '2022-08-01', 'Late Gazette')).toMatchObject({ corroborated: 1 });
    const d = await proposalOf('peter-aldous');
    // The editor sees both reports on the desk, and the date the day's report gives.
    expect(d.sources.map((s) => s.outlet)).toEqual(['Early Echo', 'Late Gazette']);
    expect(d.date).toBe('2022-06-10');
    expect((await editor.request('POST', `/api/tracker-declarations/${d.id}/review`, { type: 'accept', sources: d.sources.map((s) => s.id) })).status).toBe(200);

    const page = (await api.client().get(T)).body;
    expect(page.groups.flatMap((g: { declarations: Declaration[] }) => g.declarations.map((x) => [x.memberId, x.date]))).toEqual([['peter-aldous', '2022-06-10']]);
    expect(page.timeline.map((p: { date: string }) => p.date)).toEqual(['2022-06-10']);
    expect((await api.client().get(`${T}/members/peter-aldous`)).body.history.map((x: Declaration) => x.date)).toEqual(['2022-06-10']);
    expect((await api.client().get(`${T}/export.json`)).body.declarations.map((x: { date: string }) => x.date)).toEqual(['2022-06-10']);
    const csv = (await api.client().get(`${T}/export.csv`)).text;
    expect(csv).toContain('2022-06-10');
    expect(csv).not.toContain('2022-06-07');
    expect(csv).not.toContain('Late Gazette');
  });

  it('a report published by the day still dates the declaration by its earlier date', async () => {
    await ingest('m1.txt', 'Conservative MP Anthony Mangnall has submitted a letter of no confidence in Boris Johnson, he confirmed on 20 June.', '2022-06-20', 'Totnes Times');
    await ingest('m2.txt', 'Anthony Mangnall submitted a letter of no confidence in Boris Johnson on 17 June, the Western Morning News reports.', '2022-06-21', 'Western Morning News');
    expect((await proposalOf('anthony-mangnall')).date).toBe('2022-06-17');
  });
});
