/**
 * JSON wire forms of every public object (spec §11) and their strict parsers.
 *
 * Threat model: everything parsed here comes from an untrusted party. Parsers check the exact set of keys
 * (unknown or missing keys are rejected), exact array lengths where the shape is known, lowercase hex of the
 * exact length, canonical points (identity rejected unless the field allows it) and canonical scalars (< ℓ).
 * A parser never reduces, trims or repairs: one object has one JSON form, so hashes of records are stable.
 * Errors are CryptoError with code CRYPTO_INVALID_ENCODING / _HEX / _LENGTH / _POINT / _IDENTITY_POINT /
 * _NONCANONICAL_SCALAR and `details.field` set to the JSON path.
 */
import { CryptoError } from './errors';
import { Point, scalarFromHex, scalarToHex, type Scalar } from './group';
import type { Ciphertext } from './elgamal';
import type { SigmaProof } from './sigma';
import type { Signature } from './signature';
import type { ThresholdProof } from './threshold-proof';
import type { DkgComplaint, DkgComplaintAnswer, DkgDealing, DkgShare, EncryptedShare, PartialDecryption } from './dkg';
import type { DkgSignedAnswer, DkgSignedComplaint, DkgSignedDealing } from './dkg-accountable';

export type Hex = string;
export interface CiphertextJSON { alpha: Hex; beta: Hex }
export interface SigmaProofJSON { commitments: Hex[][]; challenges: Hex[]; responses: Hex[] }
export interface SignatureJSON { R: Hex; s: Hex }
export interface ThresholdProofJSON { outcome: 'reached' | 'not-reached'; bits: number; bitCommitments: Hex[]; bitProofs: SigmaProofJSON[] }
export interface DkgDealingJSON { dealer: number; commitments: Hex[]; proof: SigmaProofJSON }
export interface DkgShareJSON { dealer: number; recipient: number; share: Hex }
export interface EncryptedShareJSON { dealer: number; recipient: number; ephemeral: Hex; masked: Hex; proof: SigmaProofJSON }
export interface DkgComplaintJSON { dealer: number; complainer: number }
export interface DkgComplaintAnswerJSON { dealer: number; complainer: number; share: Hex }
export interface DkgSignedDealingJSON { dealing: DkgDealingJSON; encryptedShares: EncryptedShareJSON[]; signature: SignatureJSON }
export interface DkgSignedComplaintJSON { dealer: number; complainer: number; dh: Hex; proof: SigmaProofJSON; signature: SignatureJSON }
export interface DkgSignedAnswerJSON { dealer: number; complainer: number; share: Hex; signature: SignatureJSON }
export interface PartialDecryptionJSON { trustee: number; share: Hex; proof: SigmaProofJSON }

function fail(field: string, message: string): never {
  throw new CryptoError('CRYPTO_INVALID_ENCODING', `${field}: ${message}`, { field });
}

function obj(x: unknown, field: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(field, 'expected an object');
  const rec = x as Record<string, unknown>;
  const actual = Object.keys(rec);
  for (const k of actual) if (!keys.includes(k)) fail(field, `unexpected key "${k}"`);
  for (const k of keys) if (!(k in rec)) fail(field, `missing key "${k}"`);
  return rec;
}

function arr(x: unknown, field: string, length?: number): unknown[] {
  if (!Array.isArray(x)) fail(field, 'expected an array');
  if (length !== undefined && x.length !== length) fail(field, `expected ${length} elements, got ${x.length}`);
  return x;
}

function int(x: unknown, field: string, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) fail(field, `expected an integer in ${min}..${max}`);
  return x;
}

export interface PointFieldOptions {
  allowIdentity?: boolean;
}

export const pointToJSON = (p: Point): Hex => p.toHex();
export function pointFromJSON(x: unknown, field = 'point', opts: PointFieldOptions = {}): Point {
  return Point.fromHex(x, { field, allowIdentity: opts.allowIdentity ?? false });
}
export const scalarToJSON = (s: Scalar): Hex => scalarToHex(s);
export function scalarFromJSON(x: unknown, field = 'scalar'): Scalar {
  return scalarFromHex(x, { field });
}

export function ciphertextToJSON(ct: Ciphertext): CiphertextJSON {
  return { alpha: ct.alpha.toHex(), beta: ct.beta.toHex() };
}
/** α must not be the identity (it would mean r = 0: the plaintext in the clear); β may be anything. */
export function ciphertextFromJSON(x: unknown, field = 'ciphertext', opts: { allowIdentityAlpha?: boolean } = {}): Ciphertext {
  const o = obj(x, field, ['alpha', 'beta']);
  return {
    alpha: pointFromJSON(o.alpha, `${field}.alpha`, { allowIdentity: opts.allowIdentityAlpha ?? false }),
    beta: pointFromJSON(o.beta, `${field}.beta`, { allowIdentity: true }),
  };
}

