/**
 * `confidence verify` re-runs itself in a child node with a heap cap (bin/confidence.js). The parent used to wait
 * with spawnSync, which cannot pass a signal on: a job runner's timeout (SIGTERM to the process it started) stopped
 * the parent only, and the verifier ran on orphaned, printing its verdict to the same output after its caller had
 * been told it stopped (and holding its memory and CPU meanwhile). Now the parent passes SIGINT, SIGTERM and SIGHUP
 * to the child and exits with the child's status. Also: the exit code of a failed verification is the same with and
 * without the re-exec.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'confidence.js');
const dir = mkdtempSync(join(tmpdir(), 'verify-reexec-'));
const board = join(dir, 'board.jsonl');
writeFileSync(board, '{"not":"a record"}\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const childOf = (pid: number): number | null => {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return out ? Number(out.split('\n')[0]) : null;
};

describe('the verify heap-cap re-exec', () => {
  it('a SIGTERM to the verify process stops the verifier too, before it prints a verdict', async () => {
    const env = { ...process.env, NODE_OPTIONS: '', CONFIDENCE_VERIFY_HEAP: '' };
    const parent = spawn(process.execPath, [BIN, 'verify', board], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    parent.stdout.on('data', (d: Buffer) => (output += d.toString()));
    parent.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => parent.on('exit', (code, signal) => resolve({ code, signal })));
    // the child appears at once; it takes far longer than this to load the verifier (tsx and the sources)
    let child: number | null = null;
    for (let i = 0; i < 200 && child === null; i++) {
      await new Promise((r) => setTimeout(r, 10));
      child = childOf(parent.pid!);
    }
    expect(child).not.toBeNull();
    parent.kill('SIGTERM');
    const { code } = await exited;
    expect(code).toBe(128 + 15);
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(child!)).toBe(false);
    expect(output).not.toMatch(/VERIFIED/);
  }, 60_000);

  it('passes the verifier’s exit code through (a board that fails: the same code with and without the cap)', () => {
    const run = (extra: Record<string, string>) => spawnSync(process.execPath, [BIN, 'verify', board], { env: { ...process.env, NODE_OPTIONS: '', ...extra }, encoding: 'utf8' });
    const capped = run({ CONFIDENCE_VERIFY_HEAP: '' });
    const plain = run({ CONFIDENCE_VERIFY_HEAP: 'default' });
    expect(capped.status).not.toBe(0);
    expect(capped.status).toBe(plain.status);
    expect(capped.stdout).toMatch(/NOT VERIFIED/);
  }, 180_000);
});
