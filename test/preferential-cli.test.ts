import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'confidence.js');

async function confidence(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

// Each step starts a CLI process (and worker threads); generous timeouts for a loaded CI machine.
describe('confidence simulate preferential-contest / verify-preferential', { timeout: 240_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'confidence-preferential-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('simulates SNP 2023 at small scale through 3 mixers and prints the verified round table', async () => {
    const sim = await confidence('simulate', 'preferential-contest', '--rulebook', 'snp-2023', '--scale', '0.002', '--out', dir);
    expect(sim.code).toBe(0);
    expect(sim.stdout).toMatch(/elected: Humza Yousaf/);
    const v = await confidence('verify-preferential', dir);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/ok +M1–M8 every shuffle proof; M9 the chain of 3 mixers/);
    expect(v.stdout).toMatch(/ok +M11/);
    expect(v.stdout).toMatch(/Ash Regan's ballots: \d+ to Humza Yousaf, \d+ to Kate Forbes, \d+ exhausted/);
    expect(v.stdout).toMatch(/round 2: continuing \d+, exhausted \d+/);
  });

  it('a tampered round table fails with MIXNET_CHECK_FAILED naming M11', async () => {
    const path = join(dir, 'count.json');
    const count = JSON.parse(readFileSync(path, 'utf8'));
    count.rounds[1].votes[0] = String(Number(count.rounds[1].votes[0]) + 1);
    writeFileSync(path, JSON.stringify(count));
    const v = await confidence('verify-preferential', dir);
    expect(v.code).toBe(8);
    expect(v.stdout).toMatch(/FAIL M11/);
    expect(v.stderr).toMatch(/error MIXNET_CHECK_FAILED/);
  });

  it('bad input is a clear error, not a crash', async () => {
    expect((await confidence('simulate', 'preferential-contest', '--rulebook', 'nope', '--out', dir)).stderr).toMatch(/error RULEBOOK_NOT_FOUND/);
    expect((await confidence('simulate', 'preferential-contest', '--rulebook', 'snp-2023', '--scale', '2', '--out', dir)).stderr).toMatch(/error VALIDATION_FAILED: --scale/);
    const missing = await confidence('verify-preferential', join(dir, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error MIXNET_RECORD_INVALID/);
  });
});
