/**
 * Generic Σ-protocols for linear relations, with Cramer–Damgård–Schoenmakers OR-composition, made
 * non-interactive by the Fiat–Shamir transcript of ./transcript (spec §4).
 *
 * A branch is a list of pairs (base_k, target_k); the prover claims to know ONE witness w with
 * target_k = w·base_k for every k of at least one branch. One branch with one pair is a Schnorr proof of
 * knowledge, one branch with two pairs is Chaum–Pedersen (equality of discrete logs), and several branches
 * give the disjunctive proofs (0/1, range 0..L).
 *
 * Proof format (commitment form, chosen so proofs can be batch-verified, ADR 0102):
 *   commitments[j][k] = T_jk, challenges[j] = c_j, responses[j] = s_j
 *   e = challenge(label, context, statement, [T_00, T_01, …, T_10, …])      (row-major order)
 * Valid iff  Σ_j c_j = e (mod ℓ)  and  s_j·base_k = T_jk + c_j·target_k  for all j, k.
 *
 * Threat model: the prover is malicious toward soundness (may send anything), the verifier and anyone who
 * sees the proof are malicious toward privacy (must not learn which branch is true, nor w). The prover's
 * nonce and the simulated branches are sampled uniformly (wide reduction); the commitments of every branch
 * are computed with the same sequence of constant-time multiplications, so timing does not reveal the true
 * branch: real branch T = (u + z·w)·base − z·target (= u·base) with fresh z, simulated T = s·base − c·target.
 */
import { CryptoError } from './errors';
import { G, Point, mulBase, mulBasePublic, randomScalar, scalarAdd, scalarMul, scalarSub, type Scalar } from './group';
import { systemRng, type Rng } from './random';
import { challenge, type Context, type TranscriptItem } from './transcript';
import { Combination, randomWeight } from './equations';
import { useWasmVerifier } from './sodium';

export type Pair = readonly [base: Point, target: Point];
export type Branch = readonly Pair[];

export interface SigmaProof {
  commitments: Point[][];
  challenges: Scalar[];
  responses: Scalar[];
}

function secretMul(base: Point, k: Scalar, _rng: Rng): Point {
  return base === G ? mulBase(k) : base.mulSecret(k);
}

function publicMul(base: Point, k: Scalar): Point {
  return base === G ? mulBasePublic(k) : base.mul(k);
}

/** Proves knowledge of `witness` for branch `trueBranch` of `branches` (spec §4.2). */
export function proveSigma(
  label: string,
  context: Context,
  statement: readonly TranscriptItem[],
  branches: readonly Branch[],
  trueBranch: number,
  witness: Scalar,
  rng: Rng = systemRng,
): SigmaProof {
  if (!Number.isInteger(trueBranch) || trueBranch < 0 || trueBranch >= branches.length) {
    throw new CryptoError('CRYPTO_INVALID_PARAMETER', `proveSigma(${label}): true branch ${trueBranch} out of range 0..${branches.length - 1}`);
  }
  const n = branches.length;
  const challenges: Scalar[] = new Array(n);
  const responses: Scalar[] = new Array(n);
  const commitments: Point[][] = new Array(n);
  let nonce = 0n;
  for (let j = 0; j < n; j++) {
    const branch = branches[j]!;
    let a: Scalar;
    let b: Scalar;
    if (j === trueBranch) {
      nonce = randomScalar(rng);
      const z = randomScalar(rng);
      a = scalarAdd(nonce, scalarMul(z, witness));
      b = z;
      challenges[j] = 0n;
      responses[j] = 0n;
    } else {
      a = responses[j] = randomScalar(rng);
      b = challenges[j] = randomScalar(rng);
    }
    commitments[j] = branch.map(([base, target]) => secretMul(base, a, rng).sub(secretMul(target, b, rng)));
  }
  const e = challenge(label, context, statement, commitments.flat());
  let others = 0n;
  for (let j = 0; j < n; j++) if (j !== trueBranch) others = scalarAdd(others, challenges[j]!);
  const c = scalarSub(e, others);
  challenges[trueBranch] = c;
  responses[trueBranch] = scalarAdd(nonce, scalarMul(c, witness));
  return { commitments, challenges, responses };
}

/** Checks the shape of a proof against the branch structure; throws CRYPTO_PROOF_INVALID. */
export function assertSigmaShape(proof: SigmaProof, branches: readonly Branch[], label: string): void {
  const n = branches.length;
  if (proof.commitments.length !== n || proof.challenges.length !== n || proof.responses.length !== n) {
    throw new CryptoError('CRYPTO_PROOF_INVALID', `${label}: expected ${n} branches`);
  }
  for (let j = 0; j < n; j++) {
    if (proof.commitments[j]!.length !== branches[j]!.length) {
      throw new CryptoError('CRYPTO_PROOF_INVALID', `${label}: branch ${j} expects ${branches[j]!.length} commitments`);
    }
  }
}

/** Verifies a Σ-proof (spec §4.3). Returns false on any mismatch; never throws for a wrong proof of the right shape. */
export function verifySigma(
  label: string,
  context: Context,
  statement: readonly TranscriptItem[],
  branches: readonly Branch[],
  proof: SigmaProof,
): boolean {
  try {
    assertSigmaShape(proof, branches, label);
  } catch {
    return false;
  }
  const e = challenge(label, context, statement, proof.commitments.flat());
  let sum = 0n;
  for (const c of proof.challenges) sum = scalarAdd(sum, c);
  if (sum !== e) return false;
  if (useWasmVerifier()) return sigmaCombination(branches, proof).isIdentity();
  for (let j = 0; j < branches.length; j++) {
    const s = proof.responses[j]!;
    const c = proof.challenges[j]!;
    const branch = branches[j]!;
    for (let k = 0; k < branch.length; k++) {
      const [base, target] = branch[k]!;
      const expected = publicMul(base, s).sub(target.mul(c));
      if (!expected.equals(proof.commitments[j]![k]!)) return false;
    }
  }
  return true;
}

/** Every equation of a Σ-proof with its own random weight, as one term list (wasm and batch verification). */
export function sigmaCombination(branches: readonly Branch[], proof: SigmaProof, rng: Rng = systemRng): Combination {
  const comb = new Combination();
  for (let j = 0; j < branches.length; j++) {
    const branch = branches[j]!;
    for (let k = 0; k < branch.length; k++) {
      const [base, target] = branch[k]!;
      comb.addSigmaEquation(randomWeight(rng), proof.responses[j]!, base, proof.challenges[j]!, target, proof.commitments[j]![k]!);
    }
  }
  return comb;
}
