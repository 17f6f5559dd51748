/**
 * Accountable DKG messages (spec §9.1): signed dealings, complaints that carry evidence anyone can check, and
 * signed answers. Built on the Pedersen DKG of ./dkg.ts, which stays the arithmetic; this module decides who
 * said what and whether a complaint is true.
 *
 * Each trustee has one registered key pair (sk_j, PK_j), proven with a Schnorr proof of possession bound to the
 * election and the trustee's index. It receives shares (hashed-DH encryption, ./dkg.ts) and signs (spec §8):
 *
 *   dealing    dealer i signs (commitments, proof of knowledge, every encrypted share with its ephemeral proof).
 *   complaint  trustee j reveals K = sk_j·E for the share E, masked that dealer i signed, with a Chaum–Pedersen
 *              proof log_G PK_j = log_E K, and signs it all. Anyone recomputes the share
 *              s = masked − H(ctx, i, j, PK_j, E, K) and checks s·G against dealer i's commitments:
 *                – it fails: the complaint is upheld (dealer i must answer, else it is disqualified);
 *                – it passes: the complaint is false; dealer i stays, complainer j is named.
 *   answer     dealer i reveals f_i(j), signed. An answer that fails the Feldman check disqualifies i.
 *
 * Threat model. The server (any board writer) holds no trustee key: it cannot forge a dealing, complaint or
 * answer, so it can neither corrupt a share in transit unseen (the signature breaks) nor disqualify an honest
 * dealer (a complaint needs j's signature and a proof that the revealed K is j's own decryption; a forged
 * answer needs i's signature). One trustee cannot get an honest dealer disqualified: its complaint reveals a
 * share that matches the commitments, which is a false complaint against itself. k−1 trustees learn nothing
 * more than in plain Pedersen DKG: K is a Diffie–Hellman value the dealer already knows (it proved knowledge
 * of r with E = r·G), and the shares revealed by complaints and answers are those of the accused dealer.
 * Not prevented here: a board writer that drops a message (a dealing, complaint or answer) — its author sees
 * it missing and holds the signed message to prove it was sent.
 */
import { CryptoError } from './errors';
import { Point, assertScalar, mulBase, scalarSub, type Scalar } from './group';
import {
  dkgQualify,
  dkgSharePad,
  dkgVerifyShare,
  evaluatePolynomial,
  verifyShareEphemeral,
  type DealerSecret,
  type DisqualificationReason,
  type DkgComplaint,
  type DkgComplaintAnswer,
  type DkgDealing,
  type DkgParams,
  type DkgQualification,
  type EncryptedShare,
} from './dkg';
import { proveEqualLogs, verifyEqualLogs } from './proofs';
import { systemRng, type Rng } from './random';
import type { SigmaProof } from './sigma';
import { sign, verify, type Signature } from './signature';
import { transcriptBytes, type Context, type TranscriptItem } from './transcript';

export interface DkgSignedDealing {
  dealing: DkgDealing;
  /** One per trustee 1..n, in order. */
  encryptedShares: EncryptedShare[];
  /** Dealer's signature over dkgDealingMessage. */
  signature: Signature;
}

export interface DkgSignedComplaint {
  dealer: number;
  complainer: number;
  /** K = sk_complainer·E: the Diffie–Hellman value that unmasks the disputed share (the evidence). */
  dh: Point;
  /** Chaum–Pedersen: log_G PK_complainer = log_E K (context: params.context + ['dkg-complaint', dealer, complainer]). */
  proof: SigmaProof;
  /** Complainer's signature over dkgComplaintMessage (which covers E and masked of the disputed share). */
  signature: Signature;
}

export interface DkgSignedAnswer {
  dealer: number;
  complainer: number;
  /** f_dealer(complainer), now public. */
  share: Scalar;
  /** Dealer's signature over dkgAnswerMessage. */
  signature: Signature;
}

export type ComplaintVerdict =
  /** The revealed share fails the dealer's commitments: the dealer must answer. */
  | { verdict: 'upheld'; share: Scalar }
  /** The revealed share matches the commitments: the complaint is false; the complainer is named. */
  | { verdict: 'false'; share: Scalar }
  /** Not a complaint the complainer made (signature, evidence or reference wrong): only a board writer posts it. */
  | { verdict: 'invalid'; reason: string };

