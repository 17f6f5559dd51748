/**
 * The group: ristretto255 (RFC 9496), a prime-order group of order
 * ℓ = 2^252 + 27742317777372353535851937790883648493 built on Curve25519.
 *
 * Threat model: every point received from outside (ballots, proofs, trustee messages) is attacker-chosen.
 * Decoding therefore accepts only canonical 32-byte encodings of group elements (RFC 9496 §4.3.1) and, unless
 * the caller says a statement allows it, rejects the identity (an identity public key or ElGamal component
 * would make a statement trivially true). Because ristretto255 has prime order there is no cofactor or
 * small-subgroup check to forget. Scalars are canonical 32-byte little-endian integers < ℓ; encodings ≥ ℓ are
 * rejected, never reduced, so every scalar has exactly one encoding (no proof malleability).
 *
 * `Point` wraps a noble RistrettoPoint and caches its canonical encoding, decoding lazily: verifiers that run on
 * the libsodium back end work on the encodings only and never pay noble's BigInt decode (~130 µs).
 *
 * Secret-scalar paths (spec §2.6):
 *  - `mulBase(k)`: libsodium `crypto_scalarmult_ristretto255_base` (constant-time) when loaded, else noble
 *    `BASE.multiply` (fixed operation sequence + scalar blinding).
 *  - `P.mulSecret(k)`: libsodium `crypto_scalarmult_ristretto255` (constant-time) when loaded, else noble
 *    `multiply` (fixed operation sequence, NOT blinded by noble for Edwards points) on a fresh random additive
 *    split k = k1 + k2, so repeated traces of the same long-lived secret see unrelated scalars.
 *  - `P.mul(k)` is variable-time and only for public scalars (verification, challenges, Lagrange coefficients).
 */
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { sha512 } from './hash';
import { assertBytes, bytesToHex, concatBytes, equalBytes, hexToBytes, u32be, utf8 } from './bytes';
import { CryptoError } from './errors';
import { systemRng, type Rng } from './random';
import { activeBackend, sodium } from './sodium';
import { wasmDecodeGe, wasmSumEncodePacked } from './wasm';

type NoblePoint = InstanceType<typeof ristretto255.Point>;
const NP = ristretto255.Point;
const Fn = NP.Fn;

export type Scalar = bigint;
/** ℓ, the prime order of ristretto255. */
export const GROUP_ORDER: bigint = Fn.ORDER;
export const POINT_BYTES = 32;
export const SCALAR_BYTES = 32;
const IDENTITY_BYTES = new Uint8Array(32);

export interface DecodeOptions {
  /** Accept the identity element (default false: most statements must reject it). */
  allowIdentity?: boolean;
  /** Field name used in error messages. */
  field?: string;
}

export class Point {
  #noble: NoblePoint | undefined;
  #bytes: Uint8Array | undefined;
  #ge: Uint8Array | undefined;

  private constructor(noble: NoblePoint | undefined, bytes: Uint8Array | undefined) {
    this.#noble = noble;
    this.#bytes = bytes;
  }

  /** Wraps a noble point (already a valid group element). */
  static fromNoble(p: NoblePoint): Point {
    return new Point(p, undefined);
  }

  /** Wraps bytes already known to be a canonical encoding (internal: results computed by libsodium). */
  static fromTrustedBytes(bytes: Uint8Array): Point {
    return new Point(undefined, bytes);
  }

  /** A point computed by the verifier kernel, with its encoding and packed form (internal). */
  static _fromKernel(bytes: Uint8Array, ge: Uint8Array): Point {
    const p = new Point(undefined, bytes);
    p.#ge = ge;
    return p;
  }

  /** Strict decoder: 32 bytes, canonical ristretto255 encoding, identity only if allowed. */
  static fromBytes(bytes: Uint8Array, opts: DecodeOptions = {}): Point {
    const field = opts.field ?? 'point';
    assertBytes(bytes, POINT_BYTES, field);
    if (equalBytes(bytes, IDENTITY_BYTES)) {
      if (!opts.allowIdentity) throw new CryptoError('CRYPTO_IDENTITY_POINT', `${field}: the identity element is not allowed here`, { field });
      return new Point(NP.ZERO, Uint8Array.from(bytes));
    }
    if (activeBackend() === 'wasm') {
      // Validate with the WebAssembly decoder and keep the decoded form for the verifier's MSM.
      const ge = wasmDecodeGe(bytes);
      if (!ge) throw new CryptoError('CRYPTO_INVALID_POINT', `${field}: not a canonical ristretto255 encoding`, { field });
      const p = new Point(undefined, Uint8Array.from(bytes));
      p.#ge = ge;
      return p;
    }
    const s = sodium();
    if (s) {
      if (!s.crypto_core_ristretto255_is_valid_point(bytes)) {
        throw new CryptoError('CRYPTO_INVALID_POINT', `${field}: not a canonical ristretto255 encoding`, { field });
      }
      return new Point(undefined, Uint8Array.from(bytes));
    }
    let p: NoblePoint;
    try {
      p = NP.fromBytes(bytes);
    } catch {
      throw new CryptoError('CRYPTO_INVALID_POINT', `${field}: not a canonical ristretto255 encoding`, { field });
    }
    return new Point(p, Uint8Array.from(bytes));
  }

