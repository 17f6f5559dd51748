import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Point,
  dkgDeal,
  dkgSignDealing,
  dkgSignedAnswerToJSON,
  dkgAnswer,
  dkgComplain,
  dkgSignedComplaintToJSON,
  encryptShare,
  encryptedShareToJSON,
  dkgDealingToJSON,
  dkgDealingDigest,
  generateKeyPair,
  initCrypto,
  scalarAdd,
  scalarFromHex,
  scalarToHex,
  signatureToJSON,
} from '../src/crypto';
import { dkgParams, generateAuthorityKey, parseSignedDealings, trusteeAnswerComplaints, trusteeCheckShares, trusteeDeal, trusteeFinalize, trusteeReceiptProblem, trusteeRegister, verifyBoard, type Manifest, type TrusteeKeyBody } from '../src/ballot';
import { DEMO_CHAIR, DEMO_PROCEDURE_ID } from '../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from './support/api';

/**
 * The accountable complaint round through HTTP (docs/ballot-spec.md §3.1): dealer 2 sends trustee 3 a bad share
 * under its own signature; trustee 3's device complains with evidence; dealer 2 answers; trustee 1 files a false
 * complaint; the server refuses what no trustee signed and records what each trustee signed.
 */
describe('DKG complaints and answers (API)', () => {
  let api: ApiHarness;
  let chair: ApiClient;
  let anon: ApiClient;

  beforeAll(async () => {
    await initCrypto();
    api = await startApi();
    chair = await api.loginAs(DEMO_CHAIR.email);
    anon = api.client();
  });
  afterAll(async () => api?.close());

  it('records upheld and false complaints with their verdicts, refuses forged ones, and the key keeps every dealer that answered', async () => {
    const members = (await chair.get(`/api/members?q=&procedure=${DEMO_PROCEDURE_ID}`)).body.members as { memberId: string; whip: boolean }[];
    for (const m of members.filter((x) => x.whip)) {
      const view = (await chair.get(`/api/procedures/${DEMO_PROCEDURE_ID}/chair`)).body;
      if (view.state !== 'collecting') break;
      if (view.letters.some((l: { memberId: string }) => l.memberId === m.memberId)) continue;
      await chair.request('POST', `/api/procedures/${DEMO_PROCEDURE_ID}/letters`, { memberId: m.memberId });
    }
    await chair.request('POST', `/api/procedures/${DEMO_PROCEDURE_ID}/ballot`, { opensAt: '2022-06-06T17:00:00Z', closesAt: '2022-06-06T19:00:00Z' });
    const eid = (await chair.request('POST', `/api/procedures/${DEMO_PROCEDURE_ID}/election`, { authority: generateAuthorityKey().public, threshold: 2, trustees: 3 })).body.id as string;
    const view = (await anon.get(`/api/elections/${eid}`)).body as { electionHash: string; manifest: Manifest };
    const { electionHash: eh, manifest: m } = view;
    const post = (path: string, body: unknown) => chair.request('POST', `/api/elections/${eid}${path}`, body);
    const regs = [1, 2, 3].map((t) => trusteeRegister(eh, t));
    const keyReceipts: unknown[] = [];
    for (const r of regs) {
      const res = await post('/trustee-keys', r.body);
      expect(res.status).toBe(200);
      // Every trustee step answers with the board key's receipt for exactly the message sent (§3.2).
      expect(trusteeReceiptProblem(m.boardKey, eh, 'trustee_key', r.body, res.body.receipt)).toBeNull();
      keyReceipts.push(res.body.receipt);
    }
    const keys = (await anon.get(`/api/elections/${eid}/records/trustee_key`)).body.records as TrusteeKeyBody[];
    const honest = regs.map((r) => trusteeDeal(m, eh, r.secret, keys));
    // Dealer 2 cheats on trustee 3, under its own signature.
    const params = dkgParams(m, eh);
    const d2 = dkgDeal(params, 2);
    const enc = d2.shares.map((s) => encryptShare(params, s.recipient === 3 ? { ...s, share: scalarAdd(s.share, 1n) } : s, Point.fromHex(keys[s.recipient - 1]!.publicKey)));
    const signed2 = dkgSignDealing(params, scalarFromHex(regs[1]!.secret.transportSecret), d2.dealing, enc, keys.map((k) => Point.fromHex(k.publicKey)));
    const dealing2 = { dealing: dkgDealingToJSON(d2.dealing), encryptedShares: enc.map(encryptedShareToJSON), signature: signatureToJSON(signed2.signature) };
    const secret2 = { ...regs[1]!.secret, coefficients: d2.secret.coefficients.map(scalarToHex) };
    for (const [i, h] of honest.entries()) expect((await post('/dkg/commitments', i === 1 ? { dealer: 2, digest: dkgDealingDigest(d2.dealing) } : h.commitment)).status).toBe(200);
    // The server refuses a dealing whose share was changed after signing, and one signed by another key.
    const moved = { ...honest[0]!.dealing, encryptedShares: honest[0]!.dealing.encryptedShares.map((e, j) => (j === 1 ? honest[2]!.dealing.encryptedShares[1]! : e)) };
    expect((await post('/dkg/dealings', moved)).body.error.code).toBe('TRUSTEE_MESSAGE_INVALID');
    const otherKey = dkgSignDealing(params, generateKeyPair().secretKey, d2.dealing, enc, keys.map((k) => Point.fromHex(k.publicKey)));
    expect((await post('/dkg/dealings', { ...dealing2, signature: signatureToJSON(otherKey.signature) })).body.error).toMatchObject({ code: 'TRUSTEE_MESSAGE_INVALID', message: expect.stringMatching(/not signed by trustee 2/) });
    expect((await post('/dkg/dealings', honest[0]!.dealing)).status).toBe(200);
    expect((await post('/dkg/dealings', dealing2)).status).toBe(200);
    const early = trusteeCheckShares(m, eh, regs[2]!.secret, (await anon.get(`/api/elections/${eid}/records/dkg_dealing`)).body.records, keys);
    expect((await post('/dkg/complaints', early.complaints[0])).body.error.code).toBe('ELECTION_WRONG_STAGE');
    expect((await post('/dkg/dealings', honest[2]!.dealing)).status).toBe(200);

    const dealings = (await anon.get(`/api/elections/${eid}/records/dkg_dealing`)).body.records;
    const check3 = trusteeCheckShares(m, eh, regs[2]!.secret, dealings, keys);
    expect(check3.complaints.map((c) => c.complaint.dealer)).toEqual([2]);
    const complained = (await post('/dkg/complaints', check3.complaints[0])).body;
    expect(complained).toMatchObject({ verdict: 'upheld', seq: expect.any(Number) });
    expect(trusteeReceiptProblem(m.boardKey, eh, 'dkg_complaint', check3.complaints[0], complained.receipt)).toBeNull();
    expect((await post('/dkg/complaints', check3.complaints[0])).body.error.code).toBe('CONFLICT');
    // A complaint in trustee 2's name by someone without its key is refused.
    const forged = trusteeCheckShares(m, eh, { ...regs[1]!.secret, transportSecret: scalarToHex(generateKeyPair().secretKey) }, dealings, keys);
    expect((await post('/dkg/complaints', forged.complaints.find((c) => c.complaint.dealer === 1))).body.error.code).toBe('TRUSTEE_MESSAGE_INVALID');
    // A false complaint (trustee 1 against the honest dealer 3) is recorded as false.
    const falseOne = trusteeCheckShares(m, eh, regs[0]!.secret, dealings, keys);
    expect(falseOne.complaints).toEqual([]);
    const falseBody = { complaint: dkgSignedComplaintToJSON(dkgComplain(params, 1, scalarFromHex(regs[0]!.secret.transportSecret), parseSignedDealings(m, dealings)[2]!)) };
    expect((await post('/dkg/complaints', falseBody)).body).toMatchObject({ verdict: 'false' });

    const complaints = (await anon.get(`/api/elections/${eid}/records/dkg_complaint`)).body.records;
    expect((await anon.get(`/api/elections/${eid}`)).body.complaints).toEqual([
      { dealer: 2, complainer: 3, answered: false },
      { dealer: 3, complainer: 1, answered: false },
    ]);
    // An answer in dealer 2's name by someone else is refused; dealer 2's own answer is recorded and valid.
    const forgedAnswer = { answer: dkgSignedAnswerToJSON(dkgAnswer(params, d2.secret, generateKeyPair().secretKey, { dealer: 2, complainer: 3 })) };
    expect((await post('/dkg/answers', forgedAnswer)).body.error.code).toBe('TRUSTEE_MESSAGE_INVALID');
    const answers = trusteeAnswerComplaints(m, eh, secret2, { trusteeKeys: keys, dealings, complaints });
    expect(answers).toHaveLength(1);
    const answered = (await post('/dkg/answers', answers[0])).body;
    expect(answered).toMatchObject({ valid: true, receipt: { type: 'dkg_answer', seq: answered.seq } });
    expect(trusteeReceiptProblem(m.boardKey, eh, 'dkg_answer', answers[0], answered.receipt)).toBeNull();
    expect((await post('/dkg/answers', answers[0])).body.error.code).toBe('CONFLICT');

    const key = (await chair.request('POST', `/api/elections/${eid}/key`)).body;
    expect(key).toMatchObject({ qualified: [1, 2, 3], disqualified: [], falseComplaints: [{ dealer: 3, complainer: 1 }] });
    const answerRecords = (await anon.get(`/api/elections/${eid}/records/dkg_answer`)).body.records;
    const final3 = trusteeFinalize(m, eh, regs[2]!.secret, dealings, key, answerRecords);
    expect(final3.secretShare).toMatch(/^[0-9a-f]{64}$/);
    // Dealer 2 and trustee 3 bring their receipts to the verifier: the board holds their messages where receipted.
    const report = await verifyBoard(await (await api.app.request(`/api/elections/${eid}/board.jsonl`)).text(), { expect: { receipts: [...keyReceipts, complained.receipt, answered.receipt] } });
    expect(report).toMatchObject({ ok: true, summary: { trusteeReceiptsChecked: 5,  qualifiedTrustees: [1, 2, 3], dkgComplaints: [{ dealer: 2, complainer: 3, verdict: 'upheld', answered: true }, { dealer: 3, complainer: 1, verdict: 'false', answered: false }] } });
  });
});
