import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, scalarFromHex, sign, signatureToJSON } from '../src/crypto';
import { generateAuthorityKey, generateCredential, signCredentialList, signRevocation } from '../src/ballot';
import { contestSigningMessage, prepareContestBallot } from '../src/contest/board';
import { verifyContestBoard } from '../src/contest/verify';
import { receiptSignatureValid } from '../src/ballot/receipt';
import { DEMO_CHAIR, memberEmail } from '../src/services/demo';
import { ZERO_HASH, recordHash } from '../src/ballot/records';
import { canonicalJson } from '../src/domain/audit/canonical-json';
import { startApi, type ApiClient, type ApiHarness } from './support/api';
import { contestBoardSteps, type Ceremony } from './support/contest-board';

/**
 * Contest ballots cast through the server (in-process, app.request()): the chair puts the scheduled MP round on a
 * board, the trustees run the key ceremony, the credential authority publishes a signed list, MPs cast 1-of-k
 * ballots anonymously and get signed receipts, the chair closes, the trustees decrypt, and posting the result
 * declares the round in the contest from the decrypted counts — the contest then moves on by itself (2019 rules:
 * ≥ 17 votes in round 1; two left go to the members). Then the members' ballot on its own board, first ballot
 * counts, decides the winner. Every board passes the contest verifier (R1–R15).
 */