function proofItems(p: SigmaProof): TranscriptItem[] {
  const items: TranscriptItem[] = [p.commitments.length];
  for (const row of p.commitments) items.push(row.length, ...row);
  items.push(p.challenges.length, ...p.challenges, p.responses.length, ...p.responses);
  return items;
}

/**
 * The bytes a dealer signs: every field of the dealing and of each encrypted share, typed and counted (§3.1), and
 * the recipients' transport keys it encrypted them to (trustees 1..n in order). With the keys signed, a dealing made
 * to keys a server showed only this dealer (to open its shares) fails the public check against the board's keys.
 */
export function dkgDealingMessage(params: DkgParams, dealing: DkgDealing, encryptedShares: readonly EncryptedShare[], recipientKeys: readonly Point[]): Uint8Array {
  const items: TranscriptItem[] = [dealing.dealer, dealing.commitments.length, ...dealing.commitments, ...proofItems(dealing.proof), encryptedShares.length];
  for (const e of encryptedShares) items.push(e.dealer, e.recipient, e.ephemeral, e.masked, ...proofItems(e.proof));
  items.push('recipient-keys', recipientKeys.length, ...recipientKeys);
  return transcriptBytes('dkg-dealing-signature', params.context, items, []);
}

export function dkgComplaintMessage(params: DkgParams, disputed: EncryptedShare, c: Omit<DkgSignedComplaint, 'signature'>): Uint8Array {
  return transcriptBytes('dkg-complaint-signature', params.context, [c.dealer, c.complainer, disputed.ephemeral, disputed.masked, c.dh, ...proofItems(c.proof)], []);
}

export function dkgAnswerMessage(params: DkgParams, a: Omit<DkgSignedAnswer, 'signature'>): Uint8Array {
  return transcriptBytes('dkg-answer-signature', params.context, [a.dealer, a.complainer, a.share], []);
}

function complaintContext(params: DkgParams, dealer: number, complainer: number): Context {
  return [...params.context, 'dkg-complaint', dealer, complainer];
}

/** Dealer: signs its dealing, its encrypted shares and the recipients' keys (1..n) with its registered key. */
export function dkgSignDealing(params: DkgParams, signingSecret: Scalar, dealing: DkgDealing, encryptedShares: readonly EncryptedShare[], recipientKeys: readonly Point[], rng: Rng = systemRng): DkgSignedDealing {
  return { dealing, encryptedShares: [...encryptedShares], signature: sign(signingSecret, dkgDealingMessage(params, dealing, encryptedShares, recipientKeys), rng) };
}

/**
 * V7a: the dealing is signed by the dealer's registered key, over the transport keys registered for trustees 1..n
 * (`recipientKeys`, from the board). A failure means the dealing is not the dealer's, or was made to other keys.
 */
export function dkgVerifyDealingSignature(params: DkgParams, dealerKey: Point, d: DkgSignedDealing, recipientKeys: readonly Point[]): boolean {
  return verify(dealerKey, dkgDealingMessage(params, d.dealing, d.encryptedShares, recipientKeys), d.signature);
}

/**
 * The dealer's own faults in a correctly signed dealing that the Feldman check does not see: one encrypted share
 * per trustee in order, each with a valid ephemeral proof. Returns the reason or null.
 */
export function dkgSignedDealingFault(params: DkgParams, d: DkgSignedDealing): DisqualificationReason | null {
  const shares = d.encryptedShares;
  if (shares.length !== params.trustees || shares.some((s, j) => s.dealer !== d.dealing.dealer || s.recipient !== j + 1)) return 'malformed-dealing';
  if (!shares.every((s) => verifyShareEphemeral(params, s))) return 'invalid-share-encryption';
  return null;
}

function disputedShare(d: DkgSignedDealing, complainer: number): EncryptedShare | undefined {
  return d.encryptedShares.find((s) => s.recipient === complainer && s.dealer === d.dealing.dealer);
}

