import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidenceInProcess, confidenceProcess } from './support/cli';

const envFor = (dataDir: string) => ({ ...process.env, CONFIDENCE_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', CONFIDENCE_DEMO: 'auto' });

/**
 * Runs `confidence` against a throwaway data folder: the same program as bin/confidence.js, in this process
 * (test/support/cli.ts); the first test runs the real binary in its own process.
 */
async function confidence(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return confidenceInProcess(envFor(dataDir), ...args);
}

describe('the confidence CLI', () => {
  let dir: string;
  let data: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'confidence-cli-'));
    data = join(dir, 'data');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints 359 Conservative whip holders on 6 June 2022 (loading the demo on first use)', async () => {
    const r = await confidenceProcess(envFor(data), 'roster', 'count', '--party', 'Con', '--on', '2022-06-06');
    expect(r).toMatchObject({ code: 0, stdout: '359\n' });
    expect(r.stderr).toMatch(/Loading the demo/);
  }, 240_000);

  it('shows the 1922 rulebook with denominator 359 and threshold 54', async () => {
    const r = await confidence(data, 'rulebook', 'show', 'conservative-1922', '--on', '2022-06-06');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/denominator 359 .* threshold 54/);
  });

  it('reports bad input with a stable code and exit status', async () => {
    const badDate = await confidence(data, 'roster', 'count', '--party', 'Con', '--on', '2022-02-30');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/error VALIDATION_FAILED: --on must be a date/);
    const unknownRulebook = await confidence(data, 'rulebook', 'show', 'nope');
    expect(unknownRulebook.code).toBe(3);
    expect(unknownRulebook.stderr).toMatch(/error RULEBOOK_NOT_FOUND/);
    const notEligible = await confidence(data, 'letters', 'record', '--member', 'keir-starmer');
    expect(notEligible.code).toBe(4);
    expect(notEligible.stderr).toMatch(/error NOT_ELIGIBLE/);
    const unknownMember = await confidence(data, 'letters', 'record', '--member', 'nobody-at-all');
    expect(unknownMember.code).toBe(3);
    expect(unknownMember.stderr).toMatch(/error MEMBER_NOT_FOUND/);
    const nulCsv = join(dir, 'nul.csv');
    writeFileSync(nulCsv, 'member_id,display_name,joined\nok,Fi\u0000ne,2020-01-01\n');
    const badText = await confidence(data, 'roster', 'import', '--csv', nulCsv, '--id', 'club');
    expect(badText.code).toBe(2);
    expect(badText.stderr).toMatch(/error INVALID_TEXT: .*nul\.csv contains a NUL/);
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'member_id,display_name,joined\nok,Fine,2020-01-01\nbad,,2020-01-01\n');
    const badCsv = await confidence(data, 'roster', 'import', '--csv', csv, '--id', 'club');
    expect(badCsv.code).toBe(2);
    expect(badCsv.stderr).toMatch(/error CSV_INVALID: line 3: display_name is empty; nothing was imported/);
    const notASeal = join(dir, 'seal.json');
    writeFileSync(notASeal, '{}');
    const badSeal = await confidence(data, 'seal', 'verify', notASeal);
    expect(badSeal.code).toBe(2);
    expect(badSeal.stderr).toMatch(/error VALIDATION_FAILED: not a sealed count: version/);
  });

  it('records a paper letter, shows the state, and the trigger at 54', async () => {
    const rec = await confidence(data, 'letters', 'record', '--member', 'steve-baker');
    expect(rec).toMatchObject({ code: 0 });
    const status = await confidence(data, 'procedure', 'status', '--procedure', 'johnson-2022');
    expect(status.stdout).toMatch(/Threshold reached/);
    expect(status.stdout).toMatch(/the count is secret/);
    expect(status.stdout).not.toMatch(/steve-baker|Steve Baker/);
    // The count and the names are for a logged-in chair (through the server: test/one-writer.test.ts).
    const chair = await confidence(data, 'procedure', 'status', '--procedure', 'johnson-2022', '--chair');
    expect(chair.code).toBe(5);
    expect(chair.stderr).toMatch(/error UNAUTHENTICATED: .*confidence login/);
    expect(chair.stdout).not.toMatch(/Steve Baker/);
    const ahead = await confidence(data, 'procedure', 'status', '--procedure', 'johnson-2022', '--on', '2022-06-06');
    expect(ahead.code).toBe(2);
    expect(ahead.stderr).toMatch(/error DATE_IN_FUTURE/);
    const withdraw = await confidence(data, 'letters', 'withdraw', '--member', 'steve-baker');
    expect(withdraw.code).toBe(0);
    expect((await confidence(data, 'procedure', 'status', '--procedure', 'johnson-2022')).stdout).toMatch(/threshold not reached/);
  });

  it('audit verify passes on an intact log and names an edited row', async () => {
    const ok = await confidence(data, 'audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: \d+ entries/);
    const db = new PGlite(data);
    const victim = (await db.query<{ seq: number }>("select seq from audit_log where action = 'letter_submitted' order by seq limit 1")).rows[0]!;
    await db.query("update audit_log set actor = 'someone else' where seq = $1", [victim.seq]);
    await db.close();
    const broken = await confidence(data, 'audit', 'verify');
    expect(broken.code).toBe(7);
    expect(broken.stderr).toMatch(new RegExp(`error AUDIT_CHAIN_BROKEN: audit log entry ${victim.seq}: .*edited`));
  });
});
