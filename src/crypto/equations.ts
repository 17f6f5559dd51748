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
import { GROUP_ORDER, IDENTITY, Point, _NoblePoint, type NoblePoint, type Scalar } from './group';
import { systemRng, type Rng } from './random';
import { activeBackend } from './sodium';
import { wasmMsmIsIdentity } from './wasm';

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
// Weights are drawn from the system CSPRNG in blocks of 4 KiB (one getRandomValues call per 256 weights).
let pool: Uint8Array = new Uint8Array(0);
let poolOffset = 0;
let poolView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/** A uniformly random nonzero 128-bit weight (verifier's coins). */
export function randomWeight(rng: Rng = systemRng): Scalar {
  let v: bigint;
  if (rng === systemRng) {
    if (poolOffset + 16 > pool.length) {
      pool = systemRng(4096);
      poolView = new DataView(pool.buffer, pool.byteOffset, pool.byteLength);
      poolOffset = 0;
    }
    // Two 64-bit limbs read in place: no hex string, no per-weight allocation.
    v = (poolView.getBigUint64(poolOffset, true) << 64n) | poolView.getBigUint64(poolOffset + 8, true);
    poolOffset += 16;
  } else {
    const b = rng(16);
    let hex = '';
    for (let i = 0; i < 16; i++) hex += HEX_BYTE[b[i]!];
    v = BigInt('0x' + hex);
  }
  return v === 0n ? 1n : v;
}

/**
 * Terms Σ k_i·P_i; repeated Point objects (G, an election key) are merged. Coefficients are kept as unreduced
 * (possibly negative) integers while terms are added — a batch adds several products per ballot and merges
 * thousands of terms on G and the election key — and reduced modulo ℓ once, when `scalars` is read.
 */
export class Combination {
  readonly points: Point[] = [];
  private readonly raw: bigint[] = [];
  private reduced: Scalar[] | null = null;
  private readonly index = new Map<Point, number>();

  /** The coefficients, reduced into [0, ℓ), in the order of `points`. */
  get scalars(): readonly Scalar[] {
    if (this.reduced === null || this.reduced.length !== this.raw.length) {
      this.reduced = this.raw.map(reduce);
      for (let i = 0; i < this.raw.length; i++) this.raw[i] = this.reduced[i]!;
    }
    return this.reduced;
  }

  private addRaw(point: Point, k: bigint): void {
    const i = this.index.get(point);
    this.reduced = null;
    if (i === undefined) {
      this.index.set(point, this.points.length);
      this.points.push(point);
      this.raw.push(k);
    } else {
      this.raw[i] = this.raw[i]! + k;
    }
  }

  add(point: Point, k: Scalar): this {
    if (k !== 0n) this.addRaw(point, k);
    return this;
  }

  /** Adds w·(Σ k_i·P_i) for another term list. */
  addScaled(other: Combination, w: Scalar = 1n): this {
    const raw = other.raw;
    for (let i = 0; i < other.points.length; i++) this.addRaw(other.points[i]!, w === 1n ? raw[i]! : w * raw[i]!);
    return this;
  }

  /**
   * Adds w·(T + c·target − s·base): one Σ-protocol equation s·base = T + c·target, written with +w on the
   * commitment T so its scalar stays a 128-bit weight (−w mod ℓ would be a full 253-bit scalar): the MSM then
   * skips the upper half of the windows for every commitment and signature nonce point.
   */
  addSigmaEquation(w: Scalar, s: Scalar, base: Point, c: Scalar, target: Point, T: Point): this {
    this.addRaw(base, -(w * s));
    this.addRaw(target, w * c);
    this.addRaw(T, w);
    return this;
  }

  isIdentity(): boolean {
    return msmIsIdentity(this.points, this.scalars);
  }
}

function reduce(v: bigint): Scalar {
  if (v >= 0n && v < GROUP_ORDER) return v;
  const r = v % GROUP_ORDER;
  return r < 0n ? r + GROUP_ORDER : r;
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
