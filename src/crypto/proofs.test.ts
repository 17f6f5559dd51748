import { beforeAll, describe, expect, it } from 'vitest';
import { encrypt, generateKeyPair } from './elgamal';
import { commit } from './pedersen';
import { G, IDENTITY, mulBase, randomScalar } from './group';
import {
  proveCommitmentRange,
  proveCommitmentZeroOne,
  proveEqualLogs,
  proveKnowledge,
  proveRange,
  proveZeroOne,
  verifyCommitmentRange,
  verifyCommitmentZeroOne,
  verifyEqualLogs,
  verifyKnowledge,
  verifyRange,
  verifyZeroOne,
} from './proofs';
import { seededRng } from './random';
import { initCrypto, setBackend } from './sodium';
import { sigmaProofFromJSON, sigmaProofToJSON } from './serialize';

describe.each(['noble', 'sodium', 'wasm'] as const)('proofs (%s)', (backend) => {
  beforeAll(async () => {
    await initCrypto();
    setBackend(backend);
  });
  const rng = seededRng('proofs-test');
  const { publicKey } = generateKeyPair(rng);
  const credential = generateKeyPair(rng).publicKey;
  const context = ['procedure-1', publicKey, credential] as const;

  it('0/1 proofs verify for 0 and 1, fail across contexts and values', () => {
    for (const value of [0, 1]) {
      const { ciphertext, randomness } = encrypt(publicKey, value, undefined, rng);
      const proof = proveZeroOne({ publicKey, ciphertext, value, randomness, context, rng });
      expect(verifyZeroOne(publicKey, ciphertext, proof, context)).toBe(true);
      expect(verifyZeroOne(publicKey, ciphertext, proof, ['procedure-2', publicKey, credential])).toBe(false);
      expect(verifyZeroOne(publicKey, ciphertext, sigmaProofFromJSON(sigmaProofToJSON(proof), 'p', [2, 2]), context)).toBe(true);
    }
    const { ciphertext, randomness } = encrypt(publicKey, 2, undefined, rng);
    // A cheating prover claiming branch 0 for an encryption of 2 produces an invalid proof.
    const forged = proveSigmaCheat(ciphertext, randomness);
    expect(verifyZeroOne(publicKey, ciphertext, forged, context)).toBe(false);
    function proveSigmaCheat(ct: typeof ciphertext, r: bigint) {
      return proveZeroOne({ publicKey, ciphertext: ct, value: 0, randomness: r, context, rng });
    }
  });

  it('range 0..L proofs', () => {
    const { ciphertext, randomness } = encrypt(publicKey, 3, undefined, rng);
    const proof = proveRange({ publicKey, ciphertext, value: 3, randomness, context, rng }, 5);
    expect(verifyRange(publicKey, ciphertext, 5, proof, context)).toBe(true);
    expect(verifyRange(publicKey, ciphertext, 4, proof, context)).toBe(false);
    const c = commit(2, undefined, rng);
    const cp = proveCommitmentRange({ commitment: c.commitment, value: 2, randomness: c.randomness, context, rng }, 3);
    expect(verifyCommitmentRange(c.commitment, 3, cp, context)).toBe(true);
    const c1 = commit(1, undefined, rng);
    const zp = proveCommitmentZeroOne({ commitment: c1.commitment, value: 1, randomness: c1.randomness, context, rng });
    expect(verifyCommitmentZeroOne(c1.commitment, zp, context)).toBe(true);
    expect(verifyCommitmentZeroOne(c.commitment, zp, context)).toBe(false);
  });

  it('statements with identity keys or α are rejected', () => {
    const { ciphertext, randomness } = encrypt(publicKey, 1, undefined, rng);
    const proof = proveZeroOne({ publicKey, ciphertext, value: 1, randomness, context, rng });
    expect(verifyZeroOne(IDENTITY, ciphertext, proof, context)).toBe(false);
    expect(verifyZeroOne(publicKey, { alpha: IDENTITY, beta: ciphertext.beta }, proof, context)).toBe(false);
    expect(verifyKnowledge(IDENTITY, proveKnowledge(1n, G, context, rng), context)).toBe(false);
    expect(() => proveRange({ publicKey, ciphertext, value: 2, randomness, context, rng }, 1)).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_PARAMETER' }));
    expect(() => proveRange({ publicKey, ciphertext, value: 0, randomness, context, rng }, 65)).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_PARAMETER' }));
    // wrong shape: a 3-branch proof for a 0/1 statement
    const three = proveRange({ publicKey, ciphertext, value: 1, randomness, context, rng }, 2);
    expect(verifyZeroOne(publicKey, ciphertext, three, context)).toBe(false);
  });

  it('Schnorr and Chaum–Pedersen', () => {
    const x = randomScalar(rng);
    const X = mulBase(x);
    const p = proveKnowledge(x, X, context, rng);
    expect(verifyKnowledge(X, p, context)).toBe(true);
    expect(verifyKnowledge(X.add(G), p, context)).toBe(false);
    const A = mulBase(randomScalar(rng));
    const D = A.mul(x);
    const cp = proveEqualLogs(x, X, A, D, context, rng);
    expect(verifyEqualLogs(X, A, D, cp, context)).toBe(true);
    expect(verifyEqualLogs(X, A, D.add(G), cp, context)).toBe(false);
  });
});
