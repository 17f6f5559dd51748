/** Negative tests for every decoder: wrong types, keys, lengths, hex, non-canonical points, identity, scalars ≥ ℓ. */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, encrypt } from './elgamal';
import { GROUP_ORDER, Point, scalarToHex } from './group';
import { proveZeroOne } from './proofs';
import { seededRng } from './random';
import {
  ciphertextFromJSON,
  ciphertextToJSON,
  dkgComplaintAnswerFromJSON,
  dkgComplaintFromJSON,
  dkgDealingFromJSON,
  dkgDealingToJSON,
  dkgShareFromJSON,
  encryptedShareFromJSON,
  encryptedShareToJSON,
  partialDecryptionFromJSON,
  partialDecryptionToJSON,
  pointFromJSON,
  scalarFromJSON,
  sigmaProofFromJSON,
  sigmaProofToJSON,
  signatureFromJSON,
  signatureToJSON,
  thresholdProofFromJSON,
  thresholdProofToJSON,
} from './serialize';
import { sign, signatureFromBytes } from './signature';
import { dkgDeal, encryptShare, partialDecrypt } from './dkg';
import { commit } from './pedersen';
import { proveThreshold } from './threshold-proof';
import { initCrypto, setBackend } from './sodium';

const NONCANONICAL_POINT = 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f';
const NOT_ON_CURVE = '26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371';
const IDENTITY_HEX = '00'.repeat(32);
const ORDER_HEX = scalarToHex(GROUP_ORDER - 1n).replace(/^ec/, 'ed'); // ℓ itself, little-endian
const BIG_SCALAR = 'ff'.repeat(32);
const code = (c: string) => expect.objectContaining({ code: c });

beforeAll(async () => {
  await initCrypto();
  setBackend('sodium');
});

const rng = seededRng('serialize-test');
const { publicKey, secretKey } = generateKeyPair(rng);
const enc = encrypt(publicKey, 1, undefined, rng);
const ct = ciphertextToJSON(enc.ciphertext);
const proof = sigmaProofToJSON(proveZeroOne({ publicKey, ciphertext: enc.ciphertext, value: 1, randomness: enc.randomness, context: ['x'], rng }));

/** Runs the standard point-field attacks on `field` of a JSON object parsed by `parse`. */
function pointFieldAttacks(obj: Record<string, unknown>, set: (o: Record<string, unknown>, v: unknown) => void, parse: (o: unknown) => unknown, identityAllowed = false) {
  const attack = (v: unknown) => {
    const o = structuredClone(obj);
    set(o, v);
    return () => parse(o);
  };
  expect(attack(NONCANONICAL_POINT)).toThrowError(code('CRYPTO_INVALID_POINT'));
  expect(attack(NOT_ON_CURVE)).toThrowError(code('CRYPTO_INVALID_POINT'));
  expect(attack('ab')).toThrowError(code('CRYPTO_INVALID_LENGTH'));
  expect(attack(IDENTITY_HEX + '00')).toThrowError(code('CRYPTO_INVALID_LENGTH'));
  expect(attack('zz'.repeat(32))).toThrowError(code('CRYPTO_INVALID_HEX'));
  expect(attack(NONCANONICAL_POINT.toUpperCase())).toThrowError(code('CRYPTO_INVALID_HEX'));
  expect(attack(7)).toThrowError(code('CRYPTO_INVALID_HEX'));
  if (!identityAllowed) expect(attack(IDENTITY_HEX)).toThrowError(code('CRYPTO_IDENTITY_POINT'));
  else expect(attack(IDENTITY_HEX)).not.toThrow();
}

function scalarFieldAttacks(obj: Record<string, unknown>, set: (o: Record<string, unknown>, v: unknown) => void, parse: (o: unknown) => unknown) {
  const attack = (v: unknown) => {
    const o = structuredClone(obj);
    set(o, v);
    return () => parse(o);
  };
  expect(attack(ORDER_HEX)).toThrowError(code('CRYPTO_NONCANONICAL_SCALAR'));
  expect(attack(BIG_SCALAR)).toThrowError(code('CRYPTO_NONCANONICAL_SCALAR'));
  expect(attack('00')).toThrowError(code('CRYPTO_INVALID_LENGTH'));
  expect(attack(null)).toThrowError(code('CRYPTO_INVALID_HEX'));
}

