/**
 * A toy group: the subgroup of quadratic residues of Z_p^* for a safe prime p = 2q + 1, with bigint arithmetic.
 * It exists so the shuffle's algorithms can be checked by hand on small numbers (TOY_TINY, q = 1019) and
 * property-tested quickly on a group where a forged proof is not accepted by luck (TOY_64, q ≈ 2^63: a
 * cheating prover passes with probability about N/q). Never for real elections: 64-bit discrete logarithms are easy.
 *
 * Elements are bigints in [1, p) that are quadratic residues; the encoding is big-endian on ⌈log2 p / 8⌉ bytes.
 * hash-to-group: SHA-512(label, i, counter) reduced mod p, squared (so the result is a QR with unknown discrete
 * logarithm), retrying on 0 and 1.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, u32be, utf8 } from '../crypto/bytes';
import { CryptoError } from '../crypto/errors';
import type { Rng } from '../crypto/random';
import { modq, type MixGroup } from './group';

export class ToyGroup implements MixGroup<bigint> {
  readonly name: string;
  readonly order: bigint;
  readonly generator: bigint;
  readonly identity = 1n;
  readonly p: bigint;
  readonly byteLength: number;

  constructor(p: bigint, g: bigint) {
    if (p < 7n || p % 2n === 0n) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'toy group: p must be an odd safe prime');
    this.p = p;
    this.order = (p - 1n) / 2n;
    if (g <= 1n || g >= p || this.pow(g, this.order) !== 1n) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'toy group: g must generate the subgroup of order q');
    this.generator = g;
    this.byteLength = Math.ceil(p.toString(2).length / 8);
    this.name = `toy-p${p.toString()}`;
  }

  private pow(x: bigint, k: bigint): bigint {
    let r = 1n;
    let b = x % this.p;
    let e = k;
    while (e > 0n) {
      if (e & 1n) r = (r * b) % this.p;
      b = (b * b) % this.p;
      e >>= 1n;
    }
    return r;
  }

  mul(x: bigint, y: bigint): bigint {
    return (x * y) % this.p;
  }
  inv(x: bigint): bigint {
    return this.pow(x, this.p - 2n);
  }
  exp(x: bigint, k: bigint): bigint {
    return this.pow(x, modq(this.order, k));
  }
  expSecret(x: bigint, k: bigint): bigint {
    return this.exp(x, k);
  }
  msm(bases: readonly bigint[], exps: readonly bigint[]): bigint {
    if (bases.length !== exps.length) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'msm: length mismatch');
    let r = 1n;
    for (let i = 0; i < bases.length; i++) r = (r * this.exp(bases[i]!, exps[i]!)) % this.p;
    return r;
  }
  equals(x: bigint, y: bigint): boolean {
    return x === y;
  }
  encode(x: bigint): Uint8Array {
    const out = new Uint8Array(this.byteLength);
    let v = x;
    for (let i = this.byteLength - 1; i >= 0; i--) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return out;
  }
  decode(bytes: Uint8Array, opts: { allowIdentity?: boolean; field?: string } = {}): bigint {
    const field = opts.field ?? 'element';
    if (!(bytes instanceof Uint8Array) || bytes.length !== this.byteLength) {
      throw new CryptoError('CRYPTO_INVALID_ENCODING', `${field}: expected ${this.byteLength} bytes`, { field });
    }
    let v = 0n;
    for (const b of bytes) v = (v << 8n) | BigInt(b);
    if (v === 0n || v >= this.p || this.pow(v, this.order) !== 1n) {
      throw new CryptoError('CRYPTO_INVALID_POINT', `${field}: not an element of the order-q subgroup`, { field });
    }
    if (v === 1n && !opts.allowIdentity) throw new CryptoError('CRYPTO_IDENTITY_POINT', `${field}: the identity element is not allowed here`, { field });
    return v;
  }
  hashToScalar(dst: string, ...parts: Uint8Array[]): bigint {
    const d = utf8(dst);
    const chunks: Uint8Array[] = [u32be(d.length), d];
    for (const p of parts) chunks.push(u32be(p.length), p);
    return bytesToBig(sha512(concatBytes(...chunks))) % this.order;
  }
  independentGenerators(label: string, n: number): bigint[] {
    const out: bigint[] = [];
    const l = utf8(label);
    for (let i = 0; i < n; i++) {
      for (let counter = 0; ; counter++) {
        const x = bytesToBig(sha512(concatBytes(utf8('confidence/v1/toy-hash-to-group'), u32be(l.length), l, u32be(i), u32be(counter)))) % this.p;
        const h = (x * x) % this.p;
        if (h !== 0n && h !== 1n) {
          out.push(h);
          break;
        }
      }
    }
    return out;
  }
  randomScalar(rng: Rng): bigint {
    for (;;) {
      const k = bytesToBig(rng(64)) % this.order;
      if (k !== 0n) return k;
    }
  }
}

function bytesToBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/** p = 2039 = 2·1019 + 1, g = 4: every number fits on a page. */
export const TOY_TINY = new ToyGroup(2039n, 4n);
/** p = 2·(2^63 + 1295) + 1 (safe prime), g = 4: fast, and a forgery succeeds with probability ≈ 2^-63 per check. */
export const TOY_64 = new ToyGroup(18446744073709554719n, 4n);
