import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { publicView, type ContestState } from './engine';
import { TINY_CONTEST } from './fixtures.test-helpers';
import { simulateHistoricContest, type ContestSimulation, type ContestSummary } from './simulate';
import { roundTable, verifyContest } from './verify-contest';

let sim: ContestSimulation;
let files: Map<string, string>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const verify = (summary: ContestSummary, f = files) => verifyContest(JSON.stringify(summary), (name) => f.get(name) ?? null);

beforeAll(async () => {
  await initCrypto();
  sim = simulateHistoricContest(TINY_CONTEST, { rng: undefined });
  files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
});

describe('a whole contest: boards, events, state', () => {
  it('verifies every board and derives the eliminations and the winner from the decrypted counts', async () => {
    const r = await verify(sim.summary);
    expect(r.failure).toBeNull();
    expect(r.passed).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']);
    expect(r.state?.candidates.find((c) => c.id === 'cy')).toMatchObject({ status: 'eliminated', outRound: 1 });
    expect(r.state?.winner).toMatchObject({ candidate: 'bea', how: 'members' });
    const t = roundTable(r.state!);
    expect(t.columns).toEqual(['R1', 'Members']);
    expect(t.rows.map((x) => [x.candidate, ...x.cells, x.fate])).toEqual([
      ['bea', 12, 7, 'elected (members)'],
      ['ada', 15, 5, 'runner-up'],
      ['cy', 9, null, 'out in round 1'],
    ]);
    expect(t.spoilt).toEqual([1, 1]);
  });
});

describe('a contest assembled from a server’s public records (no state: its public view instead)', () => {
  it('passes C1–C7 against the public view, telling each check as it passes', async () => {
    const { state, ...rest } = clone(sim.summary);
    const seen: string[] = [];
    const r = await verifyContest(JSON.stringify(rest), (name) => files.get(name) ?? null, { publishedView: { ...publicView(state), names: {}, ballots: [] }, onContestCheck: (c) => seen.push(c), onCheck: (c) => seen.push(c) });
    expect(r.failure).toBeNull();
    expect(seen.filter((c) => c.startsWith('C'))).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']);
    expect(seen.filter((c) => c === 'R15')).toHaveLength(sim.summary.boards.length);
  });
  it('a public view naming another winner (would have let the server announce the runner-up) fails C6', async () => {
    const { state, ...rest } = clone(sim.summary);
    const view = clone(publicView(state));
    view.winner = { ...view.winner!, candidate: 'ada' };
    const r = await verifyContest(JSON.stringify(rest), (name) => files.get(name) ?? null, { publishedView: view });
    expect(r.failure?.check).toBe('C6');
    expect(r.failure?.message).toMatch(/winner: published ada, the rulebook gives bea/);
  });
});

describe('attacks on a contest (whole summaries rebuilt, not flipped bytes)', () => {
  it('a published state that eliminates the wrong candidate (would have kept Cy in and put Ada out) fails C6', async () => {
    const s = clone(sim.summary);
    const state = s.state as ContestState;
    for (const c of state.candidates) {
      if (c.id === 'cy') Object.assign(c, { status: 'standing', outRound: null, note: null });
      if (c.id === 'ada') Object.assign(c, { status: 'eliminated', outRound: 1, note: 'lowest' });
    }
    const r = await verify(s);
    expect(r.failure?.check).toBe('C6');
    expect(r.failure?.message).toMatch(/ada: published eliminated in round 1, the rulebook gives standing/);
  });
  it('a declaration whose counts differ from its board (would have swapped the members’ result) fails C5', async () => {
    const s = clone(sim.summary);
    const e = s.events.find((x) => x.type === 'declare-members')!;
    if (e.type === 'declare-members') e.input.counts = { ada: 7, bea: 5 };
    const r = await verify(s);
    expect(r.failure?.check).toBe('C5');
  });
  it('the round board passed off as the members’ board (would have let MPs choose the winner) fails C3', async () => {
    const f = new Map(files);
    f.set('members.jsonl', files.get('round-1.jsonl')!);
    const s = clone(sim.summary);
    s.boards = s.boards.map((b) => (b.ballot === 'members' ? { ...b, electionHash: sim.boards[0]!.board.electionHash, head: sim.boards[0]!.board.head } : b));
    const r = await verify(s, f);
    expect(r.failure?.check).toBe('C3');
  });
  it('a board of another contest with the same candidates (would have replayed an old result) fails C3', async () => {
    const other = simulateHistoricContest(TINY_CONTEST, { id: 'another' });
    const f = new Map(files);
    f.set('round-1.jsonl', other.boards[0]!.board.toJSONLines());
    const s = clone(sim.summary);
    s.boards[0] = { ...s.boards[0]!, electionHash: other.summary.boards[0]!.electionHash, head: other.summary.boards[0]!.head };
    const r = await verify(s, f);
    expect(r.failure).toMatchObject({ check: 'C3', ballot: 'round-1' });
    expect(r.failure?.message).toMatch(/contest another/);
  });
  it('a missing board fails C2, and a board with a forged result fails C2 naming the round check', async () => {
    const f = new Map(files);
    f.delete('round-1.jsonl');
    expect((await verify(sim.summary, f)).failure).toMatchObject({ check: 'C2', ballot: 'round-1' });
    f.set('round-1.jsonl', files.get('round-1.jsonl')!.replace('"cy":9', '"cy":19'));
    expect((await verify(sim.summary, f)).failure?.message).toMatch(/check R2 failed/);
  });
  it('a nomination the rulebook does not allow, inserted into the events, fails C6', async () => {
    const s = clone(sim.summary);
    const i = s.events.findIndex((e) => e.type === 'close-nominations');
    s.events.splice(i, 0, { type: 'nominate', input: { candidate: 'ada', nominator: 'mp-001', role: 'supporter', at: '2024-07-25T10:00:00Z' } });
    const r = await verify(s);
    expect(r.failure).toMatchObject({ check: 'C6' });
    expect(r.failure?.message).toMatch(/already nominated/);
    expect(canonicalJson(s.state)).toBe(canonicalJson(sim.summary.state));
  });
});
