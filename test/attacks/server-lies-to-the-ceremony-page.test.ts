/**
 * A server that lies to the trustees' web pages (the ceremony page, a contest ballot's trustee page) as it lied to
 * the CLI: keys of its own shown to a dealer, a forged dealing shown to one trustee (to make it complain falsely),
 * forged complaints shown to a dealer (to collect its shares), a board rewritten under a trustee's receipts. The pages
 * read `…/records/TYPE` and believed it; their steps now verify the board with the trustee's receipts and compute
 * from that reading (src/web/pages/ballot/trusteeDevice.ts, over src/ballot/verified-ceremony.ts — the function the
 * CLI's `confidence trustee` commands call). The page's data module runs here in-process, its `fetch` going to a
 * hostile HTTP server; every step either computes from the board or refuses with the failing check's message. The
 * dealer's "complaints against me" list is read the same way: a complaint the API's view shows but the verified
 * board lacks is flagged (nothing to answer), and a board that fails lists nothing.
 */
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Board,
  buildManifest,
  dkgParams,
  generateAuthorityKey,
  generateCredential,
  messageDigest,
  parseSignedDealings,
  signTrusteeReceipt,
  simulateElection,
  trusteeDeal,
  trusteeRegister,
  verifyBoard,
  type Simulation,
  type TrusteeKeyBody,
  type TrusteeSecretFile,
} from '../../src/ballot';
import { CONFIDENCE_RULES } from '../../src/ballot/simulate';
import { initCrypto, scalarFromHex } from '../../src/crypto';
import { dkgComplain } from '../../src/crypto/dkg-accountable';
import { decryptShare, dkgVerifyShare } from '../../src/crypto/dkg';
import { dkgDealingFromJSON, dkgSignedComplaintToJSON, encryptedShareFromJSON } from '../../src/crypto/serialize';
import { answerStep, checkSharesStep, complaintsAgainst, complaintsStep, dealStep, shareStep, type DeviceWords } from '../../src/web/pages/ballot/trusteeDevice';
import { lyingServer } from '../support/lying-server';

let server: Server;
let base: string;
const realFetch = globalThis.fetch;
/** What the server serves: the board, and its answers to `…/records/TYPE`. */
let served: { board: string; records: Record<string, unknown[]> };
/** Every path the page asked for. */
let asked: string[] = [];

const words: DeviceWords = { boardRefused: (failure) => `refused: ${failure}`, notYet: (have, of) => `only ${have} of ${of}` };
const ref = { id: 'e1', contestId: null };

// A confidence vote of 3 trustees (2 to decrypt) whose key ceremony is under way; the board key's secret signs the
// trustees' receipts as the server would.
const boardKey = generateCredential();
let m: ReturnType<typeof buildManifest>;
let eh: string;
let real: { secret: TrusteeSecretFile; body: TrusteeKeyBody }[];
let fake: { secret: TrusteeSecretFile; body: TrusteeKeyBody }[];
let withKeys: Board;

function receiptFor(b: Board, seq: number) {
  const r = b.records[seq]!;
  return signTrusteeReceipt(boardKey.secret, { election: eh, seq, type: r.type as 'trustee_key', digest: messageDigest(r.body), head: r.hash, at: '2026-12-03T10:00:00.000Z' });
}

beforeAll(async () => {
  await initCrypto();
  m = buildManifest({ boardKey: boardKey.public, authority: generateAuthorityKey().public, procedureId: 'p', title: 't', rulebook: CONFIDENCE_RULES, leaderName: 'L', electorate: 3, threshold: 2, trustees: 3, opensAt: '2022-06-06T17:00:00.000Z', closesAt: '2022-06-06T19:00:00.000Z' });
  withKeys = new Board();
  withKeys.append('setup', { manifest: m });
  eh = withKeys.electionHash;
  real = [1, 2, 3].map((j) => trusteeRegister(eh, j));
  fake = [2, 3].map((j) => trusteeRegister(eh, j));
  for (const r of real) withKeys.append('trustee_key', r.body);
  ({ server, base } = await lyingServer(mkdtempSync(join(tmpdir(), 'ceremony-page-')), (req, res) => {
    asked.push(req.url ?? '');
    const rec = /^\/api\/elections\/e1\/records\/(\w+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && req.url === '/api/elections/e1/board.jsonl') return res.end(served.board);
    if (req.method === 'GET' && rec) return res.end(JSON.stringify({ records: served.records[rec[1]!] ?? [] }));
    res.statusCode = 404;
    res.end('{"error":{"code":"ROUTE_NOT_FOUND","message":"no"}}');
  }));
  // The page's relative URLs (`/api/…`) go to the lying server.
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => realFetch(typeof input === 'string' && input.startsWith('/') ? `${base}${input}` : input, init)) as typeof fetch;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await new Promise((r) => server?.close(r));
});
beforeEach(() => {
  asked = [];
});

