/**
 * ATTACK (docs/threats.md, "server"; ADR 0605): under a rulebook whose tie policy is `lot`, a tied round's lot is drawn
 * from the hash of its board's close record. A server that holds the decrypted count could rebuild the closed board —
 * the same ballots in another order, every hash recomputed, the same close body — and so get another close record,
 * hence another lot; it would then append the same tally, the trustees' same partial decryptions and the same result,
 * and declare the round from the new close record. Trying orders until the lot puts out the candidate it wants is a
 * grinding of the lot after the count.
 *
 * The trustees' partial decryptions are now bound to the close record (context ['contest-tally', eh, close, i]), so
 * the old partials do not verify on the rebuilt board (R14): the server would need k trustees to decrypt it again.
 * This file builds the whole contest with the project's own functions (the simulation, the board, the engine, the
 * verifier), lets the server rebuild round 1's board until its lot keeps the candidate it wants, and checks that the
 * verifier refuses the board (R14) and the contest (C2), while the honest board and contest still verify. To make
 * the rebuilt board verify the server must ask k trustees to decrypt it again; an honest trustee's CLI remembers the
 * close record it decrypted under and refuses a second one of the same election.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keepDecryptedClose } from '../../src/cli/commands/ballot-trustee';
import { initCrypto } from '../../src/crypto';
import { AppError } from '../../src/domain/errors';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
import { ContestBoard, type ContestBallotBody, type ContestRecord } from '../../src/contest/board';
import { replayContestEvents, type ContestEvent, type ContestState } from '../../src/contest/engine';
import { TINY_CONTEST } from '../../src/contest/fixtures.test-helpers';
import { historicEvents } from '../../src/contest/replay';
import { lotSeed, lotTicket } from '../../src/contest/rounds';
import { ballotManifest, simulateContestBallot, simulateHistoricContest, type ContestSimulation, type ContestSummary } from '../../src/contest/simulate';
import { verifiedContestTally } from '../../src/contest/tally-to-decrypt';
import { verifyContestBoard } from '../../src/contest/verify';
import { verifyContest } from '../../src/contest/verify-contest';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const CONTEST = `replay-${TINY_CONTEST.rulebook}`;

/** TINY_CONTEST under the lot policy, round 1 tied for the last place (bea and cy on 10); the members vote 5–7. */
function lotEvents(survivor: string): ContestEvent[] {
  const events = historicEvents(TINY_CONTEST);
  const open = events[0]!;
  if (open.type !== 'open') throw new Error('no open event');
  open.input.rulebook = { ...open.input.rulebook, rounds: { ...open.input.rulebook.rounds, tie: 'lot' } };
  return events.map((e) => {
    if (e.type === 'declare-round') return { ...e, input: { ...e.input, counts: { ada: 15, bea: 10, cy: 10 } } };
    if (e.type === 'declare-members') return { ...e, input: { ...e.input, counts: { ada: 5, [survivor]: 7 } } };
    return e;
  });
}
/** Who the lot drawn from a round-1 close record puts out (the lower ticket). */
const loserFrom = (close: string) => {
  const seed = lotSeed(CONTEST, 'round-1', close);
  return lotTicket(seed, 1, 'bea') < lotTicket(seed, 1, 'cy') ? 'bea' : 'cy';
};

/** The honest contest: its round-1 lot (a fair coin on a fresh board) puts cy out, so bea meets ada on the members' ballot. */
function honestContest(): ContestSimulation {
  for (let i = 0; i < 64; i++) {
    try {
      return simulateHistoricContest(TINY_CONTEST, { events: lotEvents('bea') });
    } catch (e) {
      // This board's lot put bea out, so the members' counts name a candidate who is not a finalist: draw again.
      if (!(e instanceof AppError && e.code === 'ROUND_RESULT_INVALID')) throw e;
    }
  }
  throw new Error('no board put cy out in 64 fair draws');
}

