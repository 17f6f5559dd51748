/**
 * JSON bodies under the Node server (`confidence serve`) are read straight from Node's request stream
 * (src/server/middleware/node-body.ts) instead of through a WHATWG Request; `app.request()` never takes that path, so
 * these requests go over real HTTP on loopback. The limit, the decoding and the checks after it must answer as before.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db';
import { MAX_BODY_BYTES, createApp } from '../src/server/app';
import { testContext } from './support/db';

let database: Database;
let server: ServerType;
let port: number;

beforeAll(async () => {
  database = await openDatabase({ driver: 'pglite', dataDir: null });
  const app = createApp(testContext(database), { serveWeb: false });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await database?.close();
});

/** POSTs `body` as JSON; with `chunked`, without a Content-Length (the server must count the bytes). */
function post(path: string, body: Buffer, chunked = false): Promise<{ status: number; json: { error?: { code: string; message: string } } }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (!chunked) headers['content-length'] = body.length;
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(parts).toString() || '{}') }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
    if (chunked) {
      for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.subarray(i, i + 16 * 1024));
      req.end();
    } else req.end(body);
  });
}

const CAST = '/api/elections/vote-nowhere/ballots';

describe('JSON bodies read from the Node stream', () => {
  it('refuses a body over the general limit, by its Content-Length or counted when chunked', async () => {
    const big = Buffer.from(JSON.stringify({ x: 'a'.repeat(MAX_BODY_BYTES) }));
    for (const chunked of [false, true]) {
      const r = await post(CAST, big, chunked);
      expect(r.status).toBe(413);
      expect(r.json.error?.code).toBe('BODY_TOO_LARGE');
    }
  });

  it('hands the same text to the checks after it: malformed JSON, a NUL byte, a BOM, and a body just under the limit', async () => {
    expect((await post(CAST, Buffer.from('{"credential":'))).json.error?.code).toBe('MALFORMED_JSON');
    expect((await post(CAST, Buffer.from('{"credential":"a\\u0000b"}'))).json.error?.code).toBe('INVALID_TEXT');
    // Past the body checks, the cast reaches the service, which knows no such election.
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"credential":"ab"}')]);
    expect((await post(CAST, bom)).json.error?.code).toBe('ELECTION_NOT_FOUND');
    const near = Buffer.from(JSON.stringify({ x: 'é'.repeat((MAX_BODY_BYTES - 16) / 2) }));
    expect(near.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    for (const chunked of [false, true]) expect((await post(CAST, near, chunked)).json.error?.code).toBe('ELECTION_NOT_FOUND');
  });
});
