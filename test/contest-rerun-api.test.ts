import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciphertextFromJSON, initCrypto, Point } from '../src/crypto';
import { generateAuthorityKey, generateCredential, signCredentialList, trusteeDeal, trusteeFinalize, trusteeRegister, type Credential, type TrusteeSecretFile } from '../src/ballot';
import { ceremonyManifest, contestPartialDecrypt, prepareContestBallot, type ContestBallotManifest } from '../src/contest/board';
import { verifyContestBoard } from '../src/contest/verify';
import { DEMO_CHAIR, memberEmail } from '../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from './support/api';

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

  interface Ceremony {
    eid: string;
    m: ContestBallotManifest;
    eh: string;
    Y: Point;
    creds: Credential[];
    trustees: TrusteeSecretFile[];
  }

  async function ceremony(eid: string): Promise<Ceremony> {
    const view = (await anon.get(`/api/elections/${eid}`)).body;
    const m = view.manifest as ContestBallotManifest;
    const eh = view.electionHash as string;
    const cm = ceremonyManifest(m);
    const regs = [1, 2, 3].map((t) => trusteeRegister(eh, t));
    for (const r of regs) expect((await chair.request('POST', `/api/elections/${eid}/trustee-keys`, r.body)).status).toBe(200);
    const keys = (await anon.get(`/api/elections/${eid}/records/trustee_key`)).body.records;
    const deals = regs.map((r) => trusteeDeal(cm, eh, r.secret, keys));
    for (const d of deals) expect((await chair.request('POST', `/api/elections/${eid}/dkg/commitments`, d.commitment)).status).toBe(200);
    for (const d of deals) expect((await chair.request('POST', `/api/elections/${eid}/dkg/dealings`, d.dealing)).status).toBe(200);
    const key = (await chair.request('POST', `/api/elections/${eid}/key`)).body;
    const dealings = (await anon.get(`/api/elections/${eid}/records/dkg_dealing`)).body.records;
    const trustees = deals.map((d) => trusteeFinalize(cm, eh, d.secret, dealings, key));
    const creds = Array.from({ length: m.electorate }, () => generateCredential());
    const { fingerprint: _f, ...signed } = signCredentialList(eh, AUTHORITY.secret, creds.map((c) => c.public));
    expect((await chair.request('POST', `/api/elections/${eid}/credentials`, signed)).status).toBe(200);
    if (m.opensAt) {
      clock = new Date(Math.max(clock.getTime(), Date.parse(m.opensAt) + 60_000));
      chair = await api.loginAs(DEMO_CHAIR.email);
    }
    const opened = await chair.request('POST', `/api/elections/${eid}/open`);
    expect(opened.status, opened.text).toBe(200);
    return { eid, m, eh, Y: Point.fromHex(key.publicKey), creds, trustees };
  }

  async function vote(c: Ceremony, plan: Record<string, number>) {
    let voter = 0;
    for (const [candidate, n] of Object.entries(plan)) {
      for (let i = 0; i < n; i++) {
        const b = prepareContestBallot(c.m, c.eh, c.Y, c.creds[voter++]!.secret, c.m.candidates.findIndex((x) => x.id === candidate)).body;
        const r = await anon.request('POST', `/api/elections/${c.eid}/ballots`, b);
        expect(r.status, r.text).toBe(200);
      }
    }
  }

  async function count(c: Ceremony) {
    expect((await chair.request('POST', `/api/elections/${c.eid}/close`)).status).toBe(200);
    expect((await chair.request('POST', `/api/elections/${c.eid}/tally`)).status).toBe(200);
    const [ek] = (await anon.get(`/api/elections/${c.eid}/records/election_key`)).body.records;
    const [tally] = (await anon.get(`/api/elections/${c.eid}/records/tally`)).body.records;
    const cts = tally.ciphertexts.map((x: unknown) => ciphertextFromJSON(x, 'tally', { allowIdentityAlpha: true }));
    for (const t of [2, 3]) {
      const p = contestPartialDecrypt(c.eh, { index: t, secretShare: c.trustees[t - 1]!.secretShare!, verificationKey: ek.verificationKeys.find((v: { trustee: number }) => v.trustee === t).key }, cts);
      expect((await chair.request('POST', `/api/elections/${c.eid}/partial-decryptions`, p)).status).toBe(200);
    }
    const res = await chair.request('POST', `/api/elections/${c.eid}/result`);
    expect(res.status, res.text).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    await initCrypto();
    api = await startApi({ letters: 'none' });
    api.runtime.ctx.clock = () => clock;
    chair = await api.loginAs(DEMO_CHAIR.email);
    anon = api.client();
    const opened = await chair.request('POST', '/api/contests', { id: 'tie-2024', rulebookId: 'conservative-2024', reason: 'resignation', rosterId: 'uk-commons-2019', nominationsClose: '2022-07-12T17:00:00Z' });
    expect(opened.status, opened.text).toBe(201);
    const mps = Object.keys((await anon.get(C)).body.names).filter((m) => !CANDIDATES.includes(m));
    let k = 0;
    for (const candidate of CANDIDATES) {
      for (let i = 0; i < 10; i++) {
        const r = await chair.request('POST', `${C}/nominations`, { candidate, role: i === 0 ? 'proposer' : i === 1 ? 'seconder' : 'supporter', nominator: mps[k++] });
        expect(r.status, r.text).toBe(200);
      }
    }
    clock = new Date('2022-07-12T17:00:00Z');
    chair = await api.loginAs(DEMO_CHAIR.email);
    expect((await chair.request('POST', `${C}/close-nominations`)).body.phase).toBe('rounds');
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
