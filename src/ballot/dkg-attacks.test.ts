/**
 * Attacks on the key ceremony (docs/ballot-spec.md §3.1, checks B6.1–B6.5), each built as whole records with the
 * project's own functions on a board whose hash chain is computed afresh (Board.append), as a board writer with
 * the server's powers would. Each test is named after what the attack would have allowed; it shows the verifier
 * rejecting the board with the numbered step that catches it, or — where the attacker is a trustee acting
 * under its own signature — the verifier accepting the board and counting the misbehaviour against that trustee.
 *
 * Before accountable complaints (issue 8, item 3), a bare {dealer, complainer} record disqualified any dealer,
 * so a board writer could choose the joint key among all qualified sets; shares were not signed, so a share
 * corrupted in transit could not be pinned on anyone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Point,
  dkgAnswer,
  dkgAnswerMessage,
  dkgComplain,
  dkgDeal,
  dkgDealingDigest,
  dkgDealingToJSON,
  dkgPublicKey,
  dkgSignDealing,
  dkgSignedAnswerToJSON,
  dkgSignedComplaintToJSON,
  dkgVerificationKey,
  encryptShare,
  encryptedShareToJSON,
  generateKeyPair,
  initCrypto,
  mulBase,
  scalarAdd,
  scalarFromHex,
  scalarToHex,
  seededRng,
  sign,
  signatureToJSON,
  type DkgDealing,
  type DkgSignedDealing,
  type Rng,
} from '../crypto';
import { Board } from './board';
import type { Manifest } from './manifest';
import type { DkgAnswerBody, DkgComplaintBody, DkgDealingBody, ElectionKeyBody, TrusteeKeyBody } from './records';
import { simulateElection } from './simulate';
import {
  computeElectionKey,
  dkgParams,
  parseSignedDealings,
  trusteeAnswerComplaints,
  trusteeCheckShares,
  trusteeDeal,
  trusteeFinalize,
  trusteeRegister,
  type TrusteeSecretFile,
} from './trustee';
import { verifyBoard, type VerifyReport } from './verify';

const N = 3;
const K = 2;
let manifest: Manifest;
let otherManifest: Manifest;

beforeAll(async () => {
  await initCrypto();
  manifest = simulateElection({ eligible: 2, yes: 1, no: 0, threshold: K, trustees: N, procedureId: 'dkg-attacks' }).manifest;
  otherManifest = simulateElection({ eligible: 2, yes: 1, no: 0, threshold: K, trustees: N, procedureId: 'dkg-attacks-other' }).manifest;
});

/** Trustees registered and committed; dealings built by the caller (honest by default). */
interface Ceremony {
  board: Board;
  eh: string;
  keys: TrusteeKeyBody[];
  secrets: TrusteeSecretFile[];
  dealings: DkgDealingBody[];
  rng: Rng;
}

/** A dealing by `dealer` (its own signature) whose share to `recipient` is off by `delta`: a cheating dealer. */
function cheatingDealing(c: Omit<Ceremony, 'dealings' | 'board'>, dealer: number, recipient: number, delta: bigint) {
  const params = dkgParams(manifest, c.eh);
  const d = dkgDeal(params, dealer, c.rng);
  const enc = d.shares.map((s) => encryptShare(params, s.recipient === recipient ? { ...s, share: scalarAdd(s.share, delta) } : s, Point.fromHex(c.keys[s.recipient - 1]!.publicKey), c.rng));
  const signed = dkgSignDealing(params, scalarFromHex(c.secrets[dealer - 1]!.transportSecret), d.dealing, enc, c.keys.map((k) => Point.fromHex(k.publicKey)), c.rng);
  return { secret: { ...c.secrets[dealer - 1]!, coefficients: d.secret.coefficients.map(scalarToHex) }, dealing: d.dealing, body: signedBody(signed) };
}

function signedBody(s: DkgSignedDealing): DkgDealingBody {
  return { dealing: dkgDealingToJSON(s.dealing), encryptedShares: s.encryptedShares.map(encryptedShareToJSON), signature: signatureToJSON(s.signature) };
}