/**
 * The server's rewrite of a closed, decrypted board: ballots `i` and `i + 1` (of different credentials, so the
 * counting rule counts the same ballots and the tally is unchanged) swapped, the chain re-hashed from there, the
 * same close body, then the same tally, the trustees' same partial decryptions and the same result appended.
 */
function rewrite(records: readonly ContestRecord[], i: number): ContestBoard | null {
  const seqs = records.filter((r) => r.type === 'ballot').map((r) => r.seq);
  const [a, b] = [records[seqs[i]!]!, records[seqs[i + 1]!]!];
  if ((a.body as ContestBallotBody).credential === (b.body as ContestBallotBody).credential) return null;
  const order = records.map((r) => (r === a ? b : r === b ? a : r));
  const board = new ContestBoard();
  for (const r of order) board.append(r.type, r.body as never);
  return board;
}

const verify = (summary: ContestSummary, files: Map<string, string>) => verifyContest(JSON.stringify(summary), (f) => files.get(f) ?? null);

let sim: ContestSimulation;
let files: Map<string, string>;
let round1: ContestBoard;
/** The rebuilt round-1 board whose lot puts bea out, not cy. */
let rebuilt: ContestBoard;

beforeAll(async () => {
  await initCrypto();
  sim = honestContest();
  files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
  round1 = sim.boards.find((b) => b.ballot === 'round-1')!.board;
  // The server grinds: swaps of two neighbouring ballots, tried until the new close record's lot puts bea out.
  for (let i = 0; ; i++) {
    const b = rewrite(round1.records, i);
    if (b && loserFrom(b.closeHash) === 'bea') {
      rebuilt = b;
      break;
    }
  }
});

/**
 * The contest as the server would publish it after the rewrite: round 1 declared from the rebuilt board's close
 * record (its lot puts bea out), the members' ballot run between ada and cy (5–7), and the state the engine replays.
 */
function forgedContest(): { summary: ContestSummary; files: Map<string, string> } {
  const s = clone(sim.summary);
  const d = s.events.findIndex((e) => e.type === 'declare-round');
  const decl = s.events[d]!;
  if (decl.type !== 'declare-round') throw new Error('no round declared');
  s.events[d] = { ...decl, input: { ...decl.input, boardClose: rebuilt.closeHash } };
  const m = s.events.findIndex((e) => e.type === 'declare-members');
  const before = replayContestEvents(s.events.slice(0, m));
  const md = s.events[m]!;
  if (md.type !== 'declare-members') throw new Error('no members’ declaration');
  const counts = { ada: 5, cy: 7 };
  const manifest = ballotManifest(before, 'members', before.members!.finalists, TINY_CONTEST.names, md.input.electorate, s.trustees, null, md.input.at);
  const members = simulateContestBallot({ manifest, counts, blank: md.input.rejected });
  s.events[m] = { ...md, input: { ...md.input, counts, boardClose: members.closeHash } };
  s.boards = s.boards.map((b) => (b.ballot === 'round-1' ? { ...b, head: rebuilt.head } : b.ballot === 'members' ? { ...b, electionHash: members.electionHash, head: members.head } : b));
  s.state = JSON.parse(canonicalJson(replayContestEvents(s.events))) as ContestState;
  const f = new Map(files);
  f.set(s.boards.find((b) => b.ballot === 'round-1')!.file, rebuilt.toJSONLines());
  f.set(s.boards.find((b) => b.ballot === 'members')!.file, members.toJSONLines());
  return { summary: s, files: f };
}