describe('contest ballots through the server', () => {
  let api: ApiHarness;
  let chair: ApiClient;
  let anon: ApiClient;
  let clock = new Date('2022-07-11T12:00:00Z');
  const C = '/api/contests/tories-2019';
  const CANDIDATES = ['boris-johnson', 'jeremy-hunt', 'michael-gove'];

  /** The credential authority of the whole contest: its key goes into every board's manifest. */
  const AUTHORITY = generateAuthorityKey();
  const { ceremony, cast, count, openWithCandidates } = contestBoardSteps({ authority: AUTHORITY, state: () => ({ api, anon, chair, clock }), advanceClock: async (to) => {
    clock = to;
    chair = await api.loginAs(DEMO_CHAIR.email);
  } });

  beforeAll(async () => {
    await initCrypto();
    api = await startApi({ letters: 'none' });
    api.runtime.ctx.clock = () => clock;
    chair = await api.loginAs(DEMO_CHAIR.email);
    anon = api.client();
    await openWithCandidates({ id: 'tories-2019', rulebookId: 'conservative-2019', candidates: CANDIDATES, nominators: 8, nominationsClose: '2022-07-12T17:00:00Z' });
  }, 60_000);
  afterAll(async () => api?.close());

  let round1: Ceremony;

  it('puts the scheduled round on a board: the standing candidates, the MPs as electorate, a receipt key', async () => {
    expect((await chair.request('POST', `${C}/ballots`, {})).body.error.code).toBe('CONTEST_WRONG_PHASE'); // nothing scheduled
    expect((await chair.request('POST', `${C}/rounds`, { opensAt: '2022-07-13T13:00:00Z' })).status).toBe(200);
    const mp = await api.loginAs(memberEmail('anna-firth'));
    expect((await mp.request('POST', `${C}/ballots`, {})).status).toBe(403);
    expect((await chair.request('POST', `${C}/ballots`, { trustees: 3, threshold: 2 })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/authority/) });
    const r = await chair.request('POST', `${C}/ballots`, { trustees: 3, threshold: 2, authority: AUTHORITY.public });
    expect(r.status, r.text).toBe(201);
    expect(r.body.manifest.authority).toBe(AUTHORITY.public);
    expect(r.body).toMatchObject({ id: 'contest-tories-2019-round-1', contestId: 'tories-2019', ballot: 'round-1', procedureId: null, stage: 'key-ceremony' });
    expect(r.body.manifest).toMatchObject({ version: 'confidence-contest-ballot/1', ballot: 'round-1', electorate: 358, counting: 'last', blankAllowed: true, candidates: CANDIDATES.sort().map((id) => expect.objectContaining({ id })) });
    expect(r.body.manifest.boardKey).toMatch(/^[0-9a-f]{64}$/);
    expect((await chair.request('POST', `${C}/ballots`, { authority: AUTHORITY.public })).body.error.code).toBe('ELECTION_EXISTS');
    expect((await anon.get(C)).body.ballots).toEqual([expect.objectContaining({ ballot: 'round-1', electionId: 'contest-tories-2019-round-1', lastType: 'setup' })]);
    round1 = await ceremony(r.body.id);
  }, 60_000);

  it('MPs cast 1-of-k ballots without logging in; bad ballots get clear codes; a revoked credential stops counting', async () => {
    // Johnson 18, Hunt 17, Gove 3, 1 blank; voter 0 first votes Gove, then Johnson (the last ballot counts).
    const plan: (string | null)[] = [...Array(18).fill('boris-johnson'), ...Array(17).fill('jeremy-hunt'), ...Array(3).fill('michael-gove'), null];
    expect((await cast(round1, 0, 'michael-gove')).status).toBe(200);
    for (const [voter, choice] of plan.entries()) {
      const r = await cast(round1, voter, choice);
      expect(r.status, r.text).toBe(200);
      expect(r.body.tracker).toMatch(/^[0-9a-f]{64}$/);
      if (voter === 0) expect(receiptSignatureValid(round1.m.boardKey!, r.body.receipt)).toBe(true);
    }
    const b = prepareContestBallot(round1.m, round1.eh, round1.Y, round1.creds[50]!.secret, 0);
    expect((await anon.request('POST', `/api/elections/${round1.eid}/ballots`, { ...b.body, choices: b.body.choices.slice(1) })).body.error.code).toBe('BALLOT_MALFORMED');
    // Proofs swapped between candidates and the ballot re-signed by its own credential: the signature holds, the proofs do not.
    const { signature: _s, ...unsigned } = { ...b.body, proofs: [b.body.proofs[1]!, b.body.proofs[0]!, b.body.proofs[2]!] };
    const forged = { ...unsigned, signature: signatureToJSON(sign(scalarFromHex(round1.creds[50]!.secret), contestSigningMessage(round1.eh, unsigned))) };
    expect((await anon.request('POST', `/api/elections/${round1.eid}/ballots`, forged)).body.error.code).toBe('BALLOT_INVALID_PROOF');
    const stranger = prepareContestBallot(round1.m, round1.eh, round1.Y, generateCredential().secret, 0);
    expect((await anon.request('POST', `/api/elections/${round1.eid}/ballots`, stranger.body)).body.error.code).toBe('BALLOT_UNKNOWN_CREDENTIAL');
    expect((await anon.request('POST', `/api/elections/${round1.eid}/ballots`, b.body)).status).toBe(200);
    expect((await anon.request('POST', `/api/elections/${round1.eid}/ballots`, b.body)).body.error.code).toBe('BALLOT_REPLAYED');
    // Voter 50 lost their credential: the authority revokes it (signed) and issues a replacement; their ballot stops counting.
    const fresh = generateCredential();
    const rev = await chair.request('POST', `/api/elections/${round1.eid}/revocations`, signRevocation(round1.eh, round1.authority.secret, round1.creds[50]!.public, fresh.public));
    expect(rev.status, rev.text).toBe(200);
    expect((await anon.get(`/api/elections/${round1.eid}/trackers/${b.tracker}`)).body.status).toBe('revoked');
    // The chair cannot declare the round by hand while it runs on a board.
    const byHand = await chair.request('POST', `${C}/rounds/result`, { counts: { 'boris-johnson': 300, 'jeremy-hunt': 50, 'michael-gove': 8 }, spoilt: 0 });
    expect(byHand.body.error.code).toBe('CONTEST_BALLOT_ON_BOARD');
  }, 60_000);

  it('closing, tallying and decrypting declares the round from the board; the contest moves on to the members', async () => {
    clock = new Date('2022-07-13T16:00:00Z');
    chair = await api.loginAs(DEMO_CHAIR.email);
    const result = await count(round1);
    expect(result).toMatchObject({ counts: { 'boris-johnson': 18, 'jeremy-hunt': 17, 'michael-gove': 3 }, blank: 1, counted: 39, electorate: 358, abstentions: 319 });
    const contest = (await anon.get(C)).body;
    expect(contest.rounds[0].result).toMatchObject({ counts: { 'boris-johnson': 18, 'jeremy-hunt': 17, 'michael-gove': 3 }, spoilt: 1, abstentions: 319, eliminated: [{ candidate: 'michael-gove', votes: 3, reason: 'below-threshold' }] });
    expect(contest.phase).toBe('members');
    expect(contest.members.finalists.sort()).toEqual(['boris-johnson', 'jeremy-hunt']);
    // Posting the result again is refused; the board verifies with the contest verifier, the signed list included.
    expect((await chair.request('POST', `/api/elections/${round1.eid}/result`)).body.error.code).toBe('ELECTION_WRONG_STAGE');
    const report = await verifyContestBoard((await anon.get(`/api/elections/${round1.eid}/board.jsonl`)).text);
    expect(report.failure).toBeNull();
    expect(report.summary.result?.counts).toEqual({ 'boris-johnson': 18, 'jeremy-hunt': 17, 'michael-gove': 3 });
    expect(report.summary.credentialsFingerprint).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);

  it('the verifier rejects a board whose signed list or revocation was forged (chain re-hashed): R7, R8', async () => {
    const lines = (await anon.get(`/api/elections/${round1.eid}/board.jsonl`)).text.trim().split('\n').map((l) => JSON.parse(l));
    /** Edits one record and re-hashes the chain from there, as a dishonest server would. */
    const forge = (type: string, edit: (body: any) => void) => {
      const recs = structuredClone(lines);
      edit(recs.find((r: { type: string }) => r.type === type).body);
      let prev = ZERO_HASH;
      for (const r of recs) {
        r.prev = prev;
        r.hash = recordHash(r.seq, prev, r.type, r.body);
        prev = r.hash;
      }
      return recs.map((r: unknown) => canonicalJson(r)).join('\n') + '\n';
    };
    // A credential of the signed list swapped for one the server controls (list still sorted): R7.
    const swapped = await verifyContestBoard(forge('credentials', (b) => (b.credentials = [...b.credentials.slice(1), generateCredential().public].sort())));
    expect(swapped.failure).toMatchObject({ check: 'R7' });
    // A server that swaps the authority key and re-signs the list with its own (to stuff ballots): R7, from the manifest alone.
    const rogue = generateAuthorityKey();
    const reSigned = await verifyContestBoard(
      forge('credentials', (b) => {
        const { fingerprint: _f, ...list } = signCredentialList(round1.eh, rogue.secret, b.credentials, round1.Y.toHex());
        Object.assign(b, list);
      }),
    );
    expect(reSigned.failure).toMatchObject({ check: 'R7', message: expect.stringMatching(/not signed by the credential authority key in the manifest/) });
    // The revocation re-signed by a key other than the list's authority: R8.
    const revoked = await verifyContestBoard(forge('revocation', (b) => (b.signature = signRevocation(round1.eh, generateAuthorityKey().secret, b.revoked, b.replacement).signature)));
    expect(revoked.failure).toMatchObject({ check: 'R8' });
  }, 60_000);

  it('the members’ ballot runs on its own board (first valid ballot counts) and decides the winner', async () => {
    // No roll, no board: the electorate is the imported roll's eligibility at the freeze date, not a number typed in.
    expect((await chair.request('POST', `${C}/ballots`, { electorate: 6, authority: AUTHORITY.public })).body.error.code).toBe('ROLL_MISSING');
    // A bad roll (duplicate id, a date that is not a day) is refused whole, and so is a roll with nobody eligible.
    const bad = await chair.request('POST', `${C}/roll`, { freezeDate: '2022-07-20', csv: 'member_id,joined\nm1,2020-01-01\nm1,2020-01-02\nm3,2020-02-30\n' });
    expect(bad.body.error).toMatchObject({ code: 'ROLL_INVALID', message: expect.stringMatching(/2 bad rows; nothing was imported/) });
    expect((await chair.request('POST', `${C}/roll`, { freezeDate: '2022-07-20', csv: 'member_id,joined\nm1,2022-07-01\n' })).body.error.code).toBe('ROLL_INVALID');
    expect((await anon.get(C)).body.members.roll ?? null).toBeNull();
    // Eight rows: one joined too late (under 3 months at the freeze date), one had left: 6 eligible.
    const csv = ['member_id,joined,left', 'm1,2010-01-01,', 'm2,2015-05-05,', 'm3,2019-12-31,', 'm4,2022-04-20,', 'm5,2000-01-01,', 'm6,2021-01-01,', 'm7,2022-06-01,', 'm8,2012-03-04,2022-01-01'].join('\n');
    const imported = await chair.request('POST', `${C}/roll`, { freezeDate: '2022-07-20', csv });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body.members.roll).toMatchObject({ freezeDate: '2022-07-20', joinedBy: '2022-04-20', members: 8, eligible: 6, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(imported.body)).not.toContain('m1'); // only counts and a digest are kept
    expect((await chair.request('POST', `${C}/ballots`, { electorate: 7, authority: AUTHORITY.public })).body.error.code).toBe('VALIDATION_FAILED');
    const r = await chair.request('POST', `${C}/ballots`, { authority: AUTHORITY.public });
    expect(r.status, r.text).toBe(201);
    expect(r.body.manifest).toMatchObject({ ballot: 'members', counting: 'first', electorate: 6 });
    const members = await ceremony(r.body.id);
    const firstBallot = await cast(members, 0, 'jeremy-hunt');
    const secondBallot = await cast(members, 0, 'boris-johnson'); // a second ballot: superseded under "first counts"
    expect([firstBallot.status, secondBallot.status]).toEqual([200, 200]);
    expect((await anon.get(`/api/elections/${members.eid}/trackers/${firstBallot.body.tracker}`)).body.status).toBe('counted');
    expect((await anon.get(`/api/elections/${members.eid}/trackers/${secondBallot.body.tracker}`)).body.status).toBe('superseded');
    for (const [voter, choice] of (['boris-johnson', 'boris-johnson', null, 'boris-johnson'] as const).entries()) expect((await cast(members, voter + 1, choice)).status).toBe(200);
    const result = await count(members);
    // Voter 0's first ballot (Hunt) counts, not their second (Johnson).
    expect(result).toMatchObject({ counts: { 'boris-johnson': 3, 'jeremy-hunt': 1 }, blank: 1, counted: 5, abstentions: 1 });
    const contest = (await anon.get(C)).body;
    expect(contest.members.result).toMatchObject({ counts: { 'boris-johnson': 3, 'jeremy-hunt': 1 }, rejected: 1, electorate: 6 });
    expect(contest.phase).toBe('decided');
    expect(contest.winner).toMatchObject({ candidate: 'boris-johnson', how: 'members' });
    const report = await verifyContestBoard((await anon.get(`/api/elections/${members.eid}/board.jsonl`)).text);
    expect(report.failure).toBeNull();
    // Once the members' ballot has a board the roll is fixed.
    expect((await chair.request('POST', `${C}/roll`, { freezeDate: '2022-07-20', csv })).body.error.code).toBe('CONTEST_BALLOT_ON_BOARD');
  }, 60_000);
});
