/**
 * Threshold keys: Pedersen's distributed key generation with Feldman commitments, k-of-n (spec §9), and
 * threshold decryption with Chaum–Pedersen proofs and Lagrange combination (spec §10).
 *
 * Every step is a pure function on serialisable data, so each trustee can run its own step on its own device
 * (web app or CLI) and only public messages travel through the server:
 *
 *   1. dkgDeal           trustee i picks f_i(x) = a_i0 + … + a_i,k−1 x^{k−1}; publishes the dealing
 *                        (Feldman commitments A_ij = a_ij·G + Schnorr proof of knowledge of a_i0 bound to i
 *                        and the context) and sends share f_i(j) privately to each trustee j
 *                        (encryptShare/decryptShare give a public-channel encryption to j's key).
 *   2. dkgVerifyShare    trustee j checks f_i(j)·G = Σ_m j^m·A_im; on failure publishes a complaint.
 *   3. dkgAnswerComplaint  the accused dealer publishes the disputed share in clear.
 *   4. dkgQualify        anyone computes the qualified set: a dealer is disqualified if its dealing is malformed,
 *                        its proof of knowledge fails, or a complaint against it is unanswered or answered with
 *                        a share that fails the check. The result names each disqualified dealer and why.
 *   5. dkgFinalize       trustee j: s_j = Σ_{i∈Q} f_i(j), verification key VK_j = s_j·G, public key
 *                        Y = Σ_{i∈Q} A_i0. Anyone can compute Y and every VK_j from the dealings alone.
 *
 * Threat model: up to k−1 trustees are malicious and collude; they must not learn the election secret
 * x = Σ_{i∈Q} a_i0 nor be able to decrypt, and cannot prevent decryption while k honest trustees remain.
 * A missing trustee does not block decryption. A cheating dealer is detected and named; a cheating
 * decryptor is detected by its Chaum–Pedersen proof and named. Rushing/bias: as Gennaro et al. showed, a
 * rushing adversary can bias the distribution of Y in Pedersen's DKG by choosing whom to get disqualified;
 * the ADR 0103 explains why this is acceptable for ElGamal encryption (Gennaro et al. 2007) and why we add a
 * commit-then-reveal round (dkgDealingDigest) to remove the cheapest form of it.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, u32be } from './bytes';
import { CryptoError } from './errors';
import { IDENTITY, Point, assertScalar, mulBase, randomScalar, scalarAdd, scalarInv, scalarMul, scalarSub, type Scalar } from './group';
import { discreteLog, DEFAULT_DLOG_BOUND } from './dlog';
import type { Ciphertext } from './elgamal';
import { proveEqualLogs, proveKnowledge, verifyEqualLogs, verifyKnowledge } from './proofs';
import { systemRng, type Rng } from './random';
import type { SigmaProof } from './sigma';
import { challenge, type Context } from './transcript';

export interface DkgParams {
  /** k: shares needed to decrypt (1 ≤ k ≤ n). */
  threshold: number;
  /** n: number of trustees, indexed 1..n. */
  trustees: number;
  /** Binds every DKG message to its procedure, e.g. [procedureId]. */
  context: Context;
}

export interface DealerSecret {
  dealer: number;
  /** a_0..a_{k−1}; a_0 is the dealer's contribution to the joint secret. Never leaves the trustee's device. */
  coefficients: Scalar[];
}

export interface DkgDealing {
  dealer: number;
  /** Feldman commitments A_m = a_m·G, m = 0..k−1. */
  commitments: Point[];
  /** Schnorr proof of knowledge of a_0 (context: params.context + ['dkg-dealer', dealer]). */
  proof: SigmaProof;
}

export interface DkgShare {
  dealer: number;
  recipient: number;
  share: Scalar;
}

export interface EncryptedShare {
  dealer: number;
  recipient: number;
  ephemeral: Point;
  masked: Scalar;
  /**
   * Schnorr proof of knowledge of r, E = r·G (context: params.context + ['dkg-share-ephemeral', dealer, recipient]).
   * It makes a complaint's evidence (the recipient reveals sk·E, spec §9.1) safe: the dealer already knows
   * sk·E = r·PK, and cannot pick E = E' + d·G from another dealer's share to turn the recipient into a decryption
   * oracle for a share it was not sent.
   */
  proof: SigmaProof;
}

