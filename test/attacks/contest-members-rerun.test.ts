/**
 * Attacks on a contest whose members' ballot tied and was run again (`members` tied, `members-rerun-1` decides):
 * the verifier's C3, C4, C5 and C7 over the rerun board. Each forged board is a whole board from the project's own
 * simulator (ceremony, ballots, tally, decryption, result), listed in the summary with its own hash and head, so
 * everything but the attacked check passes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto';
import type { ContestBallotManifest } from '../../src/contest/board';
import type { ContestEvent } from '../../src/contest/engine';
import { TINY_CONTEST } from '../../src/contest/fixtures.test-helpers';
import { historicEvents } from '../../src/contest/replay';
import { simulateContestBallot, simulateHistoricContest, type ContestSimulation, type ContestSummary } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';

let sim: ContestSimulation;
let files: Map<string, string>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const verify = (summary: ContestSummary, f = files) => verifyContest(JSON.stringify(summary), (name) => f.get(name) ?? null);

/** TINY_CONTEST with the members' ballot tied (ada 6, bea 6), its rerun scheduled, and the rerun counted as published. */
function tiedMembers(): ContestEvent[] {
  const events = historicEvents(TINY_CONTEST);
  const i = events.findIndex((e) => e.type === 'declare-members');
  const d = events[i]!;
  if (d.type !== 'declare-members') throw new Error('no members’ declaration');
  const tie: ContestEvent = { type: 'declare-members', input: { ...d.input, counts: { ada: 6, bea: 6 }, rejected: 1, at: '2024-10-31T18:00:00Z' } };
  const rerun: ContestEvent = { type: 'rerun', at: '2024-11-01T09:00:00Z' };
  d.input = { ...d.input, at: '2024-11-20T18:00:00Z' };
  events.splice(i, 0, tie, rerun);
  return events;
}

const manifestOf = (ballot: string): Omit<ContestBallotManifest, 'version'> => {
  const { version: _v, ...m } = (sim.boards.find((b) => b.ballot === ballot)!.board.records[0]!.body as { manifest: ContestBallotManifest }).manifest;
  return m;
};

/** The rerun board re-simulated whole under `manifest` with `counts`; the summary lists it. */
function replaceRerun(manifest: Omit<ContestBallotManifest, 'version'>, counts = { ada: 5, bea: 7 }, blank = 1) {
  const board = simulateContestBallot({ manifest, counts, blank });
  const f = new Map(files);
  f.set('members-rerun-1.jsonl', board.toJSONLines());
  const s = clone(sim.summary);
  s.boards = s.boards.map((b) => (b.ballot === 'members-rerun-1' ? { ...b, electionHash: board.electionHash, head: board.head } : b));
  return { files: f, summary: s };
}

beforeAll(async () => {
  await initCrypto();
  sim = simulateHistoricContest(TINY_CONTEST, { events: tiedMembers() });
  files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
});

describe('a contest whose members’ ballot tied and was run again', () => {
  it('verifies: the tied members’ board, its rerun board, and the winner from the rerun’s count', async () => {
    expect(sim.summary.boards.map((b) => b.ballot)).toEqual(['round-1', 'members', 'members-rerun-1']);
    const r = await verify(sim.summary);
    expect(r.failure).toBeNull();
    expect(r.state!.members?.ties).toMatchObject([{ ballot: 'members', counts: { ada: 6, bea: 6 } }]);
    expect(r.state!.winner).toMatchObject({ candidate: 'bea', how: 'members' });
    // The rerun board binds the rulebook's reconciliation too (the same postal channel runs again).
    expect(manifestOf('members-rerun-1').reconciliation).toBe('postal-overrides-online');
  });

  it('a server that drops the tied members’ board (would have hidden that the first count tied) fails C7 naming it', async () => {
    const f = new Map(files);
    f.delete('members.jsonl');
    const s = clone(sim.summary);
    s.boards = s.boards.filter((b) => b.ballot !== 'members');
    expect((await verify(s, f)).failure).toMatchObject({ check: 'C7', ballot: 'members' });
  });

  it('a members’ rerun put on a board under “revoting” (so postal papers would not replace online votes in the deciding count): C4 on the rerun', async () => {
    const forged = replaceRerun({ ...manifestOf('members-rerun-1'), reconciliation: 'revoting' });
    const r = await verify(forged.summary, forged.files);
    expect(r.passed).toContain('C2');
    expect(r.failure).toMatchObject({ check: 'C4', ballot: 'members-rerun-1', message: expect.stringMatching(/reconciliation revoting/) });
  });

  it('a members’ rerun run on a smaller electorate than the roll (members left off the rerun): C4', async () => {
    const m = manifestOf('members-rerun-1');
    const forged = replaceRerun({ ...m, electorate: m.electorate - 1 });
    expect((await verify(forged.summary, forged.files)).failure).toMatchObject({ check: 'C4', ballot: 'members-rerun-1', message: expect.stringMatching(/electorate/) });
  });

  it('the tied members’ board passed off as the rerun (would have declared a winner from a tie): C3', async () => {
    const f = new Map(files);
    f.set('members-rerun-1.jsonl', files.get('members.jsonl')!);
    const s = clone(sim.summary);
    const tied = s.boards.find((b) => b.ballot === 'members')!;
    s.boards = s.boards.map((b) => (b.ballot === 'members-rerun-1' ? { ...b, electionHash: tied.electionHash, head: tied.head } : b));
    expect((await verify(s, f)).failure).toMatchObject({ check: 'C3', ballot: 'members-rerun-1' });
  });

  it('a rerun board that elects ada while the declaration says bea (a server re-counting the deciding ballot): C5', async () => {
    const forged = replaceRerun(manifestOf('members-rerun-1'), { ada: 7, bea: 5 });
    expect((await verify(forged.summary, forged.files)).failure).toMatchObject({ check: 'C5', ballot: 'members-rerun-1' });
  });
});
