/**
 * Attacks on the accountable key ceremony (docs/ballot-spec.md §3, check B6.1–B6.5) by a board writer (the
 * server) and by trustees under their own keys. Whole records built with the project's own DKG functions; the
 * chain is recomputed (Board.append). Complements src/ballot/dkg-attacks.test.ts with what it does not try:
 * censorship of the complaint round, a complainer against two dealers, and answers moved between complaints.
 * Censorship is caught by the trustees' submission receipts (docs/ballot-spec.md §3.2, check B6.6): the server
 * signs a receipt for every trustee message it accepts, and a board without the message fails for whoever holds it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Point,
  dkgComplain,
  dkgDeal,
  dkgDealingDigest,
  dkgDealingToJSON,
  dkgPublicKey,
  dkgSignDealing,
  dkgVerificationKey,
  encryptShare,
  encryptedShareToJSON,
  initCrypto,
  scalarAdd,
  scalarFromHex,
  scalarToHex,
  seededRng,
  signatureToJSON,
  dkgSignedComplaintToJSON,
  type DkgDealing,
  type DkgSignedDealing,
  type Rng,
} from '../../src/crypto';
import { Board } from '../../src/ballot/board';
import type { Manifest } from '../../src/ballot/manifest';
import type { DkgComplaintBody, DkgDealingBody, ElectionKeyBody, TrusteeKeyBody } from '../../src/ballot/records';
import { simulateElection } from '../../src/ballot/simulate';
import { generateAuthorityKey } from '../../src/ballot/authority';
import { messageDigest, signTrusteeReceipt, trusteeReceiptProblem, type TrusteeMessageType, type TrusteeReceipt } from '../../src/ballot/trustee-receipt';
import { computeElectionKey, dkgParams, parseSignedDealings, trusteeAnswerComplaints, trusteeCheckShares, trusteeDeal, trusteeRegister, type TrusteeSecretFile } from '../../src/ballot/trustee';
import { verifyBoard } from '../../src/ballot/verify';

const N = 3;
const K = 2;
let manifest: Manifest;
/** The board's receipt secret (the server's; manifest.boardKey is its public half). */
let boardSecret: string;

beforeAll(async () => {
  await initCrypto();
  const sim = simulateElection({ eligible: 2, yes: 1, no: 0, threshold: K, trustees: N, procedureId: 'dkg-insider' });
  manifest = sim.manifest;
  boardSecret = sim.boardSecret;
});

/** What the server does when it accepts a trustee's message: append it and sign the receipt the trustee keeps. */
function accept(board: Board, type: TrusteeMessageType, body: object, secret = boardSecret): TrusteeReceipt {
  const rec = board.append(type, body as never);
  return signTrusteeReceipt(secret, { election: board.electionHash, seq: rec.seq, type, digest: messageDigest(body), head: rec.hash, at: new Date(Date.UTC(2026, 11, 2, 12, 0, rec.seq)).toISOString() });
}

interface Ceremony {
  board: Board;
  eh: string;
  keys: TrusteeKeyBody[];
  secrets: TrusteeSecretFile[];
  dealings: DkgDealingBody[];
  rng: Rng;
}

function signedBody(s: DkgSignedDealing): DkgDealingBody {
  return { dealing: dkgDealingToJSON(s.dealing), encryptedShares: s.encryptedShares.map(encryptedShareToJSON), signature: signatureToJSON(s.signature) };
}

