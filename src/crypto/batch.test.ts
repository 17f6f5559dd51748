import { beforeAll, describe, expect, it } from 'vitest';
import { BatchVerifier, batchVerifySignatures, batchVerifyZeroOne, type ZeroOneItem } from './batch';
import { sign } from './signature';
import { encrypt, generateKeyPair } from './elgamal';
import { G, scalarAdd } from './group';
import { proveZeroOne, verifyZeroOne } from './proofs';
import { seededRng } from './random';
import { initCrypto, setBackend } from './sodium';

const rng = seededRng('batch-test');
const elections = [generateKeyPair(rng), generateKeyPair(rng)];

function honest(i: number): ZeroOneItem {
  const Y = elections[i % 2]!.publicKey;
  const value = (i >> 1) % 2;
  const context = [`proc-${i % 2}`, Y, `voter-${i}`];
  const { ciphertext, randomness } = encrypt(Y, value, undefined, rng);
  return { publicKey: Y, ciphertext, proof: proveZeroOne({ publicKey: Y, ciphertext, value, randomness, context, rng }), context };
}

/** Different kinds of corruption, some caught by the hash check, some only by the group equations. */
function corrupt(item: ZeroOneItem, kind: number): ZeroOneItem {
  const p = { commitments: item.proof.commitments.map((r) => [...r]), challenges: [...item.proof.challenges], responses: [...item.proof.responses] };
  switch (kind % 5) {
    case 0: // response changed: hash still matches, equations fail
      p.responses[1] = scalarAdd(p.responses[1]!, 1n);
      return { ...item, proof: p };
    case 1: // commitment changed: hash fails
      p.commitments[0]![1] = p.commitments[0]![1]!.add(G);
      return { ...item, proof: p };
    case 2: // challenges shifted between branches: sum still e, equations fail
      p.challenges[0] = scalarAdd(p.challenges[0]!, 5n);
      p.challenges[1] = scalarAdd(p.challenges[1]!, 2n ** 252n + 27742317777372353535851937790883648493n - 5n);
      return { ...item, proof: p };
    case 3: // ciphertext changed: hash fails
      return { ...item, ciphertext: { ...item.ciphertext, beta: item.ciphertext.beta.add(G) } };
    default: // wrong context
      return { ...item, context: ['other', ...item.context.slice(1)] };
  }
}

describe.each(['sodium', 'noble', 'wasm'] as const)('batch verification (%s)', (backend) => {
  beforeAll(async () => {
    await initCrypto();
    setBackend(backend);
  });
  const n = backend === 'noble' ? 12 : 40;

  it('groups a ballot\'s proof and signature and names the ballot', () => {
    const bv = new BatchVerifier<string>();
    for (let i = 0; i < 6; i++) {
      const item = honest(i + 200);
      const cred = generateKeyPair(rng);
      const sig = sign(cred.secretKey, `ballot ${i}`, rng);
      bv.addZeroOne(item, `ballot-${i}`);
      bv.addSignature(cred.publicKey, i === 4 ? 'tampered' : `ballot ${i}`, sig, `ballot-${i}`);
    }
    expect(bv.verify()).toEqual({ valid: false, invalid: ['ballot-4'] });
    const sigs = Array.from({ length: 5 }, (_, i) => {
      const cred = generateKeyPair(rng);
      return { publicKey: cred.publicKey, message: `m${i}`, signature: sign(cred.secretKey, `m${i}`, rng) };
    });
    expect(batchVerifySignatures(sigs)).toEqual({ valid: true, invalid: [] });
    sigs[3] = { ...sigs[3]!, message: 'x' };
    expect(batchVerifySignatures(sigs)).toEqual({ valid: false, invalid: [3] });
  });

  it('agrees with one-by-one verification on mixed batches', () => {
    const items = Array.from({ length: n }, (_, i) => honest(i));
    expect(batchVerifyZeroOne(items)).toEqual({ valid: true, invalid: [] });
    const bad = new Set([1, 4, 5, n - 1]);
    const mixed = items.map((it, i) => (bad.has(i) ? corrupt(it, i) : it));
    const oneByOne = mixed.map((it, i) => (verifyZeroOne(it.publicKey, it.ciphertext, it.proof, it.context) ? -1 : i)).filter((i) => i >= 0);
    expect(oneByOne).toEqual([...bad].sort((a, b) => a - b));
    expect(batchVerifyZeroOne(mixed)).toEqual({ valid: false, invalid: oneByOne });
    expect(batchVerifyZeroOne([])).toEqual({ valid: true, invalid: [] });
  });

  it('names every corruption kind in isolation', () => {
    for (let kind = 0; kind < 5; kind++) {
      const items = Array.from({ length: 5 }, (_, i) => honest(i + 100));
      items[2] = corrupt(items[2]!, kind);
      expect(batchVerifyZeroOne(items)).toEqual({ valid: false, invalid: [2] });
    }
  });
});

describe.each(['wasm', 'sodium'] as const)('one bad proof in a batch of 1,000 (%s)', (backend) => {
  beforeAll(async () => {
    await initCrypto();
    setBackend(backend);
  });
  it('is found and identified', () => {
    const base = Array.from({ length: 50 }, (_, i) => honest(i + 1000));
    const items = Array.from({ length: 1000 }, (_, i) => base[i % base.length]!);
    const badIndex = 637;
    items[badIndex] = corrupt(items[badIndex]!, 0); // passes the hash check: only the batched equation catches it
    expect(batchVerifyZeroOne(items)).toEqual({ valid: false, invalid: [badIndex] });
  }, 120_000);
});
