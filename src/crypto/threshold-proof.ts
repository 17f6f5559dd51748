/**
 * Threshold proof on Pedersen commitments (spec §7.6): given public commitments C_1..C_N (one per letter,
 * each to 0 or 1) and a public threshold t, the holder of the openings proves either
 *   "reached":      count = Σ m_i ≥ t,   via D = Σ C_i − t·G          committing to v = count − t ≥ 0, or
 *   "not-reached":  count < t,           via D = (t − 1)·G − Σ C_i    committing to v = t − 1 − count ≥ 0,
 * and v ∈ [0, 2^bits) by bit decomposition: bit commitments B_i = b_i·G + ρ_i·H with Σ 2^i·B_i = D (so
 * Σ 2^i ρ_i = ρ, the opening of D) and a 0/1 proof for each B_i.
 *
 * Why bits and not a disjunction: v ranges up to the membership size (hundreds to thousands), and a
 * disjunction costs O(L) while bits cost O(log L) (ADR 0101). Soundness: if count < t, D commits to a
 * "negative" v ≡ ℓ − |v| (mod ℓ), which is not Σ 2^i b_i for bits < 2^bits ≪ ℓ unless the prover breaks
 * binding (knows log_G H). `bits` must satisfy 2^bits > max possible |count − t| and bits ≤ 64.
 * Privacy: every B_i is a perfectly hiding commitment and every 0/1 proof is zero-knowledge, so only the
 * outcome (and the public bound 2^bits) is revealed, never the count.
 */
import { CryptoError } from './errors';
import { G, H, IDENTITY, Point, assertScalar, mulBaseInt, randomScalar, scalarAdd, scalarMul, scalarNeg, scalarSub, type Scalar } from './group';
import { addCommitments } from './pedersen';
import { systemRng, type Rng } from './random';
import { proveSigma, verifySigma, type Branch, type SigmaProof } from './sigma';
import type { Context, TranscriptItem } from './transcript';

export type ThresholdOutcome = 'reached' | 'not-reached';

export interface ThresholdProof {
  outcome: ThresholdOutcome;
  bits: number;
  bitCommitments: Point[];
  bitProofs: SigmaProof[];
}

export interface ThresholdProveInput {
  /** The public commitments C_i (their sum is what the statement is about). */
  commitments: Point[];
  /** Σ m_i: the secret count. */
  count: number;
  /** Σ r_i: the opening randomness of Σ C_i. */
  randomness: Scalar;
  threshold: number;
  bits: number;
  context: Context;
  rng?: Rng;
}

function checkParams(threshold: number, bits: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 0) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `threshold ${threshold} must be a non-negative safe integer`);
  if (!Number.isInteger(bits) || bits < 1 || bits > 64) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `bits ${bits} must be an integer in 1..64`);
}

/** The commitment D to v (see header), computed identically by prover and verifier. */
export function thresholdDifference(commitments: Point[], threshold: number, outcome: ThresholdOutcome): Point {
  const sum = addCommitments(...commitments);
  return outcome === 'reached' ? sum.sub(mulBaseInt(threshold)) : mulBaseInt(threshold - 1).sub(sum);
}

function bitBranches(B: Point): Branch[] {
  return [[[H, B]], [[H, B.sub(G)]]];
}

function bitContext(context: Context, threshold: number, outcome: ThresholdOutcome, bits: number, D: Point, i: number): TranscriptItem[] {
  return [...context, 'threshold', threshold, outcome, bits, D, i];
}

export function proveThreshold(input: ThresholdProveInput): ThresholdProof {
  const { commitments, count, threshold, bits, context } = input;
  const rng = input.rng ?? systemRng;
  checkParams(threshold, bits);
  if (!Number.isSafeInteger(count) || count < 0) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `count ${count} must be a non-negative safe integer`);
  assertScalar(input.randomness, 'randomness');
  const outcome: ThresholdOutcome = count >= threshold ? 'reached' : 'not-reached';
  const v = BigInt(outcome === 'reached' ? count - threshold : threshold - 1 - count);
  if (v >= 1n << BigInt(bits)) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `|count − threshold| needs more than ${bits} bits`);
  const rho = outcome === 'reached' ? input.randomness : scalarNeg(input.randomness);
  const D = thresholdDifference(commitments, threshold, outcome);
  // ρ_i random for i ≥ 1; ρ_0 = ρ − Σ_{i≥1} 2^i ρ_i so that Σ 2^i B_i = D exactly.
  const rhos: Scalar[] = new Array(bits);
  let acc = 0n;
  for (let i = 1; i < bits; i++) {
    rhos[i] = randomScalar(rng);
    acc = scalarAdd(acc, scalarMul(1n << BigInt(i), rhos[i]!));
  }
  rhos[0] = scalarSub(rho, acc);
  const bitCommitments: Point[] = [];
  const bitProofs: SigmaProof[] = [];
  for (let i = 0; i < bits; i++) {
    const b = Number((v >> BigInt(i)) & 1n);
    const B = (b === 1 ? G : IDENTITY).add(H.mulSecret(rhos[i]!));
    bitCommitments.push(B);
    bitProofs.push(proveSigma('commitment-bit', bitContext(context, threshold, outcome, bits, D, i), [B], bitBranches(B), b, rhos[i]!, rng));
  }
  return { outcome, bits, bitCommitments, bitProofs };
}

export function verifyThreshold(commitments: Point[], threshold: number, proof: ThresholdProof, context: Context): boolean {
  checkParams(threshold, proof.bits);
  if (proof.outcome !== 'reached' && proof.outcome !== 'not-reached') return false;
  if (proof.bitCommitments.length !== proof.bits || proof.bitProofs.length !== proof.bits) return false;
  const D = thresholdDifference(commitments, threshold, proof.outcome);
  let sum: Point = IDENTITY;
  for (let i = proof.bits - 1; i >= 0; i--) sum = sum.add(sum).add(proof.bitCommitments[i]!);
  if (!sum.equals(D)) return false;
  for (let i = 0; i < proof.bits; i++) {
    const B = proof.bitCommitments[i]!;
    if (!verifySigma('commitment-bit', bitContext(context, threshold, proof.outcome, proof.bits, D, i), [B], bitBranches(B), proof.bitProofs[i]!)) return false;
  }
  return true;
}
