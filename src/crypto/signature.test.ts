import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from './elgamal';
import { sign, signatureFromBytes, signatureToBytes, verify } from './signature';
import { G } from './group';
import { seededRng } from './random';
import { initCrypto, setBackend } from './sodium';

describe.each(['noble', 'sodium', 'wasm'] as const)('Schnorr signatures (%s)', (backend) => {
  beforeAll(async () => {
    await initCrypto();
    setBackend(backend);
  });
  const rng = seededRng('sig-test');
  it('signs and verifies, binding key and message', () => {
    const { secretKey, publicKey } = generateKeyPair(rng);
    const other = generateKeyPair(rng).publicKey;
    const sig = sign(secretKey, 'ballot-hash', rng);
    expect(verify(publicKey, 'ballot-hash', sig)).toBe(true);
    expect(verify(publicKey, 'ballot-hasH', sig)).toBe(false);
    expect(verify(other, 'ballot-hash', sig)).toBe(false);
    expect(verify(publicKey, 'ballot-hash', { R: sig.R.add(G), s: sig.s })).toBe(false);
    expect(verify(publicKey, 'ballot-hash', signatureFromBytes(signatureToBytes(sig)))).toBe(true);
  });
});
