import { beforeAll, describe, expect, it } from 'vitest';
import { combinePartialDecryptions, dkgAnswerComplaint, dkgDeal, dkgFinalize, dkgQualify, dkgVerificationKey, dkgVerifyShare, decryptShare, encryptShare, partialDecrypt, thresholdDecrypt, type DkgParams, type DkgShare } from './dkg';
import { encrypt, generateKeyPair } from './elgamal';
import { G, Point, scalarAdd } from './group';
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
