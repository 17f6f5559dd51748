/**
 * Trustee steps of the key ceremony and of the tally (docs/ballot-spec.md §3, §6): thin compositions of the
 * crypto core's Pedersen DKG (src/crypto/dkg.ts) with the board's record formats. Each function is one step a
 * trustee runs on their own device; its inputs are public board records plus the trustee's own secret file,
 * its output is a public record body (posted to the board) and possibly an updated secret file.
 *
 * Threat model: up to k−1 trustees collude and the server is malicious. The server only ever relays public
 * messages: transport keys, dealing digests, dealings (Feldman commitments + shares encrypted to each
 * recipient's transport key, signed by the dealer), complaints (signed, with evidence anyone can check),
 * answers (signed), partial decryptions with Chaum–Pedersen proofs. A trustee's secret share exists only in the
 * file the trustee keeps. The transport key is also the trustee's signing key (ADR 0110), so the server can
 * neither change a share in transit nor write a complaint or answer in a trustee's name. A dealer who sends a bad
 * share is named by an upheld complaint it does not answer correctly; a trustee who complains falsely is named
 * (and disqualifies nobody); a trustee whose partial decryption is wrong is named by its failing proof and simply
 * not used.
 */
import {
  Point,
  combinePartialDecryptions,
  decryptShare,
  discreteLog,
  dkgAnswer,
  dkgComplain,
  dkgComplaintVerdict,
  dkgDeal,
  dkgDealingDigest,
  dkgDealingToJSON,
  dkgFinalize,
  dkgPublicKey,
  dkgQualifyAccountable,
  dkgSignDealing,
  dkgSignedAnswerFromJSON,
  dkgSignedAnswerToJSON,
  dkgSignedComplaintFromJSON,
  dkgSignedComplaintToJSON,
  dkgSignedDealingFromJSON,
  dkgVerificationKey,
  dkgVerifyDealingSignature,
  dkgVerifyShare,
  encryptShare,
  encryptedShareToJSON,
  generateKeyPair,
  partialDecrypt,
  partialDecryptionFromJSON,
  partialDecryptionToJSON,
  proveKnowledge,
  scalarFromHex,
  scalarToHex,
  sigmaProofToJSON,
  signatureToJSON,
  systemRng,
  type Ciphertext,
  type Context,
  type DkgDealing,
  type DkgParams,
  type DkgShare,
  type DkgSignedAnswer,
  type DkgSignedComplaint,
  type DkgSignedDealing,
  type PartialDecryption,
  type Rng,
} from '../crypto';
import type { Manifest } from './manifest';
import { decide } from './manifest';
import type { DkgAnswerBody, DkgCommitmentBody, DkgComplaintBody, DkgDealingBody, ElectionKeyBody, PartialBody, ResultBody, TrusteeKeyBody } from './records';

export const dkgParams = (manifest: Manifest, electionHash: string): DkgParams => ({
  threshold: manifest.trustees.threshold,
  trustees: manifest.trustees.count,
  context: ['dkg', electionHash],
});
export const trusteeKeyContext = (electionHash: string, trustee: number): Context => ['trustee-key', electionHash, trustee];
export const tallyContext = (electionHash: string): Context => ['tally', electionHash];

/** What a trustee keeps on their own device, never on the server. */
export interface TrusteeSecretFile {
  kind: 'confidence-trustee-secret/1';
  electionHash: string;
  trustee: number;
  /** Transport key: decrypts the DKG shares sent to this trustee. */
  transportSecret: string;
  /** Polynomial coefficients while the ceremony runs (to answer complaints). */
  coefficients?: string[];
  /**
   * The transport keys this trustee's dealing encrypted its shares to (written when it deals). Complaints are judged
   * against these, never against keys the server names later: a complaint signed by a key the dealer did not deal to
   * gets no answer (an answer reveals a share).
   */
  dealtTo?: { trustee: number; publicKey: string }[];
  /** The trustee's share s_j of the election secret, once the ceremony is over. */
  secretShare?: string;
}