export interface DkgComplaint {
  dealer: number;
  complainer: number;
}

export interface DkgComplaintAnswer {
  dealer: number;
  complainer: number;
  /** The disputed share f_dealer(complainer), now public. */
  share: Scalar;
}

export type DisqualificationReason =
  | 'missing-dealing'
  | 'malformed-dealing'
  | 'invalid-proof'
  | 'unanswered-complaint'
  | 'invalid-answer'
  /** A signed encrypted share without a valid proof of knowledge of its ephemeral (./dkg-accountable.ts). */
  | 'invalid-share-encryption';

export interface DkgQualification {
  qualified: number[];
  disqualified: { dealer: number; reason: DisqualificationReason }[];
}

export interface TrusteeKey {
  index: number;
  secretShare: Scalar;
  verificationKey: Point;
  publicKey: Point;
}

export function assertDkgParams(params: DkgParams): void {
  const { threshold: k, trustees: n } = params;
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `dkg: trustees n=${n} must be an integer in 1..1000`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `dkg: threshold k=${k} must be an integer in 1..n=${n}`);
}

function assertIndex(params: DkgParams, i: number, what: string): void {
  if (!Number.isInteger(i) || i < 1 || i > params.trustees) {
    throw new CryptoError('CRYPTO_INVALID_PARAMETER', `dkg: ${what} index ${i} must be in 1..${params.trustees}`);
  }
}

function dealerContext(params: DkgParams, dealer: number): Context {
  return [...params.context, 'dkg-dealer', dealer];
}

/** f(x) mod ℓ by Horner's rule. */
export function evaluatePolynomial(coefficients: readonly Scalar[], x: number | bigint): Scalar {
  const xs = BigInt(x);
  let acc = 0n;
  for (let m = coefficients.length - 1; m >= 0; m--) acc = scalarAdd(scalarMul(acc, xs), coefficients[m]!);
  return acc;
}

/** Σ_m x^m·A_m (Horner on points; x is a small public index, variable time is fine). */
export function evaluateCommitments(commitments: readonly Point[], x: number): Point {
  let acc: Point = IDENTITY;
  const xs = BigInt(x);
  for (let m = commitments.length - 1; m >= 0; m--) acc = (acc.isIdentity() ? acc : acc.mul(xs)).add(commitments[m]!);
  return acc;
}

/** Step 1: trustee `dealer` creates its polynomial, its public dealing and the private shares for all n trustees. */
export function dkgDeal(params: DkgParams, dealer: number, rng: Rng = systemRng): { secret: DealerSecret; dealing: DkgDealing; shares: DkgShare[] } {
  assertDkgParams(params);
  assertIndex(params, dealer, 'dealer');
  const coefficients = Array.from({ length: params.threshold }, () => randomScalar(rng));
  const commitments = coefficients.map((a) => mulBase(a));
  const proof = proveKnowledge(coefficients[0]!, commitments[0]!, dealerContext(params, dealer), rng);
  const shares: DkgShare[] = [];
  for (let j = 1; j <= params.trustees; j++) shares.push({ dealer, recipient: j, share: evaluatePolynomial(coefficients, j) });
  return { secret: { dealer, coefficients }, dealing: { dealer, commitments, proof }, shares };
}

/**
 * Commit-then-reveal digest of a dealing: SHA-512(u32be(dealer) || A_0 || … || A_{k−1}) as hex. Publish it
 * before any dealing is revealed; dkgQualify rejects a revealed dealing that does not match its digest.
 */
export function dkgDealingDigest(dealing: DkgDealing): string {
  return bytesToHex(sha512(concatBytes(u32be(dealing.dealer), ...dealing.commitments.map((c) => c.encoded))));
}

/** Structure + proof of knowledge check of a public dealing. */
export function dkgVerifyDealing(params: DkgParams, dealing: DkgDealing): DisqualificationReason | null {
  if (dealing.commitments.length !== params.threshold) return 'malformed-dealing';
  if (dealing.commitments.some((c) => c.isIdentity())) return 'malformed-dealing';
  if (!verifyKnowledge(dealing.commitments[0]!, dealing.proof, dealerContext(params, dealing.dealer))) return 'invalid-proof';
  return null;
}

