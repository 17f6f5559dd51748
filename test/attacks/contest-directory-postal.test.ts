/**
 * Attacks on a whole contest directory (`confidence verify DIR`, docs/contest.md §4, C1–C7 with R18–R19).
 *
 * The members' board's manifest binds the rulebook's reconciliation of online and postal votes (R4), and R18 holds
 * every postal batch to its entry form; C4 ties the manifest to the rulebook snapshot in contest.json, so a server or
 * authority that put the members' ballot on a board under another policy (e.g. revoting instead of "postal overrides
 * online", to keep online votes the rulebook says a paper replaces) is caught by anyone verifying the contest. And a
 * member who verifies the directory with their receipt must get a failing exit code when their ballot no longer counts,
 * as for a single board — a warning line alone scrolls past.
 *
 * Each forged board is a whole board made with the project's own simulator (ceremony, ballots, tally, decryption,
 * result) and the contest summary is updated to list it, so everything but the attacked check passes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKeyPair, initCrypto, scalarToHex } from '../../src/crypto';
import { boardKeyOf, signReceipt } from '../../src/ballot/receipt';
import type { ContestBallotManifest } from '../../src/contest/board';
import { contestTracker } from '../../src/contest/receipts';
import { TINY_CONTEST } from '../../src/contest/fixtures.test-helpers';
import { simulateContestBallot, simulateHistoricContest, type ContestSimulation, type ContestSummary } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';
import { verifyContestPath } from '../../src/cli/commands/contest';

let sim: ContestSimulation;
let files: Map<string, string>;
const dirs: string[] = [];
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const verify = (summary: ContestSummary, f = files) => verifyContest(JSON.stringify(summary), (name) => f.get(name) ?? null);

/** The members' board re-simulated whole under another manifest, with the same counts; the summary lists it. */
function replaceMembers(manifest: Omit<ContestBallotManifest, 'version'>, revoters = 0) {
  const e = sim.summary.events.find((x) => x.type === 'declare-members')!;
  if (e.type !== 'declare-members') throw new Error('no members’ declaration');
  const board = simulateContestBallot({ manifest, counts: e.input.counts, blank: e.input.rejected, revoters });
  const f = new Map(files);
  f.set('members.jsonl', board.toJSONLines());
  const s = clone(sim.summary);
  s.boards = s.boards.map((b) => (b.ballot === 'members' ? { ...b, electionHash: board.electionHash, head: board.head } : b));
  return { board, files: f, summary: s };
}

const membersManifest = (): Omit<ContestBallotManifest, 'version'> => {
  const { version: _v, ...m } = (sim.boards.find((b) => b.ballot === 'members')!.board.records[0]!.body as { manifest: ContestBallotManifest }).manifest;
  return m;
};

beforeAll(async () => {
  await initCrypto();
  sim = simulateHistoricContest(TINY_CONTEST);
  files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the members’ board binds the rulebook’s reconciliation (C4 over R4)', () => {
  it('the simulated members’ board names the 2024 rulebook’s policy and the contest verifies', async () => {
    expect(membersManifest().reconciliation).toBe('postal-overrides-online');
    expect((await verify(sim.summary)).failure).toBeNull();
  });

  it('a members’ ballot put on a board under “revoting” although the rulebook says postal overrides online (so batches could keep online votes a paper should replace): C4', async () => {
    const forged = replaceMembers({ ...membersManifest(), reconciliation: 'revoting' });
    const r = await verify(forged.summary, forged.files);
    expect(r.passed).toContain('C2'); // the forged board itself is a valid board
    expect(r.failure).toMatchObject({ check: 'C4', ballot: 'members', message: expect.stringMatching(/binds the reconciliation revoting; the rulebook says postal-overrides-online/) });
  });

  it('a members’ board that names no reconciliation (so the verifier could not hold a batch to the rulebook’s form): C4', async () => {
    const { reconciliation: _r, ...m } = membersManifest();
    const forged = replaceMembers(m);
    expect((await verify(forged.summary, forged.files)).failure).toMatchObject({ check: 'C4', ballot: 'members', message: expect.stringMatching(/binds the reconciliation none; the rulebook says postal-overrides-online/) });
  });
});

describe('confidence verify DIR --receipt: a receipted ballot that no longer counts fails the exit code (R19)', () => {
  it('a member whose receipted ballot was superseded gets RECEIPT_NOT_COUNTED from the directory, not only a warning line', async () => {
    const boardSecret = scalarToHex(generateKeyPair().secretKey);
    // A members' board run with a receipt key, one voter revoting: their first ballot (record of the first ballot) is superseded.
    const forged = replaceMembers({ ...membersManifest(), boardKey: boardKeyOf(boardSecret) }, 1);
    const first = forged.board.records.find((r) => r.type === 'ballot')!;
    const receipt = signReceipt(boardSecret, { election: forged.board.electionHash, seq: first.seq, tracker: contestTracker(first.body), head: first.hash, at: '2024-10-01T12:00:00.000Z' });
    const dir = mkdtempSync(join(tmpdir(), 'contest-dir-'));
    dirs.push(dir);
    for (const [name, text] of forged.files) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'contest.json'), JSON.stringify(forged.summary));
    writeFileSync(join(dir, 'receipt.json'), JSON.stringify(receipt));
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
    let error: unknown = null;
    try {
      await verifyContestPath(dir, { receipt: [join(dir, 'receipt.json')] });
    } catch (e) {
      error = e;
    } finally {
      write.mockRestore();
    }
    expect(lines.join('')).toMatch(/WARNING \(R19\) members receipt 1: your online ballot \(record \d+, .*\) does not count/);
    expect(error).toMatchObject({ code: 'RECEIPT_NOT_COUNTED', message: expect.stringMatching(/check R19: 1 receipted ballot\(s\) no longer count \(members\)/) });
    // The same directory without the receipt verifies (exit 0): the code is the member's alarm, not a board failure.
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(verifyContestPath(dir, {})).resolves.toBe(true);
    } finally {
      quiet.mockRestore();
    }
  });
});

describe('the counting officers’ chain values over a whole contest (R18 through C2)', () => {
  it('a value that ends no members’ board (its batches removed, or the board swapped for one without them) fails C2 naming R18', async () => {
    const r = await verifyContest(JSON.stringify(sim.summary), (name) => files.get(name) ?? null, { postalChain: ['cd'.repeat(32)] });
    expect(r.failure).toMatchObject({ check: 'C2', message: expect.stringMatching(/check R18 failed: no members['’] board['’]s postal batches end at the chain value the counting officers kept/) });
  });
});
