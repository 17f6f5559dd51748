/**
 * Nothing found (this guards the promise): only an editor (or the chair) decides what the public reads of a contest's
 * endorsements. A logged-in member (an MP, who might want to be listed behind the winner, or to list a rival behind
 * the loser) and an anonymous visitor call every endorsement-desk endpoint: the queue, a row's accept and reject, a
 * member-and-candidate group's accept. The member gets 403 FORBIDDEN, the visitor 401 UNAUTHENTICATED, nothing is
 * written to the audit log, the row stays proposed and the public listing stays empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/services/audit';
import { DEMO_EDITOR, memberEmail } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';
import { endorsementDesk, type QueuedEndorsementBody } from '../support/endorsement-desk';

const T = '/api/trackers/johnson-2022';
const CONTEST = 'tory-2022-summer';

describe('someone who is not an editor decides on an endorsement', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  let raab: QueuedEndorsementBody;
  const desk = endorsementDesk(() => editor);
  const auditLength = async () => (await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length;

  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    const r = await desk.record(CONTEST, { candidates: [{ id: 'sunak', name: 'Rishi Sunak' }], articles: [{ fileName: 'x.txt', published: '2022-07-12', outlet: 'Desk Only', text: 'Dominic Raab is backing Rishi Sunak.' }] });
    raab = r.awaitingReview[0]!;
  });
  afterAll(async () => api?.close());

  const calls = (): Array<[string, string, unknown?]> => [
    ['GET', `${T}/endorsements/queue`],
    ['GET', `${T}/contests/${CONTEST}/endorsements/queue`],
    ['GET', `${T}/contests/${CONTEST}/endorsements/queue?status=rejected`],
    ['POST', `/api/tracker-endorsements/${raab.id}/review`, { type: 'accept' }],
    ['POST', `/api/tracker-endorsements/${raab.id}/review`, { type: 'reject' }],
    ['POST', `${T}/contests/${CONTEST}/endorsements/review`, { type: 'accept', candidateId: 'sunak', memberId: 'dominic-raab', endorsements: [raab.id] }],
  ];

  async function expectNothingChanged(before: number) {
    expect(await auditLength()).toBe(before);
    expect((await desk.queue(CONTEST)).map((e) => [e.id, e.status])).toEqual([[raab.id, 'proposed']]);
    expect((await api.client().get(`/api/endorsements?contest=${CONTEST}`)).body).toEqual({ contests: [] });
  }

  it('a logged-in member gets 403 from every endorsement-desk endpoint and writes nothing', async () => {
    const member = await api.loginAs(memberEmail('dominic-raab'));
    const before = await auditLength();
    for (const [method, path, body] of calls()) {
      const r = await member.request(method, path, body);
      expect([r.status, r.body?.error?.code], `${method} ${path}`).toEqual([403, 'FORBIDDEN']);
      expect(r.text).not.toContain('Desk Only');
    }
    await expectNothingChanged(before);
  });

  it('an anonymous visitor gets 401 from every endorsement-desk endpoint and writes nothing', async () => {
    const before = await auditLength();
    for (const [method, path, body] of calls()) {
      const r = await api.client().request(method, path, body);
      expect([r.status, r.body?.error?.code], `${method} ${path}`).toEqual([401, 'UNAUTHENTICATED']);
      expect(r.text).not.toContain('Desk Only');
    }
    await expectNothingChanged(before);
  });
});