export function sigmaProofToJSON(p: SigmaProof): SigmaProofJSON {
  return { commitments: p.commitments.map((row) => row.map((c) => c.toHex())), challenges: p.challenges.map(scalarToHex), responses: p.responses.map(scalarToHex) };
}

/** `shape[j]` = number of commitments in branch j (e.g. [2, 2] for a 0/1 ElGamal proof), if known. */
export function sigmaProofFromJSON(x: unknown, field = 'proof', shape?: readonly number[]): SigmaProof {
  const o = obj(x, field, ['commitments', 'challenges', 'responses']);
  const n = shape?.length;
  const rows = arr(o.commitments, `${field}.commitments`, n);
  if (rows.length < 1 || rows.length > 65) fail(`${field}.commitments`, 'expected 1..65 branches');
  const commitments = rows.map((row, j) =>
    arr(row, `${field}.commitments[${j}]`, shape?.[j]).map((c, k) => pointFromJSON(c, `${field}.commitments[${j}][${k}]`, { allowIdentity: true })),
  );
  const challenges = arr(o.challenges, `${field}.challenges`, rows.length).map((c, j) => scalarFromJSON(c, `${field}.challenges[${j}]`));
  const responses = arr(o.responses, `${field}.responses`, rows.length).map((c, j) => scalarFromJSON(c, `${field}.responses[${j}]`));
  return { commitments, challenges, responses };
}

export function signatureToJSON(s: Signature): SignatureJSON {
  return { R: s.R.toHex(), s: scalarToHex(s.s) };
}
export function signatureFromJSON(x: unknown, field = 'signature'): Signature {
  const o = obj(x, field, ['R', 's']);
  return { R: pointFromJSON(o.R, `${field}.R`), s: scalarFromJSON(o.s, `${field}.s`) };
}

export function thresholdProofToJSON(p: ThresholdProof): ThresholdProofJSON {
  return { outcome: p.outcome, bits: p.bits, bitCommitments: p.bitCommitments.map((b) => b.toHex()), bitProofs: p.bitProofs.map(sigmaProofToJSON) };
}
export function thresholdProofFromJSON(x: unknown, field = 'thresholdProof'): ThresholdProof {
  const o = obj(x, field, ['outcome', 'bits', 'bitCommitments', 'bitProofs']);
  if (o.outcome !== 'reached' && o.outcome !== 'not-reached') fail(`${field}.outcome`, 'expected "reached" or "not-reached"');
  const bits = int(o.bits, `${field}.bits`, 1, 64);
  return {
    outcome: o.outcome,
    bits,
    bitCommitments: arr(o.bitCommitments, `${field}.bitCommitments`, bits).map((b, i) => pointFromJSON(b, `${field}.bitCommitments[${i}]`, { allowIdentity: true })),
    bitProofs: arr(o.bitProofs, `${field}.bitProofs`, bits).map((p, i) => sigmaProofFromJSON(p, `${field}.bitProofs[${i}]`, [1, 1])),
  };
}

const MAX_TRUSTEES = 1000;

export function dkgDealingToJSON(d: DkgDealing): DkgDealingJSON {
  return { dealer: d.dealer, commitments: d.commitments.map((c) => c.toHex()), proof: sigmaProofToJSON(d.proof) };
}
export function dkgDealingFromJSON(x: unknown, field = 'dealing', threshold?: number): DkgDealing {
  const o = obj(x, field, ['dealer', 'commitments', 'proof']);
  return {
    dealer: int(o.dealer, `${field}.dealer`, 1, MAX_TRUSTEES),
    commitments: arr(o.commitments, `${field}.commitments`, threshold).map((c, m) => pointFromJSON(c, `${field}.commitments[${m}]`)),
    proof: sigmaProofFromJSON(o.proof, `${field}.proof`, [1]),
  };
}

export function dkgShareToJSON(s: DkgShare): DkgShareJSON {
  return { dealer: s.dealer, recipient: s.recipient, share: scalarToHex(s.share) };
}
export function dkgShareFromJSON(x: unknown, field = 'share'): DkgShare {
  const o = obj(x, field, ['dealer', 'recipient', 'share']);
  return { dealer: int(o.dealer, `${field}.dealer`, 1, MAX_TRUSTEES), recipient: int(o.recipient, `${field}.recipient`, 1, MAX_TRUSTEES), share: scalarFromJSON(o.share, `${field}.share`) };
}

export function encryptedShareToJSON(s: EncryptedShare): EncryptedShareJSON {
  return { dealer: s.dealer, recipient: s.recipient, ephemeral: s.ephemeral.toHex(), masked: scalarToHex(s.masked), proof: sigmaProofToJSON(s.proof) };
}
export function encryptedShareFromJSON(x: unknown, field = 'encryptedShare'): EncryptedShare {
  const o = obj(x, field, ['dealer', 'recipient', 'ephemeral', 'masked', 'proof']);
  return {
    dealer: int(o.dealer, `${field}.dealer`, 1, MAX_TRUSTEES),
    recipient: int(o.recipient, `${field}.recipient`, 1, MAX_TRUSTEES),
    ephemeral: pointFromJSON(o.ephemeral, `${field}.ephemeral`),
    masked: scalarFromJSON(o.masked, `${field}.masked`),
    proof: sigmaProofFromJSON(o.proof, `${field}.proof`, [1]),
  };
}

