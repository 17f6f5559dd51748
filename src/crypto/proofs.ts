/**
 * The zero-knowledge proofs of the library (spec §7), all instances of ./sigma.
 *
 * Every proof is bound to a caller-supplied `context` (spec §3.2): for ballots, [procedureId, election public
 * key, voter credential public key], so a proof cannot be replayed into another election, under another key,
 * or by another voter (Belenios' "weak Fiat–Shamir" lesson). The statement hashed by each proof is listed in
 * the spec next to its label.
 *
 * Labels (the "confidence/v1/" prefix is added by the transcript):
 *   schnorr-pok, chaum-pedersen, elgamal-range (0/1 is L = 1), commitment-range, commitment-bit, threshold
 */
import { CryptoError } from './errors';
import { G, H, Point, type Scalar } from './group';
import type { Ciphertext } from './elgamal';
import { systemRng, type Rng } from './random';
import { proveSigma, verifySigma, type Branch, type SigmaProof } from './sigma';
import type { Context } from './transcript';

export type { SigmaProof } from './sigma';

const MAX_DISJUNCTIVE_RANGE = 64;

function checkRange(max: number, who: string): void {
  if (!Number.isSafeInteger(max) || max < 1 || max > MAX_DISJUNCTIVE_RANGE) {
    throw new CryptoError('CRYPTO_INVALID_PARAMETER', `${who}: range bound L=${max} must be an integer in 1..${MAX_DISJUNCTIVE_RANGE}`);
  }
}

function checkValue(value: number, max: number, who: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new CryptoError('CRYPTO_INVALID_PARAMETER', `${who}: value ${value} is not in 0..${max}`);
  }
}

// ---- Schnorr proof of knowledge of x with X = x·G (trustee keys, credentials) ---------------------------

export function proveKnowledge(secret: Scalar, publicKey: Point, context: Context, rng: Rng = systemRng): SigmaProof {
  return proveSigma('schnorr-pok', context, [publicKey], [[[G, publicKey]]], 0, secret, rng);
}

export function verifyKnowledge(publicKey: Point, proof: SigmaProof, context: Context): boolean {
  if (publicKey.isIdentity()) return false;
  return verifySigma('schnorr-pok', context, [publicKey], [[[G, publicKey]]], proof);
}

// ---- Chaum–Pedersen: log_G X = log_A D (partial decryption: X = verification key, A = α, D = share) ------

export function proveEqualLogs(secret: Scalar, X: Point, A: Point, D: Point, context: Context, rng: Rng = systemRng): SigmaProof {
  return proveSigma('chaum-pedersen', context, [X, A, D], [[[G, X], [A, D]]], 0, secret, rng);
}

export function verifyEqualLogs(X: Point, A: Point, D: Point, proof: SigmaProof, context: Context): boolean {
  if (X.isIdentity() || A.isIdentity()) return false;
  return verifySigma('chaum-pedersen', context, [X, A, D], [[[G, X], [A, D]]], proof);
}

// ---- ElGamal ciphertext holds a value in 0..L (disjunctive); 0/1 is L = 1 -------------------------------

function elgamalRangeBranches(publicKey: Point, ct: Ciphertext, max: number): Branch[] {
  const branches: Branch[] = [];
  let target = ct.beta;
  for (let m = 0; m <= max; m++) {
    branches.push([[G, ct.alpha], [publicKey, target]]);
    target = target.sub(G);
  }
  return branches;
}

function elgamalStatement(publicKey: Point, ct: Ciphertext, max: number) {
  return [max, publicKey, ct.alpha, ct.beta] as const;
}

export interface ElGamalRangeInput {
  publicKey: Point;
  ciphertext: Ciphertext;
  value: number;
  randomness: Scalar;
  context: Context;
  rng?: Rng;
}

/** Proves that `ciphertext` = Enc(value; randomness) with value in 0..max (max ≤ 64; one branch per value). */
export function proveRange(input: ElGamalRangeInput, max: number): SigmaProof {
  checkRange(max, 'proveRange');
  checkValue(input.value, max, 'proveRange');
  const { publicKey, ciphertext, value, randomness, context } = input;
  return proveSigma('elgamal-range', context, elgamalStatement(publicKey, ciphertext, max), elgamalRangeBranches(publicKey, ciphertext, max), value, randomness, input.rng ?? systemRng);
}

export function verifyRange(publicKey: Point, ciphertext: Ciphertext, max: number, proof: SigmaProof, context: Context): boolean {
  checkRange(max, 'verifyRange');
  if (publicKey.isIdentity() || ciphertext.alpha.isIdentity()) return false;
  return verifySigma('elgamal-range', context, elgamalStatement(publicKey, ciphertext, max), elgamalRangeBranches(publicKey, ciphertext, max), proof);
}

/** 0/1 proof for a ciphertext (spec V3): proveRange with L = 1. */
export function proveZeroOne(input: ElGamalRangeInput): SigmaProof {
  return proveRange(input, 1);
}

export function verifyZeroOne(publicKey: Point, ciphertext: Ciphertext, proof: SigmaProof, context: Context): boolean {
  return verifyRange(publicKey, ciphertext, 1, proof, context);
}

// ---- Pedersen commitment holds a value in 0..L (disjunctive); 0/1 is L = 1 ------------------------------

function commitmentRangeBranches(C: Point, max: number): Branch[] {
  const branches: Branch[] = [];
  let target = C;
  for (let m = 0; m <= max; m++) {
    branches.push([[H, target]]);
    target = target.sub(G);
  }
  return branches;
}

export interface CommitmentRangeInput {
  commitment: Point;
  value: number;
  randomness: Scalar;
  context: Context;
  rng?: Rng;
}

export function proveCommitmentRange(input: CommitmentRangeInput, max: number): SigmaProof {
  checkRange(max, 'proveCommitmentRange');
  checkValue(input.value, max, 'proveCommitmentRange');
  return proveSigma('commitment-range', input.context, [max, input.commitment], commitmentRangeBranches(input.commitment, max), input.value, input.randomness, input.rng ?? systemRng);
}

export function verifyCommitmentRange(commitment: Point, max: number, proof: SigmaProof, context: Context): boolean {
  checkRange(max, 'verifyCommitmentRange');
  return verifySigma('commitment-range', context, [max, commitment], commitmentRangeBranches(commitment, max), proof);
}

export function proveCommitmentZeroOne(input: CommitmentRangeInput): SigmaProof {
  return proveCommitmentRange(input, 1);
}

export function verifyCommitmentZeroOne(commitment: Point, proof: SigmaProof, context: Context): boolean {
  return verifyCommitmentRange(commitment, 1, proof, context);
}

