/**
 * The contest verifier on a contest whose MP round tied under the rulebook's `rerun` policy: the tied board, the
 * rerun board (`round-1-rerun-1`) and the eliminations that follow from the rerun's verified count. Attacks: a
 * server that drops the tied board, passes the tied board off as the rerun, or declares from the tied count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../crypto';
import type { ContestEvent, ContestState } from './engine';
import { FOUR_CONTEST, TINY_CONTEST } from './fixtures.test-helpers';
import { historicEvents } from './replay';
import { simulateContestBallot, simulateHistoricContest, type ContestSimulation, type ContestSummary } from './simulate';
import { replayContestEvents } from './engine';
import { lotSeed, lotTicket } from './rounds';
import type { ContestBallotManifest } from './board';
import { canonicalJson } from '../domain/audit/canonical-json';
import { roundTable, verifyContest } from './verify-contest';

let sim: ContestSimulation;
let files: Map<string, string>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const verify = (summary: ContestSummary, f = files) => verifyContest(JSON.stringify(summary), (name) => f.get(name) ?? null);

/** TINY_CONTEST with round 1 tied (bea and cy on 10), its rerun scheduled, and the rerun counted as published. */
function tiedEvents(): ContestEvent[] {
  const events = historicEvents(TINY_CONTEST);
  const i = events.findIndex((e) => e.type === 'declare-round');
  const tie: ContestEvent = { type: 'declare-round', input: { counts: { ada: 15, bea: 10, cy: 10 }, spoilt: 1, electorate: 40, at: '2024-09-04T16:00:00Z' } };
  const rerun: ContestEvent = { type: 'rerun', at: '2024-09-04T17:00:00Z', opensAt: '2024-09-05T13:00:00Z' };
  const e = events[i]!;
  if (e.type === 'declare-round') e.input = { ...e.input, at: '2024-09-05T16:00:00Z' };
  events.splice(i, 0, tie, rerun);
  return events;
}

beforeAll(async () => {
  await initCrypto();
  sim = simulateHistoricContest(TINY_CONTEST, { events: tiedEvents() });
  files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
});

describe('a contest with a tied round and its rerun', () => {
  it('verifies the tied board, the rerun board and the eliminations from the rerun’s count', async () => {
    expect(sim.summary.boards.map((b) => b.ballot)).toEqual(['round-1', 'round-1-rerun-1', 'members']);
    const r = await verify(sim.summary);
    expect(r.failure).toBeNull();
    expect(r.passed).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']);
    const round = r.state!.rounds[0]!;
    expect(round.ties).toMatchObject([{ ballot: 'round-1', counts: { ada: 15, bea: 10, cy: 10 } }]);
    expect(round.result?.counts).toEqual({ ada: 15, bea: 12, cy: 9 });
    expect(r.state!.candidates.find((c) => c.id === 'cy')).toMatchObject({ status: 'eliminated', outRound: 1 });
    expect(r.state!.winner).toMatchObject({ candidate: 'bea', how: 'members' });
    expect(roundTable(r.state!).columns).toEqual(['R1', 'Members']);
  });
});

