import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../src/crypto';
import type { ContestEvent } from '../src/contest/engine';
import { TINY_CONTEST } from '../src/contest/fixtures.test-helpers';
import { historicEvents } from '../src/contest/replay';
import { simulateHistoricContest, type ContestSummary } from '../src/contest/simulate';
import { confidenceInProcess } from './support/cli';

const confidence = (...args: string[]) => confidenceInProcess({ ...process.env, LOG_LEVEL: 'silent' }, ...args);

/** TINY_CONTEST under the lot policy, round 1 tied for the last place; the MP rounds only (the lot decides the final two). */
function lotEvents(): ContestEvent[] {
  const events = historicEvents(TINY_CONTEST, { members: false });
  const open = events[0]!;
  if (open.type === 'open') open.input.rulebook = { ...open.input.rulebook, rounds: { ...open.input.rulebook.rounds, tie: 'lot' } };
  const d = events.find((e) => e.type === 'declare-round')!;
  if (d.type === 'declare-round') d.input = { ...d.input, counts: { ada: 15, bea: 10, cy: 10 } };
  return events;
}

/**
 * The CLI on a tie broken by lot: `confidence verify DIR` prints which board's close record the lot was drawn from,
 * its seed and the tickets, and refuses a contest.json whose declaration names its own seed (C6, exit 8);
 * `confidence contest declare --lot` is refused before anything is read (LOT_SEED_NOT_ACCEPTED, exit 2).
 */
describe('confidence verify / contest declare on a tie broken by lot', () => {
  let dir: string;
  let summary: ContestSummary;
  let close: string;
  beforeAll(async () => {
    await initCrypto();
    dir = mkdtempSync(join(tmpdir(), 'confidence-lot-'));
    const sim = simulateHistoricContest(TINY_CONTEST, { events: lotEvents() });
    for (const b of sim.boards) writeFileSync(join(dir, b.file), b.board.toJSONLines());
    summary = sim.summary;
    writeFileSync(join(dir, 'contest.json'), JSON.stringify(summary));
    close = sim.boards.find((b) => b.ballot === 'round-1')!.board.ofType('close')[0]!.hash;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verify prints the lot with the close record of the board it was drawn from, and passes C1–C7', async () => {
    const v = await confidence('verify', dir);
    expect(v.code, v.stderr).toBe(0);
    const lot = summary.state.rounds[0]!.result!.outcome.lot!;
    expect(v.stdout).toContain(`lot: round-1 — drawn from its board's close record ${close}, seed ${lot.seed}`);
    expect(v.stdout).toMatch(/VERIFIED: 1 boards pass R1–R15 and the contest passes all 7 checks C1–C7/);
  });

  it('a contest.json whose declaration names its own seed fails C6 with exit code 8', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'confidence-lot-bad-'));
    try {
      const s = JSON.parse(JSON.stringify(summary)) as ContestSummary;
      const d = s.events.find((e) => e.type === 'declare-round')!;
      if (d.type === 'declare-round') Object.assign(d.input, { lotSeed: 'drand quicknet round 12345678' });
      writeFileSync(join(bad, 'contest.json'), JSON.stringify(s));
      writeFileSync(join(bad, 'round-1.jsonl'), readFileSync(join(dir, 'round-1.jsonl'), 'utf8'));
      const v = await confidence('verify', bad);
      expect(v.code).toBe(8);
      expect(v.stdout).toMatch(/FAIL C6/);
      expect(v.stderr).toMatch(/error CONTEST_CHECK_FAILED: check C6 failed \(round-1\): .*names its own lot seed/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('contest declare has no seed option: --lot is refused with LOT_SEED_NOT_ACCEPTED (exit 2) and is not in the help', async () => {
    const r = await confidence('contest', 'declare', 'some-contest', '--counts', 'ada=15,bea=10,cy=10', '--lot', 'drand quicknet round 1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error LOT_SEED_NOT_ACCEPTED: /);
    const help = await confidence('contest', 'declare', '--help');
    expect(help.stdout).toMatch(/--counts/);
    expect(help.stdout).not.toMatch(/--lot/);
  });
});
