/**
 * Loader and JS side of the WebAssembly verifier kernel (./wasm/msm.c, ADR 0105): strict ristretto255
 * decoding and variable-time multi-scalar multiplication, for PUBLIC data only (verification equations).
 *
 * `initCrypto()` instantiates it; until then (or with setBackend('noble')) verifiers use the other paths.
 * Memory: the C stack comes first; above __heap_base this module lays out, per call, the encodings, decoded
 * points (packed affine X, Y: 80 bytes), scalars, output (a full ge, 320 bytes) and scratch, growing the memory
 * when a batch needs more. Parsed points keep only the 80-byte packed form (less to allocate and copy).
 */
import { CryptoError } from './errors';
import { MSM_WASM_BASE64 } from './wasm/msm-wasm';

interface Exports {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  init(consts: number): void;
  decode(out: number, input: number): number;
  unpack(out: number, packed: number): void;
  packed_size(): number;
  encode(out: number, p: number): void;
  is_identity(p: number): number;
  point_add(r: number, p: number, q: number): void;
  msm_scratch_bytes(n: number, c: number): number;
  msm(out: number, pts: number, scalars: number, n: number, c: number, scratch: number): void;
  ge_size(): number;
  ge_sum(out: number, pts: number, n: number): void;
  sum_encode(enc: number, packed: number, pts: number, neg: number, n: number): number;
}

let ex: Exports | null = null;
let heapBase = 0;
let GE = 320;
let PK = 80;

// Field constants (little-endian): d, sqrt(−1), 1/sqrt(a − d) for a = −1 (RFC 9496 §4.1).
const D = 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3n;
const SQRT_M1 = 19681161376707505956807079304988542015446066515923890162744021073123829784752n;
const INVSQRT_A_MINUS_D = 54469307008909316920995813868745141605393597292927456921205312896311721017578n;

