/**
 * The contest verifier on a contest whose MP round tied under the rulebook's `rerun` policy: the tied board, the
 * rerun board (`round-1-rerun-1`) and the eliminations that follow from the rerun's verified count. Attacks: a
 * server that drops the tied board, passes the tied board off as the rerun, or declares from the tied count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../crypto';
import type { ContestEvent, ContestState } from './engine';
import { TINY_CONTEST } from './fixtures.test-helpers';
import { historicEvents } from './replay';
import { simulateHistoricContest, type ContestSimulation, type ContestSummary } from './simulate';
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
