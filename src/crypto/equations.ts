/**
 * Linear verification equations Σ k_i·P_i = identity, and their evaluation on the active back end.
 *
 * Every verification equation of the library (Σ-proofs, signatures) is linear in public points. A verifier
 * collects the terms of several equations, each multiplied by its own fresh 128-bit random weight, and checks
 * the single combined equation: if any original equation is false, the combination is the identity with
 * probability ≤ 2^-128 (ristretto255 has prime order). Evaluation:
 *   wasm   one multi-scalar multiplication in the WebAssembly kernel (Straus or Pippenger) — the fast path;
 *   noble  one Pippenger multi-scalar multiplication in pure JS;
 *   sodium a sum of libsodium multiplications (no MSM available).
 * Weights come from the verifier's own CSPRNG, never from the prover's data.
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { IDENTITY, Point, _NoblePoint, scalarAdd, scalarMul, scalarNeg, type NoblePoint, type Scalar } from './group';
import { systemRng, type Rng } from './random';
import { activeBackend } from './sodium';
import { wasmMsmIsIdentity } from './wasm';

// Weights are drawn from the system CSPRNG in blocks of 64 KiB (one call per 4,096 weights) and read as two
// 64-bit limbs (no hex string per weight).
const POOL_BYTES = 65536;
let pool: Uint8Array = new Uint8Array(0);
let poolView = new DataView(pool.buffer);
let poolOffset = 0;

/** A uniformly random nonzero 128-bit weight (verifier's coins). */
export function randomWeight(rng: Rng = systemRng): Scalar {
  let view: DataView;
  let off: number;
  if (rng === systemRng) {
    if (poolOffset + 16 > pool.length) {
      pool = systemRng(POOL_BYTES);
      poolView = new DataView(pool.buffer, pool.byteOffset, pool.byteLength);
      poolOffset = 0;
    }
    view = poolView;
    off = poolOffset;
    poolOffset += 16;
  } else {
    const b = rng(16);
    view = new DataView(b.buffer, b.byteOffset, 16);
    off = 0;
  }
  // Big-endian reading of the 16 bytes, as before (same weight for the same seeded stream).
  const v = (view.getBigUint64(off, false) << 64n) | view.getBigUint64(off + 8, false);
  return v === 0n ? 1n : v;
}

/** Terms Σ k_i·P_i; repeated Point objects (G, an election key) are merged. */
export class Combination {
  readonly points: Point[] = [];
  readonly scalars: Scalar[] = [];
  private readonly index = new Map<Point, number>();

  add(point: Point, k: Scalar): this {
    if (k === 0n) return this;
    const i = this.index.get(point);
    if (i === undefined) {
      this.index.set(point, this.points.length);
      this.points.push(point);
      this.scalars.push(k);
    } else {
      this.scalars[i] = scalarAdd(this.scalars[i]!, k);
    }
    return this;
  }

  /** Adds w·(Σ k_i·P_i) for another term list. */
  addScaled(other: Combination, w: Scalar = 1n): this {
    for (let i = 0; i < other.points.length; i++) this.add(other.points[i]!, w === 1n ? other.scalars[i]! : scalarMul(w, other.scalars[i]!));
    return this;
  }

  /**
   * Adds w·(T + c·target − s·base): one Σ-protocol equation s·base = T + c·target, written with +w on the
   * commitment T so its scalar stays a 128-bit weight (−w mod ℓ would be a full 253-bit scalar): the MSM then
   * skips the upper half of the windows for every commitment and signature nonce point.
   */
  addSigmaEquation(w: Scalar, s: Scalar, base: Point, c: Scalar, target: Point, T: Point): this {
    return this.add(base, scalarNeg(scalarMul(w, s))).add(target, scalarMul(w, c)).add(T, w);
  }

  isIdentity(): boolean {
    return msmIsIdentity(this.points, this.scalars);
  }
}

export function msmIsIdentity(points: readonly Point[], scalars: readonly Scalar[]): boolean {
  const live: number[] = [];
  for (let i = 0; i < points.length; i++) if (scalars[i] !== 0n && !points[i]!.isIdentity()) live.push(i);
  if (live.length === 0) return true;
  const backend = activeBackend();
  if (backend === 'wasm') {
    return wasmMsmIsIdentity(live.map((i) => points[i]!.wasmGe), live.map((i) => scalars[i]!));
  }
  if (backend === 'noble') {
    const nps: NoblePoint[] = live.map((i) => points[i]!.noble);
    return pippenger(_NoblePoint, nps, live.map((i) => scalars[i]!)).is0();
  }
  let acc: Point = IDENTITY;
  for (const i of live) acc = acc.add(points[i]!.mul(scalars[i]!));
  return acc.isIdentity();
}