const LE_VIEW = new DataView(new ArrayBuffer(32));
const LE_BYTES = new Uint8Array(LE_VIEW.buffer);
const M64 = (1n << 64n) - 1n;
function le32(v: bigint, out: Uint8Array, off: number): void {
  // Four 64-bit limbs instead of 32 byte-sized BigInt shifts (this runs for every term of every MSM).
  LE_VIEW.setBigUint64(0, v & M64, true);
  LE_VIEW.setBigUint64(8, (v >> 64n) & M64, true);
  LE_VIEW.setBigUint64(16, (v >> 128n) & M64, true);
  LE_VIEW.setBigUint64(24, (v >> 192n) & M64, true);
  out.set(LE_BYTES, off);
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  if (typeof Buffer !== 'undefined') return Uint8Array.from(Buffer.from(b64, 'base64'));
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function initWasm(): Promise<void> {
  if (ex) return;
  const module = await WebAssembly.compile(base64ToBytes(MSM_WASM_BASE64));
  const instance = await WebAssembly.instantiate(module, {});
  const e = instance.exports as unknown as Exports;
  heapBase = Number(e.__heap_base.value);
  GE = e.ge_size();
  PK = e.packed_size();
  const mem = new Uint8Array(e.memory.buffer);
  le32(D, mem, heapBase);
  le32(SQRT_M1, mem, heapBase + 32);
  le32(INVSQRT_A_MINUS_D, mem, heapBase + 64);
  e.init(heapBase);
  ex = e;
}

export function wasmLoaded(): boolean {
  return ex !== null;
}

function ensure(bytes: number): Uint8Array {
  const e = ex!;
  const need = heapBase + bytes;
  const have = e.memory.buffer.byteLength;
  if (need > have) e.memory.grow(Math.ceil((need - have) / 65536));
  return new Uint8Array(e.memory.buffer);
}

function windowFor(n: number): number {
  if (n < 160) return 0; // Straus
  // Signed-digit Pippenger: ceil(254/c) windows, each n bucket additions + 2^c to sum 2^(c−1) buckets.
  let best = 5;
  let bestCost = Infinity;
  for (let c = 5; c <= 16; c++) {
    const cost = Math.ceil(254 / c) * (n + 2 ** c);
    if (cost < bestCost) [best, bestCost] = [c, cost];
  }
  return best;
}

/**
 * Σ scalars[i]·points[i] (encodings in, encoding out), or null if some encoding is invalid. Scalars must be
 * public and in [0, ℓ).
 */
export function wasmMsm(encodings: readonly Uint8Array[], scalars: readonly bigint[]): Uint8Array | null {
  const r = run(encodings, scalars);
  if (r === null) return null;
  const mem = new Uint8Array(ex!.memory.buffer);
  ex!.encode(r.encOut, r.out);
  return mem.slice(r.encOut, r.encOut + 32);
}

/**
 * True iff Σ scalars[i]·points[i] is the identity; false if some encoding is invalid. Each point is given
 * either as its 32-byte encoding or as an already decoded point (the packed form from wasmDecodeGe).
 */
export function wasmMsmIsIdentity(points: readonly Uint8Array[], scalars: readonly bigint[]): boolean {
  if (points.length <= maxChunk) {
    const r = run(points, scalars);
    return r !== null && ex!.is_identity(r.out) === 1;
  }
  // Large batches: MSM per chunk (bounded memory), partial results summed in the kernel.
  let acc: Uint8Array | null = null;
  for (let start = 0; start < points.length; start += maxChunk) {
    const r = run(points.slice(start, start + maxChunk), scalars.slice(start, start + maxChunk));
    if (r === null) return false;
    const e = ex!;
    if (acc) {
      const mem = new Uint8Array(e.memory.buffer);
      const tmp = r.encOut + 32 + 16; // inside this call's scratch area, free after the MSM
      mem.set(acc, tmp);
      e.point_add(r.out, r.out, tmp);
    }
    acc = new Uint8Array(e.memory.buffer).slice(r.out, r.out + GE);
  }
  const e = ex!;
  const mem = ensure(128 + GE + 16);
  mem.set(acc!, heapBase + 128);
  return e.is_identity(heapBase + 128) === 1;
}

/** Points per MSM call; larger inputs are split so memory stays bounded (≈ 20 MB per chunk). */
let maxChunk = 1 << 15;
/** Tests only: exercise the chunked path with small inputs. */
export function _setWasmChunkSize(n: number): void {
  maxChunk = n;
}

/** Decodes an encoding to the kernel's packed point (a copy, 80 bytes), or null if invalid. */
export function wasmDecodeGe(encoding: Uint8Array): Uint8Array | null {
  const e = ex;
  if (!e) throw new CryptoError('CRYPTO_BACKEND_NOT_READY', 'WebAssembly verifier not loaded: call initCrypto()');
  // The first 4 KiB above __heap_base always exist (the memory starts at 4 MiB and never shrinks): no ensure().
  let mem = memView;
  if (mem.buffer !== e.memory.buffer) mem = memView = new Uint8Array(e.memory.buffer);
  mem.set(encoding, heapBase + 128);
  if (e.decode(heapBase + 160, heapBase + 128) !== 1) return null;
  if (slabOffset + PK > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    slabOffset = 0;
  }
  const out = slab.subarray(slabOffset, slabOffset + PK);
  slabOffset += PK;
  out.set(mem.subarray(heapBase + 160, heapBase + 160 + PK));
  return out;
}

/**
 * Packed points are views into 64 KiB slabs: a view is one small object, whereas an 80-byte copy of its own gets an
 * off-heap backing store (V8 keeps only typed arrays ≤ 64 bytes on the heap), which is slow to allocate and to
 * collect. A slab lives as long as any of its points (at most 64 KiB per long-lived point).
 */
const SLAB_BYTES = 65536;
let slab = new Uint8Array(SLAB_BYTES);
let slabOffset = 0;

/** A view of the kernel's memory, replaced when the memory grows (growing detaches the old buffer). */
let memView = new Uint8Array(0);

function run(encodings: readonly Uint8Array[], scalars: readonly bigint[]): { out: number; encOut: number } | null {
  const e = ex;
  if (!e) throw new CryptoError('CRYPTO_BACKEND_NOT_READY', 'WebAssembly verifier not loaded: call initCrypto()');
  const n = encodings.length;
  if (scalars.length !== n) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'msm: points and scalars differ in length');
  const c = windowFor(n);
  const offEnc = heapBase + 128;
  const offPts = align(offEnc + 32 * n);
  const offSc = align(offPts + PK * n);
  const offOut = align(offSc + 32 * n);
  const offEncOut = offOut + GE;
  const offScratch = align(offEncOut + 32);
  const scratch = e.msm_scratch_bytes(n, c);
  let mem = ensure(offScratch + scratch - heapBase);
  for (let i = 0; i < n; i++) {
    const p = encodings[i]!;
    if (p.length === PK) mem.set(p, offPts + PK * i);
    else {
      mem.set(p, offEnc + 32 * i);
      if (e.decode(offPts + PK * i, offEnc + 32 * i) !== 1) return null;
    }
  }
  mem = new Uint8Array(e.memory.buffer);
  for (let i = 0; i < n; i++) le32(scalars[i]!, mem, offSc + 32 * i);
  e.msm(offOut, offPts, offSc, n, c, offScratch);
  return { out: offOut, encOut: offEncOut };
}