describe('the ceremony page’s dealer, shown transport keys of the server’s', () => {
  it('in the API’s answer only: deals to the keys of the board it verified, so the server opens nothing', async () => {
    served = { board: withKeys.toJSONLines(), records: { trustee_key: [real[0]!.body, ...fake.map((f) => f.body)] } };
    const checked: number[] = [];
    const d = await dealStep(m, ref, real[0]!.secret, [receiptFor(withKeys, 1)], { ...words, verified: (n) => checked.push(n) });
    expect(asked).toEqual(['/api/elections/e1/board.jsonl']);
    expect(checked).toEqual([1]); // the page says the board verified with the dealer's one receipt
    // Each share opens under its real recipient's key (it matches the dealer's commitments), none under the server's.
    const params = dkgParams(m, eh);
    const dealing = dkgDealingFromJSON(d.dealing.dealing, 'dealing');
    for (const x of d.dealing.encryptedShares.map((s, i) => encryptedShareFromJSON(s, `s${i}`)).filter((s) => s.recipient !== 1)) {
      expect(dkgVerifyShare(params, dealing, decryptShare(params, x, scalarFromHex(real[x.recipient - 1]!.secret.transportSecret)))).toBe(true);
      expect(dkgVerifyShare(params, dealing, decryptShare(params, x, scalarFromHex(fake[x.recipient - 2]!.secret.transportSecret)))).toBe(false);
    }
    // And the dealing passes B6.2 on the real board.
    const b = Board.fromRecords(withKeys.records);
    b.append('dkg_commitment', d.commitment);
    b.append('dkg_dealing', d.dealing);
    expect((await verifyBoard(b.toJSONLines(), { expect: { electionHash: eh } })).ok).toBe(true);
  });

  it('on a board that moved the dealer’s own receipted key: refuses with the failing check, and deals nothing', async () => {
    const forked = new Board();
    forked.append('setup', { manifest: m });
    for (const k of [fake[0]!.body, real[0]!.body, fake[1]!.body]) forked.append('trustee_key', k);
    served = { board: forked.toJSONLines(), records: {} };
    const checked: number[] = [];
    await expect(dealStep(m, ref, real[0]!.secret, [receiptFor(withKeys, 1)], { ...words, verified: (n) => checked.push(n) })).rejects.toThrow(/^refused: check B6 failed.*receipt/);
    expect(checked).toEqual([]);
  });

  it('with fewer keys on the verified board than the page was told: waits', async () => {
    served = { board: Board.fromRecords(withKeys.records.slice(0, 3)).toJSONLines(), records: { trustee_key: [real[0]!.body, ...fake.map((f) => f.body)] } };
    await expect(dealStep(m, ref, real[0]!.secret, [], words)).rejects.toThrow('only 2 of 3');
  });
});