describe('attacks on a contest with a rerun', () => {
  it('a server that drops the tied board (would have hidden the tie) fails C7 naming the tied ballot', async () => {
    const f = new Map(files);
    f.delete('round-1.jsonl');
    const s = clone(sim.summary);
    s.boards = s.boards.filter((b) => b.ballot !== 'round-1');
    const r = await verify(s, f);
    expect(r.failure).toMatchObject({ check: 'C7', ballot: 'round-1' });
  });
  it('a server that drops the tied board and its events, declaring round 1 from the rerun board alone, fails C7', async () => {
    const s = clone(sim.summary);
    const tieAt = s.events.findIndex((e) => e.type === 'declare-round');
    s.events.splice(tieAt, 2);
    s.boards = s.boards.filter((b) => b.ballot !== 'round-1');
    const r = await verify(s);
    expect(r.failure).toMatchObject({ check: 'C7', ballot: 'round-1' });
  });
  it('the tied board passed off as the rerun board (would have declared from the tied count) fails C3', async () => {
    const f = new Map(files);
    f.set('round-1-rerun-1.jsonl', files.get('round-1.jsonl')!);
    const s = clone(sim.summary);
    const tied = s.boards.find((b) => b.ballot === 'round-1')!;
    s.boards = s.boards.map((b) => (b.ballot === 'round-1-rerun-1' ? { ...b, electionHash: tied.electionHash, head: tied.head } : b));
    const r = await verify(s, f);
    expect(r.failure).toMatchObject({ check: 'C3', ballot: 'round-1-rerun-1' });
  });
  it('a declaration of the rerun with the tied board’s counts fails C5', async () => {
    const s = clone(sim.summary);
    const e = s.events.filter((x) => x.type === 'declare-round')[1]!;
    if (e.type === 'declare-round') e.input.counts = { ada: 15, bea: 10, cy: 10 };
    const r = await verify(s);
    expect(r.failure).toMatchObject({ check: 'C5', ballot: 'round-1-rerun-1' });
  });
  it('a server that declares from the tied count, skipping the rerun (would have put bea out by its own choice), fails C6', async () => {
    const s = clone(sim.summary);
    const rerunAt = s.events.findIndex((e) => e.type === 'rerun');
    s.events.splice(rerunAt, 2);
    s.boards = s.boards.filter((b) => b.ballot !== 'round-1-rerun-1');
    const state = s.state as ContestState;
    for (const c of state.candidates) if (c.id === 'bea') Object.assign(c, { status: 'eliminated', outRound: 1, note: 'lowest' });
    const r = await verify(s);
    expect(r.failure?.check).toBe('C6');
  });
});

/**
 * A withdrawal between a tied count and its rerun (docs/contest.md §2): FOUR_CONTEST's round 1 ties cy and dee for
 * the last place. Honest contests: (a) dee withdraws, so cy is out on the tied count, no rerun board; the members'
 * ballot then ties and is run again; (b) bea (not tied) withdraws, so the rerun goes ahead among ada, cy and dee.
 */
