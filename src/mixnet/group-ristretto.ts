/**
 * ristretto255 as a MixGroup, on src/crypto's Point (libsodium for single multiplications and secret exponents,
 * the WebAssembly kernel for multi-scalar multiplication when `initCrypto()` has run; noble otherwise, same results).
 * Written additively underneath: mul = point addition, exp = scalar multiplication, msm = Σ k_i·P_i.
 *
 * Independent generators: element derivation of RFC 9496 §4.3.4 applied to
 * SHA-512("confidence/v1/mixnet-generator" ‖ u32be(len(label)) ‖ label ‖ u32be(i)) — the same map that derives
 * the project's second generator H (src/crypto/group.ts), so nobody knows a discrete-log relation among them.
 */
import { ristretto255_hasher } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, u32be, utf8 } from '../crypto/bytes';
import { CryptoError } from '../crypto/errors';
import { G, GROUP_ORDER, IDENTITY, Point, hashToScalar, mulBase, mulBasePublic, randomScalar, scalarMod } from '../crypto/group';
import type { Rng } from '../crypto/random';
import { sodium, useWasmVerifier } from '../crypto/sodium';
import { wasmMsm } from '../crypto/wasm';
import type { MixGroup } from './group';

class RistrettoGroup implements MixGroup<Point> {
  readonly name = 'ristretto255';
  readonly order = GROUP_ORDER;
  readonly generator = G;
  readonly identity = IDENTITY;

  mul(x: Point, y: Point): Point {
    return x.add(y);
  }
  inv(x: Point): Point {
    return x.neg();
  }
  exp(x: Point, k: bigint): Point {
    const s = scalarMod(k);
    if (x === G) return mulBasePublic(s);
    return x.mul(s);
  }
  expSecret(x: Point, k: bigint): Point {
    const s = scalarMod(k);
    if (s === 0n) return IDENTITY;
    if (x === G) return mulBase(s);
    return x.mulSecret(s);
  }
  msm(bases: readonly Point[], exps: readonly bigint[]): Point {
    if (bases.length !== exps.length) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'msm: length mismatch');
    const wasm = useWasmVerifier();
    const pts: Uint8Array[] = [];
    const ks: bigint[] = [];
    const live: Point[] = [];
    for (let i = 0; i < bases.length; i++) {
      const k = scalarMod(exps[i]!);
      const b = bases[i]!;
      if (k === 0n || b.isIdentity()) continue;
      live.push(b);
      ks.push(k);
    }
    if (live.length === 0) return IDENTITY;
    if (wasm && live.length > 2) {
      // A point strictly decoded from outside (Point.fromBytes) keeps the kernel's decoded form: pass that, so a
      // received point is decompressed once, not again in every multi-exponentiation. Computed points go as
      // encodings (caching their decoded form would cost 320 bytes a point in the mixer's memory).
      for (const b of live) pts.push(b.cachedWasmGe ?? b.encoded);
      const out = wasmMsm(pts, ks);
      if (out === null) throw new CryptoError('CRYPTO_INVALID_POINT', 'msm: invalid point encoding');
      return Point.fromBytes(out, { allowIdentity: true });
    }
    let acc: Point = IDENTITY;
    for (let i = 0; i < live.length; i++) acc = acc.add(live[i]!.mul(ks[i]!));
    return acc;
  }
  equals(x: Point, y: Point): boolean {
    return x.equals(y);
  }
  encode(x: Point): Uint8Array {
    return x.encoded;
  }
  decode(bytes: Uint8Array, opts: { allowIdentity?: boolean; field?: string } = {}): Point {
    return Point.fromBytes(bytes, opts);
  }
  hashToScalar(dst: string, ...parts: Uint8Array[]): bigint {
    return hashToScalar(dst, ...parts);
  }
  independentGenerators(label: string, n: number): Point[] {
    const l = utf8(label);
    const prefix = concatBytes(utf8('confidence/v1/mixnet-generator'), u32be(l.length), l);
    const s = sodium();
    const out: Point[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const h = sha512(concatBytes(prefix, u32be(i)));
      out[i] = s ? Point.fromTrustedBytes(s.crypto_core_ristretto255_from_hash(h)) : Point.fromNoble(ristretto255_hasher.deriveToCurve!(h));
    }
    return out;
  }
  randomScalar(rng: Rng): bigint {
    return randomScalar(rng);
  }
}

export const RISTRETTO: MixGroup<Point> = new RistrettoGroup();