function ceremony(seed: string, m: () => Manifest = () => manifest, replace: (c: Omit<Ceremony, 'dealings' | 'board'>) => Map<number, { body: DkgDealingBody; secret?: TrusteeSecretFile; dealing: DkgDealing }> = () => new Map()): Ceremony {
  const rng = seededRng(seed);
  const board = new Board();
  board.append('setup', { manifest: m() });
  const eh = board.electionHash;
  const regs = Array.from({ length: N }, (_, i) => trusteeRegister(eh, i + 1, rng));
  for (const r of regs) board.append('trustee_key', r.body);
  const keys = regs.map((r) => r.body);
  const honest = regs.map((r) => trusteeDeal(m(), eh, r.secret, keys, rng));
  const base = { eh, keys, secrets: honest.map((h) => h.secret), rng };
  const swaps = replace(base);
  const secrets = honest.map((h, i) => swaps.get(i + 1)?.secret ?? h.secret);
  const dealings = honest.map((h, i) => swaps.get(i + 1)?.body ?? h.dealing);
  for (let i = 0; i < N; i++) {
    const d = swaps.get(i + 1)?.dealing;
    board.append('dkg_commitment', d ? { dealer: i + 1, digest: trusteeDealDigest(d) } : honest[i]!.commitment);
  }
  for (const d of dealings) board.append('dkg_dealing', d);
  return { board, eh, keys, secrets, dealings, rng };
}

const trusteeDealDigest = (d: DkgDealing) => dkgDealingDigest(d);

const complaintsOf = (b: Board) => b.ofType('dkg_complaint').map((r) => r.body);
const answersOf = (b: Board) => b.ofType('dkg_answer').map((r) => r.body);

/** The honest key for the board so far. */
function honestKey(c: Ceremony): ElectionKeyBody {
  return computeElectionKey(manifest, c.eh, { trusteeKeys: c.keys, commitments: c.board.ofType('dkg_commitment').map((r) => r.body), dealings: c.dealings, complaints: complaintsOf(c.board), answers: answersOf(c.board) });
}

/** The key a board writer would post for a qualified set of its choosing (the project's own DKG functions). */
function keyFor(c: Ceremony, qualified: number[], disqualified: ElectionKeyBody['disqualified'], falseComplaints: ElectionKeyBody['falseComplaints'] = []): ElectionKeyBody {
  const params = dkgParams(manifest, c.eh);
  const dealings = parseSignedDealings(manifest, c.dealings).map((d) => d.dealing);
  return {
    qualified,
    disqualified,
    falseComplaints,
    publicKey: dkgPublicKey(params, dealings, qualified).toHex(),
    verificationKeys: Array.from({ length: N }, (_, i) => ({ trustee: i + 1, key: dkgVerificationKey(params, dealings, qualified, i + 1).toHex() })),
  };
}

async function verify(b: Board): Promise<VerifyReport> {
  return verifyBoard(b.toJSONLines());
}

function complaintBy(c: Ceremony, complainer: number, dealer: number, secretKey = scalarFromHex(c.secrets[complainer - 1]!.transportSecret)): DkgComplaintBody {
  const d = parseSignedDealings(manifest, c.dealings).find((x) => x.dealing.dealer === dealer)!;
  return { complaint: dkgSignedComplaintToJSON(dkgComplain(dkgParams(manifest, c.eh), complainer, secretKey, d, c.rng)) };
}