function shapeAttacks(obj: Record<string, unknown>, parse: (o: unknown) => unknown) {
  expect(() => parse(null)).toThrowError(code('CRYPTO_INVALID_ENCODING'));
  expect(() => parse([])).toThrowError(code('CRYPTO_INVALID_ENCODING'));
  expect(() => parse('x')).toThrowError(code('CRYPTO_INVALID_ENCODING'));
  expect(() => parse({ ...obj, extra: 1 })).toThrowError(code('CRYPTO_INVALID_ENCODING'));
  const key = Object.keys(obj)[0]!;
  const missing = { ...obj };
  delete missing[key];
  expect(() => parse(missing)).toThrowError(code('CRYPTO_INVALID_ENCODING'));
}

describe('decoders reject malformed input', () => {
  it('sanity: the ORDER_HEX constant is ℓ', () => {
    expect(BigInt('0x' + ORDER_HEX.match(/../g)!.reverse().join(''))).toBe(GROUP_ORDER);
  });

  it('points and scalars', () => {
    pointFieldAttacks({ p: ct.alpha }, (o, v) => (o.p = v), (o) => pointFromJSON((o as { p: unknown }).p));
    scalarFieldAttacks({ s: proof.responses[0] }, (o, v) => (o.s = v), (o) => scalarFromJSON((o as { s: unknown }).s));
    expect(() => Point.fromBytes(new Uint8Array(0))).toThrowError(code('CRYPTO_INVALID_LENGTH'));
  });

  it('ciphertext', () => {
    expect(ciphertextFromJSON(ct).alpha.toHex()).toBe(ct.alpha);
    shapeAttacks(ct as unknown as Record<string, unknown>, (o) => ciphertextFromJSON(o));
    pointFieldAttacks(ct as unknown as Record<string, unknown>, (o, v) => (o.alpha = v), (o) => ciphertextFromJSON(o));
    pointFieldAttacks(ct as unknown as Record<string, unknown>, (o, v) => (o.beta = v), (o) => ciphertextFromJSON(o), true);
  });

  it('sigma proof', () => {
    const o = proof as unknown as Record<string, unknown>;
    shapeAttacks(o, (x) => sigmaProofFromJSON(x, 'proof', [2, 2]));
    pointFieldAttacks(o, (x, v) => ((x.commitments as unknown[][])[1]![0] = v), (x) => sigmaProofFromJSON(x, 'proof', [2, 2]), true);
    scalarFieldAttacks(o, (x, v) => ((x.challenges as unknown[])[0] = v), (x) => sigmaProofFromJSON(x, 'proof', [2, 2]));
    scalarFieldAttacks(o, (x, v) => ((x.responses as unknown[])[1] = v), (x) => sigmaProofFromJSON(x, 'proof', [2, 2]));
    expect(() => sigmaProofFromJSON({ ...proof, responses: proof.responses.slice(1) }, 'p', [2, 2])).toThrowError(code('CRYPTO_INVALID_ENCODING'));
    expect(() => sigmaProofFromJSON({ ...proof, commitments: [proof.commitments[0]] }, 'p', [2, 2])).toThrowError(code('CRYPTO_INVALID_ENCODING'));
    expect(() => sigmaProofFromJSON({ ...proof, commitments: [proof.commitments[0], proof.commitments[1]!.slice(1)] }, 'p', [2, 2])).toThrowError(code('CRYPTO_INVALID_ENCODING'));
    expect(() => sigmaProofFromJSON({ commitments: [], challenges: [], responses: [] })).toThrowError(code('CRYPTO_INVALID_ENCODING'));
  });

  it('signature (JSON and 64 bytes)', () => {
    const sig = signatureToJSON(sign(secretKey, 'm', rng));
    const o = sig as unknown as Record<string, unknown>;
    shapeAttacks(o, (x) => signatureFromJSON(x));
    pointFieldAttacks(o, (x, v) => (x.R = v), (x) => signatureFromJSON(x));
    scalarFieldAttacks(o, (x, v) => (x.s = v), (x) => signatureFromJSON(x));
    expect(() => signatureFromBytes(new Uint8Array(63))).toThrowError(code('CRYPTO_INVALID_LENGTH'));
    const bytes = new Uint8Array(64);
    expect(() => signatureFromBytes(bytes)).toThrowError(code('CRYPTO_IDENTITY_POINT'));
  });

  it('threshold proof', () => {
    const c = commit(1, undefined, rng);
    const tp = thresholdProofToJSON(proveThreshold({ commitments: [c.commitment], count: 1, randomness: c.randomness, threshold: 1, bits: 2, context: [], rng }));
    const o = tp as unknown as Record<string, unknown>;
    expect(thresholdProofFromJSON(tp).bits).toBe(2);
    shapeAttacks(o, (x) => thresholdProofFromJSON(x));
    expect(() => thresholdProofFromJSON({ ...tp, outcome: 'maybe' })).toThrowError(code('CRYPTO_INVALID_ENCODING'));
    expect(() => thresholdProofFromJSON({ ...tp, bits: 3 })).toThrowError(code('CRYPTO_INVALID_ENCODING'));
    expect(() => thresholdProofFromJSON({ ...tp, bits: 0 })).toThrowError(code('CRYPTO_INVALID_ENCODING'));
    expect(() => thresholdProofFromJSON({ ...tp, bits: 2.5 })).toThrowError(code('CRYPTO_INVALID_ENCODING'));
    pointFieldAttacks(o, (x, v) => ((x.bitCommitments as unknown[])[0] = v), (x) => thresholdProofFromJSON(x), true);
  });

  it('DKG messages and partial decryptions', () => {
    const params = { threshold: 2, trustees: 3, context: ['s'] };
    const deal = dkgDeal(params, 1, rng);
    const dealing = dkgDealingToJSON(deal.dealing) as unknown as Record<string, unknown>;
    expect(dkgDealingFromJSON(dealing, 'd', 2).dealer).toBe(1);
    shapeAttacks(dealing, (x) => dkgDealingFromJSON(x, 'd', 2));
    pointFieldAttacks(dealing, (x, v) => ((x.commitments as unknown[])[1] = v), (x) => dkgDealingFromJSON(x, 'd', 2));
    expect(() => dkgDealingFromJSON({ ...dealing, dealer: 0 }, 'd', 2)).toThrowError(code('CRYPTO_INVALID_ENCODING'));
    expect(() => dkgDealingFromJSON({ ...dealing, dealer: '1' }, 'd', 2)).toThrowError(code('CRYPTO_INVALID_ENCODING'));
    expect(() => dkgDealingFromJSON(dealing, 'd', 3)).toThrowError(code('CRYPTO_INVALID_ENCODING'));

    const share = { dealer: 1, recipient: 2, share: scalarToHex(deal.shares[1]!.share) };
    expect(dkgShareFromJSON(share).recipient).toBe(2);
    shapeAttacks(share, (x) => dkgShareFromJSON(x));
    scalarFieldAttacks(share, (x, v) => (x.share = v), (x) => dkgShareFromJSON(x));
    expect(() => dkgShareFromJSON({ ...share, recipient: -1 })).toThrowError(code('CRYPTO_INVALID_ENCODING'));

    const es = encryptedShareToJSON(encryptShare(params, deal.shares[1]!, publicKey, rng)) as unknown as Record<string, unknown>;
    shapeAttacks(es, (x) => encryptedShareFromJSON(x));
    pointFieldAttacks(es, (x, v) => (x.ephemeral = v), (x) => encryptedShareFromJSON(x));
    scalarFieldAttacks(es, (x, v) => (x.masked = v), (x) => encryptedShareFromJSON(x));

    const complaint = { dealer: 1, complainer: 2 };
    shapeAttacks(complaint, (x) => dkgComplaintFromJSON(x));
    const answer = { ...complaint, share: share.share };
    shapeAttacks(answer, (x) => dkgComplaintAnswerFromJSON(x));
    scalarFieldAttacks(answer, (x, v) => (x.share = v), (x) => dkgComplaintAnswerFromJSON(x));

    const pd = partialDecryptionToJSON(partialDecrypt({ index: 1, secretShare: secretKey, verificationKey: publicKey }, enc.ciphertext, ['s'], rng)) as unknown as Record<string, unknown>;
    expect(partialDecryptionFromJSON(pd).trustee).toBe(1);
    shapeAttacks(pd, (x) => partialDecryptionFromJSON(x));
    pointFieldAttacks(pd, (x, v) => (x.share = v), (x) => partialDecryptionFromJSON(x));
  });
});
