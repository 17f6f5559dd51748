/**
 * A voter's cast goes through the one middleware chain every API request takes (src/server/app.ts): request id,
 * security headers, session, body limit, input hygiene, read limit, CSRF, then the route's validators. Each case is
 * asked through `app.request()` and through a real Node HTTP server (the JSON body read from the Node stream,
 * ./middleware/node-body.ts, and the answer written by @hono/node-server), with and without an unrelated cookie:
 * all four answer alike, with the same status, error code and headers, and the chain's checks apply to casts
 * (a foreign Origin, a NUL in the path or the query, a body nested too deeply).
 */
import { serve, type ServerType } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db';
import { initCrypto } from '../src/crypto';
import { prepareBallot, type BallotBody } from '../src/ballot';
import { ERROR_CODES, type ErrorCode } from '../src/domain/errors';
import type { AppContext } from '../src/services/context';
import { createApp, SECURITY_HEADERS, WEB_DIST } from '../src/server/app';
import { TEST_DRIVERS, testContext } from './support/db';
import { openedElection, scheduledProcedure, type Ceremony } from './support/elections';

/** What the connection adds, not the app. */
const TRANSPORT_HEADERS = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
const API_HEADERS: Record<string, string> = { 'cache-control': 'no-store', 'content-type': 'application/json' };
for (const [k, v] of Object.entries(SECURITY_HEADERS)) API_HEADERS[k.toLowerCase()] = v;

describe.each(TEST_DRIVERS)('a cast through the one middleware chain on $name', (driver) => {
  let database: Database;
  let ctx: AppContext;
  let c: Ceremony;
  let app: ReturnType<typeof createApp>;
  let server: ServerType;
  let base: string;

  beforeAll(async () => {
    await initCrypto();
    database = await driver.open();
    ctx = testContext(database, () => new Date('2026-11-23T18:30:00Z'));
    await scheduledProcedure(ctx, 'cast-chain', 10);
    c = await openedElection(ctx, 'cast-chain', { threshold: 2, trustees: 3 });
    app = createApp(ctx, { serveWeb: false });
    server = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await database?.close();
  });

  type Answer = { status: number; headers: Record<string, string>; json: Record<string, unknown> & { error?: { code: string; localized?: unknown } } };
  type Opts = { path?: string; lang?: string; origin?: string; cookie?: boolean };
  async function ask(node: boolean, body: string, opts: Opts = {}): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.cookie) headers.cookie = 'unrelated=1';
    if (opts.lang) headers['accept-language'] = opts.lang;
    if (opts.origin) headers.origin = opts.origin;
    const path = opts.path ?? `/api/elections/${c.electionId}/ballots`;
    const res = node ? await fetch(`${base}${path}`, { method: 'POST', headers, body }) : await app.request(path, { method: 'POST', headers, body });
    const h = Object.fromEntries([...res.headers].filter(([k]) => !TRANSPORT_HEADERS.has(k)));
    return { status: res.status, headers: h, json: (await res.json()) as Answer['json'] };
  }
  /** Asks in-process and over HTTP, with and without a cookie; every answer must be the same. Returns one. */
  async function all(body: string, opts: Opts = {}): Promise<Answer> {
    const answers: Answer[] = [];
    for (const node of [false, true]) for (const cookie of [false, true]) answers.push(await ask(node, body, { ...opts, cookie }));
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
    return answers[0]!;
  }
  const refused = async (code: ErrorCode, body: string, opts: Opts = {}) => {
    const a = await all(body, opts);
    expect(a.json.error?.code).toBe(code);
    expect(a.status).toBe(ERROR_CODES[code].status);
    expect(a.headers).toEqual(API_HEADERS);
    return a;
  };

  it('answers good and bad casts alike in-process and over HTTP, with or without a cookie, each with the security headers', async () => {
    const params = { electionHash: c.electionHash, publicKey: c.publicKey };
    const ballots = [0, 1, 2, 3].map((i) => prepareBallot(params, c.credentials[i]!.secret, 1).body);
    const receipts: Answer[] = [];
    for (const [i, b] of ballots.entries()) receipts.push(await ask(i >= 2, JSON.stringify(b), { cookie: i % 2 === 1 }));
    for (const [i, r] of receipts.entries()) {
      expect(r.status).toBe(200);
      expect(r.headers).toEqual(API_HEADERS);
      expect(Object.keys(r.json).sort()).toEqual(['head', 'receipt', 'seq', 'shortTracker', 'tracker']);
      if (i > 0) expect((r.json as { seq: number }).seq).toBe((receipts[i - 1]!.json as { seq: number }).seq + 1);
    }

    const a = ballots[0]!;
    await refused('BALLOT_REPLAYED', JSON.stringify(a));
    const forged: BallotBody = { ...prepareBallot(params, c.credentials[4]!.secret, 0).body, signature: a.signature };
    await refused('BALLOT_INVALID_SIGNATURE', JSON.stringify(forged));
    await refused('MALFORMED_JSON', '{"credential":');
    await refused('MALFORMED_JSON', '');
    await refused('BALLOT_MALFORMED', 'null');
    await refused('INVALID_TEXT', '{"credential":"\\u0000"}');
    await refused('INVALID_TEXT', '{"credential":"\\ud800"}');
    await refused('VALIDATION_FAILED', `${'['.repeat(70)}${']'.repeat(70)}`);
    await refused('BODY_TOO_LARGE', JSON.stringify({ pad: 'x'.repeat(300 * 1024) }));
    await refused('ELECTION_NOT_FOUND', JSON.stringify(a), { path: '/api/elections/no-such-election/ballots' });
    // A preferential board's id is refused by its routes' own guard.
    await refused('ELECTION_WRONG_STAGE', JSON.stringify(a), { path: '/api/elections/pref-x/ballots' });
    // The election id's pattern (the route's param validator).
    await refused('VALIDATION_FAILED', JSON.stringify(a), { path: '/api/elections/Not_An_Id/ballots' });
    // Input hygiene sees the path and the query of a cast; CSRF sees its Origin.
    await refused('INVALID_TEXT', JSON.stringify(a), { path: `/api/elections/${c.electionId}%00/ballots` });
    await refused('INVALID_TEXT', JSON.stringify(a), { path: `/api/elections/${c.electionId}/ballots?x=%00` });
    await refused('CSRF_FAILED', JSON.stringify(a), { origin: 'https://elsewhere.example' });
    const welsh = await refused('BALLOT_INVALID_SIGNATURE', JSON.stringify(forged), { lang: 'cy' });
    expect(welsh.json.error).toHaveProperty('localized');
  });

  it('sets the same security headers on the web app and its assets, which are not marked no-store', async () => {
    const web = createApp(ctx);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(`${WEB_DIST}index.html`, 'utf8'))?.[1];
    expect(asset).toBeTruthy();
    for (const [path, type] of [['/', /text\/html/], ['/a/page/the/client/routes', /text\/html/], [asset!, /javascript/]] as const) {
      const res = await web.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(type);
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(k)).toBe(v);
      expect(res.headers.get('cache-control')).not.toBe('no-store');
    }
  });
});