describe('attacks on the key ceremony: a board writer without trustee keys', () => {
  it('an honest ceremony verifies, and the server cannot disqualify an honest dealer with an evidence-free complaint (B6.3)', async () => {
    const c = ceremony('evidence-free');
    const honest = honestKey(c);
    expect(honest.qualified).toEqual([1, 2, 3]);
    const ok = c.board.records.length;
    c.board.append('election_key', honest);
    expect((await verify(c.board)).ok).toBe(true);
    // The old record form: a bare {dealer, complainer}, and the key without dealer 1.
    const attacked = Board.fromRecords(c.board.records.slice(0, ok));
    attacked.append('dkg_complaint', { complaint: { dealer: 1, complainer: 2 } } as unknown as DkgComplaintBody);
    attacked.append('election_key', keyFor(c, [2, 3], [{ dealer: 1, reason: 'unanswered-complaint' }]));
    const r = await verify(attacked);
    expect(r.failure).toMatchObject({ check: 'B6', step: 'B6.3', seq: ok, type: 'dkg_complaint' });
  });

  it('a complaint signed with the writer’s own key in a trustee’s name is rejected (B6.3), so it cannot pick the joint key', async () => {
    const c = ceremony('forged-complaint');
    const mallory = generateKeyPair(c.rng);
    const at = c.board.records.length;
    c.board.append('dkg_complaint', complaintBy(c, 2, 1, mallory.secretKey));
    c.board.append('election_key', keyFor(c, [2, 3], [{ dealer: 1, reason: 'unanswered-complaint' }]));
    const r = await verify(c.board);
    expect(r.failure).toMatchObject({ check: 'B6', step: 'B6.3', seq: at });
    expect(r.failure!.message).toMatch(/not signed by trustee 2/);
  });

  it('a genuine complaint moved onto another dealer, or replayed from another election, is rejected (B6.3)', async () => {
    const c = ceremony('retarget');
    const genuine = complaintBy(c, 2, 3); // a (false) complaint trustee 2 really signed, against dealer 3
    const moved: DkgComplaintBody = { complaint: { ...genuine.complaint, dealer: 1 } };
    const at = c.board.records.length;
    const b1 = Board.fromRecords(c.board.records);
    b1.append('dkg_complaint', moved);
    b1.append('election_key', keyFor(c, [2, 3], [{ dealer: 1, reason: 'unanswered-complaint' }]));
    expect((await verify(b1)).failure).toMatchObject({ check: 'B6', step: 'B6.3', seq: at });
    // Replay: trustee 2 of another election (same index, another key and context) complained against its dealer 1.
    const other = ceremony('retarget-other', () => otherManifest);
    const foreign = (() => {
      const d = parseSignedDealings(otherManifest, other.dealings)[0]!;
      return { complaint: dkgSignedComplaintToJSON(dkgComplain(dkgParams(otherManifest, other.eh), 2, scalarFromHex(other.secrets[1]!.transportSecret), d, other.rng)) };
    })();
    const b2 = Board.fromRecords(c.board.records);
    b2.append('dkg_complaint', foreign);
    b2.append('election_key', keyFor(c, [2, 3], [{ dealer: 1, reason: 'unanswered-complaint' }]));
    expect((await verify(b2)).failure).toMatchObject({ check: 'B6', step: 'B6.3', seq: at });
  });

  it('a share corrupted in transit: the recipient’s device sees the dealing is not its dealer’s and does not complain; the verifier rejects the dealing (B6.2)', async () => {
    const c = ceremony('transit', () => manifest, (base) => {
      // The server re-encrypts a different share for trustee 2 inside dealer 1's dealing, keeping the signature.
      const params = dkgParams(manifest, base.eh);
      const honestDeal = trusteeDeal(manifest, base.eh, base.secrets[0]!, base.keys, base.rng);
      const parsed = parseSignedDealings(manifest, [honestDeal.dealing])[0]!;
      const forgedShare = encryptShare(params, { dealer: 1, recipient: 2, share: 12345n }, Point.fromHex(base.keys[1]!.publicKey), base.rng);
      const body = { ...honestDeal.dealing, encryptedShares: honestDeal.dealing.encryptedShares.map((e) => (e.recipient === 2 ? encryptedShareToJSON(forgedShare) : e)) };
      return new Map([[1, { body, secret: honestDeal.secret, dealing: parsed.dealing }]]);
    });
    const check = trusteeCheckShares(manifest, c.eh, c.secrets[1]!, c.dealings, c.keys, c.rng);
    expect(check.tampered).toEqual([1]);
    expect(check.complaints).toEqual([]);
    const dealingSeq = c.board.ofType('dkg_dealing')[0]!.seq;
    const r = await verify(c.board);
    expect(r.failure).toMatchObject({ check: 'B6', step: 'B6.2', seq: dealingSeq, type: 'dkg_dealing' });
    expect(r.failure!.message).toMatch(/corrupted in transit/);
  });

  it('an answer forged in an honest dealer’s name (a wrong share, to get it disqualified) is rejected (B6.4)', async () => {
    const c = ceremony('forged-answer');
    c.board.append('dkg_complaint', complaintBy(c, 2, 1)); // a false complaint by trustee 2, colluding
    const mallory = generateKeyPair(c.rng);
    const params = dkgParams(manifest, c.eh);
    const wrong = dkgAnswer(params, { dealer: 1, coefficients: [1n, 1n] }, mallory.secretKey, { dealer: 1, complainer: 2 }, c.rng);
    const at = c.board.records.length;
    c.board.append('dkg_answer', { answer: dkgSignedAnswerToJSON(wrong) });
    c.board.append('election_key', keyFor(c, [2, 3], [{ dealer: 1, reason: 'invalid-answer' }], [{ dealer: 1, complainer: 2 }]));
    expect((await verify(c.board)).failure).toMatchObject({ check: 'B6', step: 'B6.4', seq: at });
  });

  it('picking the joint key among qualified sets: with honest dealings and no trustee’s complaint, exactly one key verifies (B6.5)', async () => {
    const c = ceremony('pick-key');
    const base = c.board.records.length;
    const sets = [[1, 2], [1, 3], [2, 3], [1, 2, 3]];
    const verdicts: string[] = [];
    for (const q of sets) {
      const b = Board.fromRecords(c.board.records.slice(0, base));
      b.append('election_key', keyFor(c, q, [1, 2, 3].filter((i) => !q.includes(i)).map((dealer) => ({ dealer, reason: 'unanswered-complaint' }))));
      const r = await verify(b);
      verdicts.push(r.ok ? 'ok' : `${r.failure!.step}@${r.failure!.seq}`);
    }
    expect(verdicts).toEqual([`B6.5@${base}`, `B6.5@${base}`, `B6.5@${base}`, 'ok']);
  });
});

