/**
 * Where the server-only commands (trustee, credentials upload, vote, preferential, contest postal-batch) send their
 * requests when --server is not given: CONFIDENCE_SERVER, else the server holding this data folder's lock.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../db/lock';
import { AppError } from '../domain/errors';
import { serverBase } from './shared';

describe('serverBase', () => {
  let dir: string;
  const saved = { server: process.env.CONFIDENCE_SERVER, dataDir: process.env.CONFIDENCE_DATA_DIR, db: process.env.DATABASE_URL };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'server-base-'));
    delete process.env.CONFIDENCE_SERVER;
    delete process.env.DATABASE_URL;
    process.env.CONFIDENCE_DATA_DIR = dir;
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [k, v] of [['CONFIDENCE_SERVER', saved.server], ['CONFIDENCE_DATA_DIR', saved.dataDir], ['DATABASE_URL', saved.db]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('keeps --server as given, path prefix included, without trailing slashes', () => {
    expect(serverBase('https://vote.example/confidence//')).toBe('https://vote.example/confidence');
  });

  it('refuses a --server that is not an http(s) URL', () => {
    expect(() => serverBase('ftp://vote.example')).toThrow(/--server must be an http\(s\) URL/);
  });

  it('falls back to CONFIDENCE_SERVER, then to the server serving the data folder', () => {
    process.env.CONFIDENCE_SERVER = 'http://127.0.0.1:9/';
    expect(serverBase()).toBe('http://127.0.0.1:9');
    delete process.env.CONFIDENCE_SERVER;
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, command: 'confidence serve', startedAt: new Date().toISOString(), url: 'http://127.0.0.1:4321' }));
    expect(serverBase()).toBe('http://127.0.0.1:4321');
  });

  it('says what to do when no server is known (a stale lock does not count)', () => {
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 7, command: 'confidence serve', startedAt: '2026-01-01T00:00:00Z', url: 'http://127.0.0.1:4321' }));
    let error: unknown;
    try {
      serverBase();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).message).toMatch(/pass --server URL or set CONFIDENCE_SERVER/);
  });
});
