import { beforeAll, describe, expect, it } from 'vitest';
import { combinePartialDecryptions, dkgAnswerComplaint, dkgDeal, dkgDealingDigest, dkgFinalize, dkgQualify, dkgVerificationKey, dkgVerifyShare, decryptShare, encryptShare, lagrangeCoefficients, partialDecrypt, thresholdDecrypt, type DkgParams, type DkgShare } from './dkg';
import { encrypt, generateKeyPair } from './elgamal';
import { G, IDENTITY, Point, scalarAdd } from './group';
import { seededRng } from './random';
import { initCrypto, setBackend } from './sodium';

describe('Pedersen DKG and threshold decryption', () => {
  beforeAll(async () => {
    await initCrypto();
    setBackend('wasm');
  });
  const rng = seededRng('dkg-test');
  const params: DkgParams = { threshold: 3, trustees: 5, context: ['procedure-dkg'] };

  it('runs 3-of-5 with a cheating dealer who is disqualified, and decrypts with any 3', () => {
    const deals = [1, 2, 3, 4, 5].map((i) => dkgDeal(params, i, rng));
    // dealer 4 sends a bad share to trustee 2 and then refuses to answer
    const bad = deals[3]!.shares[1]!;
    const tampered: DkgShare = { ...bad, share: scalarAdd(bad.share, 1n) };
    expect(dkgVerifyShare(params, deals[3]!.dealing, tampered)).toBe(false);
    // dealer 5 sends a bad share to trustee 1 but answers the complaint correctly
    const answer5 = dkgAnswerComplaint(deals[4]!.secret, { dealer: 5, complainer: 1 });
    const dealings = deals.map((d) => d.dealing);
    const q = dkgQualify(params, dealings, [{ dealer: 4, complainer: 2 }, { dealer: 5, complainer: 1 }], [answer5]);
    expect(q.qualified).toEqual([1, 2, 3, 5]);
    expect(q.disqualified).toEqual([{ dealer: 4, reason: 'unanswered-complaint' }]);

    const keys = [1, 2, 3, 4, 5].map((j) => dkgFinalize(params, dealings, q.qualified, j, deals.flatMap((d) => d.shares)));
    const publicKey = keys[0]!.publicKey;
    for (const k of keys) {
      expect(k.publicKey.equals(publicKey)).toBe(true);
      expect(dkgVerificationKey(params, dealings, q.qualified, k.index).equals(k.verificationKey)).toBe(true);
    }
    const vks = new Map(keys.map((k) => [k.index, k.verificationKey] as const));
    const { ciphertext } = encrypt(publicKey, 42, undefined, rng);
    const context = ['procedure-dkg', publicKey];
    const partials = keys.map((k) => partialDecrypt(k, ciphertext, context, rng));
    for (const subset of [[0, 1, 2], [2, 3, 4], [0, 2, 4]]) {
      const r = thresholdDecrypt({ ciphertext, partials: subset.map((i) => partials[i]!), verificationKeys: vks, threshold: 3, context }, 1000);
      expect(r.value).toBe(42);
    }
    // a cheating trustee is named and skipped
    const cheat = { ...partials[1]!, share: partials[1]!.share.add(G) };
    const r = combinePartialDecryptions({ ciphertext, partials: [partials[0]!, cheat, partials[2]!, partials[3]!], verificationKeys: vks, threshold: 3, context });
    expect(r.invalid).toEqual([2]);
    expect(r.used).toEqual([1, 3, 4]);
    // k − 1 valid partials are not enough
    expect(() => combinePartialDecryptions({ ciphertext, partials: [partials[0]!, cheat, partials[2]!], verificationKeys: vks, threshold: 3, context })).toThrowError(
      expect.objectContaining({ code: 'CRYPTO_NOT_ENOUGH_SHARES', details: { trustee: 2 } }),
    );
  });

  it('finalize names the dealer of an invalid share; share encryption round-trips', () => {
    const deals = [1, 2, 3].map((i) => dkgDeal({ ...params, trustees: 3, threshold: 2 }, i, rng));
    const p3 = { ...params, trustees: 3, threshold: 2 };
    const shares = deals.flatMap((d) => d.shares).map((s) => (s.dealer === 2 && s.recipient === 3 ? { ...s, share: 5n } : s));
    expect(() => dkgFinalize(p3, deals.map((d) => d.dealing), [1, 2, 3], 3, shares)).toThrowError(expect.objectContaining({ code: 'CRYPTO_SHARE_INVALID', details: { trustee: 2 } }));
    const comm = generateKeyPair(rng);
    const s = deals[0]!.shares[2]!;
    const enc = encryptShare(p3, s, comm.publicKey, rng);
    expect(decryptShare(p3, enc, comm.secretKey)).toEqual(s);
    expect(Point.fromHex(enc.ephemeral.toHex()).equals(enc.ephemeral)).toBe(true);
  });
});

