/**
 * FIXED: `confidence tracker ingest` stored two files of one name under their paths as given ("two files with one name
 * from different folders keep their paths", right for `tracker extract`'s output, which stays on the editor's
 * machine). An ingested article's file name is shown with every published source — on the public page, the member's
 * history and both exports — so accepting a declaration from /home/editor/sources/whips-office/aldous.txt published the
 * editor's folders (who they are, where their material comes from). An ingest now stores file names only, a second
 * file of one name with " (2)" (`storedFileNames`); the same names go to a server with `--server`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db';
import { trackerSources } from '../../src/db/schema';
import { storedFileNames } from '../../src/cli/commands/tracker';
import { confidenceInProcess } from '../support/cli';

describe('an editor ingests two files of one name from their folders with the CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'confidence-ingest-names-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the file names only, never the folders', async () => {
    const a = join(dir, 'sources', 'whips-office');
    const b = join(dir, 'sources', 'lobby-contact');
    mkdirSync(a, { recursive: true });
    mkdirSync(b, { recursive: true });
    writeFileSync(join(a, 'aldous.txt'), 'Tory MP Peter Aldous has submitted a letter of no confidence in Boris Johnson, he confirmed.');
    writeFileSync(join(b, 'aldous.txt'), 'Conservative MP Anthony Mangnall has submitted a letter of no confidence in Boris Johnson, he confirmed.');
    const data = join(dir, 'data');
    const env = { ...process.env, CONFIDENCE_DATA_DIR: data, DATABASE_URL: '', LOG_LEVEL: 'silent', CONFIDENCE_DEMO: 'off' };
    const r = await confidenceInProcess(env, 'tracker', 'ingest', join(a, 'aldous.txt'), join(b, 'aldous.txt'), '--published', '2022-06-10');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('whips-office');
    const database = await openDatabase({ driver: 'pglite', dataDir: data });
    try {
      const names = (await database.db.select({ fileName: trackerSources.fileName }).from(trackerSources)).map((s) => s.fileName);
      expect([...new Set(names)].sort()).toEqual(['aldous (2).txt', 'aldous.txt']);
    } finally {
      await database.close();
    }
  }, 240_000);

  it('names a second, third file of one name apart, keeping the extension', () => {
    expect(storedFileNames(['/x/a.txt', '/y/a.txt', 'a.txt', '/z/README', 'w/README', '.env', 'q/.env'])).toEqual(['a.txt', 'a (2).txt', 'a (3).txt', 'README', 'README (2)', '.env', '.env (2)']);
  });
});
