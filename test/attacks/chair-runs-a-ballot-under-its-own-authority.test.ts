/**
 * The contest runs every ballot with one set of trustees and one credential authority (docs/contest.md §3): the
 * authority alone makes the credentials and knows member → credential, and the verifier holds each board's list to
 * the key its manifest names (R7). But nothing held the boards of one contest to the same key: a chair (or server)
 * could put one ballot — say the members' ballot — on a board under a key of its own, sign a list of credentials it
 * made itself, and so hold every voter's credential in that ballot (cast for the abstainers, tell who voted how by
 * tracker). The board is valid on its own (R7: signed by the key its manifest names). C3 now holds every board of
 * a contest to the credential authority of the first. Built whole: each board by the project's simulator, its list
 * signed with the authority's own function.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto';
import { generateAuthorityKey } from '../../src/ballot/authority';
import type { ContestBallotManifest } from '../../src/contest/board';
import { TINY_CONTEST } from '../../src/contest/fixtures.test-helpers';
import { simulateContestBallot, simulateHistoricContest, type ContestSimulation, type ContestSummary } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';

const AUTHORITY = generateAuthorityKey();
const CHAIRS_OWN = generateAuthorityKey();
let sim: ContestSimulation;

/** The contest with each board re-simulated under the credential authority `keyOf(ballot)` (its list signed by it). */
function underAuthorities(keyOf: (ballot: string) => { public: string; secret: string }) {
  const files = new Map<string, string>();
  const summary: ContestSummary = JSON.parse(JSON.stringify(sim.summary));
  for (const b of sim.boards) {
    const { version: _v, ...m } = (b.board.records[0]!.body as { manifest: ContestBallotManifest }).manifest;
    const result = b.board.records.at(-1)!.body as { counts: Record<string, number>; blank: number };
    const key = keyOf(b.ballot);
    const board = simulateContestBallot({ manifest: { ...m, authority: key.public }, counts: result.counts, blank: result.blank, authoritySecret: key.secret });
    files.set(b.file, board.toJSONLines());
    summary.boards = summary.boards.map((x) => (x.ballot === b.ballot ? { ...x, electionHash: board.electionHash, head: board.head } : x));
  }
  return verifyContest(JSON.stringify(summary), (f) => files.get(f) ?? null);
}

beforeAll(async () => {
  await initCrypto();
  sim = simulateHistoricContest(TINY_CONTEST);
});

describe('one credential authority for every ballot of a contest (C3)', () => {
  it('every board under the contest’s authority: verifies', async () => {
    const r = await underAuthorities(() => AUTHORITY);
    expect(r.failure).toBeNull();
  });

  it('a chair that runs the members’ ballot under a credential authority of its own (so it holds every member’s credential) fails C3', async () => {
    const r = await underAuthorities((ballot) => (ballot === 'members' ? CHAIRS_OWN : AUTHORITY));
    expect(r.passed).toContain('C2'); // each board is valid on its own: its list is signed by the key its manifest names
    expect(r.failure).toMatchObject({ check: 'C3', ballot: 'members', message: expect.stringMatching(/credential authority/) });
  });
});
