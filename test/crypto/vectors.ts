/**
 * Builds the deterministic test vectors of docs/crypto-spec.md §12 from a seeded Rng. The committed file
 * test/vectors/crypto-v1.json is the output of buildVectors(VECTOR_SEED); vectors.test.ts rebuilds it on both
 * back ends and compares byte for byte, re-verifies everything through the strict parsers, and recomputes
 * every group operation and every Fiat–Shamir challenge with libsodium (an independent implementation).
 * Regenerate (only when the spec changes, with a version bump): npx tsx test/crypto/write-vectors.ts
 */
import { sha512 } from '@noble/hashes/sha2.js';
import {
  G,
  GENERATOR_H_LABEL,
  H,
  addCiphertexts,
  bytesToHex,
  ciphertextToJSON,
  commit,
  dkgDeal,
  dkgDealingToJSON,
  dkgFinalize,
  dkgQualify,
  dkgShareToJSON,
  encrypt,
  generateKeyPair,
  hashToScalar,
  mulBase,
  partialDecrypt,
  partialDecryptionToJSON,
  proveCommitmentZeroOne,
  proveEqualLogs,
  proveKnowledge,
  proveRange,
  proveThreshold,
  proveZeroOne,
  randomScalar,
  scalarFromWideBytes,
  scalarToHex,
  seededRng,
  sigmaProofToJSON,
  sign,
  signatureToJSON,
  thresholdDecrypt,
  thresholdProofToJSON,
  transcriptBytes,
  challenge,
  utf8,
  type DkgParams,
} from '../../src/crypto/index';

export const VECTOR_SEED = 'confidence/v1/test-vectors';