/** Step 2: recipient checks its share against the dealer's Feldman commitments. */
export function dkgVerifyShare(params: DkgParams, dealing: DkgDealing, share: DkgShare): boolean {
  if (share.dealer !== dealing.dealer || dealing.commitments.length !== params.threshold) return false;
  if (!Number.isInteger(share.recipient) || share.recipient < 1 || share.recipient > params.trustees) return false;
  return mulBase(assertScalar(share.share, 'share')).equals(evaluateCommitments(dealing.commitments, share.recipient));
}

/** Step 3: the accused dealer reveals the disputed share. */
export function dkgAnswerComplaint(secret: DealerSecret, complaint: DkgComplaint): DkgComplaintAnswer {
  if (complaint.dealer !== secret.dealer) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `complaint is against dealer ${complaint.dealer}, not ${secret.dealer}`);
  return { dealer: secret.dealer, complainer: complaint.complainer, share: evaluatePolynomial(secret.coefficients, complaint.complainer) };
}

/**
 * Step 4: the qualified set, computable by anyone from the public record. `digests` (optional) are the
 * commit-then-reveal digests published before the dealings.
 */
export function dkgQualify(
  params: DkgParams,
  dealings: readonly DkgDealing[],
  complaints: readonly DkgComplaint[] = [],
  answers: readonly DkgComplaintAnswer[] = [],
  digests?: ReadonlyMap<number, string>,
): DkgQualification {
  assertDkgParams(params);
  const qualified: number[] = [];
  const disqualified: DkgQualification['disqualified'] = [];
  for (let i = 1; i <= params.trustees; i++) {
    const found = dealings.filter((d) => d.dealer === i);
    if (found.length === 0) {
      disqualified.push({ dealer: i, reason: 'missing-dealing' });
      continue;
    }
    const dealing = found[0]!;
    if (found.length > 1 || (digests && digests.get(i) !== dkgDealingDigest(dealing))) {
      disqualified.push({ dealer: i, reason: 'malformed-dealing' });
      continue;
    }
    const bad = dkgVerifyDealing(params, dealing);
    if (bad) {
      disqualified.push({ dealer: i, reason: bad });
      continue;
    }
    let reason: DisqualificationReason | null = null;
    for (const c of complaints) {
      if (c.dealer !== i) continue;
      const answer = answers.find((a) => a.dealer === i && a.complainer === c.complainer);
      if (!answer) {
        reason = 'unanswered-complaint';
        break;
      }
      if (!dkgVerifyShare(params, dealing, { dealer: i, recipient: c.complainer, share: answer.share })) {
        reason = 'invalid-answer';
        break;
      }
    }
    if (reason) disqualified.push({ dealer: i, reason });
    else qualified.push(i);
  }
  return { qualified, disqualified };
}

function qualifiedDealings(params: DkgParams, dealings: readonly DkgDealing[], qualified: readonly number[]): DkgDealing[] {
  if (qualified.length < params.threshold) {
    throw new CryptoError('CRYPTO_NOT_ENOUGH_SHARES', `dkg: only ${qualified.length} qualified dealers, need at least k=${params.threshold}`);
  }
  return qualified.map((i) => {
    const d = dealings.find((x) => x.dealer === i);
    if (!d) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `dkg: no dealing for qualified dealer ${i}`, { trustee: i });
    return d;
  });
}

/** The joint public key Y = Σ_{i∈Q} A_i0. */
export function dkgPublicKey(params: DkgParams, dealings: readonly DkgDealing[], qualified: readonly number[]): Point {
  let y: Point = IDENTITY;
  for (const d of qualifiedDealings(params, dealings, qualified)) y = y.add(d.commitments[0]!);
  if (y.isIdentity()) throw new CryptoError('CRYPTO_IDENTITY_POINT', 'dkg: joint public key is the identity');
  return y;
}

/** Trustee j's verification key VK_j = Σ_{i∈Q} Σ_m j^m·A_im (= s_j·G), computable by anyone. */
export function dkgVerificationKey(params: DkgParams, dealings: readonly DkgDealing[], qualified: readonly number[], trustee: number): Point {
  assertIndex(params, trustee, 'trustee');
  let vk: Point = IDENTITY;
  for (const d of qualifiedDealings(params, dealings, qualified)) vk = vk.add(evaluateCommitments(d.commitments, trustee));
  return vk;
}