/** Step 1: a transport key with a proof of knowledge, bound to the election and the trustee's index. */
export function trusteeRegister(electionHash: string, trustee: number, rng: Rng = systemRng): { secret: TrusteeSecretFile; body: TrusteeKeyBody } {
  const kp = generateKeyPair(rng);
  const proof = proveKnowledge(kp.secretKey, kp.publicKey, trusteeKeyContext(electionHash, trustee), rng);
  return {
    secret: { kind: 'confidence-trustee-secret/1', electionHash, trustee, transportSecret: scalarToHex(kp.secretKey) },
    body: { trustee, publicKey: kp.publicKey.toHex(), proof: sigmaProofToJSON(proof) },
  };
}

/** Step 2: deal. Returns the digest (posted first), the dealing with encrypted shares (posted once every digest is in). */
export function trusteeDeal(
  manifest: Manifest,
  electionHash: string,
  secret: TrusteeSecretFile,
  trusteeKeys: readonly TrusteeKeyBody[],
  rng: Rng = systemRng,
): { secret: TrusteeSecretFile; commitment: DkgCommitmentBody; dealing: DkgDealingBody } {
  const params = dkgParams(manifest, electionHash);
  const { secret: dealer, dealing, shares } = dkgDeal(params, secret.trustee, rng);
  const encryptedShares = shares.map((s) => {
    const key = trusteeKeys.find((k) => k.trustee === s.recipient);
    if (!key) throw new Error(`no transport key for trustee ${s.recipient}`);
    return encryptShare(params, s, Point.fromHex(key.publicKey, { field: 'publicKey' }), rng);
  });
  const signed = dkgSignDealing(params, scalarFromHex(secret.transportSecret, { field: 'transportSecret' }), dealing, encryptedShares, recipientKeyList(trusteeKeyMap(trusteeKeys), params.trustees), rng);
  return {
    secret: { ...secret, coefficients: dealer.coefficients.map(scalarToHex), dealtTo: trusteeKeys.map((k) => ({ trustee: k.trustee, publicKey: k.publicKey })) },
    commitment: { dealer: secret.trustee, digest: dkgDealingDigest(dealing) },
    dealing: { dealing: dkgDealingToJSON(dealing), encryptedShares: encryptedShares.map(encryptedShareToJSON), signature: signatureToJSON(signed.signature) },
  };
}

export interface DkgTranscript {
  /** The registered keys: they receive the shares and sign dealings, complaints and answers. */
  trusteeKeys: readonly TrusteeKeyBody[];
  commitments: readonly DkgCommitmentBody[];
  dealings: readonly DkgDealingBody[];
  complaints?: readonly DkgComplaintBody[];
  answers?: readonly DkgAnswerBody[];
}

export function parseDealings(manifest: Manifest, dealings: readonly DkgDealingBody[]): DkgDealing[] {
  return parseSignedDealings(manifest, dealings).map((d) => d.dealing);
}
export function parseSignedDealings(manifest: Manifest, dealings: readonly DkgDealingBody[]): DkgSignedDealing[] {
  return dealings.map((d, i) => dkgSignedDealingFromJSON(d, `dealings[${i}]`, manifest.trustees.threshold));
}
export function parseComplaints(bodies: readonly { complaint: unknown }[]): DkgSignedComplaint[] {
  return bodies.map((b, i) => dkgSignedComplaintFromJSON(b.complaint, `complaints[${i}]`));
}
export function parseAnswers(bodies: readonly { answer: unknown }[]): DkgSignedAnswer[] {
  return bodies.map((b, i) => dkgSignedAnswerFromJSON(b.answer, `answers[${i}]`));
}
export function trusteeKeyMap(keys: readonly TrusteeKeyBody[]): Map<number, Point> {
  return new Map(keys.map((k) => [k.trustee, Point.fromHex(k.publicKey, { field: `trusteeKeys[${k.trustee}].publicKey` })]));
}