describe('a server that rewrites a closed board after its count is known, to redraw the lot', () => {
  it('the honest round-1 board and contest verify; the lot from its close record puts cy out', async () => {
    const r = await verifyContestBoard(round1.toJSONLines());
    expect(r.failure).toBeNull();
    expect(r.passed).toContain('R14');
    expect(r.summary.close?.hash).toBe(round1.closeHash);
    expect(loserFrom(round1.closeHash)).toBe('cy');
    const c = await verify(sim.summary, files);
    expect(c.failure).toBeNull();
    expect(c.passed).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']);
    expect(c.state!.candidates.find((x) => x.id === 'cy')).toMatchObject({ status: 'eliminated', outRound: 1, note: 'lot' });
  });

  it('the rebuilt board keeps the election, the ballots, the tally and the result — only its close record (hence its lot) differs', () => {
    expect(rebuilt.electionHash).toBe(round1.electionHash);
    expect(rebuilt.closeHash).not.toBe(round1.closeHash);
    expect(loserFrom(rebuilt.closeHash)).toBe('bea');
    for (const type of ['close', 'tally', 'partial_decryption', 'result'] as const) expect(rebuilt.ofType(type).map((r) => r.body)).toEqual(round1.ofType(type).map((r) => r.body));
  });

  it('the rebuilt board fails R14: every check before it passes, and the trustees’ partials do not hold for its close record', async () => {
    const r = await verifyContestBoard(rebuilt.toJSONLines());
    expect(r.ok).toBe(false);
    expect(r.passed).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11', 'R12', 'R13']);
    const first = rebuilt.ofType('partial_decryption')[0]!;
    expect(r.failure).toMatchObject({ check: 'R14', seq: first.seq, type: 'partial_decryption' });
    expect(r.failure!.message).toContain(`is invalid for this board's close record (${rebuilt.closeHash.slice(0, 16)}…)`);
    expect(r.failure!.message).toContain('the board rebuilt after its decryption');
  });

  it('the contest published from the rebuilt board (lot redrawn, bea out, the members’ ballot between ada and cy) fails C2 on round 1 with R14', async () => {
    const { summary, files: f } = forgedContest();
    // What the attack would gain: the engine, given the rebuilt board's close record, puts bea out and cy wins.
    expect(summary.state.candidates.find((c) => c.id === 'bea')).toMatchObject({ status: 'eliminated', outRound: 1, note: 'lot' });
    expect(summary.state.winner?.candidate).toBe('cy');
    const r = await verify(summary, f);
    expect(r.ok).toBe(false);
    expect(r.passed).toEqual(['C1']);
    expect(r.failure).toMatchObject({ check: 'C2', ballot: 'round-1' });
    expect(r.failure!.message).toMatch(/check R14 failed at record \d+: the partial decryption of trustee \d+ \(Trustee \d+\) for \w+ is invalid for this board's close record/);
  });

  it('an honest trustee asked to decrypt the rebuilt board again refuses: its tool kept the close record it decrypted under', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'closebind-'));
    const eh = round1.electionHash;
    // The first decryption: the tool verifies the board up to its tally and keeps that board's close record.
    const honest = await verifiedContestTally(round1.toJSONLines(), eh);
    expect(honest.close).toBe(round1.closeHash);
    await keepDecryptedClose(dir, 2, eh, honest.close);
    await keepDecryptedClose(dir, 2, eh, honest.close); // the same board again (a retry) is fine
    expect(JSON.parse(readFileSync(join(dir, `decrypted-trustee-2-${eh.slice(0, 16)}.json`), 'utf8'))).toEqual({ election: eh, close: round1.closeHash });
    // The rebuilt board verifies up to its tally (R1–R13), so without the kept close the tool would decrypt it.
    const again = await verifiedContestTally(rebuilt.toJSONLines(), eh);
    expect(again.close).toBe(rebuilt.closeHash);
    await expect(keepDecryptedClose(dir, 2, eh, again.close)).rejects.toMatchObject({ code: 'BOARD_CHECK_FAILED', message: expect.stringContaining(`you already decrypted this ballot's tally under its close record ${round1.closeHash.slice(0, 16)}…`) });
    // Another trustee (its own file) and another election are not affected.
    await keepDecryptedClose(dir, 3, eh, again.close);
    await keepDecryptedClose(dir, 2, 'f'.repeat(64), again.close);
  });
});
