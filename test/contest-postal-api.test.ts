/**
 * Postal batches through the API (docs/contest.md §7, R18–R19): `POST /api/elections/{eid}/postal-batches` enters a
 * batch prepared by the credential authority's tool whole, in one transaction, or nothing; `GET` lists the batches
 * with their digests and chain values. A 2024-rules contest (postal overrides online) with two candidates goes
 * straight to the members; the members' board is set up through the services, voting and batches through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciphertextFromJSON, initCrypto, Point } from '../src/crypto';
import { generateAuthorityKey, generateCredential, signCredentialList, trusteeDeal, trusteeFinalize, trusteeRegister, type Credential } from '../src/ballot';
import { ceremonyManifest, contestPartialDecrypt, prepareContestBallot, type ContestBallotManifest, type PostalBatchBody } from '../src/contest/board';
import { parsePostalBatch, preparePostalBatch, signPostalBatch, type CredentialState, type PostalEntry, type Reconciliation } from '../src/contest/postal';
import { verifyContestBoard } from '../src/contest/verify';
import * as svc from '../src/services/elections';
import * as contests from '../src/services/contests';
import { CLI_ACTOR as SYSTEM_ACTOR } from '../src/services/context';
import { DEMO_CHAIR } from '../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from './support/api';

describe('postal batches through the API', () => {
  let api: ApiHarness;
  let chair: ApiClient;
  let anon: ApiClient;
  let clock = new Date('2024-07-01T12:00:00Z');
  const AUTHORITY = generateAuthorityKey();
  const MEMBERS = ['m1', 'm2', 'm3', 'm4'];
  let eid: string;
  let m: ContestBallotManifest;
  let eh: string;
  let Y: Point;
  let creds: Credential[];
  const secrets = new Map<string, string>();
  const receipts: unknown[] = [];
  let share: { index: number; secretShare: string; verificationKey: string };

  const states = async () => {
    const out = new Map<string, CredentialState>();
    for (const c of creds) {
      const v = (await anon.get(`/api/elections/${eid}/credentials/${c.public}`)).body;
      out.set(c.public, { status: v.status, ballots: v.ballots });
    }
    return out;
  };
  const prepare = async (csv: string, at: string, policy: Reconciliation = 'postal-overrides-online'): Promise<{ batch: PostalBatchBody; entries: PostalEntry[] }> => {
    const last = (await anon.get(`/api/elections/${eid}/postal-batches`)).body.batches.at(-1) ?? null;
    // A policy other than the manifest's is a forger's: the tool is told the manifest binds it (the server must refuse it).
    return preparePostalBatch({ manifest: policy === m.reconciliation ? m : { ...m, reconciliation: policy }, electionHash: eh, publicKey: Y, authoritySecret: AUTHORITY.secret, policy, papers: parsePostalBatch(csv), secrets, states: await states(), previous: last, at });
  };
  const post = (client: ApiClient, b: { batch: PostalBatchBody; entries: PostalEntry[] }) => client.request('POST', `/api/elections/${eid}/postal-batches`, { batch: b.batch, entries: b.entries.map((e) => ({ revocation: e.revocation, ballot: e.ballot })) });
  const records = async () => (await anon.get(`/api/elections/${eid}`)).body.records as number;

  beforeAll(async () => {
    await initCrypto();
    api = await startApi({ letters: 'none' });
    const ctx = api.runtime.ctx;
    ctx.clock = () => clock;
    await contests.openContest(ctx, SYSTEM_ACTOR, { id: 'postal-2024', rulebookId: 'conservative-2024', reason: 'chair', rosterId: 'uk-commons-2019', nominationsClose: '2024-07-10T13:00:00Z' });
    const { state } = await contests.getContest(ctx.db, 'postal-2024');
    const [a, b, ...pool] = state.mps;
    let k = 0;
    for (const candidate of [a!, b!]) for (let i = 0; i < 10; i++) await contests.nominate(ctx, SYSTEM_ACTOR, 'postal-2024', { candidate, role: i === 0 ? 'proposer' : i === 1 ? 'seconder' : 'supporter', nominator: pool[k++]! });
    clock = new Date('2024-07-10T14:00:00Z');
    await contests.closeNominations(ctx, SYSTEM_ACTOR, 'postal-2024');
    await contests.importContestRoll(ctx, SYSTEM_ACTOR, 'postal-2024', { freezeDate: '2024-07-20', csv: `member_id,joined\n${MEMBERS.map((x) => `${x},2020-01-01`).join('\n')}\n` });
    const e = await contests.createContestBallot(ctx, SYSTEM_ACTOR, 'postal-2024', { trustees: 1, threshold: 1, authority: AUTHORITY.public });
    eid = e.id;
    m = e.manifest as unknown as ContestBallotManifest;
    eh = e.electionHash;
    const reg = trusteeRegister(eh, 1);
    await svc.postTrusteeKey(ctx, eid, reg.body);
    const deal = trusteeDeal(ceremonyManifest(m), eh, reg.secret, [reg.body]);
    await svc.postDkgCommitment(ctx, eid, deal.commitment);
    await svc.postDkgDealing(ctx, eid, deal.dealing);
    const key = await svc.finishKeyCeremony(ctx, SYSTEM_ACTOR, eid);
    Y = Point.fromHex(key.publicKey);
    share = { index: 1, secretShare: trusteeFinalize(ceremonyManifest(m), eh, deal.secret, [deal.dealing], key).secretShare!, verificationKey: key.verificationKeys[0]!.key };
    creds = MEMBERS.map(() => generateCredential());
    MEMBERS.forEach((x, i) => secrets.set(x, creds[i]!.secret));
    const { fingerprint: _f, ...list } = signCredentialList(eh, AUTHORITY.secret, creds.map((c) => c.public), key.publicKey);
    await svc.uploadCredentials(ctx, SYSTEM_ACTOR, eid, list.credentials, { authority: list.authority, signature: list.signature });
    if (m.opensAt) clock = new Date(Date.parse(m.opensAt) + 60_000);
    await svc.openElection(ctx, SYSTEM_ACTOR, eid);
    // m1 and m2 vote online at the opening; the batches below are dated 21–22 July and entered then (the server
    // refuses a batch dated more than 5 minutes from its clock either way).
    chair = await api.loginAs(DEMO_CHAIR.email);
    anon = api.client();
    // m1 and m2 vote online and keep their receipts.
    for (const [i, choice] of [0, 1].entries()) {
      const r = await anon.request('POST', `/api/elections/${eid}/ballots`, prepareContestBallot(m, eh, Y, creds[i]!.secret, choice).body);
      expect(r.status, r.text).toBe(200);
      receipts.push(r.body.receipt);
    }
  }, 120_000);
  afterAll(async () => api?.close());

  it('enters a batch whole: the batch record, then each revocation and ballot; the board verifies (R18) and m1’s receipt says their paper replaced their online ballot (R19)', async () => {
    expect((await anon.get(`/api/elections/${eid}/postal-batches`)).body).toEqual({ batches: [], papers: 0 });
    clock = new Date('2024-07-21T09:01:00Z');
    chair = await api.loginAs(DEMO_CHAIR.email);
    const b = await prepare('envelope,member_id,choice\nE-1,m1,' + m.candidates[1]!.id + '\nE-2,m3,' + m.candidates[0]!.id + '\n', '2024-07-21T09:00:00.000Z');
    expect((await post(anon, b)).status).toBe(401);
    const before = await records();
    // Dated before the vote opened (R18 holds batches within the voting window): refused, nothing written.
    const opened = JSON.parse((await anon.get(`/api/elections/${eid}/board.jsonl`)).text.split('\n').find((l: string) => l.includes('"type":"open"'))!).body.at as string;
    const early = await prepare('envelope,member_id,choice\nE-0,m4,' + m.candidates[0]!.id + '\n', new Date(Date.parse(opened) - 60_000).toISOString());
    expect((await post(chair, early)).body.error).toMatchObject({ code: 'POSTAL_BATCH_INVALID', message: expect.stringMatching(/before the vote opened/) });
    expect(await records()).toBe(before);
    const r = await post(chair, b);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ batch: 1, seq: before, papers: 2, digest: b.batch.digest, chain: b.batch.chain });
    expect(await records()).toBe(before + 1 + 2 * 2); // batch record + (revocation, ballot) × 2
    expect((await anon.get(`/api/elections/${eid}/postal-batches`)).body).toEqual({ batches: [r.body], papers: 2 });
    // m1's online credential is revoked: a later online ballot with it is refused.
    expect((await anon.request('POST', `/api/elections/${eid}/ballots`, prepareContestBallot(m, eh, Y, creds[0]!.secret, 0).body)).body.error.code).toBe('BALLOT_UNKNOWN_CREDENTIAL');
    const board = (await anon.get(`/api/elections/${eid}/board.jsonl`)).text;
    const report = await verifyContestBoard(board, { receipts, postalChain: b.batch.chain });
    expect(report.failure).toBeNull();
    expect(report.passed).toEqual(expect.arrayContaining(['R17', 'R18', 'R19']));
    expect(report.summary.receiptsNotCounted).toHaveLength(1);
    expect(report.summary.receiptsNotCounted![0]!.message).toMatch(/your online ballot was replaced by a postal ballot recorded at 2024-07-21T09:00:00\.000Z in batch 1/);
    // The same words from the server, by tracker (a member's check without downloading the board).
    const fate = await anon.get(`/api/elections/${eid}/trackers/${(receipts[0] as { tracker: string }).tracker}/fate`);
    expect(fate.status, fate.text).toBe(200);
    expect(fate.body).toMatchObject({ status: 'revoked', channel: 'online', because: { kind: 'revocation', postal: { batch: 1, at: '2024-07-21T09:00:00.000Z' } }, message: report.summary.receiptsNotCounted![0]!.message });
    expect((await anon.get(`/api/elections/${eid}/trackers/${(receipts[1] as { tracker: string }).tracker}/fate`)).body).toMatchObject({ status: 'counted', channel: 'online', because: null });
    expect((await anon.get(`/api/elections/${eid}/trackers/${b.batch.trackers[1]}/fate`)).body).toMatchObject({ status: 'counted', channel: 'postal', postal: { batch: 1 } });
    expect((await anon.get(`/api/elections/${eid}/trackers/nothex/fate`)).status).toBe(400);
  });

  it('refuses a bad batch whole and writes nothing: a stale batch number, a forged signature, the wrong form for the rulebook, a back-dated batch, a tampered entry', async () => {
    clock = new Date('2024-07-22T09:01:00Z');
    chair = await api.loginAs(DEMO_CHAIR.email);
    const before = await records();
    const b = await prepare('envelope,member_id,choice\nE-3,m4,' + m.candidates[0]!.id + '\n', '2024-07-22T09:00:00.000Z');
    // Prepared again as batch 1 (a replay of a stale preparation): not the board's next batch.
    const stale = { ...b, batch: signPostalBatch(eh, AUTHORITY.secret, '0'.repeat(64), { batch: 1, papers: 1, digest: b.batch.digest, trackers: b.batch.trackers, at: b.batch.at }) };
    expect((await post(chair, stale)).body.error).toMatchObject({ code: 'POSTAL_BATCH_INVALID', message: expect.stringMatching(/next batch is 2/) });
    // Signed by anyone but the credential authority.
    const other = generateAuthorityKey();
    const last = (await anon.get(`/api/elections/${eid}/postal-batches`)).body.batches.at(-1);
    const forged = { ...b, batch: signPostalBatch(eh, other.secret, last.chain, { batch: 2, papers: 1, digest: b.batch.digest, trackers: b.batch.trackers, at: b.batch.at }) };
    expect((await post(chair, forged)).body.error.code).toBe('AUTHORITY_SIGNATURE_INVALID');
    // A paper cast under the member's own credential: under "postal overrides online" each paper revokes.
    const sameCredential = await prepare('envelope,member_id,choice\nE-3,m4,' + m.candidates[0]!.id + '\n', '2024-07-22T09:00:00.000Z', 'revoting');
    expect((await post(chair, sameCredential)).body.error).toMatchObject({ code: 'POSTAL_BATCH_INVALID', message: expect.stringMatching(/revokes the member’s online credential/) });
    // Dated ahead of the server's clock (R18 holds batches within the voting window, which ends at the close).
    const ahead = await prepare('envelope,member_id,choice\nE-3,m4,' + m.candidates[0]!.id + '\n', '2024-07-24T12:00:00.000Z');
    expect((await post(chair, ahead)).body.error).toMatchObject({ code: 'POSTAL_BATCH_INVALID', message: expect.stringMatching(/in the future/) });
    // Back-dated: entered on 22 July but dated the evening before (after batch 1, inside the window): it would claim a
    // place before the online ballots cast meanwhile.
    const back = await prepare('envelope,member_id,choice\nE-3,m4,' + m.candidates[0]!.id + '\n', '2024-07-21T20:00:00.000Z');
    expect((await post(chair, back)).body.error).toMatchObject({ code: 'POSTAL_BATCH_INVALID', message: expect.stringMatching(/before the server's clock/) });
    // An entry whose ballot is not the one the batch names.
    const swapped = { batch: b.batch, entries: [{ ...b.entries[0]!, ballot: prepareContestBallot(m, eh, Y, creds[3]!.secret, 1).body }] };
    expect((await post(chair, swapped)).body.error.code).toMatch(/POSTAL_BATCH_INVALID|AUTHORITY_SIGNATURE_INVALID/);
    expect(await records()).toBe(before);
    // The good one goes in as batch 2.
    const ok = await post(chair, b);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.batch).toBe(2);
  });

  it('the result shows online, postal and total counts per candidate and the online ballots postal replaced, decrypted from the board (R13–R15)', async () => {
    clock = new Date(Date.parse(m.closesAt ?? '2024-07-30T00:00:00Z') + 60_000);
    chair = await api.loginAs(DEMO_CHAIR.email);
    const closed = await chair.request('POST', `/api/elections/${eid}/close`);
    expect(closed.status).toBe(200);
    const t = await chair.request('POST', `/api/elections/${eid}/tally`);
    expect(t.status, t.text).toBe(200);
    expect(t.body.ciphertexts).toHaveLength(4); // two candidates, all then postal
    expect(t.body.postal).toEqual({ counted: 3, replaced: 1 });
    const cts = t.body.ciphertexts.map((c: unknown) => ciphertextFromJSON(c, 'tally', { allowIdentityAlpha: true }));
    const p = await chair.request('POST', `/api/elections/${eid}/partial-decryptions`, contestPartialDecrypt(eh, closed.body.head, share, cts));
    expect(p.status, p.text).toBe(200);
    const res = await chair.request('POST', `/api/elections/${eid}/result`);
    expect(res.status, res.text).toBe(200);
    const [a, b] = m.candidates.map((c) => c.id) as [string, string];
    // Online: m1 (a, replaced by their paper), m2 (b); post: m1 b, m3 a, m4 a.
    expect(res.body).toMatchObject({ counts: { [a]: 2, [b]: 2 }, counted: 4, channels: { online: { counts: { [a]: 0, [b]: 1 }, counted: 1 }, postal: { counts: { [a]: 2, [b]: 1 }, counted: 3 }, replacedByPostal: 1 } });
    const report = await verifyContestBoard((await anon.get(`/api/elections/${eid}/board.jsonl`)).text);
    expect(report.failure).toBeNull();
    expect(report.summary.result?.channels).toEqual(res.body.channels);
  });
});
