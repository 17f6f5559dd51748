import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailer } from '../src/services/mailer';
import { DEMO_CHAIR, DEMO_EDITOR, DEMO_PROCEDURE_ID, memberEmail } from '../src/services/demo';
import { startApi, type ApiHarness } from './support/api';

const P = `/api/procedures/${DEMO_PROCEDURE_ID}`;

/** Input at the HTTP boundary: ids, NUL bytes, lone surrogates, role before schema, login timing. */
describe('bad input at the boundary', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api?.close());

  it('a NUL byte anywhere in the path or query is a 400 INVALID_TEXT, never a 500', async () => {
    for (const path of ['/api/procedures/%00', `${P}%00`, `/api/procedures/${DEMO_PROCEDURE_ID}/seals/latest%00`, `${P}?on=%00`, '/api/trackers/%00', '/api/elections/%00', '/api/rulebooks/%00']) {
      const res = await api.client().get(path);
      expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({ path, status: 400, code: 'INVALID_TEXT' });
    }
    const malformed = await api.client().get('/api/procedures/%E0%A4%A');
    expect(malformed.body.error.code).toBe('INVALID_TEXT');
  });

  it('an id that cannot be one is refused by its pattern before any query', async () => {
    for (const id of ['Johnson-2022', 'a'.repeat(64), '-x', 'x y', "x'or'1"]) {
      const res = await api.client().get(`/api/procedures/${encodeURIComponent(id)}`);
      expect({ id, status: res.status, code: res.body.error.code }).toEqual({ id, status: 400, code: 'VALIDATION_FAILED' });
    }
    // the same on election, tracker, roster and contest routes: election ids, 64-hex trackers and credentials, member ids
    const hex = 'ab'.repeat(32);
    for (const path of [
      `/api/elections/${encodeURIComponent('Vote_1')}`,
      `/api/elections/vote-${DEMO_PROCEDURE_ID}/trackers/${'AB'.repeat(32)}`,
      `/api/elections/vote-${DEMO_PROCEDURE_ID}/trackers/${hex.slice(1)}`,
      `/api/elections/vote-${DEMO_PROCEDURE_ID}/credentials/${encodeURIComponent(`${hex.slice(2)}'x`)}`,
      `/api/trackers/${DEMO_PROCEDURE_ID}/members/${encodeURIComponent('x y')}`,
      `/api/rosters/${encodeURIComponent('UK commons')}/count?party=Con&on=2022-06-06`,
      `/api/contests/${encodeURIComponent('-x')}`,
    ]) {
      const res = await api.client().get(path);
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({ path, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('NUL bytes and lone surrogates in JSON bodies are refused with INVALID_TEXT (login, tracker article)', async () => {
    const nul = await api.client().request('POST', '/api/auth/request-code', '{"email":"chair@demo.confidence\\u0000"}');
    expect(nul.status).toBe(400);
    expect(nul.body.error.code).toBe('INVALID_TEXT');
    const editor = await api.loginAs(DEMO_EDITOR.email);
    const surrogate = await editor.request('POST', '/api/trackers/johnson-2022/articles', '{"fileName":"a.txt","text":"Steve Baker said \\"\\ud800\\" today."}');
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.error).toMatchObject({ code: 'INVALID_TEXT', message: expect.stringMatching(/text contains a lone surrogate/) });
    const key = await editor.request('POST', '/api/trackers/johnson-2022/articles', '{"\\udfff":1}');
    expect(key.body.error.code).toBe('INVALID_TEXT');
    // A valid pair (an emoji) is ordinary text.
    const ok = await api.client().request('POST', '/api/auth/request-code', { email: 'smile\ud83d\ude00@example.org' });
    expect(ok.status).toBe(202);
  });

  it('the role is checked before the body: an anonymous caller gets 401 and never the schema', async () => {
    const anonymous = await api.client().request('POST', `${P}/letters`, { wrong: 'field' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect(anonymous.text).not.toMatch(/memberId/);
    const ballot = await api.client().request('POST', `${P}/ballot`, { opensAt: 1 });
    expect(ballot.status).toBe(401);
    const mp = await api.loginAs(memberEmail('tobias-ellwood'));
    const member = await mp.request('POST', `${P}/letters`, { nonsense: true });
    expect(member.status).toBe(403);
    expect(member.body.error.code).toBe('FORBIDDEN');
    expect(member.text).not.toMatch(/memberId/);
    // the same on the tracker's editor routes, the contest chair's routes and a vote's chair steps
    for (const [path, body] of [
      [`/api/trackers/${DEMO_PROCEDURE_ID}/articles`, { text: 1 }],
      [`/api/trackers/${DEMO_PROCEDURE_ID}/declarations`, { nonsense: true }],
      ['/api/contests', { id: 'Not An Id' }],
      ['/api/contests/some-contest/rounds', { opensAt: 'soon' }],
      [`/api/procedures/${DEMO_PROCEDURE_ID}/election`, { threshold: 'two' }],
    ] as const) {
      const res = await api.client().request('POST', path, body);
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({ path, status: 401, code: 'UNAUTHENTICATED' });
      expect(res.text).not.toMatch(/expected|invalid_type|Required/i);
    }
  });

  it('an unknown member is MEMBER_NOT_FOUND (404), an existing ineligible one NOT_ELIGIBLE', async () => {
    const chair = await api.loginAs(DEMO_CHAIR.email);
    const unknown = await chair.request('POST', `${P}/letters`, { memberId: 'nobody-at-all' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('MEMBER_NOT_FOUND');
    const labour = await chair.request('POST', `${P}/letters`, { memberId: 'keir-starmer' });
    expect(labour.body.error.code).toBe('NOT_ELIGIBLE');
    const withdraw = await chair.request('DELETE', `${P}/letters/nobody-at-all`);
    expect(withdraw.body.error.code).toBe('MEMBER_NOT_FOUND');
  });

  it('request-code answers before any mail is sent, so its timing cannot tell whether the account exists', async () => {
    const ctx = api.runtime.ctx;
    const original = ctx.mailer;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent: string[] = [];
    const slow: Mailer = { isDevMailbox: true, send: async (m) => { await gate; sent.push(m.to); } };
    ctx.mailer = slow;
    try {
      const res = await api.client().request('POST', '/api/auth/request-code', { email: memberEmail('jesse-norman') });
      expect(res.status).toBe(202); // answered while the mailer is still blocked
      expect(sent).toEqual([]);
      release();
      await new Promise((r) => setTimeout(r, 50));
      expect(sent).toEqual([memberEmail('jesse-norman')]);
    } finally {
      ctx.mailer = original;
    }
  });

  it('concurrent wrong guesses each count: after five, even the right code is refused', async () => {
    const c = api.client();
    const email = memberEmail('andrew-bridgen');
    await c.request('POST', '/api/auth/request-code', { email });
    const mailbox = await c.get(`/api/dev/mailbox?to=${email}`);
    const code = /(\d{6})/.exec(mailbox.body.messages[0].text)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    const guesses = await Promise.all(Array.from({ length: 8 }, () => c.request('POST', '/api/auth/verify-code', { email, code: wrong })));
    expect(guesses.every((g) => g.body.error.code === 'LOGIN_CODE_INVALID')).toBe(true);
    const right = await c.request('POST', '/api/auth/verify-code', { email, code });
    expect(right.status).toBe(400);
    expect(right.body.error.code).toBe('LOGIN_CODE_INVALID');
  });
});
