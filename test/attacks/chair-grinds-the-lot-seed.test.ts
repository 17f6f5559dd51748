/**
 * ATTACK (docs/threats.md, "chair"): under a rulebook whose tie policy is `lot`, a chair that could name the lot's
 * seed after the tied count is known could try seeds offline — "beacon at 16:00:00", "beacon at 16:00:01", … —
 * until the lot puts out the candidate it wants, and publish that one.
 *
 * Nobody names the seed any more: it is SHA-256 of the contest, the ballot and the hash of the close record of the
 * board whose count tied (docs/decisions/0605-lot-seed-from-the-board-close.md), fixed when the board closed, before
 * the trustees decrypted the count. The engine derives it, the declaration shows it, and the contest verifier redraws
 * it from the board (C6). This file builds the whole contest with the project's own functions — the simulation, the
 * engine, the verifier — then lets the chair grind: (1) another close-record hash for the declaration, tried until
 * its lot suits, re-declared through the engine and published with the state the engine gives; (2) an old-style
 * declaration that names its own seed. The verifier refuses both with C6.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto';
import { AppError } from '../../src/domain/errors';
import { sha256Hex } from '../../src/ballot/records';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
import { replayContestEvents, type ContestEvent, type ContestState } from '../../src/contest/engine';
import { TINY_CONTEST } from '../../src/contest/fixtures.test-helpers';
import { historicEvents } from '../../src/contest/replay';
import { lotSeed, lotTicket } from '../../src/contest/rounds';
import { ballotManifest, simulateContestBallot, simulateHistoricContest, type ContestSimulation, type ContestSummary } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const CONTEST = `replay-${TINY_CONTEST.rulebook}`;

/** TINY_CONTEST under the lot policy, round 1 tied for the last place (bea and cy on 10); the members vote 5–7. */
function lotEvents(): ContestEvent[] {
  const events = historicEvents(TINY_CONTEST);
  const open = events[0]!;
  if (open.type !== 'open') throw new Error('no open event');
  open.input.rulebook = { ...open.input.rulebook, rounds: { ...open.input.rulebook.rounds, tie: 'lot' } };
  const d = events.find((e) => e.type === 'declare-round')!;
  if (d.type === 'declare-round') d.input = { ...d.input, counts: { ada: 15, bea: 10, cy: 10 } };
  return events;
}
const loserOf = (seed: string) => (lotTicket(seed, 1, 'bea') < lotTicket(seed, 1, 'cy') ? 'bea' : 'cy');

/** The members' declaration between ada and whoever the lot kept (the count the members' board is built from). */
function withMembers(events: ContestEvent[], survivor: string): ContestEvent[] {
  return events.map((e) => (e.type === 'declare-members' ? { ...e, input: { ...e.input, counts: { ada: 5, [survivor]: 7 } } } : e));
}

/** The honest contest: round 1's lot drawn from its board's close record (the simulation puts it in the declaration). */
function honestContest(): ContestSimulation {
  // The simulation draws every board afresh, so its round-1 lot is a fair coin: keep the first contest whose lot puts
  // cy out, so that the members' counts (ada against bea) fit.
  for (let i = 0; i < 64; i++) {
    try {
      return simulateHistoricContest(TINY_CONTEST, { events: withMembers(lotEvents(), 'bea') });
    } catch (e) {
      // This board's lot put bea out, so the members' counts (ada against bea) name a candidate who is not a finalist.
      if (!(e instanceof AppError && e.code === 'ROUND_RESULT_INVALID')) throw e;
    }
  }
  throw new Error('no board put cy out in 64 fair draws');
}

const verify = (summary: ContestSummary, files: Map<string, string>) => verifyContest(JSON.stringify(summary), (f) => files.get(f) ?? null);

let sim: ContestSimulation;
let files: Map<string, string>;
let round1Close: string;
beforeAll(async () => {
  await initCrypto();
  sim = honestContest();
  files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
  round1Close = sim.boards.find((b) => b.ballot === 'round-1')!.board.ofType('close')[0]!.hash;
});

/**
 * The chair's forgery, made with the project's own functions: round 1 re-declared from another close-record hash
 * (`ground`), which the engine turns into a lot that puts bea out; a members' board built for the finalists that lot
 * leaves (ada and cy), counted 5–7; its declaration; and the state the engine replays from those events. Every
 * board, count and candidate list is then consistent — only the lot's source is not the tied board's close record.
 */