function align(x: number): number {
  return (x + 15) & ~15;
}

/** Decodes one encoding with the WebAssembly decoder (tests: agreement with noble/libsodium). */
export function wasmDecodeValid(encoding: Uint8Array): boolean {
  const e = ex;
  if (!e) throw new CryptoError('CRYPTO_BACKEND_NOT_READY', 'WebAssembly verifier not loaded: call initCrypto()');
  const mem = ensure(1024);
  mem.set(encoding, heapBase + 128);
  return e.decode(heapBase + 256, heapBase + 128) === 1;
}

/** Decode-then-encode round trip (tests). */
export function wasmRoundTrip(encoding: Uint8Array): Uint8Array | null {
  const e = ex!;
  const mem = ensure(2048);
  mem.set(encoding, heapBase + 128);
  if (e.decode(heapBase + 256, heapBase + 128) !== 1) return null;
  e.unpack(heapBase + 512, heapBase + 256);
  e.encode(heapBase + 1024, heapBase + 512);
  return new Uint8Array(e.memory.buffer).slice(heapBase + 1024, heapBase + 1056);
}

/**
 * Σ points (each a packed point from wasmDecodeGe / Point.wasmGe), as a 32-byte encoding: the homomorphic sum
 * of many ciphertext components, one kernel addition per point instead of a libsodium decode-add-encode.
 */
export function wasmSumGe(points: readonly Uint8Array[]): Uint8Array {
  const e = ex;
  if (!e) throw new CryptoError('CRYPTO_BACKEND_NOT_READY', 'WebAssembly verifier not loaded: call initCrypto()');
  const n = points.length;
  const offPts = align(heapBase + 128);
  const offOut = align(offPts + PK * n);
  const offEnc = offOut + GE;
  let mem = ensure(offEnc + 32 - heapBase);
  for (let i = 0; i < n; i++) mem.set(points[i]!, offPts + PK * i);
  e.ge_sum(offOut, offPts, n);
  e.encode(offEnc, offOut);
  mem = new Uint8Array(e.memory.buffer);
  return mem.slice(offEnc, offEnc + 32);
}

/**
 * Σ plus − Σ minus of packed points (PUBLIC data only), as its encoding and, unless it is the identity, its packed
 * form, obtained from the 1/Z the encoding computes: a verifier's derived statement points (sums of ciphertexts,
 * β − G) get both without a libsodium decode-add-encode or a decode of the result.
 */