/**
 * Step 5: trustee `recipient` combines the shares it received from the qualified dealers (shares revealed in
 * complaint answers included). Throws CRYPTO_SHARE_INVALID naming the dealer whose share fails.
 */
export function dkgFinalize(params: DkgParams, dealings: readonly DkgDealing[], qualified: readonly number[], recipient: number, shares: readonly DkgShare[]): TrusteeKey {
  assertIndex(params, recipient, 'recipient');
  let s = 0n;
  for (const d of qualifiedDealings(params, dealings, qualified)) {
    const share = shares.find((x) => x.dealer === d.dealer && x.recipient === recipient);
    if (!share) throw new CryptoError('CRYPTO_SHARE_INVALID', `dkg: no share from dealer ${d.dealer} for trustee ${recipient}`, { trustee: d.dealer });
    if (!dkgVerifyShare(params, d, share)) {
      throw new CryptoError('CRYPTO_SHARE_INVALID', `dkg: share from dealer ${d.dealer} to trustee ${recipient} does not match the dealer's commitments`, { trustee: d.dealer });
    }
    s = scalarAdd(s, share.share);
  }
  return { index: recipient, secretShare: s, verificationKey: mulBase(s), publicKey: dkgPublicKey(params, dealings, qualified) };
}

// ---- share transport encryption ---------------------------------------------------------------------------

/** The one-time pad of a share: H(ctx, i, j, PK_j, E, DH) with DH = r·PK_j = sk_j·E. */
export function dkgSharePad(params: DkgParams, dealer: number, recipient: number, recipientKey: Point, ephemeral: Point, dh: Point): Scalar {
  return challenge('dkg-share-pad', params.context, [dealer, recipient, recipientKey, ephemeral], [dh]);
}

export function shareEphemeralContext(params: DkgParams, dealer: number, recipient: number): Context {
  return [...params.context, 'dkg-share-ephemeral', dealer, recipient];
}

/** The dealer's proof that it knows log_G of the ephemeral of its encrypted share (V7). */
export function verifyShareEphemeral(params: DkgParams, enc: EncryptedShare): boolean {
  return verifyKnowledge(enc.ephemeral, enc.proof, shareEphemeralContext(params, enc.dealer, enc.recipient));
}

/**
 * Encrypts a share to the recipient's (long-term, registered) public key: E = r·G, pad = H(ctx, i, j, PK_j, E, r·PK_j),
 * masked = share + pad, with a proof of knowledge of r. No integrity tag is needed: the recipient checks the share
 * against the Feldman commitments and, if it fails, publishes a complaint whose evidence (sk_j·E with a
 * Chaum–Pedersen proof, ./dkg-accountable.ts) lets anyone unmask the share and see that it fails; the dealer's
 * signature on the dealing (ibid.) says who sent it.
 */
export function encryptShare(params: DkgParams, share: DkgShare, recipientKey: Point, rng: Rng = systemRng): EncryptedShare {
  const r = randomScalar(rng);
  const ephemeral = mulBase(r);
  const pad = dkgSharePad(params, share.dealer, share.recipient, recipientKey, ephemeral, recipientKey.mulSecret(r));
  const proof = proveKnowledge(r, ephemeral, shareEphemeralContext(params, share.dealer, share.recipient), rng);
  return { dealer: share.dealer, recipient: share.recipient, ephemeral, masked: scalarAdd(share.share, pad), proof };
}

export function decryptShare(params: DkgParams, enc: EncryptedShare, recipientSecretKey: Scalar): DkgShare {
  const recipientKey = mulBase(recipientSecretKey);
  const pad = dkgSharePad(params, enc.dealer, enc.recipient, recipientKey, enc.ephemeral, enc.ephemeral.mulSecret(recipientSecretKey));
  return { dealer: enc.dealer, recipient: enc.recipient, share: scalarSub(enc.masked, pad) };
}

// ---- threshold decryption ---------------------------------------------------------------------------------

export interface PartialDecryption {
  trustee: number;
  /** D_j = s_j·α */
  share: Point;
  /** Chaum–Pedersen: log_G VK_j = log_α D_j (context: caller context + ['partial-decryption', j]). */
  proof: SigmaProof;
}

