import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { dkgAnswer, dkgAnswerMessage, dkgComplain, dkgComplaintMessage, dkgComplaintVerdict, dkgQualifyAccountable, dkgSignDealing, dkgSignedDealingFault, dkgVerifyDealingSignature } from './dkg-accountable';
import { sign } from './signature';
import { combinePartialDecryptions, dkgAnswerComplaint, dkgDeal, dkgDealingDigest, dkgFinalize, dkgQualify, dkgVerificationKey, dkgVerifyShare, decryptShare, encryptShare, lagrangeCoefficients, partialDecrypt, thresholdDecrypt, type DkgParams, type DkgShare } from './dkg';
import { encrypt, generateKeyPair } from './elgamal';
import { G, IDENTITY, Point, mulBase, randomScalar, scalarAdd } from './group';
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

describe('accountable DKG: signed dealings, complaints with evidence, signed answers (spec §9.1, V7a, V8a)', () => {
  beforeAll(async () => {
    await initCrypto();
    setBackend('wasm');
  });
  const rng = seededRng('dkg-accountable');
  const params: DkgParams = { threshold: 2, trustees: 3, context: ['procedure-acc'] };
  const keys = [1, 2, 3].map(() => generateKeyPair(rng));
  const keyMap = new Map(keys.map((k, i) => [i + 1, k.publicKey] as const));
  /** Dealer i deals honestly except that share j is replaced by `bad` (if given). */
  function deal(i: number, tamper?: { recipient: number; delta: bigint }) {
    const d = dkgDeal(params, i, rng);
    const enc = d.shares.map((s) => {
      const value = tamper && tamper.recipient === s.recipient ? scalarAdd(s.share, tamper.delta) : s.share;
      return encryptShare(params, { ...s, share: value }, keys[s.recipient - 1]!.publicKey, rng);
    });
    return { ...d, signed: dkgSignDealing(params, keys[i - 1]!.secretKey, d.dealing, enc, keys.map((k) => k.publicKey), rng) };
  }

  it('an honest transcript qualifies everyone; signatures and ephemeral proofs verify', () => {
    const deals = [1, 2, 3].map((i) => deal(i));
    for (const d of deals) {
      expect(dkgVerifyDealingSignature(params, keyMap.get(d.dealing.dealer)!, d.signed, keys.map((k) => k.publicKey))).toBe(true);
      expect(dkgVerifyDealingSignature(params, keyMap.get(1 + (d.dealing.dealer % 3))!, d.signed, keys.map((k) => k.publicKey))).toBe(false);
      // Made to other recipients' keys than the registered ones (a server's split view): not this dealing.
      expect(dkgVerifyDealingSignature(params, keyMap.get(d.dealing.dealer)!, d.signed, [keys[0]!.publicKey, generateKeyPair(rng).publicKey, keys[2]!.publicKey])).toBe(false);
      expect(dkgSignedDealingFault(params, d.signed)).toBeNull();
    }
    const q = dkgQualifyAccountable(params, { keys: keyMap, dealings: deals.map((d) => d.signed) });
    expect(q).toEqual({ qualified: [1, 2, 3], disqualified: [], falseComplaints: [], upheldComplaints: [] });
  });

  it('a bad share yields an upheld complaint; unanswered it disqualifies, answered correctly it does not, answered wrongly it does', () => {
    const deals = [deal(1), deal(2, { recipient: 3, delta: 1n }), deal(3)];
    const signed = deals.map((d) => d.signed);
    const complaint = dkgComplain(params, 3, keys[2]!.secretKey, signed[1]!, rng);
    const v = dkgComplaintVerdict(params, keys[2]!.publicKey, signed[1]!, complaint);
    expect(v.verdict).toBe('upheld');
    // the unmasked share is exactly what the dealer encrypted (its true share + 1)
    expect(v.verdict !== 'invalid' && v.share).toBe(scalarAdd(deals[1]!.shares[2]!.share, 1n));
    expect(dkgQualifyAccountable(params, { keys: keyMap, dealings: signed, complaints: [complaint] }).disqualified).toEqual([{ dealer: 2, reason: 'unanswered-complaint' }]);
    const answer = dkgAnswer(params, deals[1]!.secret, keys[1]!.secretKey, complaint, rng);
    const ok = dkgQualifyAccountable(params, { keys: keyMap, dealings: signed, complaints: [complaint], answers: [answer] });
    expect(ok).toMatchObject({ qualified: [1, 2, 3], upheldComplaints: [{ dealer: 2, complainer: 3 }] });
    const wrong = { ...answer, share: scalarAdd(answer.share, 5n) };
    const resigned = { ...wrong, signature: sign(keys[1]!.secretKey, dkgAnswerMessage(params, wrong), rng) };
    expect(dkgQualifyAccountable(params, { keys: keyMap, dealings: signed, complaints: [complaint], answers: [resigned] }).disqualified).toEqual([{ dealer: 2, reason: 'invalid-answer' }]);
  });

  it('a false complaint (the share was fine) disqualifies nobody and names the complainer', () => {
    const signed = [1, 2, 3].map((i) => deal(i).signed);
    const complaint = dkgComplain(params, 1, keys[0]!.secretKey, signed[2]!, rng);
    expect(dkgComplaintVerdict(params, keys[0]!.publicKey, signed[2]!, complaint).verdict).toBe('false');
    expect(dkgQualifyAccountable(params, { keys: keyMap, dealings: signed, complaints: [complaint] })).toMatchObject({ qualified: [1, 2, 3], falseComplaints: [{ dealer: 3, complainer: 1 }] });
  });

  it('rejects forged complaints, forged answers and unsigned dealings as messages their author did not write', () => {
    const signed = [1, 2, 3].map((i) => deal(i).signed);
    const good = dkgComplain(params, 1, keys[0]!.secretKey, signed[1]!, rng);
    // someone without trustee 1's key: its own key signs and proves
    const mallory = generateKeyPair(rng);
    const forged = dkgComplain(params, 1, mallory.secretKey, signed[1]!, rng);
    expect(dkgComplaintVerdict(params, keys[0]!.publicKey, signed[1]!, forged)).toMatchObject({ verdict: 'invalid' });
    // trustee 1's signature but a made-up DH value (re-signed): the Chaum–Pedersen proof fails
    const fakeDh = { ...good, dh: mulBase(randomScalar(rng)) };
    const { signature: _s, ...fakeBody } = fakeDh;
    void _s;
    const fakeSigned = { ...fakeDh, signature: sign(keys[0]!.secretKey, dkgComplaintMessage(params, signed[1]!.encryptedShares[0]!, fakeBody), rng) };
    expect(dkgComplaintVerdict(params, keys[0]!.publicKey, signed[1]!, fakeSigned)).toMatchObject({ verdict: 'invalid', reason: expect.stringMatching(/Chaum–Pedersen/) });
    expect(() => dkgQualifyAccountable(params, { keys: keyMap, dealings: signed, complaints: [forged] })).toThrowError(expect.objectContaining({ kind: 'complaint', index: 0 }));
    // an answer nobody asked for, and an answer signed by someone else
    const answer = dkgAnswer(params, { dealer: 2, coefficients: [1n, 2n] }, mallory.secretKey, { dealer: 2, complainer: 1 }, rng);
    expect(() => dkgQualifyAccountable(params, { keys: keyMap, dealings: signed, complaints: [], answers: [answer] })).toThrowError(expect.objectContaining({ kind: 'answer' }));
    expect(() => dkgQualifyAccountable(params, { keys: keyMap, dealings: signed, complaints: [good], answers: [answer] })).toThrowError(expect.objectContaining({ kind: 'answer', message: expect.stringMatching(/not signed by dealer 2/) }));
    // a share changed in transit: the dealing's signature no longer verifies
    const s1 = signed[0]!;
    const moved = { ...s1, encryptedShares: s1.encryptedShares.map((e) => (e.recipient === 2 ? { ...e, masked: scalarAdd(e.masked, 1n) } : e)) };
    expect(dkgVerifyDealingSignature(params, keys[0]!.publicKey, moved, keys.map((k) => k.publicKey))).toBe(false);
    expect(() => dkgQualifyAccountable(params, { keys: keyMap, dealings: [moved, signed[1]!, signed[2]!] })).toThrowError(expect.objectContaining({ kind: 'dealing', index: 0 }));
  });

  it('a signed share without a valid ephemeral proof disqualifies its dealer (it could turn a complaint into a decryption oracle)', () => {
    const d = deal(1);
    const other = deal(2).signed.encryptedShares[1]!; // dealer 2's share to trustee 2: a valid proof, but for (2, 2)
    const enc = d.signed.encryptedShares.map((e) => (e.recipient === 2 ? { ...e, ephemeral: other.ephemeral, proof: other.proof } : e));
    const signed = dkgSignDealing(params, keys[0]!.secretKey, d.dealing, enc, keys.map((k) => k.publicKey), rng);
    expect(dkgSignedDealingFault(params, signed)).toBe('invalid-share-encryption');
    const q = dkgQualifyAccountable(params, { keys: keyMap, dealings: [signed, deal(2).signed, deal(3).signed] });
    expect(q.disqualified).toEqual([{ dealer: 1, reason: 'invalid-share-encryption' }]);
  });

  it('property: a complaint is upheld exactly when the encrypted share differs from f_i(j); no complaint disqualifies an honest dealer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.bigInt({ min: 0n, max: 3n }), (dealer, complainer, delta) => {
        const d = deal(dealer, { recipient: complainer, delta });
        const c = dkgComplain(params, complainer, keys[complainer - 1]!.secretKey, d.signed, rng);
        const v = dkgComplaintVerdict(params, keys[complainer - 1]!.publicKey, d.signed, c);
        expect(v.verdict).toBe(delta === 0n ? 'false' : 'upheld');
        const others = [1, 2, 3].filter((i) => i !== dealer).map((i) => deal(i).signed);
        const q = dkgQualifyAccountable(params, { keys: keyMap, dealings: [d.signed, ...others], complaints: [c] });
        expect(q.qualified.includes(dealer)).toBe(delta === 0n);
      }),
      { numRuns: 12 },
    );
  });
});
