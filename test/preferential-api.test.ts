import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateAuthorityKey, generateCredential, signCredentialList, trusteeDeal, trusteeFinalize, trusteeRegister, type Credential, type Manifest, type TrusteeSecretFile } from '../src/ballot';
import { ZERO_HASH, recordHash } from '../src/ballot/records';
import { countIrv } from '../src/count/irv';
import { RankingsSource } from '../src/count/types';
import { canonicalJson } from '../src/domain/audit/canonical-json';
import { DEMO_CHAIR } from '../src/services/demo';
import { mixerStep, prepareRankedBallot, preferentialStateFromBoard, trusteeDecryptionShare, type PreferentialManifest } from '../src/mixnet/board';
import { streamedChecks, verifyBoth, verifyStreamed, byteChunks } from './support/preferential-stream';
import { LineTooLong, streamLines } from '../src/mixnet/lines';
import { readPreferentialBoard } from '../src/mixnet/board';
import { verifyPreferentialPath } from '../src/cli/commands/preferential-board';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRevocation } from '../src/ballot';
import { SYSTEM_ACTOR } from '../src/services/context';
import { castRankedBallot, preferentialView } from '../src/services/preferential';
import { boardText, revokeCredential } from '../src/services/elections';
import { countPreferential, openedPreferential } from './support/preferential';
import { startApi, type ApiClient, type ApiHarness } from './support/api';

/**
 * A Labour-style preferential members' ballot through the server (in-process, app.request()): the chair sets it
 * up, three trustees run the key ceremony, the credential authority publishes its signed list, members cast ranked
 * ballots anonymously (signed receipts), the chair closes, two mixers shuffle in turn (each from the board), two of
 * the three trustees decrypt exactly the cells the count needs, round by round, the chair posts the count, and the
 * whole board verifies (M1–M14). Forged boards (re-hashed chains) fail with the numbered check.
 */
