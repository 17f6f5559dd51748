import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_VERSION } from '../../ballot/manifest';
import { CONTEST_BALLOT_VERSION } from '../../contest/board';
import { isConfidenceBoard } from './verify';

/** `confidence verify` takes the confidence-vote path only for a board whose first line is its setup record. */
describe('confidence verify: recognising a confidence-vote board by its first line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-kind-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const setup = (version: string, title = 't') => JSON.stringify({ body: { manifest: { title, version } }, hash: '0'.repeat(64), prev: '0'.repeat(64), seq: 0, type: 'setup' });

  it('a confidence-vote setup line, also one longer than a read block, and also without a newline', () => {
    expect(isConfidenceBoard(file('a.jsonl', `${setup(MANIFEST_VERSION)}\n{"seq":1}\n`))).toBe(true);
    expect(isConfidenceBoard(file('b.jsonl', `${setup(MANIFEST_VERSION, 'x'.repeat(200_000))}\n{"seq":1}\n`))).toBe(true);
    expect(isConfidenceBoard(file('c.jsonl', setup(MANIFEST_VERSION)))).toBe(true);
  });

  it('anything else goes to the other verifiers: a contest board, another version, a later record, not JSON, a directory, no file', () => {
    expect(isConfidenceBoard(file('d.jsonl', `${setup(CONTEST_BALLOT_VERSION)}\n`))).toBe(false);
    expect(isConfidenceBoard(file('e.jsonl', `${setup('confidence-ballot/0')}\n`))).toBe(false);
    expect(isConfidenceBoard(file('f.jsonl', `{"seq":1,"type":"ballot"}\n${setup(MANIFEST_VERSION)}\n`))).toBe(false);
    expect(isConfidenceBoard(file('g.jsonl', `${setup(MANIFEST_VERSION).slice(0, 50)}\n`))).toBe(false);
    expect(isConfidenceBoard(file('h.jsonl', ''))).toBe(false);
    mkdirSync(join(dir, 'contest'));
    expect(isConfidenceBoard(join(dir, 'contest'))).toBe(false);
    expect(isConfidenceBoard(join(dir, 'missing.jsonl'))).toBe(false);
  });
});