export function wasmSumEncodePacked(plus: readonly Uint8Array[], minus: readonly Uint8Array[] = []): { encoding: Uint8Array; packed: Uint8Array | null } {
  const e = ex;
  if (!e) throw new CryptoError('CRYPTO_BACKEND_NOT_READY', 'WebAssembly verifier not loaded: call initCrypto()');
  const n = plus.length + minus.length;
  const offPts = align(heapBase + 128);
  const offNeg = align(offPts + PK * n);
  const offEnc = align(offNeg + n);
  const offPacked = offEnc + 32;
  let mem = ensure(offPacked + PK - heapBase);
  for (let i = 0; i < n; i++) {
    mem.set(i < plus.length ? plus[i]! : minus[i - plus.length]!, offPts + PK * i);
    mem[offNeg + i] = i < plus.length ? 0 : 1;
  }
  const live = e.sum_encode(offEnc, offPacked, offPts, offNeg, n) === 1;
  mem = new Uint8Array(e.memory.buffer);
  const encoding = mem.slice(offEnc, offEnc + 32);
  if (!live) return { encoding, packed: null };
  if (slabOffset + PK > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    slabOffset = 0;
  }
  const packed = slab.subarray(slabOffset, slabOffset + PK);
  slabOffset += PK;
  packed.set(mem.subarray(offPacked, offPacked + PK));
  return { encoding, packed };
}

/**
 * One combined check over encodings laid out by the caller (PUBLIC data only), for verifiers that parse their
 * input straight into bytes (no Point object per point): `encodings` holds n 32-byte encodings, `scalars` n 32-byte
 * little-endian scalars in [0, ℓ); `fixed` adds already decoded points (packed, e.g. G and the election key) with
 * their scalars. Decodes every encoding strictly, returns null if one is invalid; else whether
 * Σ scalars[i]·points[i] is the identity, and the encoding of Σ of each range [start, start + count) of the
 * encoded points (the homomorphic sums of ciphertext components), computed before the check.
 */
export function wasmCheckEncoded(
  encodings: Uint8Array,
  scalars: Uint8Array,
  n: number,
  fixed: readonly { packed: Uint8Array; scalar: bigint }[],
  sums: readonly (readonly [number, number])[],
): { identity: boolean; sums: Uint8Array[] } | null {
  const e = ex;
  if (!e) throw new CryptoError('CRYPTO_BACKEND_NOT_READY', 'WebAssembly verifier not loaded: call initCrypto()');
  if (encodings.length < 32 * n || scalars.length < 32 * n) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'checkEncoded: buffers shorter than n');
  const total = n + fixed.length;
  const c = windowFor(total);
  const offEnc = align(heapBase + 128);
  const offPts = align(offEnc + 32 * n);
  const offSc = align(offPts + PK * total);
  const offOut = align(offSc + 32 * total);
  const offEncOut = offOut + GE;
  const offScratch = align(offEncOut + 32);
  let mem = ensure(offScratch + e.msm_scratch_bytes(total, c) - heapBase);
  mem.set(encodings.subarray(0, 32 * n), offEnc);
  for (let i = 0; i < n; i++) if (e.decode(offPts + PK * i, offEnc + 32 * i) !== 1) return null;
  mem.set(scalars.subarray(0, 32 * n), offSc);
  for (let i = 0; i < fixed.length; i++) {
    mem.set(fixed[i]!.packed, offPts + PK * (n + i));
    le32(fixed[i]!.scalar, mem, offSc + 32 * (n + i));
  }
  const out: Uint8Array[] = [];
  for (const [start, count] of sums) {
    if (start < 0 || count < 0 || start + count > n) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'checkEncoded: sum range outside the points');
    e.ge_sum(offOut, offPts + PK * start, count);
    e.encode(offEncOut, offOut);
    mem = new Uint8Array(e.memory.buffer);
    out.push(mem.slice(offEncOut, offEncOut + 32));
  }
  e.msm(offOut, offPts, offSc, total, c, offScratch);
  return { identity: e.is_identity(offOut) === 1, sums: out };
}
