/**
 * Nothing found (this guards the promise): an editor publishes only what the desk showed. The desk decides a member's
 * backing of a candidate as one group and names the rows it showed; an article recorded meanwhile (by another editor,
 * or by a stolen session timing it) adds a row to the group — a sentence nobody read. Accepting the group then is
 * refused with 409 CONFLICT naming the new row, nothing is published or written, and once the editor has read the new
 * row the decision goes through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/services/audit';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';
import { endorsementDesk } from '../support/endorsement-desk';

const T = '/api/trackers/johnson-2022';
const CONTEST = 'tory-2022-summer';
const CANDIDATES = [{ id: 'sunak', name: 'Rishi Sunak' }];

describe('a backing of a candidate read after the desk showed the group', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  const desk = endorsementDesk(() => editor);
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
  });
  afterAll(async () => api?.close());

  it('refuses the group decision until the editor has seen it', async () => {
    const shown = (await desk.record(CONTEST, { candidates: CANDIDATES, articles: [{ fileName: 'a.txt', published: '2022-07-12', outlet: 'Wire', text: 'Dominic Raab is backing Rishi Sunak.' }] })).awaitingReview;
    const meanwhile = (await desk.record(CONTEST, { candidates: CANDIDATES, articles: [{ fileName: 'b.txt', published: '2022-07-13', outlet: 'Unread Outlet', text: 'Dominic Raab has endorsed Rishi Sunak for leader.' }] })).awaitingReview;
    expect(meanwhile).toHaveLength(2);
    const newRow = meanwhile.find((e) => !shown.some((s) => s.id === e.id))!;
    const auditBefore = (await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length;

    const stale = await editor.request('POST', `${T}/contests/${CONTEST}/endorsements/review`, { type: 'accept', candidateId: 'sunak', memberId: 'dominic-raab', endorsements: shown.map((e) => e.id) });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(stale.body.error.message).toContain('Unread Outlet');
    expect(stale.body.error.details).toEqual({ unseen: [newRow.id] });
    expect((await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length).toBe(auditBefore);
    expect((await api.client().get(`/api/endorsements?contest=${CONTEST}`)).body).toEqual({ contests: [] });
    expect((await desk.queue(CONTEST)).map((e) => e.status)).toEqual(['proposed', 'proposed']);

    const seen = await editor.request('POST', `${T}/contests/${CONTEST}/endorsements/review`, { type: 'accept', candidateId: 'sunak', memberId: 'dominic-raab', endorsements: meanwhile.map((e) => e.id) });
    expect(seen.status).toBe(200);
    const [contest] = (await api.client().get(`/api/endorsements?contest=${CONTEST}`)).body.contests;
    expect(contest.candidates[0].backers[0].sources.map((s: { outlet: string }) => s.outlet).sort()).toEqual(['Unread Outlet', 'Wire']);
  });
});
