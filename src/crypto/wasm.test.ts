/** The WebAssembly verifier kernel (./wasm/msm.c) against noble (reference) and RFC 9496 vectors. */
import { ristretto255 } from '@noble/curves/ed25519.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from './bytes';
import { _setWasmChunkSize, initWasm, wasmDecodeGe, wasmDecodeValid, wasmMsm, wasmMsmIsIdentity, wasmRoundTrip, wasmSumEncodePacked, wasmSumGe } from './wasm';
import { MSM_WASM_SOURCE_SHA256 } from './wasm/msm-wasm';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const NP = ristretto255.Point;
const L = NP.Fn.ORDER;
const MULTIPLES = [
  'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76',
  '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919',
  '94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259',
];
const BAD = [
  '00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371',
  '3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

beforeAll(async () => {
  await initWasm();
});

const scalarArb = fc.bigInt({ min: 0n, max: L - 1n });
const pointArb = fc.bigInt({ min: 1n, max: L - 1n }).map((k) => NP.BASE.multiply(k));

describe('WebAssembly verifier kernel', () => {
  it('is built from the committed source', () => {
    const src = readFileSync(new URL('./wasm/msm.c', import.meta.url));
    expect(createHash('sha256').update(src).digest('hex')).toBe(MSM_WASM_SOURCE_SHA256);
  });

  it('decodes and re-encodes the RFC 9496 multiples; rejects the RFC invalid encodings', () => {
    for (const h of MULTIPLES) expect(bytesToHex(wasmRoundTrip(hexToBytes(h))!)).toBe(h);
    for (const h of BAD) expect(wasmDecodeValid(hexToBytes(h))).toBe(false);
  });

  it('agrees with noble on validity of arbitrary 32-byte strings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (b, forceLowBitsClear) => {
        if (forceLowBitsClear) {
          b[0]! &= 0xfe;
          b[31]! &= 0x7f;
        }
        let valid = true;
        try {
          NP.fromBytes(b);
        } catch {
          valid = false;
        }
        expect(wasmDecodeValid(b)).toBe(valid);
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips random points', () => {
    fc.assert(
      fc.property(pointArb, (p) => {
        expect(bytesToHex(wasmRoundTrip(p.toBytes())!)).toBe(p.toHex());
      }),
      { numRuns: 30 },
    );
  });

  it('multi-scalar multiplication equals noble (Straus and Pippenger sizes, zero and extreme scalars)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(pointArb, fc.oneof(scalarArb, fc.constantFrom(0n, 1n, L - 1n))), { minLength: 1, maxLength: 12 }), (terms) => {
        const expected = pippenger(NP, terms.map(([p]) => p), terms.map(([, k]) => k));
        const got = wasmMsm(terms.map(([p]) => p.toBytes()), terms.map(([, k]) => k));
        expect(bytesToHex(got!)).toBe(expected.toHex());
        expect(wasmMsmIsIdentity(terms.map(([p]) => p.toBytes()), terms.map(([, k]) => k))).toBe(expected.is0());
      }),
      { numRuns: 25 },
    );
    const big = Array.from({ length: 300 }, (_, i) => NP.BASE.multiply(BigInt(i + 2) * 7919n));
    const ks = big.map((_, i) => (L - 1n) / BigInt(i + 1));
    expect(bytesToHex(wasmMsm(big.map((p) => p.toBytes()), ks)!)).toBe(pippenger(NP, big, ks).toHex());
  });

  it('signed-digit Pippenger equals noble on random scalars, short (128-bit) scalars and digit-boundary scalars', () => {
    const pts = Array.from({ length: 200 }, (_, i) => NP.BASE.multiply(BigInt(i + 5) * 104729n));
    const rnd = fc.sample(scalarArb, { numRuns: 200, seed: 7 });
    // 2^(c·j) ± 1 and all-ones runs hit the carry of the signed recoding at every window size.
    const edge = pts.map((_, i) => (i % 3 === 0 ? rnd[i]! >> 125n : i % 3 === 1 ? ((1n << BigInt(10 * (i % 25))) - 1n) % L : rnd[i]!));
    for (const ks of [rnd, edge]) expect(bytesToHex(wasmMsm(pts.map((p) => p.toBytes()), ks)!)).toBe(pippenger(NP, pts, ks).toHex());
  });

  it('sums decoded points (the homomorphic tally) as noble does', () => {
    const pts = Array.from({ length: 57 }, (_, i) => NP.BASE.multiply(BigInt(i + 11) * 7727n));
    const expected = pts.reduce((a, p) => a.add(p), NP.ZERO);
    expect(bytesToHex(wasmSumGe(pts.map((p) => wasmDecodeGe(p.toBytes())!)))).toBe(expected.toHex());
    expect(bytesToHex(wasmSumGe([]))).toBe(NP.ZERO.toHex());
  });

  it('Σ plus − Σ minus gives the encoding and a packed form that serves MSMs as the decoded encoding does', () => {
    fc.assert(
      fc.property(fc.array(pointArb, { minLength: 0, maxLength: 5 }), fc.array(pointArb, { minLength: 0, maxLength: 3 }), scalarArb, (plus, minus, k) => {
        const expected = minus.reduce((a, p) => a.subtract(p), plus.reduce((a, p) => a.add(p), NP.ZERO));
        const r = wasmSumEncodePacked(plus.map((p) => wasmDecodeGe(p.toBytes())!), minus.map((p) => wasmDecodeGe(p.toBytes())!));
        expect(bytesToHex(r.encoding)).toBe(expected.toHex());
        if (expected.is0()) {
          expect(r.packed).toBeNull();
          return;
        }
        // The packed sum is some representative of the element: an MSM over it equals noble's.
        const other = NP.BASE.multiply(12345n);
        expect(bytesToHex(wasmMsm([r.packed!, other.toBytes()], [k, 3n])!)).toBe(expected.multiplyUnsafe(k).add(other.multiply(3n)).toHex());
        expect(wasmMsmIsIdentity([r.packed!, expected.toBytes()], [1n, L - 1n])).toBe(true);
      }),
      { numRuns: 40 },
    );
    const P = NP.BASE.multiply(99n);
    const ge = wasmDecodeGe(P.toBytes())!;
    const zero = wasmSumEncodePacked([ge], [ge]);
    expect(bytesToHex(zero.encoding)).toBe(NP.ZERO.toHex());
    expect(zero.packed).toBeNull();
  });

  it('splits large inputs into chunks with the same result', () => {
    const pts = Array.from({ length: 40 }, (_, i) => NP.BASE.multiply(BigInt(i + 3) * 1009n));
    const ks = pts.map((_, i) => BigInt(i * 7 + 1));
    // Σ k_i·P_i − (Σ k_i·P_i) = 0: append the negated total as one more term.
    const total = pippenger(NP, pts, ks);
    const all = [...pts.map((p) => p.toBytes()), total.negate().toBytes()];
    const allK = [...ks, 1n];
    try {
      _setWasmChunkSize(7);
      expect(wasmMsmIsIdentity(all, allK)).toBe(true);
      allK[3] = allK[3]! + 1n;
      expect(wasmMsmIsIdentity(all, allK)).toBe(false);
    } finally {
      _setWasmChunkSize(1 << 15);
    }
  });

  it('detects the identity and invalid inputs', () => {
    const P = NP.BASE.multiply(12345n);
    expect(wasmMsmIsIdentity([P.toBytes(), P.negate().toBytes()], [5n, 5n])).toBe(true);
    expect(wasmMsmIsIdentity([P.toBytes(), P.negate().toBytes()], [5n, 6n])).toBe(false);
    expect(wasmMsm([hexToBytes(BAD[4]!)], [1n])).toBeNull();
  });
});
