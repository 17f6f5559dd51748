/**
 * Trustee steps of the key ceremony and of the tally (docs/ballot-spec.md §3, §6): thin compositions of the
 * crypto core's Pedersen DKG (src/crypto/dkg.ts) with the board's record formats. Each function is one step a
 * trustee runs on their own device; its inputs are public board records plus the trustee's own secret file,
 * its output is a public record body (posted to the board) and possibly an updated secret file.
 *
 * Threat model: up to k−1 trustees collude and the server is malicious. The server only ever relays public
 * messages: transport keys, dealing digests, dealings (Feldman commitments + shares encrypted to each
 * recipient's transport key), complaints, partial decryptions with Chaum–Pedersen proofs. A trustee's secret
 * share exists only in the file the trustee keeps. A dealer who sends a bad share is named by dkgQualify; a
 * trustee whose partial decryption is wrong is named by its failing proof and simply not used.
 */
import {
  Point,
  combinePartialDecryptions,
  decryptShare,
  discreteLog,
  dkgDeal,
  dkgDealingDigest,
  dkgDealingFromJSON,
  dkgDealingToJSON,
  dkgFinalize,
  dkgPublicKey,
  dkgQualify,
  dkgVerificationKey,
  dkgVerifyShare,
  encryptShare,
  encryptedShareFromJSON,
  encryptedShareToJSON,
  generateKeyPair,
  partialDecrypt,
  partialDecryptionFromJSON,
  partialDecryptionToJSON,
  proveKnowledge,
  scalarFromHex,
  scalarToHex,
  sigmaProofToJSON,
  systemRng,
  dkgComplaintFromJSON,
  dkgComplaintAnswerFromJSON,
  type Ciphertext,
  type Context,
  type DkgComplaint,
  type DkgComplaintAnswer,
  type DkgDealing,
  type DkgParams,
  type DkgShare,
  type PartialDecryption,
  type Rng,
} from '../crypto';
import type { Manifest } from './manifest';
import { decide } from './manifest';
import type { DkgCommitmentBody, DkgDealingBody, ElectionKeyBody, PartialBody, ResultBody, TrusteeKeyBody } from './records';

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
    return encryptedShareToJSON(encryptShare(params, s, Point.fromHex(key.publicKey, { field: 'publicKey' }), rng));
  });
  return {
    secret: { ...secret, coefficients: dealer.coefficients.map(scalarToHex) },
    commitment: { dealer: secret.trustee, digest: dkgDealingDigest(dealing) },
    dealing: { dealing: dkgDealingToJSON(dealing), encryptedShares },
  };
}

export interface DkgTranscript {
  commitments: readonly DkgCommitmentBody[];
  dealings: readonly DkgDealingBody[];
  complaints?: readonly DkgComplaint[];
  answers?: readonly DkgComplaintAnswer[];
}

export function parseDealings(manifest: Manifest, dealings: readonly DkgDealingBody[]): DkgDealing[] {
  return dealings.map((d, i) => dkgDealingFromJSON(d.dealing, `dealings[${i}]`, manifest.trustees.threshold));
}

/** Anyone: the qualified set, the joint key and every verification key, from the public transcript. */
export function computeElectionKey(manifest: Manifest, electionHash: string, t: DkgTranscript): ElectionKeyBody {
  const params = dkgParams(manifest, electionHash);
  const dealings = parseDealings(manifest, t.dealings);
  const digests = new Map(t.commitments.map((c) => [c.dealer, c.digest]));
  const q = dkgQualify(params, dealings, t.complaints ?? [], t.answers ?? [], digests);
  const publicKey = dkgPublicKey(params, dealings, q.qualified);
  const verificationKeys = Array.from({ length: params.trustees }, (_, i) => ({ trustee: i + 1, key: dkgVerificationKey(params, dealings, q.qualified, i + 1).toHex() }));
  return { qualified: q.qualified, disqualified: q.disqualified, publicKey: publicKey.toHex(), verificationKeys };
}

/** Trustee j: opens the shares sent to it; returns complaints against dealers whose share fails. */
export function trusteeCheckShares(manifest: Manifest, electionHash: string, secret: TrusteeSecretFile, dealings: readonly DkgDealingBody[]): { shares: DkgShare[]; complaints: DkgComplaint[] } {
  const params = dkgParams(manifest, electionHash);
  const sk = scalarFromHex(secret.transportSecret, { field: 'transportSecret' });
  const shares: DkgShare[] = [];
  const complaints: DkgComplaint[] = [];
  for (const d of dealings) {
    const dealing = dkgDealingFromJSON(d.dealing, 'dealing', params.threshold);
    const enc = d.encryptedShares.map((e) => encryptedShareFromJSON(e)).find((e) => e.recipient === secret.trustee && e.dealer === dealing.dealer);
    const share = enc ? decryptShare(params, enc, sk) : null;
    if (share && dkgVerifyShare(params, dealing, share)) shares.push(share);
    else complaints.push({ dealer: dealing.dealer, complainer: secret.trustee });
  }
  return { shares, complaints };
}

/** Trustee j: combines its shares into its secret share s_j (kept in the file; never posted). */
export function trusteeFinalize(
  manifest: Manifest,
  electionHash: string,
  secret: TrusteeSecretFile,
  dealings: readonly DkgDealingBody[],
  electionKey: ElectionKeyBody,
  answers: readonly DkgComplaintAnswer[] = [],
): TrusteeSecretFile {
  const params = dkgParams(manifest, electionHash);
  const parsed = parseDealings(manifest, dealings);
  const { shares } = trusteeCheckShares(manifest, electionHash, secret, dealings);
  for (const a of answers) if (a.complainer === secret.trustee) shares.push({ dealer: a.dealer, recipient: a.complainer, share: a.share });
  const key = dkgFinalize(params, parsed, electionKey.qualified, secret.trustee, shares);
  if (key.publicKey.toHex() !== electionKey.publicKey) throw new Error('the posted election key differs from the one computed from the dealings');
  const { coefficients: _dropped, ...rest } = secret;
  void _dropped;
  return { ...rest, secretShare: scalarToHex(key.secretShare) };
}

export function parseComplaints(bodies: readonly { complaint: unknown }[]): DkgComplaint[] {
  return bodies.map((b, i) => dkgComplaintFromJSON(b.complaint, `complaints[${i}]`));
}
export function parseAnswers(bodies: readonly { answer: unknown }[]): DkgComplaintAnswer[] {
  return bodies.map((b, i) => dkgComplaintAnswerFromJSON(b.answer, `answers[${i}]`));
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