describe('a contest with a withdrawal before a rerun', () => {
  const base = () => historicEvents(FOUR_CONTEST, { members: false });
  const decides: ContestEvent[] = [
    ...base(),
    { type: 'withdraw', candidate: 'dee', at: '2024-09-04T18:00:00Z' },
    { type: 'declare-members', input: { counts: { ada: 6, bea: 6 }, rejected: 1, electorate: 14, at: '2024-10-31T17:00:00Z' } },
    { type: 'rerun', at: '2024-11-01T09:00:00Z' },
    { type: 'declare-members', input: { counts: { ada: 5, bea: 7 }, rejected: 1, electorate: 14, at: '2024-11-20T17:00:00Z' } },
  ];
  const remains: ContestEvent[] = [
    ...base(),
    { type: 'withdraw', candidate: 'bea', at: '2024-09-04T18:00:00Z' },
    { type: 'rerun', at: '2024-09-04T19:00:00Z', opensAt: '2024-09-05T13:00:00Z' },
    { type: 'declare-round', input: { counts: { ada: 20, cy: 12, dee: 9 }, spoilt: 0, electorate: 50, at: '2024-09-05T16:00:00Z' } },
    { type: 'declare-members', input: { counts: { ada: 5, cy: 7 }, rejected: 1, electorate: 14, at: '2024-10-31T17:00:00Z' } },
  ];
  let a: ContestSimulation;
  let b: ContestSimulation;
  const filesOf = (x: ContestSimulation) => new Map(x.boards.map((y) => [y.file, y.board.toJSONLines()]));
  beforeAll(() => {
    a = simulateHistoricContest(FOUR_CONTEST, { events: decides });
    b = simulateHistoricContest(FOUR_CONTEST, { events: remains });
  });

  it('verifies both: the tie decided by the withdrawal on the tied count, and the rerun among the candidates left', async () => {
    expect(a.summary.boards.map((x) => x.ballot)).toEqual(['round-1', 'members', 'members-rerun-1']);
    const ra = await verify(a.summary, filesOf(a));
    expect(ra.failure).toBeNull();
    expect(ra.state!.rounds[0]!.result?.outcome.eliminated).toEqual([{ candidate: 'cy', votes: 8, reason: 'lowest' }]);
    expect(ra.state!.winner).toMatchObject({ candidate: 'bea', how: 'members' });
    expect(b.summary.boards.map((x) => x.ballot)).toEqual(['round-1', 'round-1-rerun-1', 'members']);
    const rb = await verify(b.summary, filesOf(b));
    expect(rb.failure).toBeNull();
    expect(rb.boards.find((x) => x.ballot === 'round-1-rerun-1')!.report.summary.manifest!.candidates.map((c) => c.id)).toEqual(['ada', 'cy', 'dee']);
    expect(rb.state!.candidates.find((c) => c.id === 'dee')).toMatchObject({ status: 'eliminated', outRound: 1 });
  });

  it('a server that lets a finalist withdraw before the members’ rerun (the 2024 undertaking forbids it) fails C6', async () => {
    const s = clone(a.summary);
    const rerunAt = s.events.findIndex((e) => e.type === 'rerun');
    s.events.splice(rerunAt, 2, { type: 'withdraw', candidate: 'ada', at: '2024-11-01T09:00:00Z' });
    s.boards = s.boards.filter((x) => x.ballot !== 'members-rerun-1');
    const state = s.state as ContestState;
    state.candidates.find((c) => c.id === 'ada')!.status = 'withdrawn';
    const r = await verify(s, filesOf(a));
    expect(r.failure).toMatchObject({ check: 'C6' });
    expect(r.failure!.message).toMatch(/event \d+ \(withdraw\) is not allowed by the rulebook: the final 2 have undertaken not to withdraw/);
  });

  it('a server that drops the rerun after a withdrawal that did not decide the tie (putting dee out by its own choice) fails C6', async () => {
    const s = clone(b.summary);
    const rerunAt = s.events.findIndex((e) => e.type === 'rerun');
    s.events.splice(rerunAt, 2);
    s.boards = s.boards.filter((x) => x.ballot !== 'round-1-rerun-1');
    const state = s.state as ContestState;
    Object.assign(state.candidates.find((c) => c.id === 'dee')!, { status: 'eliminated', outRound: 1, note: 'lowest' });
    const r = await verify(s, filesOf(b));
    expect(r.failure).toMatchObject({ check: 'C6' });
    expect(r.failure!.message).toMatch(/the members' ballot is declared while none is pending/);
    // Nor can it pass the tied board off as the rerun's count without the rerun event: no ballot of round 1 is pending.
    const t = clone(b.summary);
    const at = t.events.findIndex((e) => e.type === 'rerun');
    t.events.splice(at, 2, { type: 'declare-round', input: { counts: { ada: 18, cy: 8, dee: 8 }, spoilt: 1, electorate: 50, at: '2024-09-05T16:00:00Z' } });
    t.boards = t.boards.filter((x) => x.ballot !== 'round-1-rerun-1');
    expect((await verify(t, filesOf(b))).failure).toMatchObject({ check: 'C6', message: expect.stringMatching(/round 1 is declared while no ballot of it is pending/) });
  });

  it('a server that runs a rerun after a withdrawal that decided the tie fails C6', async () => {
    const s = clone(a.summary);
    s.events.splice(s.events.findIndex((e) => e.type === 'withdraw') + 1, 0, { type: 'rerun', at: '2024-09-04T19:00:00Z' });
    const r = await verify(s, filesOf(a));
    expect(r.failure).toMatchObject({ check: 'C6', message: expect.stringMatching(/\(rerun\) is not allowed by the rulebook: no tied ballot is waiting/) });
  });
});

describe('a contest whose members’ ballot tied under the `lot` policy', () => {
  /** TINY_CONTEST under `lot`: round 1 as published (cy out), then the members tie 6–6 between ada and bea. */
  function lotEvents(): ContestEvent[] {
    const events = historicEvents(TINY_CONTEST);
    const open = events[0]!;
    if (open.type === 'open') open.input.rulebook = { ...open.input.rulebook, rounds: { ...open.input.rulebook.rounds, tie: 'lot' } };
    return events.map((e) => (e.type === 'declare-members' ? { ...e, input: { ...e.input, counts: { ada: 6, bea: 6 } } } : e));
  }
  let lotSim: ContestSimulation;
  let lotFiles: Map<string, string>;
  beforeAll(() => {
    lotSim = simulateHistoricContest(TINY_CONTEST, { events: lotEvents() });
    lotFiles = new Map(lotSim.boards.map((b) => [b.file, b.board.toJSONLines()]));
  });

  it('verifies: the winner is drawn from the members’ board’s close record, which the declaration carries; the events replay to the same state', async () => {
    const close = lotSim.boards.find((b) => b.ballot === 'members')!.board.ofType('close')[0]!.hash;
    const declared = lotSim.summary.events.find((e) => e.type === 'declare-members')!;
    expect(declared.type === 'declare-members' && declared.input.boardClose).toBe(close);
    const r = await verify(lotSim.summary, lotFiles);
    expect(r.failure).toBeNull();
    const seed = lotSeed(lotSim.summary.contestId, 'members', close);
    const winner = lotTicket(seed, 0, 'ada') > lotTicket(seed, 0, 'bea') ? 'ada' : 'bea';
    expect(r.state!.winner).toMatchObject({ candidate: winner, how: 'members' });
    expect(r.state!.members!.result!.lot).toMatchObject({ ballot: 'members', close, seed });
    // The replay of the published events alone (no boards) gives the published state: the lot is in the events.
    expect(JSON.parse(canonicalJson(replayContestEvents(lotSim.summary.events)))).toEqual(lotSim.summary.state);
  });

  it('a members’ board swapped for another with the same counts (so another close record) fails: the lot was not drawn from the listed board', async () => {
    const old = lotSim.boards.find((b) => b.ballot === 'members')!.board;
    const manifest = (old.records[0]!.body as { manifest: ContestBallotManifest }).manifest;
    const { version: _v, ...m } = manifest;
    const board = simulateContestBallot({ manifest: { ...m, nonce: 'ff'.repeat(16) }, counts: { ada: 6, bea: 6 }, blank: 1 });
    const f = new Map(lotFiles);
    f.set('members.jsonl', board.toJSONLines());
    const s = clone(lotSim.summary);
    s.boards = s.boards.map((b) => (b.ballot === 'members' ? { ...b, electionHash: board.electionHash, head: board.head } : b));
    const r = await verify(s, f);
    expect(r.failure).toMatchObject({ check: 'C6', ballot: 'members' });
    expect(r.failure!.message).toContain('the lot was not drawn from this board');
  });
  it('a board with no voting window under the `lot` policy fails C4 (the close’s time, and so the lot, would be the server’s choice)', async () => {
    const old = lotSim.boards.find((b) => b.ballot === 'members')!.board;
    const { version: _v, ...m } = (old.records[0]!.body as { manifest: ContestBallotManifest }).manifest;
    const board = simulateContestBallot({ manifest: { ...m, opensAt: null, closesAt: null }, counts: { ada: 6, bea: 6 }, blank: 1 });
    const f = new Map(lotFiles);
    f.set('members.jsonl', board.toJSONLines());
    const s = clone(lotSim.summary);
    s.boards = s.boards.map((b) => (b.ballot === 'members' ? { ...b, electionHash: board.electionHash, head: board.head } : b));
    const r = await verify(s, f);
    expect(r.failure).toMatchObject({ check: 'C4', ballot: 'members' });
    expect(r.failure!.message).toMatch(/no voting window \(closesAt\), but the rulebook breaks ties by lot/);
  });
});
