import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../src/db/lock';
import { printedCredential } from '../src/contest/print';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'confidence.js');

async function confidenceIn(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A minimal SMTP server on loopback that accepts every mail and keeps its text. */
function fakeSmtp(): Promise<{ server: Server; port: number; mails: string[] }> {
  const mails: string[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    let data: string[] | null = null;
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (data) {
          if (line === '.') {
            mails.push(data.join('\n'));
            data = null;
            socket.write('250 queued\r\n');
          } else data.push(line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-fake\r\n250 OK\r\n');
        else if (verb === 'DATA') (data = []), socket.write('354 go on\r\n');
        else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, mails })));
}

/**
 * `contest mail-credentials` while a server holds the PGlite data folder: with SMTP_URL it opens no database and
 * sends through the credential authority's mail server; without it (the demo's dev mailbox is in the database) it
 * refuses, before writing anything, and says what to do. The holder here is a live process named in the lock file
 * with a URL, exactly as `confidence serve` leaves it.
 */
describe('contest mail-credentials beside a server that holds the data folder', () => {
  let dir: string;
  let data: string;
  let holder: ChildProcess;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'confidence-mail-beside-'));
    data = join(dir, 'data');
    mkdirSync(data);
    holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
    writeFileSync(join(data, LOCK_FILE), JSON.stringify({ pid: holder.pid, command: 'confidence serve', startedAt: new Date().toISOString(), url: 'http://127.0.0.1:9' }));
    writeFileSync(join(dir, 'mps.csv'), 'member_id,email\nboris-johnson,boris.johnson.mp@parliament.example\njeremy-hunt,jeremy.hunt.mp@parliament.example\n');
    const made = await confidenceIn({}, 'contest', 'mp-credentials', '--mps', join(dir, 'mps.csv'), '--out', join(dir, 'mps'));
    expect(made.code, made.stderr).toBe(0);
    smtp = await fakeSmtp();
  }, 120_000);
  afterAll(() => {
    holder?.kill('SIGKILL');
    smtp?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const args = () => ['contest', 'mail-credentials', '--secrets', join(dir, 'mps', 'credentials-secret.jsonl'), '--addresses', join(dir, 'mps.csv'), '--title', 'Round 1', '--rate', '50', '--bounces', join(dir, 'bounces.csv')];

  it('without SMTP_URL: refuses with DATA_DIR_LOCKED naming the server, SMTP_URL and stopping the server, and writes nothing', async () => {
    const r = await confidenceIn({ CONFIDENCE_DATA_DIR: data, SMTP_URL: '', DATABASE_URL: '' }, ...args());
    expect(r.code).toBe(10);
    expect(r.stderr).toMatch(/DATA_DIR_LOCKED/);
    expect(r.stderr).toMatch(/serving http:\/\/127\.0\.0\.1:9/);
    expect(r.stderr).toMatch(/set SMTP_URL/);
    expect(r.stderr).toMatch(/stop the server, run this command, and start the server again/);
    expect(existsSync(join(dir, 'mps', 'credentials-secret.jsonl.mail-journal.jsonl'))).toBe(false);
    expect(readdirSync(data)).toEqual([LOCK_FILE]);
  }, 120_000);

  it('with SMTP_URL: mails every credential through that server, opening no database', async () => {
    const r = await confidenceIn({ CONFIDENCE_DATA_DIR: data, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'authority@example.org', DATABASE_URL: '' }, ...args());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mails: 2 sent, 0 bounced, 0 without an address/);
    expect(smtp.mails).toHaveLength(2);
    const secrets = readFileSync(join(dir, 'mps', 'credentials-secret.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { member: string; credential: string });
    // Each MP's mail carries their credential as printed (a nodemailer body may be quoted-printable: undo soft breaks).
    const bodies = smtp.mails.map((m) => m.replace(/=\n/g, ''));
    for (const s of secrets) expect(bodies.some((m) => m.includes(`member ${s.member}`) && m.includes(printedCredential(s.credential)))).toBe(true);
    expect(readdirSync(data)).toEqual([LOCK_FILE]); // the data folder was not opened
  }, 120_000);
});
