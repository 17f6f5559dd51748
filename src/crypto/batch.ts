/**
 * Batch verification of many 0/1 ElGamal proofs (spec V12, ADR 0104).
 *
 * Step 1 (per proof, cheap): shape, non-identity public key and α, and the Fiat–Shamir check Σ c_j = e.
 * Failures here are named directly.
 * Step 2 (all proofs at once): the 4 equations of every proof i,
 *   s_0·G − c_0·α − A_0 = 0,  s_1·G − c_1·α − A_1 = 0,  s_0·Y − c_0·β − B_0 = 0,  s_1·Y − c_1·β + c_1·G − B_1 = 0,
 * are combined with independent uniformly random 128-bit weights chosen by the verifier after it has all
 * proofs, into ONE equation Σ (weights × terms) = identity. G's coefficients add up into one scalar, and
 * so do the coefficients of each distinct election key Y. A batch containing a false equation passes with
 * probability ≤ 2^-128 (Bellare–Garay–Rabin small-exponent test; ristretto255 has prime order, so there is no
 * small-subgroup escape). If the combined check fails, bisection re-checks halves until each failing proof
 * is isolated, so the result names every bad proof and agrees with one-by-one verification.
 *
 * Evaluation: on the noble back end the combined equation is one Pippenger multi-scalar multiplication
 * (and each bisection step another one on the half). On the libsodium back end, which has no multi-scalar
 * multiplication, each proof's weighted partial sum P_i is computed once (6 variable-base multiplications)
 * and bisection only re-adds cached P_i, so isolating a bad proof costs additions only.
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bytesToHex } from './bytes';
import { G, IDENTITY, Point, _NoblePoint, mulBasePublic, scalarAdd, scalarMul, scalarNeg, type NoblePoint, type Scalar } from './group';
import type { Ciphertext } from './elgamal';
import { randomWeight } from './proofs';
import { systemRng, type Rng } from './random';
import type { SigmaProof } from './sigma';
import { activeBackend } from './sodium';
import { challenge, type Context } from './transcript';

export interface ZeroOneItem {
  publicKey: Point;
  ciphertext: Ciphertext;
  proof: SigmaProof;
  context: Context;
}

export interface BatchResult {
  /** True iff every proof is valid. */
  valid: boolean;
  /** Indices (into the input array) of the invalid proofs, ascending. */
  invalid: number[];
}

interface Prepared {
  index: number;
  g: Scalar; // coefficient of G
  y: Scalar; // coefficient of Y
  yKey: string;
  Y: Point;
  points: Point[]; // α, β, A0, A1, B0, B1
  scalars: Scalar[];
}

function hashCheck(item: ZeroOneItem): boolean {
  const { publicKey, ciphertext, proof, context } = item;
  if (publicKey.isIdentity() || ciphertext.alpha.isIdentity()) return false;
  if (proof.commitments.length !== 2 || proof.challenges.length !== 2 || proof.responses.length !== 2) return false;
  if (proof.commitments.some((row) => row.length !== 2)) return false;
  const e = challenge('elgamal-range', context, [1, publicKey, ciphertext.alpha, ciphertext.beta], proof.commitments.flat());
  return scalarAdd(proof.challenges[0]!, proof.challenges[1]!) === e;
}

function prepare(item: ZeroOneItem, index: number, rng: Rng): Prepared {
  const { publicKey, ciphertext, proof } = item;
  const [c0, c1] = proof.challenges as [Scalar, Scalar];
  const [s0, s1] = proof.responses as [Scalar, Scalar];
  const [[A0, B0], [A1, B1]] = proof.commitments as [[Point, Point], [Point, Point]];
  const wA0 = randomWeight(rng), wA1 = randomWeight(rng), wB0 = randomWeight(rng), wB1 = randomWeight(rng);
  const g = scalarAdd(scalarAdd(scalarMul(wA0, s0), scalarMul(wA1, s1)), scalarMul(wB1, c1));
  const y = scalarAdd(scalarMul(wB0, s0), scalarMul(wB1, s1));
  const a = scalarNeg(scalarAdd(scalarMul(wA0, c0), scalarMul(wA1, c1)));
  const b = scalarNeg(scalarAdd(scalarMul(wB0, c0), scalarMul(wB1, c1)));
  return {
    index,
    g,
    y,
    yKey: bytesToHex(publicKey.encoded),
    Y: publicKey,
    points: [ciphertext.alpha, ciphertext.beta, A0, A1, B0, B1],
    scalars: [a, b, scalarNeg(wA0), scalarNeg(wA1), scalarNeg(wB0), scalarNeg(wB1)],
  };
}

