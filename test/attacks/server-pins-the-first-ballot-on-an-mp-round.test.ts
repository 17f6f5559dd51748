/**
 * Which of a credential's ballots counts, and whether a blank ballot is allowed, are the rulebook's: every MP round
 * counts the last ballot, so an MP whose credential a whip used (or who voted under the whip's eyes) votes again and
 * that ballot counts. The board's manifest carries `counting` and `blankAllowed`; R4 accepts either value and C4
 * held the board only to the candidates, the electorate and the reconciliation. A server could run a round counting
 * the first ballot (the whip's vote pinned) or refusing blank ballots (MPs who would spoil forced to pick a name or
 * stay away), and the contest verified. C4 now holds both to the rulebook. Built whole with the simulator.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto';
import type { ContestBallotManifest } from '../../src/contest/board';
import { TINY_CONTEST } from '../../src/contest/fixtures.test-helpers';
import { simulateContestBallot, simulateHistoricContest, type ContestSimulation, type ContestSummary } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';

let sim: ContestSimulation;

/** The contest with round 1's board re-simulated whole under `change(manifest)`, with the same counts (and 2 revoters). */
function withRound1(change: (m: Omit<ContestBallotManifest, 'version'>) => Omit<ContestBallotManifest, 'version'>) {
  const b = sim.boards.find((x) => x.ballot === 'round-1')!;
  const { version: _v, ...m } = (b.board.records[0]!.body as { manifest: ContestBallotManifest }).manifest;
  const r = TINY_CONTEST.rounds[0]!;
  const manifest = change(m);
  // (Without blank ballots the spoilt MP stays away: C4 comes before the count's C5.)
  const board = simulateContestBallot({ manifest, counts: r.counts, blank: manifest.blankAllowed ? r.spoilt : 0, revoters: 2 });
  const files = new Map(sim.boards.map((x) => [x.file, x.board.toJSONLines()]));
  files.set(b.file, board.toJSONLines());
  const summary: ContestSummary = JSON.parse(JSON.stringify(sim.summary));
  summary.boards = summary.boards.map((x) => (x.ballot === 'round-1' ? { ...x, electionHash: board.electionHash, head: board.head } : x));
  return verifyContest(JSON.stringify(summary), (f) => files.get(f) ?? null);
}

beforeAll(async () => {
  await initCrypto();
  sim = simulateHistoricContest(TINY_CONTEST);
});

describe('an MP round’s counting rule and blank ballots are the rulebook’s (C4)', () => {
  it('the round re-run under the rulebook’s own rules (last ballot counts, blank allowed) verifies', async () => {
    expect((await withRound1((m) => m)).failure).toBeNull();
  });

  it('a server that runs an MP round counting each credential’s first ballot (a whip who votes first pins the MP’s vote) fails C4', async () => {
    const r = await withRound1((m) => ({ ...m, counting: 'first' }));
    expect(r.passed).toContain('C2');
    expect(r.failure).toMatchObject({ check: 'C4', ballot: 'round-1', message: expect.stringMatching(/first ballot; the rulebook counts the last/) });
  });

  it('a server that runs an MP round refusing blank ballots the rulebook allows fails C4', async () => {
    const r = await withRound1((m) => ({ ...m, blankAllowed: false }));
    expect(r.failure).toMatchObject({ check: 'C4', ballot: 'round-1', message: expect.stringMatching(/refuses a blank ballot; the rulebook allows it/) });
  });
});
