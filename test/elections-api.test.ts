import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, Point, ciphertextFromJSON } from '../src/crypto';
import { generateAuthorityKey, generateCredential, prepareBallot, signCredentialList, trusteeDeal, trusteeFinalize, trusteePartialDecrypt, trusteeRegister, verifyBoard, type TrusteeSecretFile } from '../src/ballot';
import { DEMO_CHAIR, DEMO_PROCEDURE_ID } from '../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from './support/api';

/** The whole demo flow through HTTP: chair, trustees (their steps computed locally), credential authority, voters. */
describe('elections API (in-process)', () => {
  let api: ApiHarness;
  let chair: ApiClient;
  let anon: ApiClient;
  let eid: string;
  let params: { electionHash: string; publicKey: Point };
  let creds: ReturnType<typeof generateCredential>[];
  let trustees: TrusteeSecretFile[];
  let authority: ReturnType<typeof generateAuthorityKey>;

  beforeAll(async () => {
    await initCrypto();
    authority = generateAuthorityKey();
    api = await startApi();
    chair = await api.loginAs(DEMO_CHAIR.email);
    anon = api.client();
  });
  afterAll(async () => api?.close());

  it('the chair schedules the vote and creates the election; the manifest follows the 1922 rulebook', async () => {
    // The demo is a few letters short of 54: the chair records paper letters until the threshold is reached.
    const members = (await chair.get(`/api/members?q=&procedure=${DEMO_PROCEDURE_ID}`)).body.members as { memberId: string; whip: boolean }[];
    for (const m of members.filter((x) => x.whip)) {
      const view = (await chair.get(`/api/procedures/${DEMO_PROCEDURE_ID}/chair`)).body;
      if (view.state !== 'collecting') break;
      if (view.letters.some((l: { memberId: string }) => l.memberId === m.memberId)) continue;
      await chair.request('POST', `/api/procedures/${DEMO_PROCEDURE_ID}/letters`, { memberId: m.memberId });
    }
    expect((await chair.request('POST', `/api/procedures/${DEMO_PROCEDURE_ID}/ballot`, { opensAt: '2022-06-06T17:00:00Z', closesAt: '2022-06-06T19:00:00Z' })).status).toBe(200);
    expect((await anon.get(`/api/procedures/${DEMO_PROCEDURE_ID}/election`)).body).toBeNull();
    expect((await anon.request('POST', `/api/procedures/${DEMO_PROCEDURE_ID}/election`, { authority: authority.public })).status).toBe(401);
    // The credential authority's key is required: the manifest (so the election hash) pins it.
    expect((await chair.request('POST', `/api/procedures/${DEMO_PROCEDURE_ID}/election`, { threshold: 2, trustees: 3 })).status).toBe(400);
    const r = await chair.request('POST', `/api/procedures/${DEMO_PROCEDURE_ID}/election`, { authority: authority.public, threshold: 2, trustees: 3 });
    expect(r.status).toBe(200);
    expect(r.body.manifest).toMatchObject({ authority: authority.public, electorate: 359, trustees: { threshold: 2, count: 3 }, rules: { majority: { basis: 'votes-cast' } } });
    eid = r.body.id;
    expect((await anon.get(`/api/procedures/${DEMO_PROCEDURE_ID}/election`)).body.id).toBe(eid);
    expect((await chair.request('POST', `/api/procedures/${DEMO_PROCEDURE_ID}/election`, { authority: authority.public })).body.error.code).toBe('ELECTION_EXISTS');
  });

  it('runs the key ceremony; the server only ever sees public messages', async () => {
    const view = (await anon.get(`/api/elections/${eid}`)).body;
    const eh = view.electionHash;
    const regs = [1, 2, 3].map((t) => trusteeRegister(eh, t));
    for (const r of regs) expect((await chair.request('POST', `/api/elections/${eid}/trustee-keys`, r.body)).status).toBe(200);
    // A forged proof is refused.
    const forged = { ...regs[0]!.body, trustee: 2 };
    expect((await chair.request('POST', `/api/elections/${eid}/trustee-keys`, forged)).body.error.code).toBe('TRUSTEE_MESSAGE_INVALID');
    const keys = (await anon.get(`/api/elections/${eid}/records/trustee_key`)).body.records;
    const deals = regs.map((r) => trusteeDeal(view.manifest, eh, r.secret, keys));
    for (const d of deals) expect((await chair.request('POST', `/api/elections/${eid}/dkg/commitments`, d.commitment)).status).toBe(200);
    for (const d of deals) expect((await chair.request('POST', `/api/elections/${eid}/dkg/dealings`, d.dealing)).status).toBe(200);
    const key = (await chair.request('POST', `/api/elections/${eid}/key`)).body;
    const dealings = (await anon.get(`/api/elections/${eid}/records/dkg_dealing`)).body.records;
    trustees = deals.map((d) => trusteeFinalize(view.manifest, eh, d.secret, dealings, key));
    creds = Array.from({ length: 359 }, () => generateCredential());
    // Unsigned: refused; signed by the credential authority (as credentials-public.json carries it): published.
    expect((await chair.request('POST', `/api/elections/${eid}/credentials`, { credentials: creds.map((c) => c.public) })).body.error.code).toBe('AUTHORITY_SIGNATURE_INVALID');
    // Signed by a key other than the manifest's: refused, though the signature itself is valid.
    const { fingerprint: _other, ...otherKey } = signCredentialList(eh, generateAuthorityKey().secret, creds.map((c) => c.public), key.publicKey);
    expect((await chair.request('POST', `/api/elections/${eid}/credentials`, otherKey)).body.error.code).toBe('AUTHORITY_SIGNATURE_INVALID');
    const { fingerprint: _fp, ...signed } = signCredentialList(eh, authority.secret, creds.map((c) => c.public), key.publicKey);
    expect((await chair.request('POST', `/api/elections/${eid}/credentials`, signed)).status).toBe(200);
    // Casting before the vote opens.
    params = { electionHash: eh, publicKey: Point.fromHex(key.publicKey) };
    const early = await anon.request('POST', `/api/elections/${eid}/ballots`, prepareBallot(params, creds[0]!.secret, 1).body);
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'ELECTION_NOT_OPEN' } } });
    // The schedule binds the chair: the vote is set for 6 June and the demo's day is 5 June.
    expect((await chair.request('POST', `/api/elections/${eid}/open`)).body.error.code).toBe('VOTE_NOT_YET_DUE');
    expect((await chair.request('POST', `/api/procedures/${DEMO_PROCEDURE_ID}/ballot`, { opensAt: '2022-06-05T08:00:00Z', closesAt: '2022-06-05T19:00:00Z' })).status).toBe(200);
    expect((await chair.request('POST', `/api/elections/${eid}/open`)).status).toBe(200);
  });

  it('voters cast without logging in; bad ballots get clear codes', async () => {
    const votes = [1, 1, 0, 1, 0, 1];
    const trackers: string[] = [];
    for (const [i, v] of votes.entries()) {
      const b = prepareBallot(params, creds[i]!.secret, v as 0 | 1);
      const r = await anon.request('POST', `/api/elections/${eid}/ballots`, b.body);
      expect(r.status).toBe(200);
      expect(r.body.tracker).toBe(b.tracker);
      trackers.push(b.tracker);
    }
    expect((await anon.get(`/api/elections/${eid}/trackers/${trackers[0]}`)).body.status).toBe('counted');
    const b = prepareBallot(params, creds[10]!.secret, 1);
    expect((await anon.request('POST', `/api/elections/${eid}/ballots`, '{"credential":')).body.error.code).toBe('MALFORMED_JSON');
    expect((await anon.request('POST', `/api/elections/${eid}/ballots`, { ...b.body, signature: { R: b.body.signature.R } })).body.error.code).toBe('BALLOT_MALFORMED');
    expect((await anon.request('POST', `/api/elections/${eid}/ballots`, prepareBallot(params, generateCredential().secret, 1).body))).toMatchObject({ status: 403, body: { error: { code: 'BALLOT_UNKNOWN_CREDENTIAL' } } });
    expect((await anon.request('POST', `/api/elections/${eid}/ballots`, prepareBallot(params, creds[0]!.secret, 1, undefined, 2).body)).status).toBe(200); // revote (revision 2)
    expect((await anon.get(`/api/elections/${eid}/trackers/${trackers[0]}`)).body.status).toBe('superseded');
  });

  it('closes, tallies with 2 of 3 trustees, declares the result into the procedure; the exported board verifies', async () => {
    expect((await chair.request('POST', `/api/elections/${eid}/close`)).status).toBe(200);
    expect((await anon.request('POST', `/api/elections/${eid}/ballots`, prepareBallot(params, creds[20]!.secret, 1).body)).body.error.code).toBe('ELECTION_CLOSED');
    const tally = (await chair.request('POST', `/api/elections/${eid}/tally`)).body;
    const [key] = (await anon.get(`/api/elections/${eid}/records/election_key`)).body.records;
    for (const t of [2, 3]) {
      const p = trusteePartialDecrypt(params.electionHash, trustees[t - 1]!, key, ciphertextFromJSON(tally.ciphertext));
      expect((await chair.request('POST', `/api/elections/${eid}/partial-decryptions`, p)).status).toBe(200);
    }
    const result = (await chair.request('POST', `/api/elections/${eid}/result`)).body;
    expect(result).toMatchObject({ yes: 4, no: 2, counted: 6, electorate: 359, trustees: [2, 3] });
    const proc = (await anon.get(`/api/procedures/${DEMO_PROCEDURE_ID}`)).body;
    expect(JSON.stringify(proc)).toMatch(/verifiable tally|"yes":4/);
    const board = await anon.get(`/api/elections/${eid}/board.jsonl`);
    expect(board.headers.get('content-type')).toMatch(/ndjson/);
    const report = await verifyBoard(board.text);
    expect(report.failure).toBeNull();
    expect(report.summary).toMatchObject({ complete: true, result: { yes: 4, no: 2 }, electorate: 359 });
  });
});
