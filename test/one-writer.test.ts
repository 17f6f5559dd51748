import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'confidence.js');

/**
 * One writer per data folder: with the server running on a folder, the CLI on the same folder goes through
 * the server's API as a logged-in user (or refuses with DATA_DIR_LOCKED), so nothing is written to a private
 * copy and lost, and the audit chain stays one chain.
 */
describe('the CLI and a running server on the same data folder', () => {
  let dir: string;
  let data: string;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess;
  let url: string;

  const confidence = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'confidence-one-writer-'));
    data = join(dir, 'data');
    env = { ...process.env, CONFIDENCE_DATA_DIR: data, DATABASE_URL: '', LOG_LEVEL: 'silent', CONFIDENCE_DEMO: 'on', XDG_CONFIG_HOME: join(dir, 'config'), PORT: '0', CONFIDENCE_SERVER: '' };
    server = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const m = /running on (http:\/\/[^\s]+)/.exec(seen);
        if (m) resolve(m[1]!);
      });
      server.on('exit', (code) => reject(new Error(`server exited ${code}: ${seen}`)));
    });
  }, 300_000);

  afterAll(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a command without an API refuses with DATA_DIR_LOCKED naming the server; read-only commands with one answer through it', async () => {
    const count = await confidence('roster', 'count', '--party', 'Con', '--on', '2022-06-06');
    expect(count).toMatchObject({ code: 0, stdout: '359\n' });
    const rulebook = await confidence('rulebook', 'show', 'conservative-1922', '--on', '2022-06-06');
    expect(rulebook.stdout).toMatch(/On 2022-06-06: denominator 359 .*threshold 54/);
    // The audit log goes through the server too, but only for the chair: not logged in, the CLI says how.
    const audit = await confidence('audit', 'verify');
    expect(audit.code).toBe(5);
    expect(audit.stderr).toMatch(/error UNAUTHENTICATED: a Confidence server is running at .*confidence login/);
    const r = await confidence('seal', 'verify');
    expect(r.code).toBe(10);
    expect(r.stderr).toMatch(new RegExp(`error DATA_DIR_LOCKED: the data folder .* is in use by process ${server.pid} \\(confidence serve, serving ${url}`));
  });

  it('a state-changing command goes through the server as the logged-in chair; the change is visible and audited', async () => {
    const anonymous = await confidence('letters', 'record', '--member', 'steve-baker');
    expect(anonymous.code).toBe(5);
    expect(anonymous.stderr).toMatch(/error UNAUTHENTICATED: a Confidence server is running at .*confidence login/);

    // The chair logs in (one-time code from the demo mailbox) and makes an API token for the CLI.
    const email = 'chair@demo.confidence';
    await fetch(`${url}/api/auth/request-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
    const mail = (await (await fetch(`${url}/api/dev/mailbox?to=${email}`)).json()) as { messages: { text: string }[] };
    const code = /(\d{6})/.exec(mail.messages[0]!.text)![1];
    const verified = await fetch(`${url}/api/auth/verify-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, code }) });
    const cookie = /confidence_session=[^;]*/.exec(verified.headers.get('set-cookie') ?? '')![0];
    const { csrfToken } = (await verified.json()) as { csrfToken: string };
    const made = await fetch(`${url}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ label: 'test' }) });
    expect(made.status).toBe(201);
    const { token } = (await made.json()) as { token: string };

    const login = await confidence('login', '--token', token);
    expect(login.stdout).toMatch(/logged in to .* as chair@demo\.confidence \(chair\)/);
    const credentials = join(dir, 'config', 'confidence', 'credentials.json');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);

    const recorded = await confidence('letters', 'record', '--member', 'steve-baker');
    expect(recorded.stderr).toBe('');
    expect(recorded).toMatchObject({ code: 0, stdout: expect.stringMatching(/recorded: letter from steve-baker.*via/) });
    const pub = (await (await fetch(`${url}/api/procedures/johnson-2022`)).json()) as { state: string };
    expect(pub.state).toBe('threshold_reached');
    const chair = await confidence('procedure', 'status', '--procedure', 'johnson-2022', '--chair');
    expect(chair.stdout).toMatch(/count 54 \(confidential\)/);
    expect(chair.stdout).toMatch(/Steve Baker/);
    const unknown = await confidence('letters', 'record', '--member', 'nobody-at-all');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/error MEMBER_NOT_FOUND/);
    // The chair checks the audit log while the server holds the folder: the server hands over the rows, the CLI
    // re-hashes every entry; the letter just recorded is in the chain.
    const audit = await confidence('audit', 'verify');
    expect(audit).toMatchObject({ code: 0, stdout: expect.stringMatching(/audit log intact: \d+ entries, head [0-9a-f]{64} \(read through http/) });
    expect((await fetch(`${url}/api/audit/entries`)).status).toBe(401);
  }, 240_000);

  it('roster import, seal publish and tracker ingest go through the server as the logged-in chair', async () => {
    const csv = join(dir, 'club.csv');
    writeFileSync(csv, 'member_id,display_name,joined,left,whip,group\na1,Ann One,2020-01-01,,yes,Board\na2,Bob Two,2020-01-01,,yes,Board\n');
    const roster = await confidence('roster', 'import', '--csv', csv, '--id', 'club', '--name', 'Club');
    expect(roster.stderr).toBe('');
    expect(roster).toMatchObject({ code: 0, stdout: expect.stringMatching(/imported 2 members and 0 changes into roster club \(via http/) });
    const count = (await (await fetch(`${url}/api/rosters/club/count?party=Board&on=2022-01-01`)).json()) as { count: number };
    expect(count.count).toBe(2);
    // A bad file is refused before anything is sent, with the CLI's own error.
    writeFileSync(csv, 'member_id,display_name,joined\na1,Ann One,2020-13-01\n');
    const bad = await confidence('roster', 'import', '--csv', csv, '--id', 'club2');
    expect(bad.code).toBe(2);

    const seal = await confidence('seal', 'publish', '--procedure', 'johnson-2022');
    expect(seal.stderr).toBe('');
    expect(seal).toMatchObject({ code: 0, stdout: expect.stringMatching(/^seal \d+ on 2022-06-0\d: threshold REACHED .* \(via http/) });
    const latest = await fetch(`${url}/api/procedures/johnson-2022/seals/latest`);
    expect(latest.status).toBe(200);

    const article = join(dir, '2022-06-04-news.txt');
    writeFileSync(article, 'Steve Baker said on Saturday that he had submitted a letter of no confidence in the Prime Minister.\n');
    const ingest = await confidence('tracker', 'ingest', article, '--outlet', 'Test News');
    expect(ingest.stderr).toBe('');
    expect(ingest).toMatchObject({ code: 0, stdout: expect.stringMatching(/2022-06-04-news\.txt: \d+ proposed[\s\S]*via http/) });
    const again = await confidence('tracker', 'ingest', article, '--outlet', 'Test News');
    expect(again.stdout).toMatch(/already ingested, nothing changed/);
  }, 240_000);

  it('after the server stops, the letter is still there, the audit log names the chair, and audit verify passes', async () => {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
    expect(existsSync(join(data, 'confidence.lock'))).toBe(false);
    const db = new PGlite(data);
    const rows = (
      await db.query<{ actor: string; email: string }>(
        `select a.actor, acc.email from audit_log a join accounts acc on a.actor = 'account:' || acc.id
         where a.action = 'letter_submitted' and a.payload like '%steve-baker%'`,
      )
    ).rows;
    expect(rows).toEqual([{ actor: expect.stringMatching(/^account:/), email: 'chair@demo.confidence' }]);
    // The roster import, the seal and the article ingested through the server name the chair too.
    const others = (
      await db.query<{ action: string; email: string }>(
        `select a.action, acc.email from audit_log a join accounts acc on a.actor = 'account:' || acc.id
         where a.action in ('roster_imported', 'seal_published', 'tracker_article_ingested') order by a.seq`,
      )
    ).rows;
    expect(others).toEqual([
      { action: 'roster_imported', email: 'chair@demo.confidence' },
      { action: 'seal_published', email: 'chair@demo.confidence' },
      { action: 'tracker_article_ingested', email: 'chair@demo.confidence' },
    ]);
    await db.close();
    const verify = await confidence('audit', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/audit log intact/);
  }, 120_000);

  it('a lock left by a process that died is stale and taken over', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(join(data, 'confidence.lock'), JSON.stringify({ pid: dead.pid, command: 'confidence serve', startedAt: new Date().toISOString(), url: 'http://127.0.0.1:1' }));
    const r = await confidence('roster', 'count', '--party', 'Con', '--on', '2022-06-06');
    expect(r).toMatchObject({ code: 0, stdout: '359\n' });
    expect(existsSync(join(data, 'confidence.lock'))).toBe(false);
  });
});