export function buildVectors(seed: string = VECTOR_SEED) {
  const rng = seededRng(seed);
  const procedureId = 'vector-procedure-0001';

  // §12.1 group
  const wide = [rng(64), rng(64), new Uint8Array(64).fill(0xff)];
  const pairs = Array.from({ length: 3 }, () => {
    const a = randomScalar(rng);
    const b = randomScalar(rng);
    const A = mulBase(a);
    const B = mulBase(b);
    return { a: scalarToHex(a), b: scalarToHex(b), A: A.toHex(), B: B.toHex(), sum: A.add(B).toHex(), difference: A.sub(B).toHex(), aB: B.mul(a).toHex() };
  });
  const group = {
    generator: G.toHex(),
    H: { label: GENERATOR_H_LABEL, sha512OfLabel: bytesToHex(sha512(utf8(GENERATOR_H_LABEL))), point: H.toHex() },
    wideReduction: wide.map((w) => ({ bytes: bytesToHex(w), scalar: scalarToHex(scalarFromWideBytes(w)) })),
    hashToScalar: [
      { dst: 'confidence/v1/example', parts: [], scalar: scalarToHex(hashToScalar('confidence/v1/example')) },
      { dst: 'confidence/v1/example', parts: ['616263', ''], scalar: scalarToHex(hashToScalar('confidence/v1/example', utf8('abc'), new Uint8Array(0))) },
    ],
    pairs,
  };

  // §12.2 transcript
  const election = generateKeyPair(rng);
  const credential = generateKeyPair(rng);
  const Y = election.publicKey;
  const context = [procedureId, Y, credential.publicKey] as const;
  const tStatement = [7, 12345n, utf8('raw')] as const;
  const transcript = {
    label: 'example',
    context: { procedureId, publicKey: Y.toHex(), credential: credential.publicKey.toHex() },
    statement: { uint: 7, scalar: scalarToHex(12345n), bytes: '726177' },
    commitments: [G.toHex()],
    bytes: bytesToHex(transcriptBytes('example', context, tStatement, [G])),
    challenge: scalarToHex(challenge('example', context, tStatement, [G])),
  };

  // §12.3 ElGamal
  const encryptions = [0, 1, 5].map((m) => {
    const { ciphertext, randomness } = encrypt(Y, m, undefined, rng);
    return { m, r: scalarToHex(randomness), ciphertext: ciphertextToJSON(ciphertext), _ct: ciphertext };
  });
  const sum = addCiphertexts(...encryptions.map((e) => e._ct));
  const elgamal = {
    secretKey: scalarToHex(election.secretKey),
    publicKey: Y.toHex(),
    encryptions: encryptions.map(({ _ct, ...rest }) => rest),
    sum: { m: 6, ciphertext: ciphertextToJSON(sum) },
  };

  // §12.4 Pedersen
  const commitments = [0, 1, 1, 1].map((m) => {
    const c = commit(m, undefined, rng);
    return { m, r: c.randomness, C: c.commitment };
  });
  const pedersen = commitments.map((c) => ({ m: c.m, r: scalarToHex(c.r), commitment: c.C.toHex() }));

  // §12.5 proofs
  const zeroOne = encryptions.slice(0, 2).map((e) => {
    const proof = proveZeroOne({ publicKey: Y, ciphertext: e._ct, value: e.m, randomness: BigInt('0x' + e.r.match(/../g)!.reverse().join('')), context, rng });
    return { value: e.m, ciphertext: e.ciphertext, proof: sigmaProofToJSON(proof) };
  });
  const e5 = encryptions[2]!;
  const range = { max: 5, ciphertext: e5.ciphertext, proof: sigmaProofToJSON(proveRange({ publicKey: Y, ciphertext: e5._ct, value: 5, randomness: BigInt('0x' + e5.r.match(/../g)!.reverse().join('')), context, rng }, 5)) };
  const schnorr = { publicKey: credential.publicKey.toHex(), proof: sigmaProofToJSON(proveKnowledge(credential.secretKey, credential.publicKey, context, rng)) };
  const A = mulBase(randomScalar(rng));
  const D = A.mul(election.secretKey);
  const chaumPedersen = { X: Y.toHex(), A: A.toHex(), D: D.toHex(), proof: sigmaProofToJSON(proveEqualLogs(election.secretKey, Y, A, D, context, rng)) };
  const c1 = commitments[1]!;
  const commitmentZeroOne = { commitment: c1.C.toHex(), proof: sigmaProofToJSON(proveCommitmentZeroOne({ commitment: c1.C, value: 1, randomness: c1.r, context, rng })) };
  const rSum = commitments.reduce((acc, c) => (acc + c.r) % (2n ** 252n + 27742317777372353535851937790883648493n), 0n);
  const threshold = [2, 4].map((t) => ({
    threshold: t,
    bits: 4,
    proof: thresholdProofToJSON(proveThreshold({ commitments: commitments.map((c) => c.C), count: 3, randomness: rSum, threshold: t, bits: 4, context, rng })),
  }));

  // §12.6 signature
  const message = utf8('ballot digest');
  const signature = { publicKey: credential.publicKey.toHex(), message: bytesToHex(message), signature: signatureToJSON(sign(credential.secretKey, message, rng)) };

  // §12.7 DKG 2-of-3 and threshold decryption
  const params: DkgParams = { threshold: 2, trustees: 3, context: [procedureId] };
  const deals = [1, 2, 3].map((i) => dkgDeal(params, i, rng));
  const dealings = deals.map((d) => d.dealing);
  const q = dkgQualify(params, dealings);
  const keys = [1, 2, 3].map((j) => dkgFinalize(params, dealings, q.qualified, j, deals.flatMap((d) => d.shares)));
  const jointKey = keys[0]!.publicKey;
  const { ciphertext: dkgCt } = encrypt(jointKey, 3, undefined, rng);
  const partials = keys.map((k) => partialDecrypt(k, dkgCt, [procedureId, jointKey], rng));
  const vks = new Map(keys.map((k) => [k.index, k.verificationKey] as const));
  const decrypted = thresholdDecrypt({ ciphertext: dkgCt, partials: [partials[0]!, partials[2]!], verificationKeys: vks, threshold: 2, context: [procedureId, jointKey] }, 100);
  const dkg = {
    params: { threshold: 2, trustees: 3, procedureId },
    dealings: dealings.map(dkgDealingToJSON),
    shares: deals.flatMap((d) => d.shares).map(dkgShareToJSON),
    qualified: q.qualified,
    publicKey: jointKey.toHex(),
    verificationKeys: keys.map((k) => ({ trustee: k.index, key: k.verificationKey.toHex() })),
    ciphertext: ciphertextToJSON(dkgCt),
    partialDecryptionContext: { procedureId, publicKey: jointKey.toHex() },
    partials: partials.map(partialDecryptionToJSON),
    decrypted: { usingTrustees: [1, 3], value: decrypted.value },
  };

  return {
    version: 1,
    seed,
    spec: 'docs/crypto-spec.md §12',
    group,
    transcript,
    context: { procedureId, publicKey: Y.toHex(), credential: credential.publicKey.toHex(), note: 'context = [procedureId (string), publicKey (point), credential (point)]' },
    elgamal,
    pedersen,
    proofs: { zeroOne, range, schnorr, chaumPedersen, commitmentZeroOne, threshold },
    signature,
    dkg,
    invalid: {
      points: [
        { hex: '00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', why: 'non-canonical field element' },
        { hex: 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', why: 'non-canonical field element' },
        { hex: 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', why: 'non-canonical field element (p)' },
        { hex: '0100000000000000000000000000000000000000000000000000000000000000', why: 'negative s' },
        { hex: '26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371', why: 'not a square' },
        { hex: '3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e', why: 'negative xy' },
        { hex: '0000000000000000000000000000000000000000000000000000000000000000', why: 'identity (rejected where not allowed)' },
        { hex: 'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d', why: 'wrong length (31 bytes)' },
        { hex: 'E2F2AE0A6ABC4E71A884A961C500515F58E30B6AA582DD8DB6A65945E08D2D76', why: 'uppercase hex' },
      ],
      scalars: [
        { hex: 'edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', why: 'equals the group order' },
        { hex: 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', why: '≥ group order' },
        { hex: '01', why: 'wrong length' },
      ],
    },
  };
}

export type Vectors = ReturnType<typeof buildVectors>;