  static fromHex(hex: unknown, opts: DecodeOptions = {}): Point {
    return Point.fromBytes(hexToBytes(hex, POINT_BYTES, opts.field ?? 'point'), opts);
  }

  /** The noble representation (decoded lazily from the canonical bytes). */
  get noble(): NoblePoint {
    if (!this.#noble) this.#noble = NP.fromBytes(this.#bytes as Uint8Array);
    return this.#noble;
  }

  /** Canonical 32-byte encoding. The returned array is shared: do not mutate it. */
  get encoded(): Uint8Array {
    if (!this.#bytes) this.#bytes = this.#noble!.toBytes();
    return this.#bytes;
  }

  /** The WebAssembly kernel's decoded form (cached; decoded on first use). Only for the 'wasm' back end. */
  get wasmGe(): Uint8Array {
    if (!this.#ge) {
      const ge = wasmDecodeGe(this.encoded);
      if (!ge) throw new CryptoError('CRYPTO_INVALID_POINT', 'point: not a canonical ristretto255 encoding');
      this.#ge = ge;
    }
    return this.#ge;
  }

  /** The kernel's decoded form if it is already known (strict decoding keeps it), without decoding now. */
  get cachedWasmGe(): Uint8Array | undefined {
    return this.#ge;
  }

  /** True if the canonical encoding is already known (no noble encode needed). */
  get hasEncoding(): boolean {
    return this.#bytes !== undefined;
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.encoded);
  }

  toHex(): string {
    return bytesToHex(this.encoded);
  }

  toJSON(): string {
    return this.toHex();
  }

  isIdentity(): boolean {
    if (this.#bytes) return equalBytes(this.#bytes, IDENTITY_BYTES);
    return this.#noble!.is0();
  }

  equals(other: Point): boolean {
    if (this.#bytes && other.#bytes) return equalBytes(this.#bytes, other.#bytes);
    return this.noble.equals(other.noble);
  }

  add(other: Point): Point {
    const s = sodium();
    if (s && this.#bytes && other.#bytes) {
      if (this.isIdentity()) return other;
      if (other.isIdentity()) return this;
      return Point.fromTrustedBytes(s.crypto_core_ristretto255_add(this.#bytes, other.#bytes));
    }
    return new Point(this.noble.add(other.noble), undefined);
  }

  sub(other: Point): Point {
    const s = sodium();
    if (s && this.#bytes && other.#bytes) {
      if (other.isIdentity()) return this;
      return Point.fromTrustedBytes(s.crypto_core_ristretto255_sub(this.#bytes, other.#bytes));
    }
    return new Point(this.noble.subtract(other.noble), undefined);
  }

  neg(): Point {
    return IDENTITY_FOR_NEG().sub(this);
  }

  /** k·P for a PUBLIC scalar k (variable time). */
  mul(k: Scalar): Point {
    assertScalar(k, 'scalar');
    if (k === 0n) return IDENTITY;
    const s = sodium();
    if (s && this.#bytes && !this.isIdentity()) {
      return sodiumMul(s, scalarToBytesUnchecked(k), this.#bytes);
    }
    return new Point(this.noble.multiplyUnsafe(k), undefined);
  }

  /** k·P for a SECRET scalar k: constant-time (libsodium) or split-and-fixed-sequence (noble). See header. */
  mulSecret(k: Scalar): Point {
    assertScalar(k, 'secret scalar');
    if (k === 0n || this.isIdentity()) return IDENTITY;
    const s = sodium();
    if (s) return sodiumMul(s, scalarToBytesUnchecked(k), this.encoded);
    // The split uses the system RNG, never a caller's (possibly seeded) Rng: it must be unpredictable, and it
    // does not affect the result, so deterministic vectors are identical on both back ends.
    const k1 = randomScalar(systemRng);
    const k2 = Fn.sub(k, k1);
    const a = this.noble.multiply(k1);
    return new Point(k2 === 0n ? a : a.add(this.noble.multiply(k2)), undefined);
  }

  /** Builds a noble precomputation table (window 8) for a fixed base used many times (e.g. an election key). */
  precompute(): Point {
    this.noble.precompute(8, false);
    return this;
  }
}

function sodiumMul(s: NonNullable<ReturnType<typeof sodium>>, k: Uint8Array, p: Uint8Array): Point {
  // libsodium refuses to output the identity; k ≠ 0 and P ≠ identity with prime order means it cannot occur.
  return Point.fromTrustedBytes(s.crypto_scalarmult_ristretto255(k, p));
}

/** The standard generator G (RFC 9496 base point). */
export const G: Point = Point.fromNoble(NP.BASE);
export const IDENTITY: Point = Point.fromBytes(new Uint8Array(32), { allowIdentity: true });
function IDENTITY_FOR_NEG(): Point {
  return IDENTITY;
}

/**
 * Label of the second generator H. H = RFC 9496 §4.3.4 element derivation (the one-way map applied to 64
 * bytes) of SHA-512(H_LABEL); equals libsodium's crypto_core_ristretto255_from_hash(SHA-512(H_LABEL)).
 * Nothing up the sleeve: nobody knows log_G H, which Pedersen commitments' binding property needs.
 */
export const GENERATOR_H_LABEL = 'confidence/v1/generator/H';
export const H: Point = Point.fromNoble(ristretto255_hasher.deriveToCurve!(sha512(utf8(GENERATOR_H_LABEL))));
H.noble.precompute(8, false);
// Cache the encodings so the libsodium back end can use G and H without a noble encode.
void G.encoded;
void H.encoded;

// ---- scalars ---------------------------------------------------------------------------------------------

export function isScalar(k: unknown): k is Scalar {
  return typeof k === 'bigint' && k >= 0n && k < GROUP_ORDER;
}

export function assertScalar(k: unknown, field = 'scalar'): Scalar {
  if (typeof k !== 'bigint') throw new CryptoError('CRYPTO_INVALID_PARAMETER', `${field}: expected a bigint scalar`, { field });
  if (k < 0n || k >= GROUP_ORDER) throw new CryptoError('CRYPTO_NONCANONICAL_SCALAR', `${field}: expected 0 <= scalar < group order`, { field });
  return k;
}

function scalarToBytesUnchecked(k: Scalar): Uint8Array {
  const out = new Uint8Array(32);
  let v = k;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Canonical 32-byte little-endian encoding. */
export function scalarToBytes(k: Scalar): Uint8Array {
  return scalarToBytesUnchecked(assertScalar(k));
}

export function scalarToHex(k: Scalar): string {
  return bytesToHex(scalarToBytes(k));
}

function bytesToNumberLE(b: Uint8Array): bigint {
  if (b.length === 32 || b.length === 64) {
    // Scalars (32 bytes) and wide hashes (64): 64-bit limbs, most significant first, no hex string.
    const v = new DataView(b.buffer, b.byteOffset, b.length);
    let x = v.getBigUint64(b.length - 8, true);
    for (let off = b.length - 16; off >= 0; off -= 8) x = (x << 64n) | v.getBigUint64(off, true);
    return x;
  }
  let hex = '';
  for (let i = b.length - 1; i >= 0; i--) hex += HEX_BYTE[b[i]!];
  return hex === '' ? 0n : BigInt('0x' + hex);
}
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Strict scalar decoder: 32 bytes little-endian, value < ℓ (rejected, never reduced), nonzero unless allowed. */
export function scalarFromBytes(bytes: Uint8Array, opts: { allowZero?: boolean; field?: string } = {}): Scalar {
  const field = opts.field ?? 'scalar';
  assertBytes(bytes, SCALAR_BYTES, field);
  const v = bytesToNumberLE(bytes);
  if (v >= GROUP_ORDER) throw new CryptoError('CRYPTO_NONCANONICAL_SCALAR', `${field}: encoding is not reduced modulo the group order`, { field });
  if (v === 0n && opts.allowZero === false) throw new CryptoError('CRYPTO_ZERO_SCALAR', `${field}: zero is not allowed here`, { field });
  return v;
}

export function scalarFromHex(hex: unknown, opts: { allowZero?: boolean; field?: string } = {}): Scalar {
  return scalarFromBytes(hexToBytes(hex, SCALAR_BYTES, opts.field ?? 'scalar'), opts);
}

/** Reduces 64 uniformly random bytes modulo ℓ (bias < 2^-259), as RFC 9496 / RFC 9380 hash_to_field. */
export function scalarFromWideBytes(bytes64: Uint8Array): Scalar {
  assertBytes(bytes64, 64, 'wide scalar bytes');
  return bytesToNumberLE(bytes64) % GROUP_ORDER;
}

/** Uniform nonzero scalar from 64 random bytes (wide reduction; rejection of 0 has probability 2^-252). */
export function randomScalar(rng: Rng = systemRng): Scalar {
  for (;;) {
    const k = scalarFromWideBytes(rng(64));
    if (k !== 0n) return k;
  }
}

/**
 * Domain-separated hash to a scalar:
 * SHA-512( u32be(len(dst)) || dst || for each part: u32be(len(part)) || part ) mod ℓ.
 */
export function hashToScalar(dst: string, ...parts: Uint8Array[]): Scalar {
  const d = utf8(dst);
  const chunks: Uint8Array[] = [u32be(d.length), d];
  for (const p of parts) chunks.push(u32be(p.length), p);
  return scalarFromWideBytes(sha512(concatBytes(...chunks)));
}

// Plain BigInt arithmetic mod ℓ (what noble's Fn does, without its call layers: verifiers do ~10 per proof).
const L = Fn.ORDER;
const modL = (x: bigint): Scalar => {
  const r = x % L;
  return r < 0n ? r + L : r;
};
export const scalarAdd = (a: Scalar, b: Scalar): Scalar => modL(a + b);
export const scalarSub = (a: Scalar, b: Scalar): Scalar => modL(a - b);
export const scalarMul = (a: Scalar, b: Scalar): Scalar => modL(a * b);
export const scalarNeg = (a: Scalar): Scalar => modL(-a);
export function scalarInv(a: Scalar): Scalar {
  if (a === 0n) throw new CryptoError('CRYPTO_ZERO_SCALAR', 'cannot invert the zero scalar');
  return Fn.inv(a);
}
/** Reduces any bigint (possibly negative) modulo ℓ. */
export const scalarMod = (a: bigint): Scalar => Fn.create(a);

/** k·G for a SECRET (or public) scalar k; constant-time path. */
export function mulBase(k: Scalar): Point {
  assertScalar(k, 'scalar');
  if (k === 0n) return IDENTITY;
  const s = sodium();
  if (s) return Point.fromTrustedBytes(s.crypto_scalarmult_ristretto255_base(scalarToBytesUnchecked(k)));
  return Point.fromNoble(NP.BASE.multiply(k));
}

/** k·G for a PUBLIC scalar (variable time, noble precomputed table or libsodium). */
export function mulBasePublic(k: Scalar): Point {
  assertScalar(k, 'scalar');
  if (k === 0n) return IDENTITY;
  const s = sodium();
  if (s) return Point.fromTrustedBytes(s.crypto_scalarmult_ristretto255_base(scalarToBytesUnchecked(k)));
  return Point.fromNoble(NP.BASE.multiplyUnsafe(k));
}

/** a·P + b·Q for public scalars (variable time). */
export function mulAdd(a: Scalar, P: Point, b: Scalar, Q: Point): Point {
  return P.mul(a).add(Q.mul(b));
}

/** Small integer m·G (m may be negative), public. */
export function mulBaseInt(m: number | bigint): Point {
  const k = scalarMod(BigInt(m));
  return k === 0n ? IDENTITY : mulBasePublic(k);
}

export { scalarToBytesUnchecked as _scalarToBytesUnchecked, NP as _NoblePoint, Fn as _Fn };
export type { NoblePoint };

/**
 * Σ plus − Σ minus for PUBLIC points (verifiers' derived statements: sums of ballot ciphertexts, β − G). On the
 * WebAssembly back end one kernel call, and the result keeps its decoded form for the verifier's MSM; elsewhere
 * Point.add/sub. Same result on every back end.
 */
export function sumPublic(plus: readonly Point[], minus: readonly Point[] = []): Point {
  if (activeBackend() === 'wasm') {
    // Loops, not filter/map: tsx (esbuild keepNames) wraps every inner arrow function on each call.
    const p: Uint8Array[] = [];
    const m: Uint8Array[] = [];
    let single: Point = IDENTITY;
    for (const x of plus) if (!x.isIdentity()) (p.push(x.wasmGe), (single = x));
    for (const x of minus) if (!x.isIdentity()) m.push(x.wasmGe);
    if (p.length + m.length === 0) return IDENTITY;
    if (p.length === 1 && m.length === 0) return single;
    const r = wasmSumEncodePacked(p, m);
    return r.packed === null ? IDENTITY : Point._fromKernel(r.encoding, r.packed);
  }
  let acc: Point = IDENTITY;
  for (const x of plus) acc = acc.add(x);
  for (const x of minus) acc = acc.sub(x);
  return acc;
}