/** The transport keys of trustees 1..n in order, as a dealing signs them (throws naming a missing trustee). */
export function recipientKeyList(keys: ReadonlyMap<number, Point>, n: number): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const k = keys.get(i + 1);
    if (!k) throw new Error(`no transport key for trustee ${i + 1}`);
    return k;
  });
}

/**
 * Anyone: the qualified set, the joint key and every verification key, from the public transcript. Throws
 * (DkgMessageError, naming the message) if a dealing, complaint or answer is not signed by its author or its
 * evidence is false: such a message is the board writer's, not a trustee's.
 */
export function computeElectionKey(manifest: Manifest, electionHash: string, t: DkgTranscript): ElectionKeyBody {
  const params = dkgParams(manifest, electionHash);
  const signed = parseSignedDealings(manifest, t.dealings);
  const dealings = signed.map((d) => d.dealing);
  const digests = new Map(t.commitments.map((c) => [c.dealer, c.digest]));
  const q = dkgQualifyAccountable(params, { keys: trusteeKeyMap(t.trusteeKeys), dealings: signed, complaints: parseComplaints(t.complaints ?? []), answers: parseAnswers(t.answers ?? []), digests });
  const publicKey = dkgPublicKey(params, dealings, q.qualified);
  const verificationKeys = Array.from({ length: params.trustees }, (_, i) => ({ trustee: i + 1, key: dkgVerificationKey(params, dealings, q.qualified, i + 1).toHex() }));
  return { qualified: q.qualified, disqualified: q.disqualified, falseComplaints: q.falseComplaints, publicKey: publicKey.toHex(), verificationKeys };
}

export interface ShareCheck {
  /** Shares that match their dealer's commitments. */
  shares: DkgShare[];
  /** Signed complaints with evidence, ready to post, against dealers whose share to me fails. */
  complaints: DkgComplaintBody[];
  /** Dealers whose dealing on the board is not signed by them: the server changed it (public check B6.2 fails). */
  tampered: number[];
}

/** Trustee j: opens the shares sent to it; returns signed complaints (with evidence) against dealers whose share fails. */
export function trusteeCheckShares(manifest: Manifest, electionHash: string, secret: TrusteeSecretFile, dealings: readonly DkgDealingBody[], trusteeKeys: readonly TrusteeKeyBody[], rng: Rng = systemRng): ShareCheck {
  const params = dkgParams(manifest, electionHash);
  const sk = scalarFromHex(secret.transportSecret, { field: 'transportSecret' });
  const keys = trusteeKeyMap(trusteeKeys);
  const out: ShareCheck = { shares: [], complaints: [], tampered: [] };
  for (const d of parseSignedDealings(manifest, dealings)) {
    const dealer = d.dealing.dealer;
    const key = keys.get(dealer);
    if (!key || keys.size !== params.trustees || !dkgVerifyDealingSignature(params, key, d, recipientKeyList(keys, params.trustees))) {
      out.tampered.push(dealer);
      continue;
    }
    const enc = d.encryptedShares.find((e) => e.recipient === secret.trustee && e.dealer === dealer);
    const share = enc ? decryptShare(params, enc, sk) : null;
    if (share && dkgVerifyShare(params, d.dealing, share)) out.shares.push(share);
    else if (enc) out.complaints.push({ complaint: dkgSignedComplaintToJSON(dkgComplain(params, secret.trustee, sk, d, rng)) });
  }
  return out;
}

export interface ComplaintStatus {
  dealer: number;
  complainer: number;
  /** upheld: the share was bad, the dealer must answer; false: the share was fine (the complainer is named). */
  verdict: 'upheld' | 'false' | 'invalid';
  answered: boolean;
}

