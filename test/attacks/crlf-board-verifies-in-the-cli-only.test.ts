/**
 * One board, one verdict. The browser's verifiers and the server read a board by splitting its text at '\n', so a
 * board served with CRLF line ends fails its first check there (a record line ending in '\r' is not canonical). The
 * CLI read boards with readline, which also ends a line at '\r\n' and at a lone '\r' and drops the '\r': the same
 * bytes verified with `confidence verify` — for the confidence vote's board and every contest board — and were
 * refused in the browser. Whoever hands a board to two audiences could tell each a different story about the same
 * file; now the CLI splits lines as the others do (src/mixnet/lines.ts), and both say no.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { initCrypto } from '../../src/crypto';
import { simulateElection } from '../../src/ballot/simulate';
import { verifyBoard } from '../../src/ballot/verify';
import { TINY_CONTEST } from '../../src/contest/fixtures.test-helpers';
import { simulateHistoricContest, type ContestSimulation } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';
import { verifyContestBoard } from '../../src/contest/verify';
import { verifyContestPath } from '../../src/cli/commands/contest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'confidence.js');
const dir = mkdtempSync(join(tmpdir(), 'crlf-boards-'));
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
let sim: ContestSimulation;

beforeAll(async () => {
  await initCrypto();
  sim = simulateHistoricContest(TINY_CONTEST);
  for (const b of sim.boards) writeFileSync(join(dir, b.file), crlf(b.board.toJSONLines()));
  writeFileSync(join(dir, 'contest.json'), JSON.stringify(sim.summary));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI's contest verifier in-process, its printing silenced; the error it throws, or null. */
async function cliContest(path: string): Promise<unknown> {
  const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await verifyContestPath(path, {});
    return null;
  } catch (e) {
    return e;
  } finally {
    quiet.mockRestore();
  }
}

describe('a board with CRLF line ends gets the same verdict in the CLI as in the browser', () => {
  it('a contest directory whose boards have CRLF line ends: refused by the browser’s reading (R1) and by `confidence verify DIR`', async () => {
    const file = sim.boards[0]!.file;
    const browser = await verifyContest(JSON.stringify(sim.summary), (f) => {
      const b = sim.boards.find((x) => x.file === f);
      return b ? crlf(b.board.toJSONLines()) : null;
    });
    expect(browser.failure).toMatchObject({ check: 'C2', message: expect.stringMatching(/check R1 failed/) });
    expect(await cliContest(dir)).toMatchObject({ code: 'CONTEST_CHECK_FAILED', message: expect.stringMatching(/R1/) });
    // One such board on its own, likewise.
    expect((await verifyContestBoard(crlf(sim.boards[0]!.board.toJSONLines()))).failure?.check).toBe('R1');
    expect(await cliContest(join(dir, file))).toMatchObject({ code: 'BOARD_CHECK_FAILED' });
  });

  it('a confidence-vote board with CRLF line ends: refused in-process (B1) and by `confidence verify BOARD`', async () => {
    const text = simulateElection({ eligible: 6, yes: 3, no: 2, threshold: 2, trustees: 3 }).board.toJSONLines();
    const r = await verifyBoard(crlf(text).split('\n').filter((l) => l !== ''));
    expect(r.failure?.check).toBe('B1');
    const path = join(dir, 'confidence.jsonl');
    writeFileSync(path, crlf(text));
    const out = await run(process.execPath, [BIN, 'verify', path], { encoding: 'utf8' }).then(
      (x) => ({ code: 0, text: x.stdout + x.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, text: e.stdout + e.stderr }),
    );
    expect(out.text).toMatch(/B1/);
    expect(out.code).not.toBe(0);
  });
});
