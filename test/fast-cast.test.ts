/**
 * The short path of a voter's cast (src/server/fast-cast.ts) answers exactly as the full middleware chain does: for
 * a good ballot, a replay, a bad signature, malformed or unclean JSON, an empty or oversized body, an unknown election
 * and a Welsh reader. A cookie sends the same request down the full chain, so each case is asked both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db';
import { initCrypto } from '../src/crypto';
import { prepareBallot, type BallotBody } from '../src/ballot';
import type { AppContext } from '../src/services/context';
import { createApp } from '../src/server/app';
import { fastCastsAnswered } from '../src/server/fast-cast';
import { TEST_DRIVERS, testContext } from './support/db';
import { openedElection, scheduledProcedure, type Ceremony } from './support/elections';

describe.each(TEST_DRIVERS)('the short path of a cast on $name', (driver) => {
  let database: Database;
  let ctx: AppContext;
  let c: Ceremony;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    await initCrypto();
    database = await driver.open();
    ctx = testContext(database, () => new Date('2026-11-23T18:30:00Z'));
    await scheduledProcedure(ctx, 'fast-cast', 10);
    c = await openedElection(ctx, 'fast-cast', { threshold: 2, trustees: 3 });
    app = createApp(ctx, { serveWeb: false });
  });
  afterAll(async () => database?.close());

  async function ask(full: boolean, body: string, opts: { eid?: string; lang?: string } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (full) headers.cookie = 'unrelated=1';
    if (opts.lang) headers['accept-language'] = opts.lang;
    const before = fastCastsAnswered();
    const res = await app.request(`/api/elections/${opts.eid ?? c.electionId}/ballots`, { method: 'POST', headers, body });
    expect(fastCastsAnswered() - before).toBe(full ? 0 : 1);
    const h = Object.fromEntries([...res.headers].filter(([k]) => k !== 'content-length'));
    return { status: res.status, headers: h, json: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
  }
  const both = async (body: string, opts: { eid?: string; lang?: string } = {}) => {
    const [fast, full] = [await ask(false, body, opts), await ask(true, body, opts)];
    expect(fast).toEqual(full);
    return fast;
  };

  it('answers good and bad casts exactly as the full chain does', async () => {
    const params = { electionHash: c.electionHash, publicKey: c.publicKey };
    const a = prepareBallot(params, c.credentials[0]!.secret, 1).body;
    const b = prepareBallot(params, c.credentials[1]!.secret, 1).body;
    const fast = await ask(false, JSON.stringify(a));
    const full = await ask(true, JSON.stringify(b));
    expect(fast.status).toBe(200);
    expect(full.status).toBe(200);
    expect(fast.headers).toEqual(full.headers);
    expect(Object.keys(fast.json).sort()).toEqual(Object.keys(full.json).sort());
    expect((fast.json as { seq: number }).seq + 1).toBe((full.json as { seq: number }).seq);

    expect((await both(JSON.stringify(a))).json.error?.code).toBe('BALLOT_REPLAYED');
    const forged: BallotBody = { ...prepareBallot(params, c.credentials[2]!.secret, 0).body, signature: a.signature };
    expect((await both(JSON.stringify(forged))).json.error?.code).toBe('BALLOT_INVALID_SIGNATURE');
    expect((await both('{"credential":')).json.error?.code).toBe('MALFORMED_JSON');
    expect((await both('')).json.error?.code).toBe('MALFORMED_JSON');
    expect((await both('null')).json.error?.code).toBe('BALLOT_MALFORMED');
    expect((await both('{"credential":"\\u0000"}')).json.error?.code).toBe('INVALID_TEXT');
    expect((await both(JSON.stringify({ pad: 'x'.repeat(300 * 1024) }))).status).toBe(413);
    expect((await both(JSON.stringify(b), { eid: 'no-such-election' })).json.error?.code).toBe('ELECTION_NOT_FOUND');
    // A preferential board's id is refused by its routes' own guard: the short path leaves it to the full chain.
    const before = fastCastsAnswered();
    const pref = await app.request('/api/elections/pref-x/ballots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    expect(fastCastsAnswered()).toBe(before);
    expect(((await pref.json()) as { error: { code: string } }).error.code).toBe('ELECTION_WRONG_STAGE');
    const welsh = await both(JSON.stringify(forged), { lang: 'cy' });
    expect(welsh.json.error).toHaveProperty('localized');
  });
});
