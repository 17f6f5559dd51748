import { beforeAll, describe, expect, it } from 'vitest';
import { addCiphertexts, sumCiphertexts, decrypt, encrypt, generateKeyPair, rerandomize, scaleCiphertext, trivialCiphertext, ciphertextEquals } from './elgamal';
import { discreteLog } from './dlog';
import { mulBase } from './group';
import { seededRng } from './random';
import { initCrypto, setBackend } from './sodium';

describe.each(['noble', 'sodium', 'wasm'] as const)('exponential ElGamal (%s)', (backend) => {
  beforeAll(async () => {
    await initCrypto();
    setBackend(backend);
  });
  const rng = seededRng('elgamal-test');

  it('encrypts, re-randomises, adds, scales and decrypts small integers', () => {
    const { secretKey, publicKey } = generateKeyPair(rng);
    const a = encrypt(publicKey, 3, undefined, rng);
    const b = encrypt(publicKey, 4, undefined, rng);
    expect(decrypt(secretKey, a.ciphertext, 100)).toBe(3);
    const re = rerandomize(publicKey, a.ciphertext, undefined, rng);
    expect(ciphertextEquals(re.ciphertext, a.ciphertext)).toBe(false);
    expect(decrypt(secretKey, re.ciphertext, 100)).toBe(3);
    expect(decrypt(secretKey, addCiphertexts(a.ciphertext, b.ciphertext), 100)).toBe(7);
    expect(decrypt(secretKey, scaleCiphertext(b.ciphertext, 5), 100)).toBe(20);
    expect(decrypt(secretKey, addCiphertexts(a.ciphertext, trivialCiphertext(2)), 100)).toBe(5);
    expect(decrypt(secretKey, encrypt(publicKey, 0, undefined, rng).ciphertext, 100)).toBe(0);
  });

  it('sums many ciphertexts (a tally) exactly as repeated addition does, identities included', () => {
    const { secretKey, publicKey } = generateKeyPair(rng);
    const cts = Array.from({ length: 9 }, (_, i) => encrypt(publicKey, i % 2, undefined, rng).ciphertext);
    cts.push(trivialCiphertext(0));
    const sum = sumCiphertexts(cts);
    expect(ciphertextEquals(sum, addCiphertexts(...cts))).toBe(true);
    expect(decrypt(secretKey, sum, 100)).toBe(4);
    expect(ciphertextEquals(sumCiphertexts([]), trivialCiphertext(0))).toBe(true);
  });

  it('is deterministic given the randomness', () => {
    const { publicKey } = generateKeyPair(rng);
    const r = 12345n;
    expect(ciphertextEquals(encrypt(publicKey, 1, r).ciphertext, encrypt(publicKey, 1, r).ciphertext)).toBe(true);
  });

  it('rejects plaintexts outside the bound', () => {
    const { secretKey, publicKey } = generateKeyPair(rng);
    expect(() => decrypt(secretKey, encrypt(publicKey, 100, undefined, rng).ciphertext, 100)).toThrowError(expect.objectContaining({ code: 'CRYPTO_DECRYPTION_OUT_OF_RANGE' }));
    expect(() => encrypt(publicKey, -1)).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_PARAMETER' }));
  });
});

describe('baby-step giant-step', () => {
  beforeAll(async () => {
    await initCrypto();
    setBackend('sodium');
  });
  it('solves logs up to the 2^24 default bound', () => {
    for (const m of [0, 1, 4095, 4096, 1_000_003, 2 ** 24 - 1]) expect(discreteLog(mulBase(BigInt(m) || 0n))).toBe(m);
    expect(() => discreteLog(mulBase(BigInt(2 ** 24)))).toThrowError(expect.objectContaining({ code: 'CRYPTO_DECRYPTION_OUT_OF_RANGE' }));
  });
  it('supports larger configured bounds', () => {
    expect(discreteLog(mulBase(BigInt(2 ** 25 + 5)), 2 ** 26)).toBe(2 ** 25 + 5);
  });
});