describe('attacks on the key ceremony: one trustee (or k−1) acting under its own signature', () => {
  it('a false complaint by a colluding trustee disqualifies nobody and is counted against the complainer (B6.5)', async () => {
    const c = ceremony('false-complaint');
    c.board.append('dkg_complaint', complaintBy(c, 3, 1));
    const honest = honestKey(c);
    expect(honest).toMatchObject({ qualified: [1, 2, 3], falseComplaints: [{ dealer: 1, complainer: 3 }] });
    const at = c.board.records.length;
    const b = Board.fromRecords(c.board.records);
    b.append('election_key', keyFor(c, [2, 3], [{ dealer: 1, reason: 'unanswered-complaint' }]));
    expect((await verify(b)).failure).toMatchObject({ check: 'B6', step: 'B6.5', seq: at, type: 'election_key' });
    c.board.append('election_key', honest);
    const r = await verify(c.board);
    expect(r.ok).toBe(true);
    expect(r.summary.dkgComplaints).toEqual([{ dealer: 1, complainer: 3, verdict: 'false', answered: false }]);
    // k−1 = 1 colluding trustee cannot do better: a second false complaint by the same trustee is a duplicate (B6.3).
    const dup = Board.fromRecords(c.board.records.slice(0, at));
    dup.append('dkg_complaint', complaintBy(c, 3, 1));
    expect((await verify(dup)).failure).toMatchObject({ check: 'B6', step: 'B6.3', seq: at });
  });

  it('a cheating dealer that answers with a wrong share is disqualified; a board writer cannot keep it in (B6.5)', async () => {
    let cheat!: ReturnType<typeof cheatingDealing>;
    const c = ceremony('wrong-answer', () => manifest, (base) => {
      cheat = cheatingDealing(base, 3, 1, 7n);
      return new Map([[3, { body: cheat.body, secret: cheat.secret, dealing: cheat.dealing }]]);
    });
    const check = trusteeCheckShares(manifest, c.eh, c.secrets[0]!, c.dealings, c.keys, c.rng);
    expect(check.complaints.map((x) => x.complaint.dealer)).toEqual([3]);
    c.board.append('dkg_complaint', check.complaints[0]!);
    // Dealer 3 answers, signed, with a share that is not f_3(1).
    const params = dkgParams(manifest, c.eh);
    const right = trusteeAnswerComplaints(manifest, c.eh, cheat.secret, { trusteeKeys: c.keys, dealings: c.dealings, complaints: complaintsOf(c.board) }, { rng: c.rng })[0]!;
    const wrongBody = { dealer: 3, complainer: 1, share: scalarAdd(scalarFromHex(right.answer.share), 1n) };
    const wrong: DkgAnswerBody = { answer: dkgSignedAnswerToJSON({ ...wrongBody, signature: sign(scalarFromHex(c.secrets[2]!.transportSecret), dkgAnswerMessage(params, wrongBody), c.rng) }) };
    c.board.append('dkg_answer', wrong);
    const honest = honestKey(c);
    expect(honest.disqualified).toEqual([{ dealer: 3, reason: 'invalid-answer' }]);
    const at = c.board.records.length;
    const b = Board.fromRecords(c.board.records);
    b.append('election_key', keyFor(c, [1, 2, 3], []));
    expect((await verify(b)).failure).toMatchObject({ check: 'B6', step: 'B6.5', seq: at });
    c.board.append('election_key', honest);
    const r = await verify(c.board);
    expect(r.ok).toBe(true);
    expect(r.summary.qualifiedTrustees).toEqual([1, 2]);
    expect(r.summary.dkgComplaints).toEqual([{ dealer: 3, complainer: 1, verdict: 'upheld', answered: true }]);
    // ... and dropping the (wrong) answer does not rescue dealer 3: unanswered, still disqualified.
    expect(computeElectionKey(manifest, c.eh, { trusteeKeys: c.keys, commitments: c.board.ofType('dkg_commitment').map((x) => x.body), dealings: c.dealings, complaints: complaintsOf(c.board) }).disqualified).toEqual([{ dealer: 3, reason: 'unanswered-complaint' }]);
  });

  it('a dealer whose bad share is complained about and who answers correctly stays; the complainer finalises with the revealed share', async () => {
    let cheat!: ReturnType<typeof cheatingDealing>;
    const c = ceremony('right-answer', () => manifest, (base) => {
      cheat = cheatingDealing(base, 2, 3, 1n);
      return new Map([[2, { body: cheat.body, secret: cheat.secret, dealing: cheat.dealing }]]);
    });
    const check = trusteeCheckShares(manifest, c.eh, c.secrets[2]!, c.dealings, c.keys, c.rng);
    expect(() => trusteeFinalize(manifest, c.eh, c.secrets[2]!, c.dealings, keyFor(c, [1, 2, 3], []))).toThrow();
    c.board.append('dkg_complaint', check.complaints[0]!);
    // An early answer does not close the complaint round (B3 lets complaints and answers interleave).
    const answers = trusteeAnswerComplaints(manifest, c.eh, cheat.secret, { trusteeKeys: c.keys, dealings: c.dealings, complaints: complaintsOf(c.board) }, { rng: c.rng });
    expect(answers).toHaveLength(1);
    c.board.append('dkg_answer', answers[0]!);
    c.board.append('dkg_complaint', complaintBy(c, 1, 3)); // a later, false complaint
    const key = honestKey(c);
    expect(key).toMatchObject({ qualified: [1, 2, 3], falseComplaints: [{ dealer: 3, complainer: 1 }] });
    c.board.append('election_key', key);
    expect((await verify(c.board)).ok).toBe(true);
    const finals = c.secrets.map((s) => trusteeFinalize(manifest, c.eh, s, c.dealings, key, answersOf(c.board)));
    for (const f of finals) expect(key.verificationKeys[f.trustee - 1]!.key).toBe(mulBase(scalarFromHex(f.secretShare!)).toHex());
  });

  it('a dealer that signs a dealing other than the one it committed to is disqualified (B6.5 recomputes it)', async () => {
    const c = ceremony('digest-mismatch', () => manifest, (base) => {
      const committed = trusteeDeal(manifest, base.eh, base.secrets[1]!, base.keys, base.rng);
      const revealed = trusteeDeal(manifest, base.eh, base.secrets[1]!, base.keys, base.rng);
      return new Map([[2, { body: revealed.dealing, secret: revealed.secret, dealing: parseSignedDealings(manifest, [committed.dealing])[0]!.dealing }]]);
    });
    const key = honestKey(c);
    expect(key.disqualified).toEqual([{ dealer: 2, reason: 'malformed-dealing' }]);
    const b = Board.fromRecords(c.board.records);
    const at = b.records.length;
    b.append('election_key', keyFor(c, [1, 2, 3], []));
    expect((await verify(b)).failure).toMatchObject({ check: 'B6', step: 'B6.5', seq: at });
    c.board.append('election_key', key);
    expect((await verify(c.board)).ok).toBe(true);
  });
});