/** Complainer j: the evidence that the share dealer i sent it is bad, signed. (Also works on a good share: that is a false complaint.) */
export function dkgComplain(params: DkgParams, complainer: number, secretKey: Scalar, d: DkgSignedDealing, rng: Rng = systemRng): DkgSignedComplaint {
  assertScalar(secretKey, 'secretKey');
  const enc = disputedShare(d, complainer);
  if (!enc) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `dkg: dealer ${d.dealing.dealer} sent no share to trustee ${complainer}`);
  const pk = mulBase(secretKey);
  const dh = enc.ephemeral.mulSecret(secretKey);
  const proof = proveEqualLogs(secretKey, pk, enc.ephemeral, dh, complaintContext(params, d.dealing.dealer, complainer), rng);
  const body = { dealer: d.dealing.dealer, complainer, dh, proof };
  return { ...body, signature: sign(secretKey, dkgComplaintMessage(params, enc, body), rng) };
}

/**
 * V8a: anyone. Checks the complaint's signature and evidence against the complainer's registered key and the
 * dealer's signed dealing, unmasks the disputed share and says whether the complaint is upheld or false.
 */
export function dkgComplaintVerdict(params: DkgParams, complainerKey: Point, d: DkgSignedDealing, c: DkgSignedComplaint): ComplaintVerdict {
  if (c.dealer !== d.dealing.dealer) return { verdict: 'invalid', reason: `the complaint is against dealer ${c.dealer}, not ${d.dealing.dealer}` };
  const enc = disputedShare(d, c.complainer);
  if (!enc) return { verdict: 'invalid', reason: `dealer ${c.dealer} sent no share to trustee ${c.complainer}` };
  const { signature, ...body } = c;
  if (!verify(complainerKey, dkgComplaintMessage(params, enc, body), signature)) return { verdict: 'invalid', reason: `the complaint is not signed by trustee ${c.complainer}` };
  if (!verifyEqualLogs(complainerKey, enc.ephemeral, c.dh, c.proof, complaintContext(params, c.dealer, c.complainer))) {
    return { verdict: 'invalid', reason: `the evidence is not trustee ${c.complainer}'s decryption of the share (Chaum–Pedersen proof fails)` };
  }
  const share = scalarSub(enc.masked, dkgSharePad(params, c.dealer, c.complainer, complainerKey, enc.ephemeral, c.dh));
  return dkgVerifyShare(params, d.dealing, { dealer: c.dealer, recipient: c.complainer, share }) ? { verdict: 'false', share } : { verdict: 'upheld', share };
}

/** Dealer i: reveals f_i(j) for a complaint against it, signed. */
export function dkgAnswer(params: DkgParams, secret: DealerSecret, signingSecret: Scalar, complaint: Pick<DkgComplaint, 'dealer' | 'complainer'>, rng: Rng = systemRng): DkgSignedAnswer {
  if (complaint.dealer !== secret.dealer) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `complaint is against dealer ${complaint.dealer}, not ${secret.dealer}`);
  const body = { dealer: secret.dealer, complainer: complaint.complainer, share: evaluatePolynomial(secret.coefficients, complaint.complainer) };
  return { ...body, signature: sign(signingSecret, dkgAnswerMessage(params, body), rng) };
}

export function dkgVerifyAnswerSignature(params: DkgParams, dealerKey: Point, a: DkgSignedAnswer): boolean {
  const { signature, ...body } = a;
  return verify(dealerKey, dkgAnswerMessage(params, body), signature);
}

export interface AccountableTranscript {
  /** Registered key of each trustee (receives shares, signs). */
  keys: ReadonlyMap<number, Point>;
  dealings: readonly DkgSignedDealing[];
  complaints?: readonly DkgSignedComplaint[];
  answers?: readonly DkgSignedAnswer[];
  /** Commit-then-reveal digests published before the dealings. */
  digests?: ReadonlyMap<number, string>;
}

export interface AccountableQualification extends DkgQualification {
  /** Complaints whose revealed share matched the dealer's commitments: the complainer lied (or erred). */
  falseComplaints: { dealer: number; complainer: number }[];
  /** Complaints that held: the dealer had to answer. */
  upheldComplaints: { dealer: number; complainer: number }[];
}

