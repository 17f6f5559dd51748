import { errorLanguageFrom, errorMessageFor } from '../domain/error-messages';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config/env';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { readLock } from '../db/lock';
import { AppError, ERROR_CODES, type ErrorCode } from '../domain/errors';
import { assertCleanText } from '../domain/text';
import type { Runtime } from '../runtime';
import { createLogger } from '../services/logger';

/** CLI output: results to stdout, everything else (progress, notices) to stderr. */
export const out = (line = '') => process.stdout.write(`${line}\n`);
export const note = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// A running server owns its data folder (src/db/lock.ts). Commands then go through its HTTP API, as a
// real user whose API token `confidence login` stored, so the audit log names who did what.

/** The server to talk to: --server, else CONFIDENCE_SERVER, else the one holding the default data folder. */
export function resolveServer(flag?: string): string | null {
  const explicit = flag ?? process.env.CONFIDENCE_SERVER;
  if (explicit) return normaliseServerUrl(explicit);
  const config = loadConfig();
  if (config.database.driver !== 'pglite' || !config.database.dataDir) return null; // PostgreSQL: concurrent writers are fine
  const holder = readLock(config.database.dataDir);
  return holder?.url ? normaliseServerUrl(holder.url) : null;
}

/**
 * The base URL for commands that only talk to a server's API (trustee, credentials upload, vote, preferential,
 * postal batches): --server as given (a path prefix is kept), else CONFIDENCE_SERVER, else the server holding the
 * default data folder; a clear error when none is known.
 */
export function serverBase(flag?: string): string {
  const given = flag ?? process.env.CONFIDENCE_SERVER;
  if (given) {
    normaliseServerUrl(given); // same validation as everywhere: an http(s) URL
    return given.replace(/\/+$/, '');
  }
  const running = resolveServer();
  if (running) return running;
  throw new AppError('VALIDATION_FAILED', 'this command talks to a Confidence server: pass --server URL or set CONFIDENCE_SERVER (no server is running on this data folder)');
}

/** The --server option of the server-only commands. */
export const SERVER_ONLY_OPTION = ['--server <url>', 'the Confidence server (default: CONFIDENCE_SERVER, else the one serving this data folder)'] as const;

export function normaliseServerUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    return u.origin;
  } catch {
    throw new AppError('VALIDATION_FAILED', `--server must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
}

/** ~/.config/confidence/credentials.json (XDG_CONFIG_HOME respected), readable by the user only. */
export function credentialsFile(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'confidence', 'credentials.json');
}

type Credentials = Record<string, { token: string; email: string | null; savedAt: string }>;

function readCredentials(): Credentials {
  try {
    return JSON.parse(readFileSync(credentialsFile(), 'utf8')) as Credentials;
  } catch {
    return {};
  }
}

export function saveCredentials(server: string, token: string | null, email: string | null): string {
  const file = credentialsFile();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const all = readCredentials();
  if (token) all[server] = { token, email, savedAt: new Date().toISOString() };
  else delete all[server];
  writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600); // also when the file existed with wider permissions
  return file;
}

export function tokenFor(server: string): string | null {
  return readCredentials()[server]?.token ?? null;
}

/** One API call as the logged-in user; errors keep the server's code (and so the exit status). */
export async function apiCall<T>(server: string, method: string, path: string, body?: unknown, options: { auth?: 'required' | 'optional' } = {}): Promise<T> {
  const token = tokenFor(server);
  if (!token && options.auth !== 'optional') {
    throw new AppError('UNAUTHENTICATED', `a Confidence server is running at ${server}: this command goes through it as a logged-in user. Run \`confidence login --server ${server}\` first.`);
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${server}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new AppError('SERVER_UNREACHABLE', `cannot reach ${server}: ${(e as Error).message}`);
  }
  const value = (await res.json().catch(() => null)) as (T & { error?: { code: string; message: string } }) | null;
  if (!res.ok) {
    const code = value?.error?.code;
    throw new AppError(code && code in ERROR_CODES ? (code as ErrorCode) : 'INTERNAL', value?.error?.message ?? `${method} ${path}: HTTP ${res.status}`);
  }
  return value as T;
}

/** Opens the same runtime the server uses (same database, same services), runs `fn`, closes. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // Loaded on first use: the runtime pulls in the database drivers and every service, which commands that never
  // open one (`verify` above all) should not hold in memory.
  const { startRuntime } = await import('../runtime');
  const rt = await startRuntime(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn', undefined), print: note });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

export function progressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let lastPct = -1;
    return {
      update(done, total) {
        const pct = total ? Math.floor((done * 100) / total / 10) * 10 : 100;
        if (pct !== lastPct) note(`${label}: ${done}/${total}`);
        lastPct = pct;
      },
      stop() {},
    };
  }
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total}`, stream: process.stderr }, Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Every argument is text the services may store or hash: NUL and lone surrogates stop here (exit 2). */
export function assertCleanArgv(argv: readonly string[]): void {
  argv.forEach((arg, i) => assertCleanText(arg, `argument ${i + 1}`));
}

/** Prints any failure as `error CODE: message`; returns the error registry's exit code for it. */
export function reportError(e: unknown): number {
  if (e instanceof AppError) {
    note(`error ${e.code}: ${e.message}`);
    // Welsh or French speakers (LANG=cy_GB.UTF-8, fr_CA.UTF-8) also get the code's meaning in their language.
    const language = errorLanguageFrom(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG);
    if (language !== 'en') note(`  ${errorMessageFor(e.code, language)}`);
    return e.exitCode;
  }
  note(`error INTERNAL: ${e instanceof Error ? e.message : String(e)}`);
  return 1;
}

export function requireIsoDate(value: string, flag: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new AppError('VALIDATION_FAILED', `${flag} must be a date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A whole-number option: digits only, a safe integer, at least `min`; VALIDATION_FAILED naming the flag otherwise. */
export function int(value: string, flag: string, min = 0): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new AppError('VALIDATION_FAILED', `${flag} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
}