describe('the ceremony page’s trustee, shown a forged dealing (to make it complain falsely)', () => {
  let sim: Simulation;
  let upToDealings: Board;
  let forged: unknown;
  beforeAll(() => {
    sim = simulateElection({ eligible: 3, yes: 1, no: 1, threshold: 2, trustees: 3 });
    const recs = sim.board.records;
    upToDealings = Board.fromRecords(recs.slice(0, recs.findIndex((r) => r.type === 'election_key')));
    const keys = sim.board.ofType('trustee_key').map((r) => r.body);
    const fake1 = trusteeRegister(sim.board.electionHash, 1);
    forged = trusteeDeal(sim.manifest, sim.board.electionHash, fake1.secret, [fake1.body, trusteeRegister(sim.board.electionHash, 2).body, keys[2]!]).dealing;
  });

  it('in the API’s answers only: checks the dealings of the board it verified, and complains of nothing', async () => {
    served = { board: upToDealings.toJSONLines(), records: { dkg_dealing: [forged, ...sim.board.ofType('dkg_dealing').slice(1).map((r) => r.body)] } };
    const check = await checkSharesStep(sim.manifest, ref, sim.trusteeSecrets[1]!, [], words);
    expect(check).toMatchObject({ complaints: [], tampered: [] });
    expect(check.shares).toHaveLength(3);
    expect(asked.some((a) => a.includes('/records/'))).toBe(false);
  });

  it('in the board itself: the board fails B6.2 and the page refuses before any complaint', async () => {
    // The forged dealing in place of dealer 1's real one, the chain re-hashed: it is not signed by trustee 1's key.
    const first = upToDealings.records.findIndex((r) => r.type === 'dkg_dealing');
    const rebuilt = new Board();
    for (const r of upToDealings.records) rebuilt.append(r.type, (r.seq === first ? forged : r.body) as never);
    served = { board: rebuilt.toJSONLines(), records: {} };
    await expect(checkSharesStep(sim.manifest, ref, sim.trusteeSecrets[1]!, [], words)).rejects.toThrow(/^refused: check B6 failed/);
  });

  it('a share computed from the verified board’s dealings and key, whatever the API answers; a rewritten board is refused', async () => {
    const upToKey = Board.fromRecords(sim.board.records.slice(0, sim.board.records.findIndex((r) => r.type === 'election_key') + 1));
    served = { board: upToKey.toJSONLines(), records: { dkg_dealing: [forged], election_key: [] } };
    const share = await shareStep(sim.manifest, ref, sim.trusteeSecrets[0]!, [], words);
    expect(share.secretShare).toBe(sim.trusteeSecrets[0]!.secretShare);
    // A record edited in place: its hash no longer matches (B1), and nothing is computed.
    const lines = upToKey.toJSONLines().split('\n');
    const i = lines.findIndex((l) => l.includes('"type":"dkg_dealing"'));
    lines[i] = lines[i]!.replace(/"dealer":1/, '"dealer":2');
    served = { board: lines.join('\n'), records: {} };
    await expect(shareStep(sim.manifest, ref, sim.trusteeSecrets[0]!, [], words)).rejects.toThrow(/^refused: check B\d+ failed/);
  });
});