describe('a preferential ballot through the server', () => {
  let api: ApiHarness;
  let chair: ApiClient;
  let anon: ApiClient;
  let eid: string;
  let m: PreferentialManifest;
  let eh: string;
  let publicKey: string;
  let creds: Credential[];
  let trustees: TrusteeSecretFile[];
  let verificationKeys: { trustee: number; key: string }[];
  const authority = generateAuthorityKey();
  const CANDIDATES = ['Keir Starmer', 'Rebecca Long-Bailey', 'Lisa Nandy', 'Emily Thornberry'];
  // 13 members: Thornberry goes out first, then Nandy (tied with Starmer in round 2, fewer in round 1: backwards
  // tie-break); Starmer wins in round 3 with 7 of 13 continuing ballots
  const RANKINGS = [[0, 2], [0], [0, 1], [0, 3], [1, 0], [1], [1, 2, 0], [1], [2, 0, 1], [2, 1], [2, 0], [3, 2, 0], [3, 1]];
  const board = async () => (await anon.get(`/api/elections/${eid}/board.jsonl`)).text;

  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    chair = await api.loginAs(DEMO_CHAIR.email);
    anon = api.client();
  }, 60_000);
  afterAll(() => api?.close());
  // every board verified here is also verified line by line from a byte stream: the same report (support/preferential-stream.ts)
  afterEach(async () => void (await streamedChecks()));

  it('validates the set-up at the boundary', async () => {
    expect((await anon.request('POST', '/api/preferential', { title: 'x' })).status).toBe(401);
    const noKey = await chair.request('POST', '/api/preferential', { title: 'Leader', candidates: CANDIDATES, electorate: 13 });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('VALIDATION_FAILED');
    const dup = await chair.request('POST', '/api/preferential', { title: 'Leader', candidates: ['A', 'A'], electorate: 13, authority: authority.public });
    expect(dup.body.error.message).toMatch(/distinct/);
    expect((await chair.request('POST', '/api/preferential', { title: 'Leader', rulebook: 'nope', electorate: 13, authority: authority.public })).body.error.code).toBe('RULEBOOK_NOT_FOUND');
  });

  it('sets up, runs the key ceremony and publishes the credentials', async () => {
    const res = await chair.request('POST', '/api/preferential', { title: 'Labour leadership 2020 (members’ ballot)', candidates: CANDIDATES, method: 'irv', rankCap: 3, electorate: RANKINGS.length, trustees: 3, threshold: 2, mixers: 2, authority: authority.public });
    expect(res.status, res.text).toBe(200);
    eid = res.body.id;
    m = res.body.manifest;
    eh = res.body.electionHash;
    expect(eid).toMatch(/^pref-/);
    const cm = m as unknown as Manifest;
    const regs = [1, 2, 3].map((t) => trusteeRegister(eh, t));
    for (const r of regs) expect((await chair.request('POST', `/api/elections/${eid}/trustee-keys`, r.body)).status).toBe(200);
    const keys = (await anon.get(`/api/elections/${eid}/records/trustee_key`)).body.records;
    const deals = regs.map((r) => trusteeDeal(cm, eh, r.secret, keys));
    for (const d of deals) expect((await chair.request('POST', `/api/elections/${eid}/dkg/commitments`, d.commitment)).status).toBe(200);
    for (const d of deals) expect((await chair.request('POST', `/api/elections/${eid}/dkg/dealings`, d.dealing)).status).toBe(200);
    const key = await chair.request('POST', `/api/elections/${eid}/key`);
    expect(key.status, key.text).toBe(200);
    publicKey = key.body.publicKey;
    verificationKeys = key.body.verificationKeys;
    const dealings = (await anon.get(`/api/elections/${eid}/records/dkg_dealing`)).body.records;
    trustees = deals.map((d) => trusteeFinalize(cm, eh, d.secret, dealings, key.body));
    creds = RANKINGS.map(() => generateCredential());
    const { fingerprint: _f, ...signed } = signCredentialList(eh, authority.secret, creds.map((c) => c.public), key.body.publicKey);
    expect((await chair.request('POST', `/api/elections/${eid}/credentials`, signed)).status).toBe(200);
    expect((await chair.request('POST', `/api/elections/${eid}/open`)).status).toBe(200);
  });

  it('takes ranked ballots with signed receipts, one per credential, and refuses forged ones', async () => {
    const ballot = (i: number) => prepareRankedBallot(m, eh, publicKey, creds[i]!.secret, RANKINGS[i]!);
    // a yes/no ballot cannot reach a preferential board through the vote's route
    expect((await anon.request('POST', `/api/elections/${eid}/ballots`, ballot(0))).body.error.code).toBe('ELECTION_WRONG_STAGE');
    for (const i of RANKINGS.keys()) {
      const r = await anon.request('POST', `/api/preferential/${eid}/ballots`, ballot(i));
      expect(r.status, r.text).toBe(200);
      expect(r.body.receipt.tracker).toBe(r.body.tracker);
    }
    expect((await anon.request('POST', `/api/preferential/${eid}/ballots`, ballot(0))).body.error.code).toBe('CONFLICT');
    const stranger = prepareRankedBallot(m, eh, publicKey, generateCredential().secret, [0]);
    expect((await anon.request('POST', `/api/preferential/${eid}/ballots`, stranger)).body.error.code).toBe('BALLOT_UNKNOWN_CREDENTIAL');
    // a copied row under another credential: the proofs of knowledge are bound to the first credential
    const copied = { ...ballot(1), row: ballot(2).row };
    expect((await anon.request('POST', `/api/preferential/${eid}/ballots`, copied)).body.error.code).toBe('BALLOT_INVALID_PROOF');
    expect((await anon.request('POST', `/api/preferential/${eid}/ballots`, { ...ballot(1), extra: 1 })).body.error.code).toBe('BALLOT_MALFORMED');
    const narrow = ballot(1);
    expect((await anon.request('POST', `/api/preferential/${eid}/ballots`, { ...narrow, row: narrow.row.slice(0, 2), proofs: narrow.proofs.slice(0, 2) })).body.error.code).toBe('BALLOT_MALFORMED');
    expect((await anon.get(`/api/preferential/${eid}`)).body.ballots).toBe(RANKINGS.length);
  });

  it('mixers shuffle in turn from the board; a false shuffle is refused', async () => {
    const text0 = await board();
    expect((await chair.request('POST', `/api/preferential/${eid}/mixes`, { mixer: 1, output: [], proof: {} })).body.error.code).toBe('ELECTION_WRONG_STAGE');
    expect(() => mixerStep(preferentialStateFromBoard(text0), trustees[0]!)).toThrow(/not closed/);
    expect((await chair.request('POST', `/api/elections/${eid}/close`)).status).toBe(200);
    const s1 = mixerStep(preferentialStateFromBoard(await board()), trustees[0]!);
    // a mixer that swaps two rows after proving
    const swapped = { ...s1, output: [s1.output[1], s1.output[0], ...s1.output.slice(2)] };
    const bad = await chair.request('POST', `/api/preferential/${eid}/mixes`, swapped);
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('MIXNET_CHECK_FAILED');
    expect((await chair.request('POST', `/api/preferential/${eid}/mixes`, { ...s1, mixer: 2 })).body.error.code).toBe('CONFLICT');
    expect((await chair.request('POST', `/api/preferential/${eid}/mixes`, s1)).status).toBe(200);
    const s2 = mixerStep(preferentialStateFromBoard(await board()), trustees[1]!);
    expect(s2.mixer).toBe(2);
    expect((await chair.request('POST', `/api/preferential/${eid}/mixes`, s2)).status).toBe(200);
    expect((await chair.request('POST', `/api/preferential/${eid}/mixes`, s2)).body.error.code).toBe('ELECTION_WRONG_STAGE');
  });

  it('trustees decrypt only what the count needs, round by round; the count and the whole board verify', async () => {
    const keyOf = (t: number) => ({ index: t, secretShare: trustees[t - 1]!.secretShare!, verificationKey: verificationKeys.find((v) => v.trustee === t)!.key });
    expect((await chair.request('POST', `/api/preferential/${eid}/count`)).body.error.code).toBe('ELECTION_WRONG_STAGE');
    const first = (await anon.get(`/api/preferential/${eid}/needed`)).body;
    expect(first.cells.map((c: { rank: number }) => c.rank)).toEqual(RANKINGS.map(() => 0));
    // a cell the count does not need (a second preference before any exclusion) is refused
    const share = trusteeDecryptionShare(preferentialStateFromBoard(await board()), keyOf(2))!;
    const tooMuch = { ...share, cells: [{ ...share.cells[0]!, rank: 1 }] };
    expect((await chair.request('POST', `/api/preferential/${eid}/decryption-shares`, tooMuch)).body.error.code).toBe('TRUSTEE_MESSAGE_INVALID');
    let batches = 0;
    for (;;) {
      let posted = 0;
      for (const t of [2, 3]) {
        const sh = trusteeDecryptionShare(preferentialStateFromBoard(await board()), keyOf(t));
        if (!sh) continue;
        const r = await chair.request('POST', `/api/preferential/${eid}/decryption-shares`, sh);
        expect(r.status, r.text).toBe(200);
        posted++;
      }
      if (posted === 0) break;
      batches++;
      expect(batches).toBeLessThan(5);
    }
    // round 1 first preferences, then Thornberry's and Nandy's ballots: 3 batches, the IRV rounds
    expect(batches).toBe(3);
    const count = await chair.request('POST', `/api/preferential/${eid}/count`);
    expect(count.status, count.text).toBe(200);
    const expected = countIrv(new RankingsSource(RANKINGS, 3), { candidates: CANDIDATES, tieBreak: 'backwards', seed: eh });
    expect(count.body).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(count.body.elected).toEqual([0]);
    expect(count.body.rounds.map((r: { votes: unknown }) => r.votes)).toEqual([
      ['4', '4', '3', '2'],
      ['4', '5', '4', null],
      ['7', '6', null, null],
    ]);
    const view = (await anon.get(`/api/preferential/${eid}`)).body;
    expect(view.count.elected).toEqual([0]);
    // fewer cells than the 39 on the board were ever decrypted
    expect(view.progress.decrypted).toBeLessThan(RANKINGS.length * 2);
    const report = verifyBoth(await board());
    expect(report.failures).toEqual([]);
    expect(report.ok && report.complete).toBe(true);
    expect(report.count).toEqual(count.body);
  });

  /** Re-hashes a board's chain after `edit` changed record bodies (what a dishonest server could publish). */
  function forge(text: string, edit: (recs: { seq: number; prev: string; type: string; body: any; hash: string }[]) => void): string {
    const recs = text.trim().split('\n').map((l) => JSON.parse(l));
    edit(recs);
    let prev = ZERO_HASH;
    return recs.map((r, i) => {
      const rec = { seq: i, prev, type: r.type, body: r.body, hash: recordHash(i, prev, r.type, r.body) };
      prev = rec.hash;
      return canonicalJson(rec);
    }).join('\n') + '\n';
  }

  it('rejects forged boards with the numbered check', async () => {
    const text = await board();
    // a false round table: M11
    const falseTable = verifyBoth(forge(text, (rs) => (rs.at(-1)!.body.count.elected = [1])));
    expect(falseTable.failures.map((f) => f.check)).toEqual(['M11']);
    // a ballot dropped before mixing (mixer 1 then started from other rows): M3 of mixer 1 (the chain, M9)
    const dropped = verifyBoth(forge(text, (rs) => rs.splice(rs.findIndex((r) => r.type === 'ballot'), 1).length && (rs.find((r) => r.type === 'close')!.body.ballots -= 1)));
    expect(dropped.failures[0]!.check).toMatch(/^M(1|3|9|12)$/);
    expect(dropped.ok).toBe(false);
    // a stuffed ballot signed by a credential the authority never issued: M12
    const stuffed = verifyBoth(
      forge(text, (rs) => {
        const b = prepareRankedBallot(m, eh, publicKey, generateCredential().secret, [1]);
        const at = rs.findIndex((r) => r.type === 'close');
        rs.splice(at, 0, { seq: 0, prev: '', type: 'ballot', body: b, hash: '' });
        rs[at + 1]!.body.ballots += 1;
      }),
    );
    expect(stuffed.failures[0]!.check).toBe('M12');
    // a changed plaintext in a partial decryption: M10
    const lied = verifyBoth(forge(text, (rs) => {
      const sh = rs.find((r) => r.type === 'decryption_share')!;
      sh.body.cells[0].partial.share = sh.body.cells[1].partial.share;
    }));
    expect(lied.failures[0]!.check).toBe('M10');
    // an edited record without re-hashing: M13
    const broken = text.replace(/"ballots":\d+/, '"ballots":99');
    expect(verifyBoth(broken).failures[0]!.check).toBe('M13');
    // a second key ceremony result (another public key) than the dealings give: M14
    const otherKey = verifyBoth(forge(text, (rs) => (rs.find((r) => r.type === 'election_key')!.body.publicKey = rs.find((r) => r.type === 'credentials')!.body.authority)));
    expect(otherKey.failures[0]!.check).toBe('M14');
  });

  it('reads a board larger than the string cap line by line, in a stream and from a file, with the same report', async () => {
    const text = await board();
    const longest = Math.max(...text.split('\n').map((l) => l.length));
    // A cap on any one string the reader builds: above the longest line (a mix record), below the board's length.
    const cap = longest + 16;
    expect(text.length).toBeGreaterThan(2 * cap);
    const whole = verifyBoth(text);
    expect(whole.ok && whole.complete).toBe(true);
    // chunks of 64 KiB, 1 byte and 7 bytes: lines and UTF-8 characters cut anywhere
    for (const chunk of [65536, 7, 1]) expect(await verifyStreamed(text, {}, chunk, cap)).toEqual(whole);
    // the cap is real: the reader refuses a line longer than it, and a board as one line would be refused
    await expect(readPreferentialBoard(streamLines(byteChunks(text, 4096), { maxLineChars: longest - 1 }))).rejects.toBeInstanceOf(LineTooLong);
    await expect(readPreferentialBoard(streamLines(byteChunks(text.replaceAll('\n', ' '), 4096), { maxLineChars: cap }))).rejects.toBeInstanceOf(LineTooLong);
    // `confidence verify FILE` reads the file line by line: the same report, as JSON
    const dir = mkdtempSync(join(tmpdir(), 'pref-stream-'));
    const printed: string[] = [];
    const log = console.log;
    const write = process.stdout.write.bind(process.stdout);
    try {
      writeFileSync(join(dir, 'board.jsonl'), text);
      console.log = (...a: unknown[]) => void printed.push(a.join(' '));
      process.stdout.write = ((c: string | Uint8Array) => (printed.push(String(c)), true)) as typeof process.stdout.write;
      expect(await verifyPreferentialPath(join(dir, 'board.jsonl'), { json: true })).toBe(true);
      expect(await verifyPreferentialPath(join(dir, 'missing.jsonl'), { json: true })).toBe(false);
    } finally {
      console.log = log;
      process.stdout.write = write;
      rmSync(dir, { recursive: true, force: true });
    }
    expect(JSON.parse(printed.join('').trim())).toEqual(JSON.parse(JSON.stringify(whole)));
  });

  it('a revoked credential’s ballot does not enter the mixnet; its replacement votes', async () => {
    const ctx = api.runtime.ctx;
    const c = await openedPreferential(ctx, { title: 'Revocation', candidates: ['A', 'B', 'C'], rankCap: 2, electorate: 3, trustees: 2, threshold: 2, mixers: 1 });
    const vote = (secret: string, r: number[]) => castRankedBallot(ctx, c.eid, prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, secret, r));
    await vote(c.credentials[0]!.secret, [0]);
    await vote(c.credentials[1]!.secret, [1]);
    await vote(c.credentials[2]!.secret, [1]);
    // voter 1's credential was stolen: the authority revokes it and issues a replacement, which votes
    const replacement = generateCredential();
    await revokeCredential(ctx, SYSTEM_ACTOR, c.eid, signRevocation(c.electionHash, c.authority.secret, c.credentials[1]!.public, replacement.public));
    await expect(vote(c.credentials[1]!.secret, [2])).rejects.toMatchObject({ code: 'BALLOT_UNKNOWN_CREDENTIAL' });
    await vote(replacement.secret, [0]);
    await countPreferential(ctx, c);
    const v = await preferentialView(ctx, c.eid);
    expect([v.ballots, v.counted]).toEqual([4, 3]);
    expect(v.count!.rounds[0]!.votes).toEqual(['2', '1', '0']);
    const report = verifyBoth(await boardText(ctx, c.eid));
    expect(report.failures).toEqual([]);
    expect(report.complete).toBe(true);
  });

  it('the streamed verifier gave the same report as the text verifier on every board above', async () => {
    expect(await streamedChecks()).toBeGreaterThanOrEqual(9);
  });
});