/** Anyone: each complaint on the board with its verdict and whether it was answered (what the ceremony page lists). */
export function complaintStatuses(manifest: Manifest, electionHash: string, t: Omit<DkgTranscript, 'commitments'>): ComplaintStatus[] {
  const params = dkgParams(manifest, electionHash);
  const keys = trusteeKeyMap(t.trusteeKeys);
  const dealings = new Map(parseSignedDealings(manifest, t.dealings).map((d) => [d.dealing.dealer, d]));
  const answers = parseAnswers(t.answers ?? []);
  return parseComplaints(t.complaints ?? []).map((c) => {
    const d = dealings.get(c.dealer);
    const key = keys.get(c.complainer);
    const verdict = d && key ? dkgComplaintVerdict(params, key, d, c).verdict : 'invalid';
    return { dealer: c.dealer, complainer: c.complainer, verdict, answered: answers.some((a) => a.dealer === c.dealer && a.complainer === c.complainer) };
  });
}

/**
 * The transcript as dealer i judges complaints against it: the keys it dealt to (`secret.dealtTo`) and its own
 * dealing (`ownDealing`) in place of whatever the server names for them.
 */
export function dealerView(secret: TrusteeSecretFile, t: Omit<DkgTranscript, 'commitments'>, ownDealing?: DkgDealingBody): Omit<DkgTranscript, 'commitments'> {
  return {
    ...t,
    trusteeKeys: secret.dealtTo ? secret.dealtTo.map((k) => ({ ...t.trusteeKeys.find((x) => x.trustee === k.trustee), trustee: k.trustee, publicKey: k.publicKey }) as TrusteeKeyBody) : t.trusteeKeys,
    dealings: ownDealing ? [...t.dealings.filter((d) => (d.dealing as { dealer?: unknown }).dealer !== secret.trustee), ownDealing] : t.dealings,
  };
}

/**
 * Dealer i: signed answers (the disputed share revealed) to the complaints against it that are upheld and not yet
 * answered. `only` restricts to one complainer (the ceremony page answers one at a time, after confirmation).
 *
 * An answer reveals a share, so the complaints are judged on what the dealer itself knows, not on the transcript the
 * server hands it: against the keys it dealt to (`secret.dealtTo`) and against its own dealing (`ownDealing`, the one
 * it revealed). Otherwise a server showing the dealer complaints signed by keys of its own, or complaints honest
 * trustees made against a forged dealing it showed them, would collect k of the dealer's shares and its secret.
 */
export function trusteeAnswerComplaints(manifest: Manifest, electionHash: string, secret: TrusteeSecretFile, t: Omit<DkgTranscript, 'commitments'>, opts: { only?: number; rng?: Rng; ownDealing?: DkgDealingBody } = {}): DkgAnswerBody[] {
  if (!secret.coefficients) throw new Error('this trustee file has no polynomial: use the file written when you dealt');
  const params = dkgParams(manifest, electionHash);
  const coefficients = secret.coefficients.map((c, m) => scalarFromHex(c, { field: `coefficients[${m}]` }));
  const sk = scalarFromHex(secret.transportSecret, { field: 'transportSecret' });
  return complaintStatuses(manifest, electionHash, dealerView(secret, t, opts.ownDealing))
    .filter((c) => c.dealer === secret.trustee && c.verdict === 'upheld' && !c.answered && (opts.only === undefined || c.complainer === opts.only))
    .map((c) => ({ answer: dkgSignedAnswerToJSON(dkgAnswer(params, { dealer: secret.trustee, coefficients }, sk, c, opts.rng ?? systemRng)) }));
}

