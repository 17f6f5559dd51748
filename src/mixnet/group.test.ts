import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, setBackend } from '../crypto/sodium';
import { seededRng } from '../crypto/random';
import { isCryptoError } from '../crypto/errors';
import type { MixGroup } from './group';
import { RISTRETTO } from './group-ristretto';
import { TOY_64, TOY_TINY } from './group-toy';

beforeAll(async () => {
  await initCrypto();
});

function laws<E>(group: MixGroup<E>) {
  const rng = seededRng(`laws-${group.name}`);
  const g = group.generator;
  const a = group.randomScalar(rng);
  const b = group.randomScalar(rng);
  expect(group.equals(group.mul(group.exp(g, a), group.exp(g, b)), group.exp(g, (a + b) % group.order))).toBe(true);
  expect(group.equals(group.exp(g, group.order - 1n), group.inv(g))).toBe(true);
  expect(group.equals(group.expSecret(g, a), group.exp(g, a))).toBe(true);
  const hs = group.independentGenerators('test', 5);
  const ks = hs.map(() => group.randomScalar(rng));
  let naive = group.identity;
  hs.forEach((h, i) => (naive = group.mul(naive, group.exp(h, ks[i]!))));
  expect(group.equals(group.msm(hs, ks), naive)).toBe(true);
  expect(group.equals(group.decode(group.encode(hs[0]!)), hs[0]!)).toBe(true);
  // generators: distinct, not the identity, not g, deterministic from the label
  const again = group.independentGenerators('test', 5);
  hs.forEach((h, i) => {
    expect(group.equals(h, again[i]!)).toBe(true);
    expect(group.equals(h, group.identity)).toBe(false);
    expect(group.equals(h, g)).toBe(false);
  });
  expect(new Set(hs.map((h) => Buffer.from(group.encode(h)).toString('hex'))).size).toBe(5);
  expect(group.equals(group.independentGenerators('other', 1)[0]!, hs[0]!)).toBe(false);
}

describe('mixnet group interface', () => {
  it('ristretto255 satisfies the group laws on every back end, with identical generators', () => {
    laws(RISTRETTO);
    const wasmHs = RISTRETTO.independentGenerators('cross', 3).map((h) => RISTRETTO.encode(h));
    setBackend('noble');
    try {
      laws(RISTRETTO);
      const nobleHs = RISTRETTO.independentGenerators('cross', 3).map((h) => RISTRETTO.encode(h));
      expect(nobleHs).toEqual(wasmHs);
    } finally {
      setBackend('wasm');
    }
  });

  it('the toy groups satisfy the group laws', () => {
    laws(TOY_TINY);
    laws(TOY_64);
  });

  it('toy group arithmetic checks by hand (p = 2039, q = 1019, g = 4)', () => {
    expect(TOY_TINY.order).toBe(1019n);
    expect(TOY_TINY.exp(4n, 3n)).toBe(64n);
    expect(TOY_TINY.exp(4n, 6n)).toBe(4096n % 2039n); // 18
    expect(TOY_TINY.mul(64n, 64n)).toBe(18n);
    expect(TOY_TINY.exp(4n, 1019n)).toBe(1n);
    expect(TOY_TINY.inv(4n)).toBe(510n); // 4 · 510 = 2040 ≡ 1
  });

  it('strict decoding rejects non-members, the identity and wrong lengths', () => {
    const enc = (v: bigint) => TOY_TINY.encode(v);
    // 2039 − 1 = −1 is not a quadratic residue mod a safe prime with p ≡ 3 (mod 4)
    expect(() => TOY_TINY.decode(enc(2038n))).toThrow(/order-q subgroup/);
    expect(() => TOY_TINY.decode(enc(0n))).toThrow();
    expect(() => TOY_TINY.decode(enc(1n))).toThrow(/identity/);
    expect(TOY_TINY.decode(enc(1n), { allowIdentity: true })).toBe(1n);
    expect(() => TOY_TINY.decode(new Uint8Array(3))).toThrow(/bytes/);
    try {
      RISTRETTO.decode(new Uint8Array(32).fill(0xff));
      expect.unreachable();
    } catch (e) {
      expect(isCryptoError(e, 'CRYPTO_INVALID_POINT')).toBe(true);
    }
  });
});
