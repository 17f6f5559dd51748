import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../src/crypto';
import { generateAuthorityKey } from '../src/ballot';
import { verifyContestBoard } from '../src/contest/verify';
import { DEMO_CHAIR, memberEmail } from '../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from './support/api';
import { contestBoardSteps, type Ceremony } from './support/contest-board';

/**
 * A tied MP round through the server (in-process, app.request()), under the 2024 rulebook whose tie policy is
 * "re-run" (every preset's): the round's board decrypts to a tie for the last place, the contest keeps the tied
 * count and waits; the chair's rerun puts the same candidates on a new board (`round-1-rerun-1`, its own election
 * hash, the same trustees and credential authority); posting the rerun's result declares the round and the
 * contest moves on to the members' ballot by itself.
 */
describe('a tied round is run again on its own board', () => {
  let api: ApiHarness;
  let chair: ApiClient;
  let anon: ApiClient;
  let clock = new Date('2022-07-11T12:00:00Z');
  const C = '/api/contests/tie-2024';
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
    await openWithCandidates({ id: 'tie-2024', rulebookId: 'conservative-2024', candidates: CANDIDATES, nominators: 10, nominationsClose: '2022-07-12T17:00:00Z' });
    expect((await chair.request('POST', `${C}/rounds`, { opensAt: '2022-07-13T13:00:00Z' })).status).toBe(200);
  }, 60_000);
  afterAll(async () => api?.close());

  let tied: Ceremony;

  it('a tied count is published but decides nothing: the contest waits for the rerun, and only the chair may start it', async () => {
    expect((await chair.request('POST', `${C}/rerun`, {})).body.error.code).toBe('CONTEST_WRONG_PHASE'); // nothing tied yet
    const r = await chair.request('POST', `${C}/ballots`, { authority: AUTHORITY.public, trusteeNames: ['Ann', 'Bob', 'Cat'] });
    expect(r.status, r.text).toBe(201);
    tied = await ceremony(r.body.id);
    await vote(tied, { 'boris-johnson': 5, 'jeremy-hunt': 3, 'michael-gove': 3 });
    expect(await count(tied)).toMatchObject({ counts: { 'boris-johnson': 5, 'jeremy-hunt': 3, 'michael-gove': 3 } });
    const contest = (await anon.get(C)).body;
    expect(contest.phase).toBe('rounds');
    expect(contest.rounds[0]).toMatchObject({ result: null, awaitingRerun: true, ties: [{ ballot: 'round-1', counts: { 'boris-johnson': 5, 'jeremy-hunt': 3, 'michael-gove': 3 }, explanation: expect.stringMatching(/run again/) }] });
    expect(contest.candidates.every((c: { status: string }) => c.status === 'standing')).toBe(true);
    // No new round, no second board for round-1, no hand declaration: the rerun is the way forward.
    expect((await chair.request('POST', `${C}/rounds`, { opensAt: '2022-07-14T13:00:00Z' })).body.error.code).toBe('ROUND_PENDING');
    expect((await chair.request('POST', `${C}/ballots`, { authority: AUTHORITY.public })).body.error.code).toBe('CONTEST_BALLOT_TIED');
    expect((await chair.request('POST', `${C}/rounds/result`, { counts: { 'boris-johnson': 5, 'jeremy-hunt': 4, 'michael-gove': 2 }, spoilt: 0 })).body.error.code).toBe('ROUND_PENDING');
    const mp = await api.loginAs(memberEmail('anna-firth'));
    expect((await mp.request('POST', `${C}/rerun`, {})).status).toBe(403);
    expect((await chair.request('POST', `${C}/rerun`, { opensAt: 'tomorrow' })).status).toBe(400);
  }, 120_000);

  it('the chair’s rerun gets its own board with the same trustees and authority; its result moves the contest on', async () => {
    const r = await chair.request('POST', `${C}/rerun`, { opensAt: '2022-07-14T13:00:00Z' });
    expect(r.status, r.text).toBe(201);
    const e = r.body.election;
    expect(e).toMatchObject({ id: 'contest-tie-2024-round-1-rerun-1', ballot: 'round-1-rerun-1', stage: 'key-ceremony' });
    expect(e.manifest).toMatchObject({ ballot: 'round-1-rerun-1', authority: AUTHORITY.public, trustees: tied.m.trustees, electorate: tied.m.electorate, opensAt: '2022-07-14T13:00:00Z' });
    expect(e.manifest.candidates).toEqual(tied.m.candidates);
    expect(e.electionHash).not.toBe(tied.eh);
    expect(r.body.contest.rounds[0]).toMatchObject({ awaitingRerun: false, result: null });
    expect((await chair.request('POST', `${C}/rerun`, {})).body.error.code).toBe('CONTEST_WRONG_PHASE'); // once per tie
    // The tied board cannot be declared again: only the rerun's result declares the round.
    expect((await chair.request('POST', `/api/elections/${tied.eid}/result`)).body.error.code).toBe('ELECTION_WRONG_STAGE');
    const rerun = await ceremony(e.id);
    await vote(rerun, { 'boris-johnson': 5, 'jeremy-hunt': 4, 'michael-gove': 2 });
    await count(rerun);
    const contest = (await anon.get(C)).body;
    expect(contest.rounds).toHaveLength(1);
    expect(contest.rounds[0].result).toMatchObject({ counts: { 'boris-johnson': 5, 'jeremy-hunt': 4, 'michael-gove': 2 }, eliminated: [{ candidate: 'michael-gove', votes: 2, reason: 'lowest' }] });
    expect(contest.rounds[0].ties).toHaveLength(1);
    expect(contest.phase).toBe('members');
    expect(contest.members.finalists.sort()).toEqual(['boris-johnson', 'jeremy-hunt']);
    expect(contest.ballots.map((b: { ballot: string }) => b.ballot)).toEqual(['round-1', 'round-1-rerun-1']);
    // Both boards verify on their own; the contest verifier checks them together (src/contest/verify-contest-tie.test.ts).
    for (const eid of [tied.eid, rerun.eid]) {
      const board = await anon.get(`/api/elections/${eid}/board.jsonl`);
      const report = await verifyContestBoard(board.text);
      expect(report.failure, eid).toBeNull();
    }
  }, 120_000);
});
