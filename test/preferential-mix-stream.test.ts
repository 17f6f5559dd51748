/**
 * The streamed mix upload (POST /api/preferential/{eid}/mixes/stream), in-process: a mix too large for a JSON body
 * goes as lines ({mixer, rows}, one output row a line, {proof}), read as it arrives in chunks of any size. The server
 * checks the whole proof before anything is appended: a forged or malformed stream, a stream over the bound its
 * board gives, a truncated one or one with trailing lines all leave the board as it was, with a stable code. The
 * large-mix path (the proof checked on a worker thread) gives the same answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixerStep, mixStreamParts, MIX_STREAM_TYPE, preferentialStateFromBoard, prepareRankedBallot, verifyPreferentialBoard } from '../src/mixnet/board';
import type { MixStepJSON } from '../src/mixnet/contest';
import { DEMO_CHAIR, DEMO_OFFICERS, DEMO_FREE_MPS, memberEmail } from '../src/services/demo';
import { boardText } from '../src/services/elections';
import { _setMixCheckWorkerFrom, castRankedBallot, mixStreamBound } from '../src/services/preferential';
import { openedPreferential, signedAsMixer, type PreferentialCeremony } from './support/preferential';
import { startApi, type ApiClient, type ApiHarness } from './support/api';

describe('streamed mix upload', { timeout: 120_000 }, () => {
  let api: ApiHarness;
  let c: PreferentialCeremony;
  let officer: ApiClient;
  const N = 7;

  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    c = await openedPreferential(api.runtime.ctx, { title: 'Streamed mixes', candidates: ['A', 'B', 'C'], rankCap: 2, electorate: N, trustees: 2, threshold: 2, mixers: 2 });
    for (let i = 0; i < N; i++) await castRankedBallot(api.runtime.ctx, c.eid, prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, c.credentials[i]!.secret, [i % 3, (i + 1) % 3]));
    const chair = await api.loginAs(DEMO_CHAIR.email);
    expect((await chair.request('POST', `/api/elections/${c.eid}/close`)).status).toBe(200);
    officer = await api.loginAs(DEMO_OFFICERS[0]!.email);
  }, 120_000);
  afterAll(() => {
    _setMixCheckWorkerFrom(2000);
    return api?.close();
  });

  const path = () => `/api/preferential/${c.eid}/mixes/stream`;
  const board = () => boardText(api.runtime.ctx, c.eid);
  /** The body as a stream of `size`-byte chunks (so lines are split across chunks, as on a network). */
  const chunked = (text: string, size: number) => {
    const bytes = new TextEncoder().encode(text);
    let at = 0;
    return new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (at >= bytes.length) return ctl.close();
        ctl.enqueue(bytes.slice(at, at + size));
        at += size;
      },
    });
  };
  const post = async (who: ApiClient | null, body: string, size = 1000, type = MIX_STREAM_TYPE) => {
    const headers: Record<string, string> = { 'content-type': type };
    if (who?.cookie) headers.cookie = who.cookie;
    if (who?.csrfToken) headers['x-csrf-token'] = who.csrfToken;
    const res = await api.app.request(path(), { method: 'POST', headers, body: chunked(body, size), duplex: 'half' } as RequestInit);
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string }; seq?: number; mixer?: number; rows?: number } };
  };
  // a changed mix is re-signed by its mixer (the attacker is the mix server itself): the shuffle checks must catch it
  const text = (step: MixStepJSON) => mixStreamParts(signedAsMixer(c, step)).join('');
  const lines = (step: MixStepJSON) => mixStreamParts(signedAsMixer(c, step));
  /** A refused post leaves the board byte for byte as it was. */
  const refused = async (body: string, status: number, code: string, size?: number, who: ApiClient | null = officer) => {
    const before = await board();
    const r = await post(who, body, size);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.error?.code).toBe(code);
    expect(await board()).toBe(before);
    return r.body.error!.message;
  };

  it('refuses anyone without the mixer role, another content type, a wrong header, a malformed, truncated or overlong stream', async () => {
    const step = mixerStep(preferentialStateFromBoard(await board()), c.trustees[preferentialStateFromBoard(await board()).mixes.length]!);
    const ok = lines(step);
    await refused(text(step), 401, 'UNAUTHENTICATED', 1000, api.client());
    await refused(text(step), 403, 'FORBIDDEN', 1000, await api.loginAs(memberEmail(DEMO_FREE_MPS[0]!)));
    const wrongType = await post(officer, text(step), 1000, 'application/json');
    expect([wrongType.status, wrongType.body.error?.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    // the header: mixer 2 before mixer 1, the wrong number of rows, something else
    await refused([JSON.stringify({ mixer: 2, rows: N }) + '\n', ...ok.slice(1)].join(''), 409, 'CONFLICT');
    expect(await refused([JSON.stringify({ mixer: 1, rows: N - 1 }) + '\n', ...ok.slice(1)].join(''), 422, 'TRUSTEE_MESSAGE_INVALID')).toMatch(/shuffles 7 rows/);
    await refused(['{"mixer":1}\n', ...ok.slice(1)].join(''), 422, 'TRUSTEE_MESSAGE_INVALID');
    // a row of the wrong width, a cell that is not hex, a blank line
    await refused([ok[0], JSON.stringify(step.output[0]!.slice(0, 1)) + '\n', ...ok.slice(2)].join(''), 422, 'TRUSTEE_MESSAGE_INVALID');
    await refused([ok[0], ok[1]!.replace(/[0-9a-f]{4}"/, 'zzzz"'), ...ok.slice(2)].join(''), 422, 'TRUSTEE_MESSAGE_INVALID');
    await refused([ok[0], '\n', ...ok.slice(1)].join(''), 422, 'TRUSTEE_MESSAGE_INVALID');
    // truncated: a row missing, the proof missing, the stream cut inside the proof; trailing lines after the proof
    await refused([...ok.slice(0, 3), ...ok.slice(4)].join(''), 422, 'TRUSTEE_MESSAGE_INVALID');
    expect(await refused(ok.slice(0, -1).join(''), 422, 'TRUSTEE_MESSAGE_INVALID')).toMatch(/before the proof/);
    await refused(text(step).slice(0, -200), 422, 'TRUSTEE_MESSAGE_INVALID');
    await refused(text(step) + ok[1], 422, 'TRUSTEE_MESSAGE_INVALID');
    // over the bound this board gives (7 rows of width 2): refused as it arrives, nothing buffered beyond it
    const bound = mixStreamBound(N, 2);
    expect(await refused(ok[0] + ' '.repeat(bound) + '\n', 413, 'BODY_TOO_LARGE', 16 * 1024)).toMatch(new RegExp(`at most ${bound} bytes`));
  });

  it('refuses a forged stream with the numbered check and takes the true one, split at any byte', async () => {
    const step = mixerStep(preferentialStateFromBoard(await board()), c.trustees[preferentialStateFromBoard(await board()).mixes.length]!);
    // two output rows swapped: same multiset, the proof no longer matches (M3: the statement changed)
    const swapped = { ...step, output: [step.output[1]!, step.output[0]!, ...step.output.slice(2)] };
    expect(await refused(text(swapped), 422, 'MIXNET_CHECK_FAILED')).toMatch(/\(M3\)/);
    // a cell replaced by another valid ciphertext
    const changed = { ...step, output: step.output.map((r, i) => (i === 3 ? [step.output[4]![0]!, r[1]!] : r)) };
    await refused(text(changed), 422, 'MIXNET_CHECK_FAILED');
    // the true mix, in 7-byte chunks
    const r = await post(officer, text(step), 7);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect([r.body.mixer, r.body.rows]).toEqual([1, N]);
    const s = preferentialStateFromBoard(await board());
    expect(s.mixes).toEqual([step]);
    // the same stream again is mixer 1's, now out of turn
    await refused(text(step), 409, 'CONFLICT');
  });

  it('checks a large mix on a worker thread with the same verdicts', async () => {
    _setMixCheckWorkerFrom(1);
    const step = mixerStep(preferentialStateFromBoard(await board()), c.trustees[preferentialStateFromBoard(await board()).mixes.length]!);
    expect(step.mixer).toBe(2);
    // mixer 1's proof reused for mixer 2's rows; a point that does not decode; then the true one
    const first = preferentialStateFromBoard(await board()).mixes[0]!;
    expect(await refused(text({ ...step, proof: first.proof }), 422, 'MIXNET_CHECK_FAILED')).toMatch(/mixer 2's shuffle does not verify/);
    const notAPoint = 'ff'.repeat(32);
    await refused(text({ ...step, output: step.output.map((r, i) => (i === 0 ? [[notAPoint, r[0]![1]], r[1]!] : r)) as MixStepJSON['output'] }), 422, 'TRUSTEE_MESSAGE_INVALID');
    const r = await post(officer, text(step), 4096);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const report = verifyPreferentialBoard(await board());
    expect(report.failures).toEqual([]);
    expect(report.mixes).toBe(2);
  });
});