/** A message on the board that its claimed author did not produce (or that refers to nothing): names it. */
export class DkgMessageError extends CryptoError {
  constructor(
    readonly kind: 'dealing' | 'complaint' | 'answer',
    readonly index: number,
    message: string,
  ) {
    super('CRYPTO_SIGNATURE_INVALID', message, { index });
    this.name = 'DkgMessageError';
  }
}

/**
 * V8: the qualified set from an accountable transcript. Throws DkgMessageError naming the first dealing,
 * complaint or answer that is not its author's (bad signature or evidence, duplicate, answer to nothing): such a
 * message can only have been written by whoever writes the board. Otherwise a dealer is disqualified only by its
 * own signed messages: a faulty dealing, or an upheld complaint left unanswered or answered with a wrong share.
 */
export function dkgQualifyAccountable(params: DkgParams, t: AccountableTranscript): AccountableQualification {
  const dealings: DkgDealing[] = [];
  const byDealer = new Map<number, DkgSignedDealing>();
  const faults = new Map<number, DisqualificationReason>();
  const recipients = Array.from({ length: params.trustees }, (_, j) => t.keys.get(j + 1));
  t.dealings.forEach((d, i) => {
    const key = t.keys.get(d.dealing.dealer);
    if (!key || recipients.some((k) => !k) || !dkgVerifyDealingSignature(params, key, d, recipients as Point[])) {
      throw new DkgMessageError('dealing', i, `the dealing of trustee ${d.dealing.dealer} is not signed by that trustee's registered key over the trustees' registered transport keys`);
    }
    dealings.push(d.dealing);
    if (!byDealer.has(d.dealing.dealer)) byDealer.set(d.dealing.dealer, d);
    const fault = dkgSignedDealingFault(params, d);
    if (fault) faults.set(d.dealing.dealer, fault);
  });
  const upheld: DkgComplaint[] = [];
  const falseComplaints: AccountableQualification['falseComplaints'] = [];
  const complained = new Set<string>();
  (t.complaints ?? []).forEach((c, i) => {
    const id = `${c.dealer}/${c.complainer}`;
    if (complained.has(id)) throw new DkgMessageError('complaint', i, `a second complaint of trustee ${c.complainer} against dealer ${c.dealer}`);
    complained.add(id);
    const d = byDealer.get(c.dealer);
    const key = t.keys.get(c.complainer);
    if (!d || !key) throw new DkgMessageError('complaint', i, `the complaint of trustee ${c.complainer} against dealer ${c.dealer} refers to a dealing or key not on the board`);
    const v = dkgComplaintVerdict(params, key, d, c);
    if (v.verdict === 'invalid') throw new DkgMessageError('complaint', i, v.reason);
    if (v.verdict === 'upheld') upheld.push({ dealer: c.dealer, complainer: c.complainer });
    else falseComplaints.push({ dealer: c.dealer, complainer: c.complainer });
  });
  const answers: DkgComplaintAnswer[] = [];
  const answered = new Set<string>();
  (t.answers ?? []).forEach((a, i) => {
    const id = `${a.dealer}/${a.complainer}`;
    if (!complained.has(id)) throw new DkgMessageError('answer', i, `an answer of dealer ${a.dealer} to trustee ${a.complainer}, who did not complain`);
    if (answered.has(id)) throw new DkgMessageError('answer', i, `a second answer of dealer ${a.dealer} to trustee ${a.complainer}`);
    answered.add(id);
    const key = t.keys.get(a.dealer);
    if (!key || !dkgVerifyAnswerSignature(params, key, a)) throw new DkgMessageError('answer', i, `the answer to trustee ${a.complainer} is not signed by dealer ${a.dealer}`);
    answers.push({ dealer: a.dealer, complainer: a.complainer, share: a.share });
  });
  const q = dkgQualify(params, dealings, upheld, answers, t.digests);
  const qualified = q.qualified.filter((i) => !faults.has(i));
  const disqualified = [...q.disqualified, ...q.qualified.filter((i) => faults.has(i)).map((dealer) => ({ dealer, reason: faults.get(dealer)! }))].sort((a, b) => a.dealer - b.dealer);
  return { qualified, disqualified, falseComplaints, upheldComplaints: upheld.map((c) => ({ dealer: c.dealer, complainer: c.complainer })) };
}
