import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'confidence.js');

async function confidence(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return confidenceIn({}, ...args);
}
async function confidenceIn(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** From a roll to print files: `contest roll import --credentials`, then `contest print-credentials` in batches. */
describe('confidence contest print-credentials', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'confidence-print-'));
    const rows = Array.from({ length: 5 }, (_, i) => `M${i + 1},2020-01-0${i + 1},,${i === 4 ? '' : `m${i + 1}@example.org`}`).join('\n');
    writeFileSync(join(dir, 'roll.csv'), `member_id,joined,left,email\n${rows}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one letter per eligible member, in PDFs of at most --batch pages, readable only by their owner', async () => {
    const roll = await confidence('contest', 'roll', 'import', '--csv', join(dir, 'roll.csv'), '--freeze', '2022-09-02', '--credentials', '--out', dir);
    expect(roll.code, roll.stderr).toBe(0);
    const r = await confidence('contest', 'print-credentials', '--secrets', join(dir, 'credentials-secret.jsonl'), '--title', 'Members’ ballot', '--url', 'https://vote.example', '--batch', '2', '--out', join(dir, 'print'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/letters: 5 in 3 PDF file\(s\)/);
    const files = readdirSync(join(dir, 'print')).sort();
    expect(files).toEqual(['letters-0001.pdf', 'letters-0002.pdf', 'letters-0003.pdf']);
    const pages = await Promise.all(files.map(async (f) => (await PDFDocument.load(readFileSync(join(dir, 'print', f)))).getPageCount()));
    expect(pages).toEqual([2, 2, 1]);
    expect(statSync(join(dir, 'print', files[0]!)).mode & 0o077).toBe(0);
  });

  it('mails each member with an address their credential (the dev mailbox here), and reports those without one', async () => {
    const r = await confidenceIn(
      { CONFIDENCE_DATA_DIR: join(dir, 'data'), SMTP_URL: '' },
      'contest', 'mail-credentials', '--secrets', join(dir, 'credentials-secret.jsonl'), '--roll', join(dir, 'roll.csv'), '--freeze', '2022-09-02',
      '--title', 'Members’ ballot', '--url', 'https://vote.example', '--rate', '50', '--bounces', join(dir, 'bounces.csv'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mails: 4 sent, 0 bounced, 1 without an address/);
    const report = readFileSync(join(dir, 'bounces.csv'), 'utf8');
    expect(report).toBe('member_id,email,attempts,permanent,error\nM5,,0,true,no email address on the roll: print a letter\n');
    const secrets = readFileSync(join(dir, 'credentials-secret.jsonl'), 'utf8');
    expect(secrets).toContain('"member":"M5"');
  });

  it('resumes from its journal: a second run sends nothing again; after a crash only the unsent mails go, the one in flight is reported in doubt', async () => {
    const args = (...extra: string[]) => ['contest', 'mail-credentials', '--secrets', join(dir, 'credentials-secret.jsonl'), '--roll', join(dir, 'roll.csv'), '--freeze', '2022-09-02', '--title', 'Members’ ballot', '--rate', '50', '--bounces', join(dir, 'bounces.csv'), ...extra];
    const env = { CONFIDENCE_DATA_DIR: join(dir, 'data'), SMTP_URL: '' };
    const journal = join(dir, 'credentials-secret.jsonl.mail-journal.jsonl');
    expect(statSync(journal).mode & 0o077).toBe(0);
    expect(readFileSync(journal, 'utf8')).not.toMatch(/"credential"/);
    const again = await confidenceIn(env, ...args());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/4 already sent, 0 bounced before, 0 in doubt, 0 to send/);
    expect(again.stdout).toMatch(/mails: 0 sent \(4 more in an earlier run\)/);
    // The journal a crash leaves: M1 sent, M2 handed to the mailer with no outcome, and a torn last line.
    const crashed = join(dir, 'crashed.jsonl');
    writeFileSync(crashed, '{"member":"M1","state":"sending","to":"m1@example.org","attempt":1}\n{"member":"M1","state":"sent"}\n{"member":"M2","state":"sending","to":"m2@example.org","attempt":1}\n{"member":"M3","sta');
    const resumed = await confidenceIn(env, ...args('--journal', crashed));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/1 already sent, 0 bounced before, 1 in doubt \(not resent/);
    expect(resumed.stdout).toMatch(/mails: 2 sent \(1 more in an earlier run\), 0 bounced, 1 in doubt, 1 without an address/);
    expect(readFileSync(join(dir, 'bounces.csv'), 'utf8')).toMatch(/M2,m2@example.org,1,false,in doubt/);
    // Told to, the next run resends the mail in doubt, and only it.
    const resend = await confidenceIn(env, ...args('--journal', crashed, '--resend-in-doubt'));
    expect(resend.stdout).toMatch(/mails: 1 sent \(3 more in an earlier run\)/);
  });

  it('MPs get their credentials by mail too: one credential per MP of the list, mailed through the same queue (journal, bounce report), none to the server', async () => {
    writeFileSync(join(dir, 'mps.csv'), 'member_id,email\nboris-johnson,boris.johnson.mp@parliament.example\njeremy-hunt,jeremy.hunt.mp@parliament.example\nmichael-gove,\n');
    const made = await confidence('contest', 'mp-credentials', '--mps', join(dir, 'mps.csv'), '--out', join(dir, 'mps'));
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/credentials: 3 MPs \(2 with an email address\)/);
    const secrets = readFileSync(join(dir, 'mps', 'credentials-secret.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { member: string; credential: string });
    expect(secrets.map((x) => x.member)).toEqual(['boris-johnson', 'jeremy-hunt', 'michael-gove']);
    expect(statSync(join(dir, 'mps', 'credentials-secret.jsonl')).mode & 0o077).toBe(0);
    const list = JSON.parse(readFileSync(join(dir, 'mps', 'credentials-public.json'), 'utf8')) as { credentials: string[] };
    expect(list.credentials).toHaveLength(3);
    expect([...list.credentials].sort()).toEqual(list.credentials);
    expect(JSON.stringify(list)).not.toMatch(/johnson|hunt|gove/); // the public list names nobody
    const env = { CONFIDENCE_DATA_DIR: join(dir, 'data'), SMTP_URL: '' };
    const r = await confidenceIn(env, 'contest', 'mail-credentials', '--secrets', join(dir, 'mps', 'credentials-secret.jsonl'), '--addresses', join(dir, 'mps.csv'), '--title', 'Round 1', '--rate', '50', '--bounces', join(dir, 'mp-bounces.csv'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mails: 2 sent, 0 bounced, 1 without an address/);
    expect(readFileSync(join(dir, 'mp-bounces.csv'), 'utf8')).toMatch(/michael-gove,,0,true,no email address/);
    const journal = readFileSync(join(dir, 'mps', 'credentials-secret.jsonl.mail-journal.jsonl'), 'utf8');
    expect(journal).toMatch(/"member":"boris-johnson","state":"sent"/);
    for (const s of secrets) expect(journal).not.toContain(s.credential);
    // A bad list is refused whole: a member twice, a malformed address; either the roll or the addresses, not both.
    writeFileSync(join(dir, 'bad-mps.csv'), 'member_id,email\na,a@x.example\na,b@x.example\nb,not-an-address\n');
    const bad = await confidence('contest', 'mp-credentials', '--mps', join(dir, 'bad-mps.csv'), '--out', join(dir, 'bad-mps'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/VALIDATION_FAILED.*2 bad line\(s\).*line 3: a is listed twice.*line 4/);
    const both = await confidenceIn(env, 'contest', 'mail-credentials', '--secrets', join(dir, 'mps', 'credentials-secret.jsonl'), '--addresses', join(dir, 'mps.csv'), '--roll', join(dir, 'roll.csv'), '--freeze', '2022-09-02', '--title', 'x');
    expect(both.stderr).toMatch(/either --roll and --freeze/);
  });

  it('refuses a corrupt secrets file and writes nothing', async () => {
    writeFileSync(join(dir, 'bad.jsonl'), '{"member":"M1","credential":"nothex"}\n');
    const r = await confidence('contest', 'print-credentials', '--secrets', join(dir, 'bad.jsonl'), '--title', 'x', '--out', join(dir, 'bad-out'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/VALIDATION_FAILED.*line 1/);
    expect(() => readdirSync(join(dir, 'bad-out'))).toThrow();
  });
});
