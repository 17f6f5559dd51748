import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'confidence.js');
const SEEDS = join(ROOT, 'eval', 'tracker', 'seeds');

async function confidence(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, LOG_LEVEL: 'silent' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('confidence tracker extract', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'confidence-tracker-'));
    // A data folder that must stay untouched: extraction never opens the database.
    env = { CONFIDENCE_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the seed declarations as JSON keyed by file name, without a database', async () => {
    const r = await confidence(env, 'tracker', 'extract', join(SEEDS, '003_cc45b0a5e4f949bb.txt'), '--party', 'Con', '--leader', 'Boris Johnson', '--json', '--published', '2022-07-06');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, { published: string; declarations: Array<Record<string, string>> }>;
    const article = json['003_cc45b0a5e4f949bb.txt']!;
    expect(article.published).toBe('2022-07-06');
    expect(article.declarations.map((d) => [d.member_id, d.stance, d.date])).toEqual([
      ['anna-firth', 'withdrew_support', '2022-07-06'],
      ['rishi-sunak', 'resigned_post', '2022-07-05'],
      ['sajid-javid', 'resigned_post', '2022-07-05'],
    ]);
    for (const d of article.declarations) {
      expect(Object.keys(d).sort()).toEqual(['date', 'member_id', 'person', 'quote', 'score', 'stance']);
    }
    expect(article.declarations[0]!.person).toBe('Anna Firth');
    expect(article.declarations[0]!.quote).toContain('withdrawn her support');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('lists a find the context checks held back under possible, with the reason', async () => {
    const file = join(dir, '2022-07-06-history.txt');
    writeFileSync(file, 'Boris Johnson faces a confidence vote tonight.\n\n"I have been proud to back him, but I will be voting against him this evening," Anthony Mangnall said.\n');
    const r = await confidence(env, 'tracker', 'extract', file, '--party', 'Con', '--leader', 'Boris Johnson', '--json');
    expect(r.code).toBe(0);
    const article = (JSON.parse(r.stdout) as Record<string, { declarations: Array<Record<string, string>>; possible: Array<Record<string, string>> }>)['2022-07-06-history.txt']!;
    expect(article.declarations.some((d) => d.member_id === 'anthony-mangnall' && d.stance === 'backs_leader')).toBe(false);
    const held = article.possible.find((d) => d.member_id === 'anthony-mangnall' && d.stance === 'backs_leader');
    expect(held?.demoted_because).toBe('support-is-history');
    expect(article.possible.filter((d) => d.demoted_because === undefined).every((d) => Number(d.score) < 0.82)).toBe(true);
  });

  it('refuses empty, binary and non-UTF-8 files, naming each, and prints nothing', async () => {
    const empty = join(dir, 'empty.txt');
    const binary = join(dir, 'image.png');
    const latin1 = join(dir, 'latin1.txt');
    writeFileSync(empty, '');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
    writeFileSync(latin1, Buffer.from([0x4d, 0x72, 0x20, 0xe9, 0x74, 0xe9]));
    const r = await confidence(env, 'tracker', 'extract', '--json', empty, binary, latin1, join(SEEDS, '000_782e18795b2a75b7.txt'));
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/empty\.txt: the file is empty/);
    expect(r.stderr).toMatch(/image\.png: the file is binary/);
    expect(r.stderr).toMatch(/latin1\.txt: the file is not valid UTF-8/);
  });

  it('refuses a file over the size limit', async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, 'word '.repeat(600_000));
    const r = await confidence(env, 'tracker', 'extract', big);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/over the 2 MB limit/);
    // The API's code and message for the same article (test/body-limits.test.ts).
    expect(r.stderr).toContain(`ARTICLE_TOO_LARGE`);
    expect(r.stderr).toMatch(/big\.txt: the article is 2\.9 MB, over the 2 MB limit for one article/);
  });
});

describe('confidence tracker ingest', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'confidence-ingest-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('puts a seed\u2019s declarations into the review queue once, and refuses bad files before opening the database', async () => {
    const env = { CONFIDENCE_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', CONFIDENCE_DEMO: 'off' };
    const bad = join(dir, 'empty.txt');
    writeFileSync(bad, '');
    const refused = await confidence(env, 'tracker', 'ingest', bad);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/empty\.txt: the file is empty/);
    expect(existsSync(join(dir, 'data'))).toBe(false);

    const seed = join(SEEDS, '001_ea6c2ed50b83dc89.txt');
    const first = await confidence(env, 'tracker', 'ingest', seed, '--published', '2022-02-01', '--outlet', 'BBC News');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('001_ea6c2ed50b83dc89.txt: 2 proposed');
    const again = await confidence(env, 'tracker', 'ingest', seed, '--published', '2022-02-01');
    expect(again.stdout).toContain('already ingested, nothing changed');
  }, 240_000);
});