function partialContext(context: Context, trustee: number): Context {
  return [...context, 'partial-decryption', trustee];
}

/** Trustee j's partial decryption of one ciphertext, with its proof. The share goes through the constant-time path. */
export function partialDecrypt(key: Pick<TrusteeKey, 'index' | 'secretShare' | 'verificationKey'>, ciphertext: Ciphertext, context: Context, rng: Rng = systemRng): PartialDecryption {
  const share = ciphertext.alpha.mulSecret(key.secretShare);
  const proof = proveEqualLogs(key.secretShare, key.verificationKey, ciphertext.alpha, share, partialContext(context, key.index), rng);
  return { trustee: key.index, share, proof };
}

export function verifyPartialDecryption(verificationKey: Point, ciphertext: Ciphertext, partial: PartialDecryption, context: Context): boolean {
  return verifyEqualLogs(verificationKey, ciphertext.alpha, partial.share, partial.proof, partialContext(context, partial.trustee));
}

/** Lagrange coefficients λ_j = Π_{m≠j} m / (m − j) mod ℓ for interpolation at 0. */
export function lagrangeCoefficients(indices: readonly number[]): Scalar[] {
  const set = new Set(indices);
  if (set.size !== indices.length) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'lagrange: duplicate trustee index');
  return indices.map((j) => {
    let num = 1n;
    let den = 1n;
    for (const m of indices) {
      if (m === j) continue;
      num = scalarMul(num, BigInt(m));
      den = scalarMul(den, scalarSub(BigInt(m), BigInt(j)));
    }
    return scalarMul(num, scalarInv(den));
  });
}

export interface CombineInput {
  ciphertext: Ciphertext;
  partials: readonly PartialDecryption[];
  /** Verification keys by trustee index. */
  verificationKeys: ReadonlyMap<number, Point>;
  threshold: number;
  context: Context;
}

export interface CombineResult {
  /** m·G */
  plaintextPoint: Point;
  /** Trustees whose partials were used (the first k valid ones). */
  used: number[];
  /** Trustees whose partial decryptions failed verification (or had no verification key). */
  invalid: number[];
}

/**
 * Verifies the partial decryptions, drops and names invalid ones, and interpolates m·G = β − Σ λ_j·D_j from
 * the first k valid ones. Throws CRYPTO_NOT_ENOUGH_SHARES (details lists invalid trustees in the message) if
 * fewer than k are valid.
 */
export function combinePartialDecryptions(input: CombineInput): CombineResult {
  const { ciphertext, partials, verificationKeys, threshold, context } = input;
  const valid: PartialDecryption[] = [];
  const invalid: number[] = [];
  const seen = new Set<number>();
  for (const p of partials) {
    if (seen.has(p.trustee)) continue;
    seen.add(p.trustee);
    const vk = verificationKeys.get(p.trustee);
    if (vk && verifyPartialDecryption(vk, ciphertext, p, context)) valid.push(p);
    else invalid.push(p.trustee);
  }
  if (valid.length < threshold) {
    throw new CryptoError(
      'CRYPTO_NOT_ENOUGH_SHARES',
      `threshold decryption: ${valid.length} valid partial decryptions, need ${threshold}` + (invalid.length ? `; invalid from trustee(s) ${invalid.join(', ')}` : ''),
      invalid.length ? { trustee: invalid[0]! } : {},
    );
  }
  const use = valid.slice(0, threshold);
  const lambdas = lagrangeCoefficients(use.map((p) => p.trustee));
  let combined: Point = IDENTITY;
  use.forEach((p, i) => {
    combined = combined.add(p.share.mul(lambdas[i]!));
  });
  return { plaintextPoint: ciphertext.beta.sub(combined), used: use.map((p) => p.trustee), invalid };
}

/** combinePartialDecryptions + baby-step giant-step: the small plaintext m. */
export function thresholdDecrypt(input: CombineInput, bound: number = DEFAULT_DLOG_BOUND): { value: number; used: number[]; invalid: number[] } {
  const r = combinePartialDecryptions(input);
  return { value: discreteLog(r.plaintextPoint, bound), used: r.used, invalid: r.invalid };
}