/** Trustees 1..3 register and deal; `cheater` (if any) sends `victim` a share off by one, under its own signature. */
function ceremony(seed: string, cheat?: { dealer: number; victim: number }): Ceremony {
  const rng = seededRng(seed);
  const board = new Board();
  board.append('setup', { manifest });
  const eh = board.electionHash;
  const regs = Array.from({ length: N }, (_, i) => trusteeRegister(eh, i + 1, rng));
  for (const r of regs) board.append('trustee_key', r.body);
  const keys = regs.map((r) => r.body);
  const honest = regs.map((r) => trusteeDeal(manifest, eh, r.secret, keys, rng));
  const secrets = honest.map((h) => h.secret);
  const dealings = honest.map((h) => h.dealing);
  const digests = honest.map((h) => h.commitment);
  if (cheat) {
    const params = dkgParams(manifest, eh);
    const d = dkgDeal(params, cheat.dealer, rng);
    const enc = d.shares.map((s) => encryptShare(params, s.recipient === cheat.victim ? { ...s, share: scalarAdd(s.share, 1n) } : s, Point.fromHex(keys[s.recipient - 1]!.publicKey), rng));
    const signed = dkgSignDealing(params, scalarFromHex(secrets[cheat.dealer - 1]!.transportSecret), d.dealing, enc, keys.map((k) => Point.fromHex(k.publicKey)), rng);
    secrets[cheat.dealer - 1] = { ...secrets[cheat.dealer - 1]!, coefficients: d.secret.coefficients.map(scalarToHex) };
    dealings[cheat.dealer - 1] = signedBody(signed);
    digests[cheat.dealer - 1] = { dealer: cheat.dealer, digest: dkgDealingDigest(d.dealing as DkgDealing) };
  }
  for (const c of digests) board.append('dkg_commitment', c);
  for (const d of dealings) board.append('dkg_dealing', d);
  return { board, eh, keys, secrets, dealings, rng };
}

function complaintBy(c: Ceremony, complainer: number, dealer: number): DkgComplaintBody {
  const d = parseSignedDealings(manifest, c.dealings).find((x) => x.dealing.dealer === dealer)!;
  return { complaint: dkgSignedComplaintToJSON(dkgComplain(dkgParams(manifest, c.eh), complainer, scalarFromHex(c.secrets[complainer - 1]!.transportSecret), d, c.rng)) };
}

function keyFor(c: Ceremony, qualified: number[], disqualified: ElectionKeyBody['disqualified'], falseComplaints: ElectionKeyBody['falseComplaints'] = []): ElectionKeyBody {
  const params = dkgParams(manifest, c.eh);
  const dealings = parseSignedDealings(manifest, c.dealings).map((d) => d.dealing);
  return { qualified, disqualified, falseComplaints, publicKey: dkgPublicKey(params, dealings, qualified).toHex(), verificationKeys: Array.from({ length: N }, (_, i) => ({ trustee: i + 1, key: dkgVerificationKey(params, dealings, qualified, i + 1).toHex() })) };
}

const honestKey = (c: Ceremony) =>
  computeElectionKey(manifest, c.eh, {
    trusteeKeys: c.keys,
    commitments: c.board.ofType('dkg_commitment').map((r) => r.body),
    dealings: c.dealings,
    complaints: c.board.ofType('dkg_complaint').map((r) => r.body),
    answers: c.board.ofType('dkg_answer').map((r) => r.body),
  });

const verify = (b: Board) => verifyBoard(b.toJSONLines());

describe('one trustee complaining against two dealers at once', () => {
  it('a trustee that complains against a cheating dealer AND an honest one cannot get the honest one disqualified (B6.5 names it a false complainer)', async () => {
    const c = ceremony('two-dealers', { dealer: 2, victim: 3 });
    const check = trusteeCheckShares(manifest, c.eh, c.secrets[2]!, c.dealings, c.keys, c.rng);
    expect(check.complaints).toHaveLength(1);
    c.board.append('dkg_complaint', check.complaints[0]!); // genuine: 3 → 2
    c.board.append('dkg_complaint', complaintBy(c, 3, 1)); // false: 3 → 1
    // The key the complainer (with a colluding board writer) wants: the honest dealer 1 out instead of the cheater.
    const bad = new Board();
    for (const r of c.board.records) bad.append(r.type, r.body as never);
    bad.append('election_key', keyFor(c, [2, 3], [{ dealer: 1, reason: 'unanswered-complaint' }]));
    const r = await verify(bad);
    expect(r.failure?.check).toBe('B6');
    expect(r.failure?.step).toBe('B6.5');
    // The honest outcome: dealer 2 (unanswered, upheld) is out, dealer 1 stays, trustee 3 is named.
    const key = honestKey(c);
    expect(key.qualified).toEqual([1, 3]);
    expect(key.falseComplaints).toEqual([{ dealer: 1, complainer: 3 }]);
    c.board.append('election_key', key);
    expect((await verify(c.board)).ok).toBe(true);
  });

  it('a second complaint by the same trustee against the same dealer is refused (B6.3)', async () => {
    const c = ceremony('twice');
    c.board.append('dkg_complaint', complaintBy(c, 3, 1));
    c.board.append('dkg_complaint', complaintBy(c, 3, 1));
    c.board.append('election_key', keyFor(c, [1, 2, 3], []));
    const r = await verify(c.board);
    expect(r.failure?.step).toBe('B6.3');
  });
});

