import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWithdrawalSignature } from '../src/contest/withdrawal';

import { BIN, confidenceInProcess, confidenceProcess } from './support/cli';

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

  // The CLI runs in this process (the same program as bin/confidence.js, test/support/cli.ts): the server is another
  // process either way. The binary itself runs where the process matters: the first command, a second `serve`.
  const confidence = (...args: string[]) => confidenceWith(env, ...args);
  const confidenceWith = (env: NodeJS.ProcessEnv, ...args: string[]) => confidenceInProcess(env, ...args);

  /** Logs in with a one-time code from the demo mailbox and makes an API token for the CLI. */
  const apiToken = async (email: string) => {
    await fetch(`${url}/api/auth/request-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
    const mail = (await (await fetch(`${url}/api/dev/mailbox?to=${email}`)).json()) as { messages: { text: string }[] };
    const code = /(\d{6})/.exec(mail.messages.at(-1)!.text)![1];
    const verified = await fetch(`${url}/api/auth/verify-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, code }) });
    const cookie = /confidence_session=[^;]*/.exec(verified.headers.get('set-cookie') ?? '')![0];
    const { csrfToken } = (await verified.json()) as { csrfToken: string };
    const made = await fetch(`${url}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ label: 'test' }) });
    expect(made.status).toBe(201);
    return ((await made.json()) as { token: string }).token;
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

  it('read-only commands answer through the server: roster count, rulebook show, seal verify, contest status; audit verify asks for a login', async () => {
    // The real binary (its own process) finds the server holding the folder too.
    const count = await confidenceProcess(env, 'roster', 'count', '--party', 'Con', '--on', '2022-06-06');
    expect(count).toMatchObject({ code: 0, stdout: '359\n' });
    expect(await confidence('roster', 'count', '--party', 'Con', '--on', '2022-06-06')).toMatchObject({ code: 0, stdout: '359\n' });
    const rulebook = await confidence('rulebook', 'show', 'conservative-1922', '--on', '2022-06-06');
    expect(rulebook.stdout).toMatch(/On 2022-06-06: denominator 359 .*threshold 54/);
    // The audit log goes through the server too, but only for the chair: not logged in, the CLI says how.
    const audit = await confidence('audit', 'verify');
    expect(audit.code).toBe(5);
    expect(audit.stderr).toMatch(/error UNAUTHENTICATED: a Confidence server is running at .*confidence login/);
    // Seals and contests are public: read through the server anonymously, not from the locked folder.
    const r = await confidence('seal', 'verify');
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/procedure johnson-2022 has no sealed count yet/) });
    const noProcedure = await confidence('seal', 'verify', '--procedure', 'no-such-procedure');
    expect(noProcedure.code).toBe(3);
    expect(noProcedure.stderr).toMatch(/error PROCEDURE_NOT_FOUND/);
    const noContest = await confidence('contest', 'status', 'no-such-contest');
    expect(noContest.code).toBe(3);
    expect(noContest.stderr).toMatch(/error CONTEST_NOT_FOUND/);
  }, 300_000);

  it('a state-changing command goes through the server as the logged-in chair; the change is visible and audited', async () => {
    const anonymous = await confidence('letters', 'record', '--member', 'steve-baker');
    expect(anonymous.code).toBe(5);
    expect(anonymous.stderr).toMatch(/error UNAUTHENTICATED: a Confidence server is running at .*confidence login/);

    // The chair logs in (one-time code from the demo mailbox) and makes an API token for the CLI.
    const token = await apiToken('chair@demo.confidence');

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

  it('letters withdraw goes through the server as the chair; a withdrawal with nothing on file keeps its code', async () => {
    const withdrawn = await confidence('letters', 'withdraw', '--member', 'steve-baker');
    expect(withdrawn.stderr).toBe('');
    expect(withdrawn).toMatchObject({ code: 0, stdout: expect.stringMatching(/recorded: steve-baker withdrew their letter \(via http/) });
    expect(((await (await fetch(`${url}/api/procedures/johnson-2022`)).json()) as { state: string }).state).toBe('collecting');
    const again = await confidence('letters', 'withdraw', '--member', 'steve-baker');
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/error LETTER_NOT_FOUND/);
    // The letter back on file, for the seal and the checks after the server stops.
    expect((await confidence('letters', 'record', '--member', 'steve-baker')).code).toBe(0);
    expect(((await (await fetch(`${url}/api/procedures/johnson-2022`)).json()) as { state: string }).state).toBe('threshold_reached');
  }, 120_000);

  it('a second server on the same folder refuses with DATA_DIR_LOCKED naming the first, which keeps serving', async () => {
    const second = await confidenceProcess(env, 'serve');
    expect(second.code).toBe(10);
    expect(second.stderr).toMatch(new RegExp(`error DATA_DIR_LOCKED: the data folder .* is in use by process ${server.pid} \\(confidence serve, serving ${url.replace(/[.]/g, '\\.')}`));
    expect(second.stderr).toMatch(/The CLI's commands go through that server's API instead/);
    expect((await fetch(`${url}/api/procedures/johnson-2022`)).status).toBe(200);
  }, 120_000);

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
    // An article far over the general 256 KB request limit goes through too (the article route's own limit).
    const big = join(dir, '2022-06-04-long-read.txt');
    writeFileSync(big, `Steve Baker said on Saturday that he had submitted a letter of no confidence in the Prime Minister.\n\n${'Background paragraph of a long read, unrelated to any letter. '.repeat(10_000)}`);
    expect(statSync(big).size).toBeGreaterThan(600_000);
    const long = await confidence('tracker', 'ingest', big, '--outlet', 'Long Reads');
    expect(long.stderr).toBe('');
    // (Its one declaration is the one already on file from the first article: it is added there as a source.)
    expect(long).toMatchObject({ code: 0, stdout: expect.stringMatching(/2022-06-04-long-read\.txt: 0 proposed, \d+ possible, 1 added as sources[\s\S]*via http/) });
  }, 300_000);


  it('seal verify reads the seals and their inputs through the server and checks them here; a forged seal file fails', async () => {
    const chain = await confidence('seal', 'verify', '--procedure', 'johnson-2022');
    expect(chain.stderr).toBe('');
    expect(chain).toMatchObject({ code: 0, stdout: expect.stringMatching(/seal 1 on 2022-06-0\d \(reached\): valid[\s\S]*read through http/) });
    expect(chain.stdout).not.toMatch(/FAIL/);
    const latest = await (await fetch(`${url}/api/procedures/johnson-2022/seals/latest`)).json();
    const file = join(dir, 'seal.json');
    writeFileSync(file, JSON.stringify(latest));
    const one = await confidence('seal', 'verify', file);
    expect(one).toMatchObject({ code: 0, stdout: expect.stringMatching(/seal 1 \(reached\): valid/) });
    // The same seal claiming a smaller electorate: the denominator computed from the server's roster disagrees.
    writeFileSync(file, JSON.stringify({ ...latest, denominator: latest.denominator - 1 }));
    const forged = await confidence('seal', 'verify', file);
    expect(forged.code).toBe(2);
    expect(forged.stdout).toMatch(/FAIL/);
    expect(forged.stdout).toMatch(/INVALID/);
  }, 120_000);

  it('member-key register goes through the server as the member who owns the key, and no one else', async () => {
    const key = join(dir, 'peter-aldous.key.json');
    const gen = await confidence('member-key', 'generate', '--roster', 'uk-commons-2019', '--member', 'peter-aldous', '--out', key);
    expect(gen.code, gen.stderr).toBe(0);
    // Logged in as the chair: the key is not theirs to register.
    const asChair = await confidence('member-key', 'register', key);
    expect(asChair.code).toBe(5);
    expect(asChair.stderr).toMatch(/error FORBIDDEN: .*a key is registered by the member who owns it, logged in as themselves .*this key is for peter-aldous/);
    // The member logs in with their own token (their own config folder) and registers it.
    const memberEnv = { ...env, XDG_CONFIG_HOME: join(dir, 'member-config') };
    const asMember = (...args: string[]) => confidenceWith(memberEnv, ...args);
    expect((await asMember('login', '--token', await apiToken('peter-aldous@members.demo'))).code).toBe(0);
    const reg = await asMember('member-key', 'register', key);
    expect(reg.stderr).toBe('');
    expect(reg).toMatchObject({ code: 0, stdout: expect.stringMatching(/registered key [0-9a-f]{16}… for peter-aldous \(registry entry \d+, via http/) });
    const registry = (await (await fetch(`${url}/api/rosters/uk-commons-2019/member-keys`)).json()) as { registrations: { memberId: string }[] };
    expect(registry.registrations.map((r) => r.memberId)).toContain('peter-aldous');
    // Someone else's key file: refused before anything is sent, naming both.
    const other = join(dir, 'anna-firth.key.json');
    await confidence('member-key', 'generate', '--roster', 'uk-commons-2019', '--member', 'anna-firth', '--out', other);
    const notMine = await asMember('member-key', 'register', other);
    expect(notMine.code).toBe(5);
    expect(notMine.stderr).toMatch(/error FORBIDDEN: you are logged in .* as member peter-aldous .*this key is for anna-firth/);
  }, 120_000);

  it('the contest commands go through the server as the logged-in chair; its refusals keep their codes', async () => {
    const open = await confidence('contest', 'open', '--id', 'cli-2030', '--rulebook', 'conservative-2019', '--reason', 'resignation', '--close', '2030-01-01T12:00:00Z');
    expect(open.stderr).toBe('');
    expect(open).toMatchObject({ code: 0, stdout: expect.stringMatching(/^contest cli-2030: nominations/) });
    const nominated = await confidence('contest', 'nominate', '--contest', 'cli-2030', '--candidate', 'kemi-badenoch', '--nominator', 'steve-baker', '--role', 'proposer');
    expect(nominated).toMatchObject({ code: 0, stdout: expect.stringMatching(/steve-baker nominates kemi-badenoch \(proposer\) \(via http/) });
    const twice = await confidence('contest', 'nominate', '--contest', 'cli-2030', '--candidate', 'elizabeth-truss', '--nominator', 'steve-baker');
    expect(twice.stderr).toMatch(/error NOMINATION_DUPLICATE/);
    const early = await confidence('contest', 'close', 'cli-2030');
    expect(early.stderr).toMatch(/error CONTEST_WRONG_PHASE: nominations close at 2030-01-01T12:00:00Z, not before/);
    const status = await confidence('contest', 'status', 'cli-2030');
    expect(status).toMatchObject({ code: 0, stdout: expect.stringMatching(/nominations \(\d+ needed\): Kemi Badenoch 1/) });
    const api = (await (await fetch(`${url}/api/contests/cli-2030`)).json()) as { candidates: { id: string; nominations: number }[] };
    expect(api.candidates).toEqual([expect.objectContaining({ id: 'kemi-badenoch', nominations: 1 })]);
    // The members' roll: validated here and on the server, recorded as the chair; the API shows the electorate.
    const roll = join(dir, 'roll.csv');
    writeFileSync(roll, 'member_id,joined,left,email\nm1,2020-01-01,,m1@example.org\nm2,2021-06-01,,m2@example.org\nm3,2029-11-01,,m3@example.org\n');
    const recorded = await confidence('contest', 'roll-record', 'cli-2030', '--csv', roll, '--freeze', '2029-12-01');
    expect(recorded.stderr).toBe('');
    expect(recorded).toMatchObject({ code: 0, stdout: expect.stringMatching(/roll recorded: 2 of 3 members eligible at 2029-12-01 .*\(via http/) });
    const members = (await (await fetch(`${url}/api/contests/cli-2030`)).json()) as { members: { roll: { eligible: number; members: number } | null } };
    expect(members.members.roll).toMatchObject({ eligible: 2, members: 3 });
    // The chair's other steps reach the server and come back with the engine's refusals and exit codes.
    const withdraw = await confidence('contest', 'withdraw', 'cli-2030', 'nobody-standing');
    expect(withdraw.code).toBe(3);
    // A candidate's withdrawal is signed with their member key (--key): another member's key is refused before
    // anything is sent; the candidate's own, not yet registered, is refused by the server (it cannot be theirs).
    const kemiKey = join(dir, 'kemi-badenoch.key.json');
    await confidence('member-key', 'generate', '--roster', 'uk-commons-2019', '--member', 'kemi-badenoch', '--out', kemiKey);
    const wrongKey = await confidence('contest', 'withdraw', 'cli-2030', 'kemi-badenoch', '--key', join(dir, 'anna-firth.key.json'));
    expect(wrongKey).toMatchObject({ code: 2, stderr: expect.stringMatching(/error VALIDATION_FAILED: --key is anna-firth's member key: only kemi-badenoch can sign kemi-badenoch's withdrawal/) });
    const unregistered = await confidence('contest', 'withdraw', 'cli-2030', 'kemi-badenoch', '--key', kemiKey);
    expect(unregistered.stderr).toMatch(/signed kemi-badenoch's withdrawal \(nominations\) with the key [0-9a-f]{16}…/);
    expect(unregistered).toMatchObject({ code: 2, stderr: expect.stringMatching(/error WITHDRAWAL_SIGNATURE_INVALID: kemi-badenoch has registered no member key/) });
    // --sign-only prints the signed withdrawal for the chair to post (over the stage the server's view names) and sends nothing.
    const signedOnly = await confidence('contest', 'withdraw', 'cli-2030', 'kemi-badenoch', '--key', kemiKey, '--sign-only');
    expect(signedOnly.code, signedOnly.stderr).toBe(0);
    expect(checkWithdrawalSignature(JSON.parse(signedOnly.stdout), 'cli-2030', 'kemi-badenoch', 'nominations').publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(((await (await fetch(`${url}/api/contests/cli-2030`)).json()) as { candidates: { id: string; status: string }[] }).candidates).toEqual([expect.objectContaining({ id: 'kemi-badenoch', status: 'standing' })]);
    const schedule = await confidence('contest', 'schedule', 'cli-2030', '--opens', '2030-02-01T10:00:00Z');
    expect(schedule).toMatchObject({ code: 4, stderr: expect.stringMatching(/error CONTEST_WRONG_PHASE: cannot schedule an MP round/) });
    const declare = await confidence('contest', 'declare', 'cli-2030', '--counts', 'kemi-badenoch=1');
    expect(declare).toMatchObject({ code: 4, stderr: expect.stringMatching(/error CONTEST_WRONG_PHASE/) });
  }, 300_000);

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
    expect(rows).toEqual([
      { actor: expect.stringMatching(/^account:/), email: 'chair@demo.confidence' },
      { actor: expect.stringMatching(/^account:/), email: 'chair@demo.confidence' },
    ]);
    const withdrawals = (
      await db.query<{ email: string }>(
        `select acc.email from audit_log a join accounts acc on a.actor = 'account:' || acc.id
         where a.action = 'letter_withdrawn' and a.payload like '%steve-baker%'`,
      )
    ).rows;
    expect(withdrawals).toEqual([{ email: 'chair@demo.confidence' }]);
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
      { action: 'tracker_article_ingested', email: 'chair@demo.confidence' },
    ]);
    const contestAndKeys = (
      await db.query<{ action: string; email: string }>(
        `select a.action, acc.email from audit_log a join accounts acc on a.actor = 'account:' || acc.id
         where a.action in ('contest_open', 'contest_nominate', 'contest_import_roll', 'member_key_registered') order by a.seq`,
      )
    ).rows;
    expect(contestAndKeys).toEqual([
      { action: 'member_key_registered', email: 'peter-aldous@members.demo' },
      { action: 'contest_open', email: 'chair@demo.confidence' },
      { action: 'contest_nominate', email: 'chair@demo.confidence' },
      { action: 'contest_import_roll', email: 'chair@demo.confidence' },
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