describe('DKG disqualification reasons (spec §9 step 5, V7–V8)', () => {
  beforeAll(async () => {
    await initCrypto();
    setBackend('wasm');
  });
  const rng = seededRng('dkg-disq');
  const params: DkgParams = { threshold: 2, trustees: 5, context: ['procedure-disq'] };

  it('names missing, malformed, invalid-proof, unanswered and invalid-answer dealers; digests are enforced', () => {
    const deals = [1, 2, 3, 4, 5].map((i) => dkgDeal(params, i, rng));
    const dealings = deals.map((d) => d.dealing);
    const digests = new Map(dealings.map((d) => [d.dealer, dkgDealingDigest(d)] as const));
    // 1: honest. 2: missing. 3: proof of knowledge bound to another dealer index. 4: answers a complaint wrongly.
    // 5: publishes a dealing different from its committed digest.
    const forged3 = { ...dealings[2]!, proof: deals[0]!.dealing.proof };
    const other5 = dkgDeal(params, 5, rng).dealing;
    const published = [dealings[0]!, forged3, dealings[3]!, other5];
    const badAnswer = { ...dkgAnswerComplaint(deals[3]!.secret, { dealer: 4, complainer: 1 }), share: 7n };
    const q = dkgQualify(params, published, [{ dealer: 4, complainer: 1 }], [badAnswer], digests);
    expect(q.qualified).toEqual([1]);
    expect(q.disqualified).toEqual([
      { dealer: 2, reason: 'missing-dealing' },
      { dealer: 3, reason: 'invalid-proof' },
      { dealer: 4, reason: 'invalid-answer' },
      { dealer: 5, reason: 'malformed-dealing' },
    ]);
    // wrong number of commitments / identity commitment
    const short = { ...dealings[0]!, commitments: dealings[0]!.commitments.slice(0, 1) };
    expect(dkgQualify(params, [short]).disqualified[0]).toEqual({ dealer: 1, reason: 'malformed-dealing' });
    const withIdentity = { ...dealings[0]!, commitments: [dealings[0]!.commitments[0]!, IDENTITY] };
    expect(dkgQualify(params, [withIdentity]).disqualified[0]).toEqual({ dealer: 1, reason: 'malformed-dealing' });
    // fewer than k qualified: finalisation refuses
    expect(() => dkgFinalize(params, published, q.qualified, 1, deals.flatMap((d) => d.shares))).toThrowError(expect.objectContaining({ code: 'CRYPTO_NOT_ENOUGH_SHARES' }));
  });

  it('a share decrypted with the wrong key fails the Feldman check (and would be complained about)', () => {
    const deal = dkgDeal(params, 1, rng);
    const alice = generateKeyPair(rng);
    const mallory = generateKeyPair(rng);
    const enc = encryptShare(params, deal.shares[1]!, alice.publicKey, rng);
    expect(dkgVerifyShare(params, deal.dealing, decryptShare(params, enc, alice.secretKey))).toBe(true);
    expect(dkgVerifyShare(params, deal.dealing, decryptShare(params, enc, mallory.secretKey))).toBe(false);
    expect(dkgVerifyShare(params, deal.dealing, { ...deal.shares[1]!, recipient: 3 })).toBe(false);
  });

  it('rejects bad parameters', () => {
    expect(() => dkgDeal({ ...params, threshold: 6 }, 1, rng)).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_PARAMETER' }));
    expect(() => dkgDeal({ ...params, threshold: 0 }, 1, rng)).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_PARAMETER' }));
    expect(() => dkgDeal(params, 6, rng)).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_PARAMETER' }));
    expect(() => lagrangeCoefficients([1, 1])).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_PARAMETER' }));
  });
});
