import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../src/crypto';
import { generateAuthorityKey } from '../src/ballot';
import { lotSeed, lotTicket } from '../src/contest/rounds';
import type { ContestState } from '../src/contest/engine';
import { contests } from '../src/db/schema/contest';
import { DEMO_CHAIR } from '../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from './support/api';
import { contestBoardSteps, type Ceremony } from './support/contest-board';

/**
 * A tie broken by lot through the server (in-process, app.request()). No preset draws lots (all re-run), so the test
 * opens a 2024 contest and sets the stored rulebook's tie policy to `lot` before the first round. Round 1's board
 * decrypts to a tie for the last place; posting its result declares the round with the hash of the board's close
 * record, and the engine draws the lot from it — the chair names nothing. Bad input: a declaration or a result that
 * names a seed (LOT_SEED_NOT_ACCEPTED, 400), a tie by lot declared by hand with no board (LOT_NEEDS_BOARD, 409).
 */
describe('a tie broken by lot on the server', () => {
  let api: ApiHarness;
  let chair: ApiClient;
  let anon: ApiClient;
  let clock = new Date('2022-07-11T12:00:00Z');
  const ID = 'lot-2024';
  const C = `/api/contests/${ID}`;
  const CANDIDATES = ['boris-johnson', 'jeremy-hunt', 'michael-gove'];
  const AUTHORITY = generateAuthorityKey();

  const { ceremony, vote, count, openWithCandidates } = contestBoardSteps({ authority: AUTHORITY, state: () => ({ api, anon, chair, clock }), advanceClock: async (to) => {
    clock = to;
    chair = await api.loginAs(DEMO_CHAIR.email);
  } });

  beforeAll(async () => {
    await initCrypto();
    api = await startApi({ letters: 'none' });
    api.runtime.ctx.clock = () => clock;
    chair = await api.loginAs(DEMO_CHAIR.email);
    anon = api.client();
    await openWithCandidates({ id: ID, rulebookId: 'conservative-2024', candidates: CANDIDATES, nominators: 10, nominationsClose: '2022-07-12T17:00:00Z' });
    const db = api.runtime.ctx.db;
    const [row] = await db.select({ state: contests.state }).from(contests).where(eq(contests.id, ID));
    const state = row!.state as ContestState;
    await db.update(contests).set({ state: { ...state, rulebook: { ...state.rulebook, rounds: { ...state.rulebook.rounds, tie: 'lot' } } } }).where(eq(contests.id, ID));
    expect((await chair.request('POST', `${C}/rounds`, { opensAt: '2022-07-13T13:00:00Z' })).status).toBe(200);
  }, 60_000);
  afterAll(async () => api?.close());

  let round1: Ceremony;

  it('a declaration by hand that names a seed is refused (LOT_SEED_NOT_ACCEPTED), as is a result posted with one; nothing is written', async () => {
    const named = await chair.request('POST', `${C}/rounds/result`, { counts: { 'boris-johnson': 5, 'jeremy-hunt': 3, 'michael-gove': 3 }, spoilt: 0, lotSeed: 'drand quicknet round 1' });
    expect(named.status).toBe(400);
    expect(named.body.error.code).toBe('LOT_SEED_NOT_ACCEPTED');
    const members = await chair.request('POST', `${C}/members-result`, { counts: { 'boris-johnson': 5, 'jeremy-hunt': 5 }, rejected: 0, electorate: 10, lotSeed: 'x' });
    expect(members.body.error.code).toBe('LOT_SEED_NOT_ACCEPTED');
    expect((await anon.get(C)).body.rounds[0].result).toBeNull();
  });

  it('a tie by lot declared by hand (no board, so no close record) is refused with LOT_NEEDS_BOARD; nothing is written', async () => {
    const r = await chair.request('POST', `${C}/rounds/result`, { counts: { 'boris-johnson': 5, 'jeremy-hunt': 3, 'michael-gove': 3 }, spoilt: 0 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('LOT_NEEDS_BOARD');
    expect((await anon.get(C)).body.rounds[0].result).toBeNull();
  });

  it('round 1 on its board ties; its result names no seed and the lot is drawn from the board’s close record, shown in the contest', async () => {
    // Under `lot` a board needs a voting window: its close record, which the lot is drawn from, is then pinned (R12).
    const noWindow = await chair.request('POST', `${C}/ballots`, { authority: AUTHORITY.public });
    expect(noWindow.status).toBe(400);
    expect(noWindow.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^closesAt: the rulebook breaks ties by lot/) });
    const r = await chair.request('POST', `${C}/ballots`, { authority: AUTHORITY.public, trusteeNames: ['Ann', 'Bob', 'Cat'], closesAt: '2022-07-13T17:00:00Z' });
    expect(r.status, r.text).toBe(201);
    round1 = await ceremony(r.body.id);
    await vote(round1, { 'boris-johnson': 5, 'jeremy-hunt': 3, 'michael-gove': 3 });
    clock = new Date('2022-07-13T17:00:00Z');
    chair = await api.loginAs(DEMO_CHAIR.email);
    // A result request that names a seed is refused before anything is decrypted or posted.
    expect((await chair.request('POST', `/api/elections/${round1.eid}/result`, { lotSeed: 'drand quicknet round 2' })).body.error.code).toBe('LOT_SEED_NOT_ACCEPTED');
    await count(round1);
    const board = (await anon.get(`/api/elections/${round1.eid}/board.jsonl`)).text;
    const close = board.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; hash: string }).find((x) => x.type === 'close')!.hash;
    const contest = (await anon.get(C)).body;
    const seed = lotSeed(ID, 'round-1', close);
    const loser = lotTicket(seed, 1, 'jeremy-hunt') < lotTicket(seed, 1, 'michael-gove') ? 'jeremy-hunt' : 'michael-gove';
    expect(contest.rounds[0].result).toMatchObject({ eliminated: [{ candidate: loser, votes: 3, reason: 'lot' }], lot: { ballot: 'round-1', close, seed } });
    expect(contest.candidates.find((c: { id: string }) => c.id === loser)).toMatchObject({ status: 'eliminated', outRound: 1, note: 'lot' });
    expect(contest.phase).toBe('members');
    // The stored declaration carries the close record, not a seed.
    const declared = ((await anon.get(`${C}/events`)).body as { type: string; input?: Record<string, unknown> }[]).find((e) => e.type === 'declare-round')!;
    expect(declared.input).toMatchObject({ boardClose: close });
    expect(declared.input!.lotSeed).toBeUndefined();
  }, 120_000);
});
