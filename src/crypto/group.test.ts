import { beforeAll, describe, expect, it } from 'vitest';
import sodium from 'libsodium-wrappers-sumo';
import { sha512 } from '@noble/hashes/sha2.js';
import { CryptoError } from './errors';
import { G, GENERATOR_H_LABEL, GROUP_ORDER, H, Point, hashToScalar, mulBase, randomScalar, scalarFromBytes, scalarFromHex, scalarToBytes, scalarToHex } from './group';
import { bytesToHex, hexToBytes, utf8 } from './bytes';
import { initCrypto, setBackend } from './sodium';
import { seededRng } from './random';

// RFC 9496 §A.1 multiples of the generator, and §A.2 invalid encodings.
const MULTIPLES = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76',
  '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919',
  '94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259',
];
const BAD_ENCODINGS = [
  // non-canonical field encodings
  '00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  // negative field elements
  '0100000000000000000000000000000000000000000000000000000000000000',
  '01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  // non-square x^2
  '26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371',
  // negative xy value
  '3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e',
  // s = -1 / square root of -1
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

describe.each(['noble', 'sodium', 'wasm'] as const)('group (%s back end)', (backend) => {
  beforeAll(async () => {
    await initCrypto();
    setBackend(backend);
  });

  it('matches the RFC 9496 multiples of the generator', () => {
    for (let i = 1; i < MULTIPLES.length; i++) expect(mulBase(BigInt(i)).toHex()).toBe(MULTIPLES[i]);
    expect(Point.fromHex(MULTIPLES[0], { allowIdentity: true }).isIdentity()).toBe(true);
  });

  it('rejects invalid and non-canonical encodings with CRYPTO_INVALID_POINT', () => {
    for (const hex of BAD_ENCODINGS) {
      expect(() => Point.fromHex(hex)).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_POINT' }));
    }
  });

  it('rejects the identity unless allowed, wrong lengths, bad hex', () => {
    expect(() => Point.fromHex('00'.repeat(32))).toThrowError(expect.objectContaining({ code: 'CRYPTO_IDENTITY_POINT' }));
    expect(() => Point.fromBytes(new Uint8Array(31))).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_LENGTH' }));
    expect(() => Point.fromBytes(new Uint8Array(33))).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_LENGTH' }));
    expect(() => Point.fromHex(MULTIPLES[1]!.toUpperCase())).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_HEX' }));
    expect(() => Point.fromHex(MULTIPLES[1]!.slice(2))).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_LENGTH' }));
    expect(() => Point.fromHex(42)).toThrowError(CryptoError);
  });

  it('round-trips points and does arithmetic consistently', () => {
    const rng = seededRng('group-test');
    for (let i = 0; i < 5; i++) {
      const a = randomScalar(rng);
      const b = randomScalar(rng);
      const A = mulBase(a);
      const B = mulBase(b);
      expect(Point.fromBytes(A.toBytes()).equals(A)).toBe(true);
      expect(A.add(B).equals(mulBase((a + b) % GROUP_ORDER))).toBe(true);
      expect(A.sub(B).add(B).equals(A)).toBe(true);
      expect(A.mul(b).equals(B.mul(a))).toBe(true);
      expect(A.mulSecret(b).equals(B.mul(a))).toBe(true);
      expect(A.neg().add(A).isIdentity()).toBe(true);
    }
  });
});

describe('scalars', () => {
  it('encodes little-endian and rejects values ≥ ℓ, wrong lengths', () => {
    expect(scalarToHex(1n)).toBe('01' + '00'.repeat(31));
    expect(scalarFromHex(scalarToHex(GROUP_ORDER - 1n))).toBe(GROUP_ORDER - 1n);
    const l = new Uint8Array(32);
    let v = GROUP_ORDER;
    for (let i = 0; i < 32; i++) {
      l[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    expect(() => scalarFromBytes(l)).toThrowError(expect.objectContaining({ code: 'CRYPTO_NONCANONICAL_SCALAR' }));
    expect(() => scalarFromHex('ff'.repeat(32))).toThrowError(expect.objectContaining({ code: 'CRYPTO_NONCANONICAL_SCALAR' }));
    expect(() => scalarFromBytes(new Uint8Array(31))).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_LENGTH' }));
    expect(() => scalarFromBytes(new Uint8Array(32), { allowZero: false })).toThrowError(expect.objectContaining({ code: 'CRYPTO_ZERO_SCALAR' }));
    expect(() => scalarToBytes(GROUP_ORDER)).toThrowError(expect.objectContaining({ code: 'CRYPTO_NONCANONICAL_SCALAR' }));
    expect(() => scalarToBytes(-1n)).toThrowError(expect.objectContaining({ code: 'CRYPTO_NONCANONICAL_SCALAR' }));
  });

  it('hashToScalar is domain separated and length prefixed', () => {
    expect(hashToScalar('a', utf8('bc'))).not.toBe(hashToScalar('ab', utf8('c')));
    expect(hashToScalar('x', utf8('ab'), utf8('c'))).not.toBe(hashToScalar('x', utf8('a'), utf8('bc')));
  });
});

describe('second generator H', () => {
  it('is libsodium from_hash(SHA-512(label)) and independent of G', async () => {
    await sodium.ready;
    const expected = sodium.crypto_core_ristretto255_from_hash(sha512(utf8(GENERATOR_H_LABEL)));
    expect(H.toHex()).toBe(bytesToHex(expected));
    expect(H.equals(G)).toBe(false);
    expect(hexToBytes(H.toHex())).toEqual(expected);
  });
});

describe('strict hex', () => {
  it('round-trips every byte and rejects anything but lowercase hex of even length', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(hexToBytes(bytesToHex(all))).toEqual(all);
    for (const bad of ['0', 'AB', 'g0', '0G', 'é0', '0\u0100', ' 0', '0 ', '\u00ff\u00ff']) {
      expect(() => hexToBytes(bad), JSON.stringify(bad)).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_HEX' }));
    }
  });

  it('names bad characters before a wrong length, and a wrong length of valid hex as such', () => {
    const ok = '0a'.repeat(32);
    expect(hexToBytes(ok, 32)).toEqual(new Uint8Array(32).fill(10));
    for (const bad of ['0a'.repeat(31) + '0G', 'zz', 'a:'.repeat(40), '0a'.repeat(20) + '\u0130a'])
      expect(() => hexToBytes(bad, 32), JSON.stringify(bad)).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_HEX' }));
    for (const short of ['', '0a', '0a'.repeat(33)]) expect(() => hexToBytes(short, 32)).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_LENGTH' }));
  });
});
