import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ARTICLE_BODY_BYTES, MAX_BODY_BYTES } from '../src/server/app';
import { DEMO_CHAIR, DEMO_EDITOR, memberEmail } from '../src/services/demo';
import { articleTooLargeMessage, MAX_ARTICLE_BYTES } from '../src/tracker/input';
import { startApi, type ApiHarness } from './support/api';

/**
 * The general body limit (256 KB) and the few routes that take more, each only for the roles they accept (the
 * session is resolved before any body is read): an article for the tracker (what `confidence tracker ingest` sends
 * through a running server, up to the CLI's 2 MB per file) and a contest's membership roll.
 */
describe('larger request bodies, per route and role', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
  });
  afterAll(async () => api?.close());

  const T = '/api/trackers/johnson-2022/articles';
  // Plain prose with no declaration in it: the extractor reads it all and proposes nothing.
  const sentence = 'The committee met on Tuesday and the weather was fine. ';
  const prose = (bytes: number) => sentence.repeat(Math.ceil(bytes / sentence.length)).slice(0, bytes);

  it('an editor ingests an article larger than the general limit', async () => {
    const editor = await api.loginAs(DEMO_EDITOR.email);
    const text = prose(400 * 1024);
    expect(text.length).toBeGreaterThan(MAX_BODY_BYTES);
    const res = await editor.request('POST', T, { fileName: '2022-06-04-long.txt', text, outlet: 'Test News' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ fileName: '2022-06-04-long.txt', status: 'ingested' });
  }, 60_000);

  it('beyond the article limit: 413 BODY_TOO_LARGE naming it; a text just over 2 MB in a smaller request is 413 ARTICLE_TOO_LARGE, with the CLI\'s message', async () => {
    const chair = await api.loginAs(DEMO_CHAIR.email);
    const tooBig = await chair.request('POST', T, { fileName: 'huge.txt', text: prose(MAX_ARTICLE_BODY_BYTES + 1) });
    expect(prose(MAX_ARTICLE_BODY_BYTES + 1).length).toBe(MAX_ARTICLE_BODY_BYTES + 1);
    expect(tooBig.status, tooBig.text.slice(0, 300)).toBe(413);
    expect(tooBig.body).toMatchObject({ error: { code: 'BODY_TOO_LARGE', message: expect.stringMatching(/an article is at most 2 MB/) } });
    const overText = await chair.request('POST', T, { fileName: 'long.txt', text: prose(MAX_ARTICLE_BYTES + 1) });
    expect(overText.status).toBe(413);
    expect(overText.body).toMatchObject({ error: { code: 'ARTICLE_TOO_LARGE', message: `long.txt: ${articleTooLargeMessage(MAX_ARTICLE_BYTES + 1)}` } });
    expect(overText.body.error.message).toMatch(/over the 2 MB limit for one article/);
  }, 60_000);

  it('anyone else gets the general limit on the same route, before the role check', async () => {
    const text = prose(300 * 1024);
    const anonymous = await api.client().request('POST', T, { fileName: 'a.txt', text });
    expect(anonymous.status).toBe(413);
    expect(anonymous.body.error.message).toMatch(`larger than ${MAX_BODY_BYTES} bytes`);
    const mp = await api.loginAs(memberEmail('steve-baker'));
    const asMember = await mp.request('POST', T, { fileName: 'a.txt', text });
    expect(asMember.status).toBe(413);
    // The same body under the limit is refused for the role, as before.
    expect((await mp.request('POST', T, { fileName: 'a.txt', text: 'short' })).status).toBe(403);
  });

  it("a contest's membership roll larger than the general limit reaches the chair's route (no 413)", async () => {
    const chair = await api.loginAs(DEMO_CHAIR.email);
    const csv = `member_id,joined\n${Array.from({ length: 20_000 }, (_, i) => `member-${i},2020-01-01`).join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(MAX_BODY_BYTES);
    const res = await chair.request('POST', '/api/contests/no-such-contest/roll', { csv });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('CONTEST_NOT_FOUND');
    const mp = await api.loginAs(memberEmail('steve-baker'));
    expect((await mp.request('POST', '/api/contests/no-such-contest/roll', { csv })).status).toBe(413);
  });
});