describe('the ceremony page’s dealer, shown complaints forged under the server’s keys (to collect its shares)', () => {
  let dealer: TrusteeSecretFile & { pendingDealing: ReturnType<typeof trusteeDeal>['dealing'] };
  let complaints: unknown[];
  let realBoard: Board;
  beforeAll(() => {
    const realKeys = real.map((r) => r.body);
    const d1 = trusteeDeal(m, eh, real[0]!.secret, realKeys);
    dealer = { ...d1.secret, pendingDealing: d1.dealing };
    const [signed1] = parseSignedDealings(m, [d1.dealing]);
    complaints = fake.map((f) => ({ complaint: dkgSignedComplaintToJSON(dkgComplain(dkgParams(m, eh), f.secret.trustee, scalarFromHex(f.secret.transportSecret), signed1!)) }));
    const others = [1, 2].map((i) => trusteeDeal(m, eh, real[i]!.secret, realKeys));
    realBoard = Board.fromRecords(withKeys.records);
    for (const d of [d1, ...others]) realBoard.append('dkg_commitment', d.commitment);
    for (const d of [d1, ...others]) realBoard.append('dkg_dealing', d.dealing);
  });

  it('in the API’s answers only: the verified board holds no complaint, so there is nothing to answer', async () => {
    served = { board: realBoard.toJSONLines(), records: { trustee_key: [real[0]!.body, ...fake.map((f) => f.body)], dkg_complaint: complaints } };
    expect(await answerStep(m, ref, dealer, [receiptFor(realBoard, 1)], words)).toEqual([]);
    expect(await answerStep(m, ref, dealer, [], words, 2)).toEqual([]);
    expect(asked.some((a) => a.includes('/records/'))).toBe(false);
  });

  it('the “complaints against me” list: from the verified board; those only in the API’s view flagged as not on it', async () => {
    const apiView = [2, 3].map((complainer) => ({ dealer: 1, complainer, answered: false }));
    served = { board: realBoard.toJSONLines(), records: { dkg_complaint: complaints } };
    expect(await complaintsStep(ref, dealer, [receiptFor(realBoard, 1)], words, apiView)).toEqual([
      { complainer: 2, answered: false, onBoard: false },
      { complainer: 3, answered: false, onBoard: false },
    ]);
    expect(await complaintsStep(ref, dealer, [], words)).toEqual([]);
    // A real (false) complaint by trustee 2 on the board is listed as on it; the API's trustee-3 one stays flagged.
    const withComplaint = Board.fromRecords(realBoard.records);
    const [signed1] = parseSignedDealings(m, [dealer.pendingDealing]);
    withComplaint.append('dkg_complaint', { complaint: dkgSignedComplaintToJSON(dkgComplain(dkgParams(m, eh), 2, scalarFromHex(real[1]!.secret.transportSecret), signed1!)) });
    served = { board: withComplaint.toJSONLines(), records: {} };
    expect(await complaintsStep(ref, dealer, [receiptFor(withComplaint, 1)], words, apiView)).toEqual([
      { complainer: 2, answered: false, onBoard: true },
      { complainer: 3, answered: false, onBoard: false },
    ]);
    // Trustee 2 sees no complaint against itself, whatever the API's view says of dealer 1.
    expect(await complaintsStep(ref, real[1]!.secret, [], words, apiView)).toEqual([]);
    expect(asked.some((a) => a.includes('/records/'))).toBe(false);
  });

  it('the list on a forked board with the server’s keys and complaints: refused, nothing listed', async () => {
    const forked = new Board();
    forked.append('setup', { manifest: m });
    for (const k of [real[0]!.body, ...fake.map((f) => f.body)]) forked.append('trustee_key', k);
    forked.append('dkg_commitment', { dealer: 1, digest: realBoard.ofType('dkg_commitment')[0]!.body.digest });
    forked.append('dkg_dealing', dealer.pendingDealing);
    for (const c of complaints) forked.append('dkg_complaint', c as never);
    served = { board: forked.toJSONLines(), records: {} };
    await expect(complaintsStep(ref, dealer, [receiptFor(realBoard, 1)], words)).rejects.toThrow(/^refused: check B6 failed/);
  });

  it('answered is read from the verified reading’s answers to that dealer and complainer', () => {
    const complaint = (dealer: number, complainer: number) => ({ complaint: { dealer, complainer } }) as never;
    const answer = (dealer: number, complainer: number) => ({ answer: { dealer, complainer } }) as never;
    const reading = { complaints: [complaint(1, 2), complaint(1, 3), complaint(2, 3)], answers: [answer(1, 3), answer(2, 1)] };
    expect(complaintsAgainst(reading, 1, [{ dealer: 1, complainer: 2 }])).toEqual([
      { complainer: 2, answered: false, onBoard: true },
      { complainer: 3, answered: true, onBoard: true },
    ]);
    expect(complaintsAgainst(reading, 2)).toEqual([{ complainer: 3, answered: false, onBoard: true }]);
  });

  it('on a forked board with its keys and complaints: the dealer’s dealing fails B6.2 there, and nothing is answered', async () => {
    const forked = new Board();
    forked.append('setup', { manifest: m });
    for (const k of [real[0]!.body, ...fake.map((f) => f.body)]) forked.append('trustee_key', k);
    forked.append('dkg_commitment', { dealer: 1, digest: realBoard.ofType('dkg_commitment')[0]!.body.digest });
    forked.append('dkg_dealing', dealer.pendingDealing);
    for (const c of complaints) forked.append('dkg_complaint', c as never);
    served = { board: forked.toJSONLines(), records: {} };
    await expect(answerStep(m, ref, dealer, [receiptFor(realBoard, 1)], words)).rejects.toThrow(/^refused: check B6 failed/);
  });
});