function forge(ground: string): { summary: ContestSummary; files: Map<string, string> } {
  const s = clone(sim.summary);
  const i = s.events.findIndex((e) => e.type === 'declare-round');
  const d = s.events[i]!;
  if (d.type !== 'declare-round') throw new Error('no round declared');
  s.events[i] = { ...d, input: { ...d.input, boardClose: ground } };
  const m = s.events.findIndex((e) => e.type === 'declare-members');
  const before = replayContestEvents(s.events.slice(0, m));
  const decl = s.events[m]!;
  if (decl.type !== 'declare-members') throw new Error('no members’ declaration');
  const counts = { ada: 5, [before.members!.finalists.find((f) => f !== 'ada')!]: 7 };
  const manifest = ballotManifest(before, 'members', before.members!.finalists, TINY_CONTEST.names, decl.input.electorate, s.trustees, null, decl.input.at);
  const board = simulateContestBallot({ manifest, counts, blank: decl.input.rejected });
  s.events[m] = { ...decl, input: { ...decl.input, counts, boardClose: board.ofType('close')[0]!.hash } };
  s.boards = s.boards.map((b) => (b.ballot === 'members' ? { ...b, electionHash: board.electionHash, head: board.head } : b));
  s.state = JSON.parse(canonicalJson(replayContestEvents(s.events))) as ContestState;
  const f = new Map(files);
  f.set('members.jsonl', board.toJSONLines());
  return { summary: s, files: f };
}

/** The chair grinds: values tried until the lot they give puts bea out (and keeps cy, the candidate it wants). */
function grind(): string {
  for (let i = 0; ; i++) {
    const v = sha256Hex(`chair's try ${i}`);
    if (loserOf(lotSeed(CONTEST, 'round-1', v)) === 'bea') return v;
  }
}

describe('the lot of a tied round is drawn from the tied board’s close record, and a chair cannot choose it', () => {
  it('the honest contest verifies: the declaration carries the board’s close record, the lot drawn from it puts cy out, and anyone redraws it', async () => {
    const r = await verify(sim.summary, files);
    expect(r.failure).toBeNull();
    expect(r.passed).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']);
    const lot = r.state!.rounds[0]!.result!.outcome.lot!;
    expect(lot).toMatchObject({ ballot: 'round-1', close: round1Close, seed: lotSeed(CONTEST, 'round-1', round1Close) });
    expect(r.state!.candidates.find((c) => c.id === 'cy')).toMatchObject({ status: 'eliminated', outRound: 1, note: 'lot' });
  });

  it('a chair that grinds another close-record hash until the lot keeps cy, and re-declares through the engine with a members’ board to match, fails C6', async () => {
    const { summary, files: f } = forge(grind());
    // What the attack would gain: the engine, given the ground value, puts bea out and cy goes to the members.
    expect(summary.state.candidates.find((c) => c.id === 'bea')).toMatchObject({ status: 'eliminated', outRound: 1, note: 'lot' });
    expect(summary.state.winner?.candidate).toBe('cy');
    const r = await verify(summary, f);
    expect(r.ok).toBe(false);
    // Every board passes and every count is the board's; the lot's source is what fails.
    expect(r.passed).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    expect(r.failure).toMatchObject({ check: 'C6', ballot: 'round-1' });
    expect(r.failure!.message).toContain('the lot was not drawn from this board');
  });

  it('the same forgery with the declaration’s close record left out fails too: the verifier redraws from the board, which keeps bea, so the forged members’ ballot does not fit', async () => {
    const { summary, files: f } = forge(grind());
    const i = summary.events.findIndex((e) => e.type === 'declare-round');
    const d = summary.events[i]!;
    if (d.type === 'declare-round') summary.events[i] = { ...d, input: { ...d.input, boardClose: null } };
    const r = await verify(summary, f);
    // The board's own lot puts cy out, so the members' declaration (ada against cy) names someone who is not a finalist.
    expect(r.failure?.check).toBe('C6');
    expect(r.failure?.message).toContain('no valid count for the finalist bea');
  });

  it('a chair that names its own seed, as declarations could before, fails C6 (the seed is refused, whatever it is)', async () => {
    let seed = 'drand quicknet round 12345678';
    for (let i = 0; loserOf(seed) !== 'bea'; i++) seed = `drand quicknet round ${12345678 + i}`;
    const { summary, files: f } = forge(grind());
    const i = summary.events.findIndex((e) => e.type === 'declare-round');
    const d = summary.events[i]!;
    if (d.type === 'declare-round') summary.events[i] = { ...d, input: { ...d.input, boardClose: round1Close, lotSeed: seed } as typeof d.input };
    const r = await verify(summary, f);
    expect(r.failure).toMatchObject({ check: 'C6', ballot: 'round-1' });
    expect(r.failure!.message).toContain('names its own lot seed');
  });
});
