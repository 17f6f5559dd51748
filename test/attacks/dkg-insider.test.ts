/**
 * Attacks on the accountable key ceremony (docs/ballot-spec.md §3, check B6.1–B6.5) by a board writer (the
 * server) and by trustees under their own keys. Whole records built with the project's own DKG functions; the
 * chain is recomputed (Board.append). Complements src/ballot/dkg-attacks.test.ts with what it does not try:
 * censorship of the complaint round, a complainer against two dealers, and answers moved between complaints.
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
import { computeElectionKey, dkgParams, parseSignedDealings, trusteeAnswerComplaints, trusteeCheckShares, trusteeDeal, trusteeRegister, type TrusteeSecretFile } from '../../src/ballot/trustee';
import { verifyBoard } from '../../src/ballot/verify';

const N = 3;
const K = 2;
let manifest: Manifest;

beforeAll(async () => {
  await initCrypto();
  manifest = simulateElection({ eligible: 2, yes: 1, no: 0, threshold: K, trustees: N, procedureId: 'dkg-insider' }).manifest;
});

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
    const signed = dkgSignDealing(params, scalarFromHex(secrets[cheat.dealer - 1]!.transportSecret), d.dealing, enc, rng);
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

  // ---- FINDING (accepted; kept as a comment; listed under "Open holes" in docs/ballot-spec.md §0) ----------------------------------------
  // A board writer that CENSORS a dealer's correct answer to an upheld complaint (never appends the dkg_answer,
  // or drops it and re-hashes) and posts the key with that dealer disqualified ("unanswered-complaint") is
  // accepted: B6.5 recomputes from what is on the board, and an answer that is not there is unanswered. So when a
  // dealer has sent one bad share, the server chooses between two joint keys (with or without that dealer).
  // Only the dealer knows it answered; nothing it holds is checkable by the verifier (no board receipt for DKG
  // records). Preconditions: a dealer that misbehaved first. Confirmed accepted on 2026-12-02.
  //
  // it('a server that censors a dealer’s correct answer cannot disqualify that dealer unseen', async () => {
  //   const c = ceremony('censored', { dealer: 2, victim: 3 });
  //   const check = trusteeCheckShares(manifest, c.eh, c.secrets[2]!, c.dealings, c.keys, c.rng);
  //   c.board.append('dkg_complaint', check.complaints[0]!);
  //   // dealer 2's answer (trusteeAnswerComplaints) is withheld by the server
  //   c.board.append('election_key', honestKey(c)); // qualified [1, 3], dealer 2 'unanswered-complaint'
  //   expect((await verify(c.board)).ok).toBe(false);
  // });
  it('control for the censorship finding: with the answer on the board the dealer stays, without it the dealer is out — both verify', async () => {
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