/** Trustee j: combines its shares into its secret share s_j (kept in the file; never posted). */
export function trusteeFinalize(
  manifest: Manifest,
  electionHash: string,
  secret: TrusteeSecretFile,
  dealings: readonly DkgDealingBody[],
  electionKey: ElectionKeyBody,
  answers: readonly DkgAnswerBody[] = [],
): TrusteeSecretFile {
  const params = dkgParams(manifest, electionHash);
  const parsed = parseDealings(manifest, dealings);
  const sk = scalarFromHex(secret.transportSecret, { field: 'transportSecret' });
  const shares: DkgShare[] = [];
  for (const a of parseAnswers(answers)) if (a.complainer === secret.trustee) shares.push({ dealer: a.dealer, recipient: a.complainer, share: a.share });
  for (const d of parseSignedDealings(manifest, dealings)) {
    const enc = d.encryptedShares.find((e) => e.recipient === secret.trustee && e.dealer === d.dealing.dealer);
    if (!enc) continue;
    const share = decryptShare(params, enc, sk);
    // A share revealed in an answer replaces the bad one that was complained about.
    if (dkgVerifyShare(params, d.dealing, share) && !shares.some((s) => s.dealer === share.dealer)) shares.push(share);
  }
  const key = dkgFinalize(params, parsed, electionKey.qualified, secret.trustee, shares);
  if (key.publicKey.toHex() !== electionKey.publicKey) throw new Error('the posted election key differs from the one computed from the dealings');
  const { coefficients: _dropped, ...rest } = secret;
  void _dropped;
  return { ...rest, secretShare: scalarToHex(key.secretShare) };
}

/** Trustee j at tally time: partial decryption of the encrypted tally with a Chaum–Pedersen proof (V9). */
export function trusteePartialDecrypt(electionHash: string, secret: TrusteeSecretFile, electionKey: ElectionKeyBody, tally: Ciphertext, rng: Rng = systemRng): PartialBody {
  if (!secret.secretShare) throw new Error('this trustee file has no secret share: finish the key ceremony first');
  if (secret.electionHash !== electionHash) throw new Error('this trustee file belongs to another election');
  const vk = electionKey.verificationKeys.find((v) => v.trustee === secret.trustee);
  if (!vk) throw new Error(`no verification key for trustee ${secret.trustee}`);
  const partial = partialDecrypt(
    { index: secret.trustee, secretShare: scalarFromHex(secret.secretShare, { field: 'secretShare' }), verificationKey: Point.fromHex(vk.key, { field: 'verificationKey' }) },
    tally,
    tallyContext(electionHash),
    rng,
  );
  return { partial: partialDecryptionToJSON(partial) };
}

export function verificationKeyMap(electionKey: ElectionKeyBody): Map<number, Point> {
  return new Map(electionKey.verificationKeys.filter((v) => electionKey.qualified.includes(v.trustee)).map((v) => [v.trustee, Point.fromHex(v.key, { field: 'verificationKey' })]));
}

/**
 * Anyone: the result from the encrypted tally and the posted partial decryptions. Invalid partials are named
 * (`invalid`) and skipped; the first k valid ones are combined.
 */
export function combineResult(
  manifest: Manifest,
  electionHash: string,
  electionKey: ElectionKeyBody,
  tally: Ciphertext,
  counted: number,
  partials: readonly PartialBody[],
): { result: ResultBody; invalid: number[] } {
  const parsed: PartialDecryption[] = partials.map((p, i) => partialDecryptionFromJSON(p.partial, `partials[${i}]`));
  const r = combinePartialDecryptions({
    ciphertext: tally,
    partials: parsed,
    verificationKeys: verificationKeyMap(electionKey),
    threshold: manifest.trustees.threshold,
    context: tallyContext(electionHash),
  });
  const yes = discreteLog(r.plaintextPoint, counted + 1);
  const no = counted - yes;
  const count = { yes, no, spoilt: 0, electorate: manifest.electorate };
  const decision = decide(manifest, count);
  return {
    result: { yes, no, spoilt: 0, counted, electorate: manifest.electorate, trustees: r.used, decision: { result: decision.result, required: decision.required, basis: decision.basis, quorumMet: decision.quorumMet, explanation: decision.explanation } },
    invalid: r.invalid,
  };
}
