import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CHAIR, memberEmail } from '../src/services/demo';
import { readAudit } from '../src/services/audit';
import { startApi, type ApiClient, type ApiHarness } from './support/api';
import { mulBase } from '../src/crypto';
import { testMemberSecret } from '../src/contest/fixtures.test-helpers';
import { signWithdrawal } from '../src/contest/withdrawal';
import { proveMemberKey } from '../src/domain/seal/member-key';

/**
 * A contest run by hand through the API (in-process): the chair opens it after Johnson's resignation, MPs
 * nominate in the web app's API, the chair records paper nominations, closes the list, schedules and declares
 * rounds; the rulebook (2019: 8 nominators, ≥ 17 then ≥ 33, then lowest out) decides who is out.
 */
describe('contests through the API', () => {
  let api: ApiHarness;
  let chair: ApiClient;
  let mps: string[];
  let clock = new Date('2022-07-11T12:00:00Z');
  const C = '/api/contests/tories-2022';
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    api.runtime.ctx.clock = () => clock;
    chair = await api.loginAs(DEMO_CHAIR.email);
    const opened = await chair.request('POST', '/api/contests', { id: 'tories-2022', rulebookId: 'conservative-2019', reason: 'resignation', rosterId: 'uk-commons-2019', outgoingLeader: 'boris-johnson', nominationsClose: '2022-07-12T17:00:00Z' });
    expect(opened.status, opened.text).toBe(201);
    mps = Object.keys((await api.client().get(C)).body.names);
  });
  afterAll(async () => api?.close());

  it('opens with the MPs holding the whip on the day, and refuses a second contest with the same id', async () => {
    expect(mps.length).toBe(358);
    // The contests table's roster is named in the `open` event the verifier replays (C6 holds withdrawal keys to its
    // registry), and in the public view, where MPs see it is theirs.
    const events = (await api.client().get(`${C}/events`)).body;
    expect(events[0]).toMatchObject({ type: 'open', input: { rosterId: 'uk-commons-2019' } });
    expect((await api.client().get(C)).body.opening.rosterId).toBe('uk-commons-2019');
    const again = await chair.request('POST', '/api/contests', { id: 'tories-2022', rulebookId: 'conservative-2019', reason: 'chair', rosterId: 'uk-commons-2019', nominationsClose: '2022-07-12T17:00:00Z' });
    expect(again.status).toBe(409);
  });

  it('an MP nominates in their own name, once; a stranger or another MP’s name is refused; nothing is half-written', async () => {
    const mp = await api.loginAs(memberEmail('steve-baker'));
    const first = await mp.request('POST', `${C}/nominations`, { candidate: 'kemi-badenoch', role: 'proposer' });
    expect(first.status, first.text).toBe(200);
    expect(first.body.candidates).toEqual([expect.objectContaining({ id: 'kemi-badenoch', nominations: 1, nominators: null })]);
    const twice = await mp.request('POST', `${C}/nominations`, { candidate: 'elizabeth-truss', role: 'supporter' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('NOMINATION_DUPLICATE');
    const asOther = await mp.request('POST', `${C}/nominations`, { candidate: 'elizabeth-truss', role: 'supporter', nominator: 'anna-firth' });
    expect(asOther.status).toBe(403);
    const stranger = await chair.request('POST', `${C}/nominations`, { candidate: 'elizabeth-truss', role: 'supporter', nominator: 'keir-starmer' });
    expect(stranger.body.error.code).toBe('NOMINATOR_NOT_ELIGIBLE');
    const anonymous = await api.client().request('POST', `${C}/nominations`, { candidate: 'elizabeth-truss', role: 'supporter' });
    expect(anonymous.status).toBe(401);
    const events = (await api.client().get(`${C}/events`)).body;
    // Who nominated whom is not public until the list closes (the public view's rule, and the log's).
    expect(events.map((e: { type: string }) => e.type)).toEqual(['open']);
  });

  it('the chair records paper nominations, closes the list at the deadline, runs the rounds; the rulebook decides', async () => {
    const pool = mps.filter((m) => !['kemi-badenoch', 'elizabeth-truss', 'rishi-sunak', 'penny-mordaunt', 'steve-baker'].includes(m));
    let k = 0;
    const paper = async (candidate: string, n: number, skipProposer = false) => {
      for (let i = 0; i < n; i++) {
        const role = i === 0 && !skipProposer ? 'proposer' : i === 1 ? 'seconder' : 'supporter';
        const r = await chair.request('POST', `${C}/nominations`, { candidate, role, nominator: pool[k++] });
        expect(r.status, r.text).toBe(200);
      }
    };
    await paper('kemi-badenoch', 7, true);
    await paper('elizabeth-truss', 8);
    await paper('rishi-sunak', 8);
    await paper('penny-mordaunt', 5); // short of 8: not a valid nomination
    const early = await chair.request('POST', `${C}/close-nominations`);
    expect(early.body.error.code).toBe('CONTEST_WRONG_PHASE');
    clock = new Date('2022-07-12T17:00:00Z');
    chair = await api.loginAs(DEMO_CHAIR.email); // sessions follow the clock too
    const late = await chair.request('POST', `${C}/nominations`, { candidate: 'penny-mordaunt', role: 'supporter', nominator: pool[k++] });
    expect(late.body.error.code).toBe('NOMINATIONS_CLOSED');
    const closed = await chair.request('POST', `${C}/close-nominations`);
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body.phase).toBe('rounds');
    const mordaunt = closed.body.candidates.find((c: { id: string }) => c.id === 'penny-mordaunt');
    expect(mordaunt).toMatchObject({ status: 'invalid', note: '5 of the 8 nominators needed' });
    // Nominators are public under this rulebook once the list has closed.
    expect(closed.body.candidates.find((c: { id: string }) => c.id === 'kemi-badenoch').nominators[0]).toEqual({ member: 'steve-baker', role: 'proposer' });

    const mp = await api.loginAs(memberEmail('anna-firth'));
    expect((await mp.request('POST', `${C}/rounds`, { opensAt: '2022-07-13T13:00:00Z' })).status).toBe(403);
    expect((await chair.request('POST', `${C}/rounds`, { opensAt: '2022-07-13T13:00:00Z' })).status).toBe(200);
    const pending = await chair.request('POST', `${C}/rounds`, { opensAt: '2022-07-14T13:00:00Z' });
    expect(pending.body.error.code).toBe('ROUND_PENDING');
    const bad = await chair.request('POST', `${C}/rounds/result`, { counts: { 'rishi-sunak': 200, 'elizabeth-truss': 100, 'kemi-badenoch': 100 }, spoilt: 0 });
    expect(bad.body.error.code).toBe('ROUND_RESULT_INVALID');
    clock = new Date('2022-07-13T16:00:00Z');
    chair = await api.loginAs(DEMO_CHAIR.email);
    const r1 = await chair.request('POST', `${C}/rounds/result`, { counts: { 'rishi-sunak': 150, 'elizabeth-truss': 140, 'kemi-badenoch': 16 }, spoilt: 2 });
    expect(r1.status, r1.text).toBe(200);
    expect(r1.body.rounds[0].result).toMatchObject({ spoilt: 2, abstentions: 50, eliminated: [{ candidate: 'kemi-badenoch', votes: 16, reason: 'below-threshold' }] });
    expect(r1.body.phase).toBe('members');
    const withdraw = await chair.request('POST', `${C}/withdrawals`, { candidate: 'elizabeth-truss' });
    expect(withdraw.status).toBe(200);
    expect(withdraw.body.winner).toMatchObject({ candidate: 'rishi-sunak', how: 'mps' });
  });

  it('every contest event is in the hash-chained audit log', async () => {
    const audit = await readAudit(api.runtime.ctx.db, { kind: 'contest' });
    expect(audit.length).toBe((await api.client().get(`${C}/events`)).body.length);
    expect((await api.client().get('/api/contests')).body).toEqual([{ id: 'tories-2022', rulebook: 'conservative-2019', phase: 'decided', winner: 'rishi-sunak' }]);
  });

  it('a tied candidate withdraws before the rerun, with their own signature (the chair’s unsigned record is refused); the final two may not (2024 rulebook)', async () => {
    const T = '/api/contests/tie-withdraw';
    clock = new Date('2024-07-24T10:00:00Z');
    chair = await api.loginAs(DEMO_CHAIR.email);
    expect((await chair.request('POST', '/api/contests', { id: 'tie-withdraw', rulebookId: 'conservative-2024', reason: 'chair', rosterId: 'uk-commons-2019', nominationsClose: '2024-07-29T13:00:00Z', freezeDate: '2024-09-01' })).status).toBe(201);
    const field = ['kemi-badenoch', 'robert-jenrick', 'james-cleverly', 'thomas-tugendhat'];
    const pool = mps.filter((m) => !field.includes(m));
    for (const [ci, candidate] of field.entries()) {
      for (let i = 0; i < 10; i++) {
        const r = await chair.request('POST', `${T}/nominations`, { candidate, role: i === 0 ? 'proposer' : i === 1 ? 'seconder' : 'supporter', nominator: pool[ci * 10 + i] });
        expect(r.status, r.text).toBe(200);
      }
    }
    clock = new Date('2024-07-29T13:00:00Z');
    chair = await api.loginAs(DEMO_CHAIR.email);
    expect((await chair.request('POST', `${T}/close-nominations`)).body.phase).toBe('rounds');
    const round = async (counts: Record<string, number>) => {
      expect((await chair.request('POST', `${T}/rounds`, { opensAt: clock.toISOString() })).status).toBe(200);
      const r = await chair.request('POST', `${T}/rounds/result`, { counts, spoilt: 0 });
      expect(r.status, r.text).toBe(200);
      return r.body;
    };
    // Round 1: Cleverly and Tugendhat tie for the last place. Tugendhat withdraws before the rerun (only he or the
    // chair may): Cleverly is then the lowest on the tied count and is out, without a rerun.
    expect((await round({ 'kemi-badenoch': 120, 'robert-jenrick': 100, 'james-cleverly': 60, 'thomas-tugendhat': 60 })).rounds[0].awaitingRerun).toBe(true);
    const cleverly = await api.loginAs(memberEmail('james-cleverly'));
    expect((await cleverly.request('POST', `${T}/withdrawals`, { candidate: 'thomas-tugendhat' })).status).toBe(403);
    const tugendhat = await api.loginAs(memberEmail('thomas-tugendhat'));
    // The withdrawal decides the tie, so it must be Tugendhat's own: signed with his registered member key over the
    // contest, himself and the stage the view names. The chair's unsigned record is refused, as is any other key.
    const stage = (await api.client().get(T)).body.withdrawalStage;
    expect(stage).toBe('before-rerun-of:round-1');
    const unsigned = await chair.request('POST', `${T}/withdrawals`, { candidate: 'thomas-tugendhat' });
    expect(unsigned.status).toBe(403);
    expect(unsigned.body.error).toMatchObject({ code: 'WITHDRAWAL_NOT_SIGNED', message: expect.stringMatching(/would decide the tie: it must carry thomas-tugendhat's own signature/) });
    expect((await tugendhat.request('POST', `${T}/withdrawals`, { candidate: 'thomas-tugendhat' })).body.error.code).toBe('WITHDRAWAL_NOT_SIGNED');
    const secret = testMemberSecret('thomas-tugendhat');
    const own = signWithdrawal(secret, 'tie-withdraw', 'thomas-tugendhat', stage);
    const noKey = await tugendhat.request('POST', `${T}/withdrawals`, { candidate: 'thomas-tugendhat', signature: own });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error).toMatchObject({ code: 'WITHDRAWAL_SIGNATURE_INVALID', message: expect.stringMatching(/has registered no member key/) });
    expect((await tugendhat.request('PUT', '/api/member-key', proveMemberKey({ secretKey: secret, publicKey: mulBase(secret) }, 'uk-commons-2019', 'thomas-tugendhat'))).status).toBe(200);
    const chairs = await chair.request('POST', `${T}/withdrawals`, { candidate: 'thomas-tugendhat', signature: signWithdrawal(testMemberSecret('the-chair'), 'tie-withdraw', 'thomas-tugendhat', stage) });
    expect(chairs.status).toBe(400);
    expect(chairs.body.error).toMatchObject({ code: 'WITHDRAWAL_SIGNATURE_INVALID', message: expect.stringMatching(/which is not thomas-tugendhat's registered member key/) });
    const otherStage = await tugendhat.request('POST', `${T}/withdrawals`, { candidate: 'thomas-tugendhat', signature: signWithdrawal(secret, 'tie-withdraw', 'thomas-tugendhat', 'after-round-1') });
    expect(otherStage.body.error).toMatchObject({ code: 'WITHDRAWAL_SIGNATURE_INVALID', message: expect.stringMatching(/for this contest, candidate and stage/) });
    expect((await tugendhat.request('POST', `${T}/withdrawals`, { candidate: 'thomas-tugendhat', signature: { publicKey: 'x' } })).status).toBe(400);
    // His own signature decides it, whoever posts it (here the chair relays it).
    const decided = await chair.request('POST', `${T}/withdrawals`, { candidate: 'thomas-tugendhat', signature: own });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.body.log.find((l: { text: string }) => l.text.startsWith('thomas-tugendhat withdraws')).text).toBe(`thomas-tugendhat withdraws before the rerun of round-1 (signed with thomas-tugendhat's key ${own.publicKey.slice(0, 16)}…)`);
    expect(decided.body.rounds[0]).toMatchObject({ awaitingRerun: false, ties: [{ ballot: 'round-1' }], result: { counts: { 'thomas-tugendhat': 60 }, eliminated: [{ candidate: 'james-cleverly', votes: 60, reason: 'lowest' }] } });
    expect(decided.body.phase).toBe('members');
    expect(decided.body.members.finalists).toEqual(['kemi-badenoch', 'robert-jenrick']);
    expect((await chair.request('POST', `${T}/rerun`, {})).body.error.code).toBe('CONTEST_WRONG_PHASE');
    // The members' ballot ties; the final two have undertaken not to withdraw, also before its rerun.
    expect((await chair.request('POST', `${T}/roll`, { csv: 'member_id,joined\nm1,2020-01-01\nm2,2020-01-01\nm3,2020-01-01\nm4,2020-01-01\n' })).status).toBe(200);
    const tie = await chair.request('POST', `${T}/members-result`, { counts: { 'kemi-badenoch': 2, 'robert-jenrick': 2 }, rejected: 0, electorate: 4 });
    expect(tie.body.members.awaitingRerun, tie.text).toBe(true);
    const refused = await chair.request('POST', `${T}/withdrawals`, { candidate: 'robert-jenrick' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CANDIDATE_MAY_NOT_WITHDRAW', message: 'the final 2 have undertaken not to withdraw, also before the rerun of a tied ballot' });
    expect((await api.client().get(T)).body.members.awaitingRerun).toBe(true);
  });
});
