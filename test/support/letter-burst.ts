import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db';
import { sessions } from '../../src/db/schema';
import { whipHolders } from '../../src/domain/roster/membership';
import { createAccounts } from '../../src/services/auth';
import { SYSTEM_ACTOR } from '../../src/services/context';
import { openProcedure } from '../../src/services/procedures';
import { COMMONS_2019_ROSTER_ID, importCommons2019, loadRoster } from '../../src/services/roster';
import { testContext, throwawayPostgres } from './db';

/**
 * A procedure and MPs logged in to it, in a database a real `confidence serve` process is then started on:
 * the set-up of the crash and multi-process tests (concurrent letter writes over HTTP).
 */
export const BURST_DAY = '2022-06-05';
export const BURST_PROCEDURE = 'burst-2022';
export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'confidence.js');

export interface BurstTarget {
  driver: 'pglite' | 'postgres';
  /** The server's environment for this database. */
  env: Record<string, string>;
  /** Opens the database directly (the server must not be running on a PGlite folder). */
  open(): Promise<Database>;
  mps: { memberId: string; cookie: string; csrf: string }[];
  cleanup(): Promise<void>;
}

export async function seedBurst(driver: 'pglite' | 'postgres', mpCount: number): Promise<BurstTarget> {
  let target: { url: string } | { dir: string };
  let cleanup: () => Promise<void>;
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (driver === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'confidence-burst-'));
    target = { dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const fresh = await throwawayPostgres(adminUrl!, 'confidence_burst');
    target = { url: fresh.url };
    cleanup = fresh.drop;
  }
  const open = () => ('dir' in target ? openDatabase({ driver: 'pglite', dataDir: target.dir }) : openDatabase({ driver: 'postgres', url: target.url }));
  const database = await open();
  const ctx = testContext(database);
  await importCommons2019(ctx, SYSTEM_ACTOR);
  const roster = await loadRoster(ctx.db, COMMONS_2019_ROSTER_ID);
  const ids = whipHolders(roster, 'Con', BURST_DAY)
    .map((m) => m.memberId)
    .filter((id) => id !== 'boris-johnson')
    .slice(0, mpCount);
  const accounts = await createAccounts(
    ctx,
    ids.map((memberId) => ({ email: `${memberId}@burst.invalid`, displayName: memberId, role: 'member' as const, rosterId: COMMONS_2019_ROSTER_ID, memberId })),
  );
  await openProcedure(ctx, SYSTEM_ACTOR, { id: BURST_PROCEDURE, rosterId: COMMONS_2019_ROSTER_ID, title: 'Burst', leaderName: 'Boris Johnson', rulebookId: 'conservative-1922', fixedDate: BURST_DAY, openedOn: '2022-01-12' });
  // Sessions straight into the table: the login flow (and its rate limits) is not what these tests are about.
  const now = new Date();
  const mps = accounts.map((a, i) => ({ memberId: ids[i]!, sid: randomBytes(32).toString('base64url'), csrf: randomBytes(24).toString('base64url'), accountId: a.id }));
  await ctx.db.insert(sessions).values(
    mps.map((m) => ({ idHash: createHash('sha256').update(m.sid).digest('hex'), accountId: m.accountId, csrfToken: m.csrf, createdAt: now, expiresAt: new Date(now.getTime() + 3600_000) })),
  );
  await database.close();
  const env: Record<string, string> = 'dir' in target ? { CONFIDENCE_DATA_DIR: target.dir, DATABASE_URL: '' } : { DATABASE_URL: target.url };
  return { driver, env, open, mps: mps.map((m) => ({ memberId: m.memberId, cookie: `confidence_session=${m.sid}`, csrf: m.csrf })), cleanup };
}

/** Starts `confidence serve` on the target and resolves with its URL once it listens. */
export async function startServer(target: BurstTarget, extraEnv: Record<string, string> = {}): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, ...target.env, PORT: '0', HOST: '127.0.0.1', CONFIDENCE_DEMO: 'on', LOG_LEVEL: 'silent', CONFIDENCE_READS_PER_MINUTE: '0', CONFIDENCE_SERVER: '', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /running on (http:\/\/[^\s]+)/.exec(seen);
      if (m) resolve(m[1]!);
    });
    proc.stderr!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
  });
  return { url, proc };
}

export async function stopServer(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** One MP's letter, submitted or withdrawn over HTTP; resolves with the HTTP status (0 when no answer came). */
export async function toggleLetter(url: string, mp: BurstTarget['mps'][number], submit: boolean): Promise<number> {
  try {
    const res = await fetch(`${url}/api/procedures/${BURST_PROCEDURE}/letters/mine`, {
      method: submit ? 'PUT' : 'DELETE',
      headers: { cookie: mp.cookie, 'x-csrf-token': mp.csrf, 'content-type': 'application/json' },
      body: submit ? '{}' : undefined,
      signal: AbortSignal.timeout(20_000),
    });
    await res.text();
    return res.status;
  } catch {
    return 0;
  }
}
