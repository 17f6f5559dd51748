/**
 * The streamed mix upload (POST /api/preferential/{id}/mixes/stream) skips the general body limit for the roles that
 * mix, because the route reads its own content type line by line and holds it to a bound its board gives. A JSON body
 * sent to that path, though, is read whole by the input-hygiene middleware before the route sees it: an officer or
 * chair session (or a stolen one) could make the server buffer and parse a body of any size. The skip now applies to
 * the stream's own content type only; any other body to that path gets the general limit (413), and the route takes
 * that content type exactly (no "+json" variant that the hygiene middleware would buffer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OFFICERS } from '../../src/services/demo';
import { MIX_STREAM_TYPE } from '../../src/mixnet/board';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

describe('an officer posts a huge JSON body to the streamed mix path', () => {
  let api: ApiHarness;
  let officer: ApiClient;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    officer = await api.loginAs(DEMO_OFFICERS[0]!.email);
  }, 120_000);
  afterAll(() => api?.close());

  // Three times the general limit (256 KB): well-formed JSON, so the hygiene middleware would parse all of it.
  const huge = JSON.stringify({ pad: 'x'.repeat(768 * 1024) });
  const path = '/api/preferential/p-any/mixes/stream';

  it('is refused at the general body limit, not buffered', async () => {
    const r = await officer.request('POST', path, huge, { 'content-type': 'application/json' });
    expect([r.status, (r.body as { error?: { code: string } }).error?.code]).toEqual([413, 'BODY_TOO_LARGE']);
  });

  it('a "+json" variant of the stream type is refused at the general limit too', async () => {
    const r = await officer.request('POST', path, huge, { 'content-type': `${MIX_STREAM_TYPE}+json` });
    expect([r.status, (r.body as { error?: { code: string } }).error?.code]).toEqual([413, 'BODY_TOO_LARGE']);
  });

  it('the stream type itself still reaches the route (which holds it to its own bound)', async () => {
    const r = await officer.request('POST', path, '{"mixer":1,"rows":1}\n', { 'content-type': MIX_STREAM_TYPE });
    expect(r.status).not.toBe(413);
    expect((r.body as { error?: { code: string } }).error?.code).not.toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