/** G and Y parts of the combined equation for a subset. */
function fixedTerms(items: readonly Prepared[]): { points: Point[]; scalars: Scalar[] } {
  let g = 0n;
  const ys = new Map<string, { Y: Point; y: Scalar }>();
  for (const it of items) {
    g = scalarAdd(g, it.g);
    const e = ys.get(it.yKey);
    if (e) e.y = scalarAdd(e.y, it.y);
    else ys.set(it.yKey, { Y: it.Y, y: it.y });
  }
  return { points: [G, ...[...ys.values()].map((e) => e.Y)], scalars: [g, ...[...ys.values()].map((e) => e.y)] };
}

function msmIsIdentityNoble(items: readonly Prepared[]): boolean {
  const fixed = fixedTerms(items);
  const points: NoblePoint[] = fixed.points.map((p) => p.noble);
  const scalars: Scalar[] = [...fixed.scalars];
  for (const it of items) {
    for (let k = 0; k < it.points.length; k++) {
      points.push(it.points[k]!.noble);
      scalars.push(it.scalars[k]!);
    }
  }
  return pippenger(_NoblePoint, points, scalars).is0();
}

function partialSumSodium(it: Prepared): Point {
  let acc: Point = IDENTITY;
  for (let k = 0; k < it.points.length; k++) acc = acc.add(it.points[k]!.mul(it.scalars[k]!));
  return acc;
}

function isIdentitySodium(items: readonly Prepared[], partial: ReadonlyMap<number, Point>): boolean {
  const fixed = fixedTerms(items);
  let acc: Point = fixed.scalars[0] === 0n ? IDENTITY : mulBasePublic(fixed.scalars[0]!);
  for (let k = 1; k < fixed.points.length; k++) acc = acc.add(fixed.points[k]!.mul(fixed.scalars[k]!));
  for (const it of items) acc = acc.add(partial.get(it.index)!);
  return acc.isIdentity();
}

/** Verifies many 0/1 ElGamal proofs at once; agrees with verifyZeroOne on each item (up to 2^-128). */
export function batchVerifyZeroOne(items: readonly ZeroOneItem[], opts: { rng?: Rng } = {}): BatchResult {
  const rng = opts.rng ?? systemRng;
  const invalid: number[] = [];
  const prepared: Prepared[] = [];
  items.forEach((item, i) => {
    if (hashCheck(item)) prepared.push(prepare(item, i, rng));
    else invalid.push(i);
  });
  if (prepared.length > 0) {
    let check: (subset: readonly Prepared[]) => boolean;
    if (activeBackend() === 'sodium') {
      const partial = new Map<number, Point>();
      for (const it of prepared) partial.set(it.index, partialSumSodium(it));
      check = (subset) => isIdentitySodium(subset, partial);
    } else {
      check = msmIsIdentityNoble;
    }
    const bisect = (subset: readonly Prepared[], knownBad: boolean): void => {
      if (subset.length === 0) return;
      if (!knownBad && check(subset)) return;
      if (subset.length === 1) {
        invalid.push(subset[0]!.index);
        return;
      }
      const mid = subset.length >> 1;
      const left = subset.slice(0, mid);
      const right = subset.slice(mid);
      const leftOk = check(left);
      if (!leftOk) bisect(left, true);
      // If the left half is fine, the right half must contain the failure.
      bisect(right, leftOk);
    };
    bisect(prepared, false);
  }
  invalid.sort((a, b) => a - b);
  return { valid: invalid.length === 0, invalid };
}
