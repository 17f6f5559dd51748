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
import { G, H, Point, mulBasePublic, scalarAdd, scalarMul, scalarNeg, type Scalar } from './group';
import { Combination, randomWeight } from './equations';
import { useWasmVerifier } from './sodium';
import type { Ciphertext } from './elgamal';
import { systemRng, type Rng } from './random';
import { proveSigma, verifySigma, type Branch, type SigmaProof } from './sigma';
import { challenge, type Context } from './transcript';

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

/**
 * Verifies an ElGamal range proof (spec V3). Same acceptance as verifySigma on the branches above, but the
 * 2(L+1) equations are checked as two random linear combinations (spec §7.3.1), which saves one
 * variable-base and one fixed-base multiplication per extra branch:
 *   Σ_j z_j (s_j·G − c_j·α − A_j) = 0   and   Σ_j z'_j (s_j·Y − c_j·β + j·c_j·G − B_j) = 0,
 * with z_0 = z'_0 = 1 and the other weights fresh 128-bit random values (soundness error ≤ 2^-128 per check).
 */
export function verifyRange(publicKey: Point, ciphertext: Ciphertext, max: number, proof: SigmaProof, context: Context): boolean {
  checkRange(max, 'verifyRange');
  if (publicKey.isIdentity() || ciphertext.alpha.isIdentity()) return false;
  const n = max + 1;
  if (proof.commitments.length !== n || proof.challenges.length !== n || proof.responses.length !== n) return false;
  if (proof.commitments.some((row) => row.length !== 2)) return false;
  const e = challenge('elgamal-range', context, elgamalStatement(publicKey, ciphertext, max), proof.commitments.flat());
  let sum = 0n;
  for (const c of proof.challenges) sum = scalarAdd(sum, c);
  if (sum !== e) return false;
  if (useWasmVerifier()) return elgamalRangeCombination(publicKey, ciphertext, proof).isIdentity();
  let gA = 0n, aA = 0n, yB = 0n, bB = 0n, gB = 0n;
  let accA: Point | null = null;
  let accB: Point | null = null;
  for (let j = 0; j < n; j++) {
    const s = proof.responses[j]!;
    const c = proof.challenges[j]!;
    const z = j === 0 ? 1n : randomWeight();
    const zp = j === 0 ? 1n : randomWeight();
    gA = scalarAdd(gA, scalarMul(z, s));
    aA = scalarAdd(aA, scalarMul(z, c));
    yB = scalarAdd(yB, scalarMul(zp, s));
    bB = scalarAdd(bB, scalarMul(zp, c));
    if (j > 0) {
      gB = scalarAdd(gB, scalarMul(zp, scalarMul(BigInt(j), c)));
      const row = proof.commitments[j]!;
      const a = row[0]!.mul(z);
      const b = row[1]!.mul(zp);
      accA = accA ? accA.add(a) : a;
      accB = accB ? accB.add(b) : b;
    }
  }
  let lhsA = mulBasePublic(gA).sub(ciphertext.alpha.mul(aA));
  if (accA) lhsA = lhsA.sub(accA);
  if (!lhsA.equals(proof.commitments[0]![0]!)) return false;
  let lhsB = publicKey.mul(yB).sub(ciphertext.beta.mul(bB)).add(mulBasePublic(gB));
  if (accB) lhsB = lhsB.sub(accB);
  return lhsB.equals(proof.commitments[0]![1]!);
}

export { randomWeight } from './equations';

/**
 * All 2(L+1) equations of an ElGamal range proof, each with its own random weight, as one term list
 * (spec §7.3.1 generalised; used by the WebAssembly verifier and by batch verification).
 */
export function elgamalRangeCombination(publicKey: Point, ciphertext: Ciphertext, proof: SigmaProof, rng: Rng = systemRng): Combination {
  const comb = new Combination();
  for (let j = 0; j < proof.commitments.length; j++) {
    const s = proof.responses[j]!;
    const c = proof.challenges[j]!;
    const [A, B] = proof.commitments[j] as [Point, Point];
    const z = randomWeight(rng);
    const zp = randomWeight(rng);
    comb.addSigmaEquation(z, s, G, c, ciphertext.alpha, A);
    // s·Y = B + c·(β − j·G)  ⇔  B + c·β − j·c·G − s·Y = 0 (addSigmaEquation's sign convention)
    comb.addSigmaEquation(zp, s, publicKey, c, ciphertext.beta, B);
    if (j > 0) comb.add(G, scalarNeg(scalarMul(zp, scalarMul(BigInt(j), c))));
  }
  return comb;
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

