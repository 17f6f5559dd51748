/**
 * Nothing found (this guards the promise): every bad input to the endorsement desk gets a clear 4xx with a stable error
 * code, never a 500, and changes nothing. An editor's client with a bug, or someone with an editor's session probing
 * the routes, sends wrong types, malformed JSON, a body of the wrong media type, unknown ids, ids that are not UUIDs,
 * the same id twice in a group, another tracker's path, contest ids with odd characters (encoded slashes, dots,
 * accents, a trailing newline, 101 characters), a repeated query parameter, an unknown queue status and a huge body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/services/audit';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';
import { endorsementDesk, type QueuedEndorsementBody } from '../support/endorsement-desk';

const T = '/api/trackers/johnson-2022';
const C = 'tory-2022-summer';
const GROUP = `${T}/contests/${C}/endorsements/review`;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const ODD_CONTESTS = ['a%2Fb', 'a%00b', 'A'.repeat(101), '%C3%A9t%C3%A9', 'a%20b', '-x', `${C}%0A`];

describe('bad input to the endorsement desk', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  let row: QueuedEndorsementBody;
  const desk = endorsementDesk(() => editor);
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    row = (await desk.record(C, { candidates: [{ id: 'sunak', name: 'Rishi Sunak' }], articles: [{ fileName: 'a.txt', published: '2022-07-12', text: 'Dominic Raab is backing Rishi Sunak.' }] })).awaitingReview[0]!;
  });
  afterAll(async () => api?.close());

  it('answers each with a 4xx and a stable code, and writes nothing', async () => {
    const auditBefore = (await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length;
    const cases: Array<[string, string, string, unknown, number, string, Record<string, string>?]> = [
      ['wrong types', 'POST', GROUP, { type: 'accept', candidateId: 5, memberId: 'dominic-raab', endorsements: 'abc' }, 400, 'VALIDATION_FAILED'],
      ['malformed JSON', 'POST', GROUP, '{"type":', 400, 'MALFORMED_JSON'],
      ['an array body', 'POST', GROUP, '[1,2]', 400, 'VALIDATION_FAILED'],
      ['a null body', 'POST', GROUP, 'null', 400, 'VALIDATION_FAILED'],
      ['a form body', 'POST', `/api/tracker-endorsements/${row.id}/review`, 'type=accept', 400, 'VALIDATION_FAILED', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['an unknown decision', 'POST', `/api/tracker-endorsements/${row.id}/review`, { type: 'publish' }, 400, 'VALIDATION_FAILED'],
      ['an unknown id', 'POST', `/api/tracker-endorsements/${UNKNOWN}/review`, { type: 'accept' }, 404, 'NOT_FOUND'],
      ['an id that is no UUID', 'POST', `/api/tracker-endorsements/abc/review`, { type: 'accept' }, 400, 'VALIDATION_FAILED'],
      ['an unknown id in a group', 'POST', GROUP, { type: 'accept', candidateId: 'sunak', memberId: 'dominic-raab', endorsements: [row.id, UNKNOWN] }, 400, 'VALIDATION_FAILED'],
      ['another tracker’s path', 'POST', `/api/trackers/no-such-tracker/contests/${C}/endorsements/review`, { type: 'accept', candidateId: 'sunak', memberId: 'dominic-raab', endorsements: [row.id] }, 404, 'NOT_FOUND'],
      ['another candidate’s group', 'POST', GROUP, { type: 'accept', candidateId: 'truss', memberId: 'dominic-raab', endorsements: [row.id] }, 404, 'NOT_FOUND'],
      ['an empty group', 'POST', GROUP, { type: 'accept', candidateId: 'sunak', memberId: 'dominic-raab', endorsements: [] }, 400, 'VALIDATION_FAILED'],
      ['an unknown queue status', 'GET', `${T}/endorsements/queue?status=held`, undefined, 400, 'VALIDATION_FAILED'],
      ['an unknown tracker’s queue', 'GET', `/api/trackers/no-such-tracker/endorsements/queue`, undefined, 404, 'NOT_FOUND'],
      ['a repeated contest parameter', 'GET', `/api/endorsements?contest=a&contest=b`, undefined, 400, 'VALIDATION_FAILED'],
      ['no contest parameter', 'GET', `/api/endorsements`, undefined, 400, 'VALIDATION_FAILED'],
      ['a huge body', 'POST', `${T}/contests/${C}/endorsements`, { candidates: [{ id: 'sunak', name: 'Rishi Sunak' }], articles: [{ fileName: 'big.txt', text: 'Dominic Raab is backing Rishi Sunak. '.repeat(10_000) }] }, 413, 'BODY_TOO_LARGE'],
      ['duplicate candidate ids', 'POST', `${T}/contests/${C}/endorsements`, { candidates: [{ id: 'sunak', name: 'Rishi Sunak' }, { id: 'sunak', name: 'Liz Truss' }], articles: [{ fileName: 'x.txt', text: 'x y' }] }, 400, 'VALIDATION_FAILED'],
      ['an impossible date', 'POST', `${T}/contests/${C}/endorsements`, { candidates: [{ id: 'sunak', name: 'Rishi Sunak' }], articles: [{ fileName: 'x.txt', published: '2022-02-31', text: 'Dominic Raab backs Rishi Sunak.' }] }, 400, 'VALIDATION_FAILED'],
      ...ODD_CONTESTS.flatMap((c): Array<[string, string, string, unknown, number, string]> => [
        [`contest ${c} (queue)`, 'GET', `${T}/contests/${c}/endorsements/queue`, undefined, 400, c.includes('%00') ? 'INVALID_TEXT' : 'VALIDATION_FAILED'],
        [`contest ${c} (public)`, 'GET', `/api/endorsements?contest=${c}`, undefined, 400, c.includes('%00') ? 'INVALID_TEXT' : 'VALIDATION_FAILED'],
      ]),
    ];
    for (const [what, method, path, body, status, code, headers] of cases) {
      const r = await editor.request(method, path, body, headers);
      expect([r.status, r.body?.error?.code], what).toEqual([status, code]);
    }
    // The same id twice in a group is the one row, decided once.
    const twice = await editor.request('POST', GROUP, { type: 'reject', candidateId: 'sunak', memberId: 'dominic-raab', endorsements: [row.id, row.id] });
    expect([twice.status, twice.body.endorsements.map((e: QueuedEndorsementBody) => [e.id, e.status])]).toEqual([200, [[row.id, 'rejected']]]);
    expect((await readAudit(api.runtime.ctx.db, { kind: 'tracker' })).length).toBe(auditBefore + 1);
  });
});
