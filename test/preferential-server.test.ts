/**
 * The preferential ballot's server paths under concurrency and load, in-process (app.request()): ranked casts go
 * through the cast queue's group commit (every caller answered after its own batch commits; one ballot per
 * credential even when two arrive together), the anonymous view is cached by board head (served again while the
 * board stands still, rebuilt as soon as a record is appended), and the mixers', trustees' and chair's posts are
 * refused to accounts without the role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCredential } from '../src/ballot';
import { castReceiptProblem } from '../src/ballot/receipt';
import { mixerStep, prepareRankedBallot, preferentialStateFromBoard, rankedBallotTracker, verifyPreferentialBoard } from '../src/mixnet/board';
import { DEMO_CHAIR, DEMO_OFFICERS, memberEmail, DEMO_FREE_MPS } from '../src/services/demo';
import { boardText } from '../src/services/elections';
import { castRankedBallot, preferentialView } from '../src/services/preferential';
import { initCrypto } from '../src/crypto';
import { TEST_DRIVERS, testContext } from './support/db';
import { openedPreferential, type PreferentialCeremony } from './support/preferential';
import { startApi, type ApiClient, type ApiHarness } from './support/api';

describe('preferential ballots on the server', () => {
  let api: ApiHarness;
  let anon: ApiClient;
  let c: PreferentialCeremony;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    anon = api.client();
    c = await openedPreferential(api.runtime.ctx, { title: 'Group commit', candidates: ['A', 'B', 'C'], rankCap: 2, electorate: 8, trustees: 2, threshold: 2, mixers: 1 });
  }, 60_000);
  afterAll(() => api?.close());

  const ballot = (i: number, r: number[]) => prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, c.credentials[i]!.secret, r);

  it('casts arriving together are committed in groups; each gets its own receipt; one ballot per credential', async () => {
    const ballots = [ballot(0, [0]), ballot(1, [1, 0]), ballot(2, [2]), ballot(3, [0, 2]), ballot(4, [1]), ballot(4, [2]), prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, generateCredential().secret, [0])];
    const answers = await Promise.all(ballots.map((b) => anon.request('POST', `/api/preferential/${c.eid}/ballots`, b)));
    // the first four and one of the pair from credential 4 are taken; the other of the pair is refused; a stranger too
    expect(answers.slice(0, 4).map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const pair = answers.slice(4, 6);
    expect(pair.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(pair.find((a) => a.status === 409)!.body.error.code).toBe('CONFLICT');
    expect(answers[6]!.body.error.code).toBe('BALLOT_UNKNOWN_CREDENTIAL');
    const taken = answers.map((a, i) => ({ a, b: ballots[i]! })).filter((x) => x.a.status === 200);
    expect(new Set(taken.map((x) => x.a.body.seq)).size).toBe(5);
    for (const { a, b } of taken) expect(castReceiptProblem(c.manifest.boardKey, c.electionHash, rankedBallotTracker(b), a.body.receipt, Date.now())).toBeNull();
    const text = await boardText(api.runtime.ctx, c.eid);
    const report = verifyPreferentialBoard(text, { receipts: taken.map((x) => x.a.body.receipt) });
    expect(report.failures).toEqual([]);
    expect([report.ballots, report.receipts.cast]).toEqual([5, 5]);
    // a replay of an accepted ballot (same ciphertexts) is refused
    expect((await anon.request('POST', `/api/preferential/${c.eid}/ballots`, ballots[0])).body.error.code).toBe('BALLOT_REPLAYED');
  });

  it('the anonymous view is kept while the board stands still and rebuilt when it moves', async () => {
    const ctx = api.runtime.ctx;
    const a = await preferentialView(ctx, c.eid);
    expect(await preferentialView(ctx, c.eid)).toBe(a);
    const r = await anon.request('POST', `/api/preferential/${c.eid}/ballots`, ballot(5, [2, 1]));
    expect(r.status, r.text).toBe(200);
    const b = (await anon.get(`/api/preferential/${c.eid}`)).body;
    expect(b.ballots).toBe(a.ballots + 1);
    expect(b.head).toBe(r.body.head);
    expect(b.head).not.toBe(a.head);
    expect((await anon.get(`/api/preferential/${c.eid}/needed`)).body).toEqual(b.progress);
    expect((await anon.get('/api/preferential/pref-000000000000')).status).toBe(404);
  });

  it('mixes, shares and the count are refused to accounts without the role', async () => {
    const chair = await api.loginAs(DEMO_CHAIR.email);
    const officer = await api.loginAs(DEMO_OFFICERS[0]!.email);
    const mp = await api.loginAs(memberEmail(DEMO_FREE_MPS[0]!));
    expect((await chair.request('POST', `/api/elections/${c.eid}/close`)).status).toBe(200);
    const step = mixerStep(preferentialStateFromBoard(await boardText(api.runtime.ctx, c.eid)), c.trustees[0]!);
    for (const path of ['mixes', 'decryption-shares', 'count']) {
      expect((await anon.request('POST', `/api/preferential/${c.eid}/${path}`, {})).status).toBe(401);
      expect((await mp.request('POST', `/api/preferential/${c.eid}/${path}`, {})).status).toBe(403);
    }
    expect((await officer.request('POST', `/api/preferential/${c.eid}/count`)).status).toBe(403);
    // an officer runs a mix server
    const posted = await officer.request('POST', `/api/preferential/${c.eid}/mixes`, step);
    expect(posted.status, posted.text).toBe(200);
    expect((await anon.get(`/api/preferential/${c.eid}`)).body.mixes).toBe(1);
  });
});

describe.each(TEST_DRIVERS)('ranked casts under concurrency on $name', (driver) => {
  it('one transaction per batch: every accepted ballot on the board once, one per credential', async () => {
    await initCrypto();
    const database = await driver.open();
    try {
      const ctx = testContext(database);
      const c = await openedPreferential(ctx, { title: 'Concurrent', candidates: ['A', 'B'], rankCap: 2, electorate: 12, trustees: 1, threshold: 1, mixers: 1 });
      const ballots = c.credentials.map((cred, i) => prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, cred.secret, [i % 2]));
      // every credential once, and credential 0 a second time with another ranking, all at once
      const results = await Promise.allSettled([...ballots, prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, c.credentials[0]!.secret, [1, 0])].map((b) => castRankedBallot(ctx, c.eid, b)));
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok.length).toBe(12);
      expect(refused.map((r) => (r.reason as { code: string }).code)).toEqual(['CONFLICT']);
      const report = verifyPreferentialBoard(await boardText(ctx, c.eid), { receipts: ok.map((r) => (r as PromiseFulfilledResult<{ receipt: unknown }>).value.receipt) });
      expect(report.failures).toEqual([]);
      expect([report.ballots, report.receipts.cast]).toEqual([12, 12]);
    } finally {
      await database.close();
    }
  }, 60_000);
});