export const dkgComplaintToJSON = (c: DkgComplaint): DkgComplaintJSON => ({ dealer: c.dealer, complainer: c.complainer });
export function dkgComplaintFromJSON(x: unknown, field = 'complaint'): DkgComplaint {
  const o = obj(x, field, ['dealer', 'complainer']);
  return { dealer: int(o.dealer, `${field}.dealer`, 1, MAX_TRUSTEES), complainer: int(o.complainer, `${field}.complainer`, 1, MAX_TRUSTEES) };
}

export const dkgComplaintAnswerToJSON = (a: DkgComplaintAnswer): DkgComplaintAnswerJSON => ({ dealer: a.dealer, complainer: a.complainer, share: scalarToHex(a.share) });
export function dkgComplaintAnswerFromJSON(x: unknown, field = 'complaintAnswer'): DkgComplaintAnswer {
  const o = obj(x, field, ['dealer', 'complainer', 'share']);
  return { dealer: int(o.dealer, `${field}.dealer`, 1, MAX_TRUSTEES), complainer: int(o.complainer, `${field}.complainer`, 1, MAX_TRUSTEES), share: scalarFromJSON(o.share, `${field}.share`) };
}

export function dkgSignedDealingToJSON(d: DkgSignedDealing): DkgSignedDealingJSON {
  return { dealing: dkgDealingToJSON(d.dealing), encryptedShares: d.encryptedShares.map(encryptedShareToJSON), signature: signatureToJSON(d.signature) };
}
export function dkgSignedDealingFromJSON(x: unknown, field = 'dealing', threshold?: number): DkgSignedDealing {
  const o = obj(x, field, ['dealing', 'encryptedShares', 'signature']);
  return {
    dealing: dkgDealingFromJSON(o.dealing, `${field}.dealing`, threshold),
    encryptedShares: arr(o.encryptedShares, `${field}.encryptedShares`).map((e, j) => encryptedShareFromJSON(e, `${field}.encryptedShares[${j}]`)),
    signature: signatureFromJSON(o.signature, `${field}.signature`),
  };
}

export function dkgSignedComplaintToJSON(c: DkgSignedComplaint): DkgSignedComplaintJSON {
  return { dealer: c.dealer, complainer: c.complainer, dh: c.dh.toHex(), proof: sigmaProofToJSON(c.proof), signature: signatureToJSON(c.signature) };
}
export function dkgSignedComplaintFromJSON(x: unknown, field = 'complaint'): DkgSignedComplaint {
  const o = obj(x, field, ['dealer', 'complainer', 'dh', 'proof', 'signature']);
  return {
    dealer: int(o.dealer, `${field}.dealer`, 1, MAX_TRUSTEES),
    complainer: int(o.complainer, `${field}.complainer`, 1, MAX_TRUSTEES),
    dh: pointFromJSON(o.dh, `${field}.dh`),
    proof: sigmaProofFromJSON(o.proof, `${field}.proof`, [2]),
    signature: signatureFromJSON(o.signature, `${field}.signature`),
  };
}

export function dkgSignedAnswerToJSON(a: DkgSignedAnswer): DkgSignedAnswerJSON {
  return { dealer: a.dealer, complainer: a.complainer, share: scalarToHex(a.share), signature: signatureToJSON(a.signature) };
}
export function dkgSignedAnswerFromJSON(x: unknown, field = 'answer'): DkgSignedAnswer {
  const o = obj(x, field, ['dealer', 'complainer', 'share', 'signature']);
  return {
    dealer: int(o.dealer, `${field}.dealer`, 1, MAX_TRUSTEES),
    complainer: int(o.complainer, `${field}.complainer`, 1, MAX_TRUSTEES),
    share: scalarFromJSON(o.share, `${field}.share`),
    signature: signatureFromJSON(o.signature, `${field}.signature`),
  };
}

export function partialDecryptionToJSON(p: PartialDecryption): PartialDecryptionJSON {
  return { trustee: p.trustee, share: p.share.toHex(), proof: sigmaProofToJSON(p.proof) };
}
export function partialDecryptionFromJSON(x: unknown, field = 'partialDecryption'): PartialDecryption {
  const o = obj(x, field, ['trustee', 'share', 'proof']);
  return { trustee: int(o.trustee, `${field}.trustee`, 1, MAX_TRUSTEES), share: pointFromJSON(o.share, `${field}.share`), proof: sigmaProofFromJSON(o.proof, `${field}.proof`, [2]) };
}