describe('a board writer in the complaint round', () => {
  it('a server that moves a dealer’s genuine answer onto another complainer cannot (B6.4)', async () => {
    const c = ceremony('moved-answer', { dealer: 2, victim: 3 });
    const check = trusteeCheckShares(manifest, c.eh, c.secrets[2]!, c.dealings, c.keys, c.rng);
    c.board.append('dkg_complaint', check.complaints[0]!);
    c.board.append('dkg_complaint', complaintBy(c, 1, 2)); // a false complaint by 1, unanswered
    const answers = trusteeAnswerComplaints(manifest, c.eh, c.secrets[1]!, { trusteeKeys: c.keys, dealings: c.dealings, complaints: c.board.ofType('dkg_complaint').map((r) => r.body) }, { rng: c.rng, only: 3 });
    expect(answers.length).toBeGreaterThan(0);
    const moved = structuredClone(answers[0]!);
    (moved.answer as { complainer: number }).complainer = 1;
    c.board.append('dkg_answer', moved);
    c.board.append('election_key', keyFor(c, [1, 2, 3], []));
    const r = await verify(c.board);
    expect(r.failure?.step).toBe('B6.4');
  });

  // Formerly an open hole: the server withheld the dealer's signed answer, posted the key without that dealer,
  // and the board verified. The dealer now holds the board key's receipt for its answer.
  it('a server that censors a dealer’s correct answer cannot disqualify that dealer unseen: the dealer’s receipt fails B6.6', async () => {
    const c = ceremony('censored', { dealer: 2, victim: 3 });
    const check = trusteeCheckShares(manifest, c.eh, c.secrets[2]!, c.dealings, c.keys, c.rng);
    accept(c.board, 'dkg_complaint', check.complaints[0]!);
    const censored = new Board();
    for (const r of c.board.records) censored.append(r.type, r.body as never);
    // Dealer 2 answers correctly; the server accepts the answer and returns its signed receipt, which the dealer's
    // device checks against the manifest's board key and the message it sent…
    const [answer] = trusteeAnswerComplaints(manifest, c.eh, c.secrets[1]!, { trusteeKeys: c.keys, dealings: c.dealings, complaints: [check.complaints[0]!] }, { rng: c.rng });
    const receipt = accept(c.board, 'dkg_answer', answer!);
    expect(trusteeReceiptProblem(manifest.boardKey, c.eh, 'dkg_answer', answer, receipt)).toBeNull();
    // … then publishes a board without the answer, with the key that disqualifies dealer 2 ("unanswered").
    const k = computeElectionKey(manifest, c.eh, { trusteeKeys: c.keys, commitments: censored.ofType('dkg_commitment').map((r) => r.body), dealings: c.dealings, complaints: [check.complaints[0]!], answers: [] });
    expect(k.qualified).toEqual([1, 3]);
    censored.append('election_key', k);
    const r = await verifyBoard(censored.toJSONLines(), { expect: { receipts: [receipt] } });
    expect(r.ok).toBe(false);
    expect(r.failure?.check).toBe('B6');
    expect(r.failure?.step).toBe('B6.6');
    expect(r.failure?.message).toMatch(/missing from the board/);
    // The honest board, with the answer and dealer 2 qualified, passes with the same receipt.
    c.board.append('election_key', honestKey(c));
    const ok = await verifyBoard(c.board.toJSONLines(), { expect: { receipts: [receipt] } });
    expect(ok.failure).toBeNull();
    expect(ok.summary.trusteeReceiptsChecked).toBe(1);
    expect(ok.summary.qualifiedTrustees).toEqual([1, 2, 3]);
  });

  it('a server that re-posts the answer later (after a record it inserted) is caught by the receipt: the answer moved (B6.6)', async () => {
    const c = ceremony('moved-later', { dealer: 2, victim: 3 });
    const check = trusteeCheckShares(manifest, c.eh, c.secrets[2]!, c.dealings, c.keys, c.rng);
    accept(c.board, 'dkg_complaint', check.complaints[0]!);
    const before = c.board.records.slice();
    const [answer] = trusteeAnswerComplaints(manifest, c.eh, c.secrets[1]!, { trusteeKeys: c.keys, dealings: c.dealings, complaints: [check.complaints[0]!] }, { rng: c.rng });
    const receipt = accept(c.board, 'dkg_answer', answer!);
    // The rewritten board: a (genuine, signed) false complaint of trustee 1 slipped in before the answer.
    const rewritten = new Board();
    for (const r of before) rewritten.append(r.type, r.body as never);
    rewritten.append('dkg_complaint', complaintBy(c, 1, 3));
    rewritten.append('dkg_answer', answer!);
    rewritten.append('election_key', computeElectionKey(manifest, c.eh, { trusteeKeys: c.keys, commitments: rewritten.ofType('dkg_commitment').map((x) => x.body), dealings: c.dealings, complaints: rewritten.ofType('dkg_complaint').map((x) => x.body), answers: [answer!] }));
    expect((await verifyBoard(rewritten.toJSONLines())).ok).toBe(true); // without the receipt nothing is wrong
    const r = await verifyBoard(rewritten.toJSONLines(), { expect: { receipts: [receipt] } });
    expect(r.failure?.step).toBe('B6.6');
    expect(r.failure?.message).toMatch(/moved to record/);
  });

  it('a server that rewrites the board BEFORE a receipted dealing (drops another trustee’s complaint, re-hashes) is caught by the receipted head (B6.6)', async () => {
    const c = ceremony('head', { dealer: 2, victim: 3 });
    const check = trusteeCheckShares(manifest, c.eh, c.secrets[2]!, c.dealings, c.keys, c.rng);
    accept(c.board, 'dkg_complaint', complaintBy(c, 1, 3)); // trustee 1's (false) complaint, receipted to trustee 1
    const receipt3 = accept(c.board, 'dkg_complaint', check.complaints[0]!); // trustee 3's genuine one
    // Same complaint by trustee 3 at the same seq, but the board before it differs: trustee 1's record is replaced by
    // a complaint of trustee 1 against dealer 2 (false too, signed by trustee 1 earlier, say), so seq is unchanged.
    const rewritten = new Board();
    for (const r of c.board.records.slice(0, -2)) rewritten.append(r.type, r.body as never);
    rewritten.append('dkg_complaint', complaintBy(c, 1, 2));
    rewritten.append('dkg_complaint', check.complaints[0]!);
    rewritten.append('election_key', computeElectionKey(manifest, c.eh, { trusteeKeys: c.keys, commitments: rewritten.ofType('dkg_commitment').map((x) => x.body), dealings: c.dealings, complaints: rewritten.ofType('dkg_complaint').map((x) => x.body), answers: [] }));
    const r = await verifyBoard(rewritten.toJSONLines(), { expect: { receipts: [receipt3] } });
    expect(r.failure?.step).toBe('B6.6');
    expect(r.failure?.message).toMatch(/earlier records were changed/);
  });

  it('receipts the server did not sign with the manifest’s board key, or of another election, prove nothing (B6.6 refuses them)', async () => {
    const c = ceremony('forged-receipt');
    const keyReceipt = accept(c.board, 'dkg_complaint', complaintBy(c, 1, 3));
    c.board.append('election_key', honestKey(c));
    expect((await verifyBoard(c.board.toJSONLines(), { expect: { receipts: [keyReceipt] } })).ok).toBe(true);
    // A trustee (or a thief) making up a receipt with its own key: it would falsely accuse the board.
    const made = signTrusteeReceipt(generateAuthorityKey().secret, { ...keyReceipt, seq: 3 });
    const r1 = await verifyBoard(c.board.toJSONLines(), { expect: { receipts: [made] } });
    expect(r1.failure?.step).toBe('B6.6');
    expect(r1.failure?.message).toMatch(/not signed by this board's key/);
    // A real receipt edited after signing.
    const r2 = await verifyBoard(c.board.toJSONLines(), { expect: { receipts: [{ ...keyReceipt, seq: keyReceipt.seq - 1 }] } });
    expect(r2.failure?.step).toBe('B6.6');
    // A receipt the board key really signed, but for another election's board.
    const other = signTrusteeReceipt(boardSecret, { ...keyReceipt, election: 'e'.repeat(64) });
    const r5 = await verifyBoard(c.board.toJSONLines(), { expect: { receipts: [other] } });
    expect(r5.failure?.message).toMatch(/it is for election e{64}/);
    // Malformed.
    const r3 = await verifyBoard(c.board.toJSONLines(), { expect: { receipts: [{ ...keyReceipt, extra: 1 }] } });
    expect(r3.failure?.message).toMatch(/holds exactly/);
    // A board that ends before the key ceremony cannot satisfy a trustee receipt.
    const short = new Board();
    short.append('setup', { manifest });
    const r4 = await verifyBoard(short.toJSONLines(), { expect: { receipts: [keyReceipt] } });
    expect(r4.failure?.step).toBe('B6.6');
  });

  it('the trustee’s device refuses a receipt for another message, or not signed by the board key', () => {
    const c = ceremony('device');
    const body = complaintBy(c, 1, 3);
    const receipt = accept(c.board, 'dkg_complaint', body);
    expect(trusteeReceiptProblem(manifest.boardKey, c.eh, 'dkg_complaint', body, receipt)).toBeNull();
    expect(trusteeReceiptProblem(manifest.boardKey, c.eh, 'dkg_complaint', complaintBy(c, 2, 3), receipt)).toMatch(/another message/);
    expect(trusteeReceiptProblem(manifest.boardKey, c.eh, 'dkg_answer', body, receipt)).toMatch(/another message/);
    expect(trusteeReceiptProblem(manifest.boardKey, c.eh, 'dkg_complaint', body, signTrusteeReceipt(generateAuthorityKey().secret, receipt))).toMatch(/not signed by the board key/);
    expect(trusteeReceiptProblem(manifest.boardKey, c.eh, 'dkg_complaint', body, undefined)).toMatch(/no valid receipt/);
  });

  it('why the receipt is needed: with the answer on the board the dealer stays, without it the dealer is out — both verify for someone without the dealer’s receipt', async () => {
    const withAnswer = ceremony('censored', { dealer: 2, victim: 3 });
    const check = trusteeCheckShares(manifest, withAnswer.eh, withAnswer.secrets[2]!, withAnswer.dealings, withAnswer.keys, withAnswer.rng);
    withAnswer.board.append('dkg_complaint', check.complaints[0]!);
    const censored = new Board();
    for (const r of withAnswer.board.records) censored.append(r.type, r.body as never);
    const answers = trusteeAnswerComplaints(manifest, withAnswer.eh, withAnswer.secrets[1]!, { trusteeKeys: withAnswer.keys, dealings: withAnswer.dealings, complaints: [check.complaints[0]!] }, { rng: withAnswer.rng });
    withAnswer.board.append('dkg_answer', answers[0]!);
    const k1 = honestKey(withAnswer);
    withAnswer.board.append('election_key', k1);
    const k2 = computeElectionKey(manifest, withAnswer.eh, { trusteeKeys: withAnswer.keys, commitments: censored.ofType('dkg_commitment').map((r) => r.body), dealings: withAnswer.dealings, complaints: [check.complaints[0]!], answers: [] });
    censored.append('election_key', k2);
    expect(k1.qualified).toEqual([1, 2, 3]);
    expect(k2.qualified).toEqual([1, 3]);
    expect(k1.publicKey).not.toBe(k2.publicKey);
    expect((await verify(withAnswer.board)).ok).toBe(true);
    expect((await verify(censored)).ok).toBe(true);
  });
});
