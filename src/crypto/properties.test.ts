/**
 * Property tests (fast-check) of the issue 3 list: honest proofs verify; changing any single byte of a proof,
 * of its statement or of its context makes verification fail (or the strict parser reject); homomorphic sums
 * decrypt to sums; any k of n trustee shares decrypt, k − 1 do not. numRuns are modest to keep the crypto
 * suite well under a minute on a 2-core machine.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from './bytes';
import { combinePartialDecryptions, dkgDeal, dkgFinalize, dkgQualify, lagrangeCoefficients, partialDecrypt, thresholdDecrypt, type DkgParams } from './dkg';
import { addCiphertexts, decrypt, encrypt, generateKeyPair } from './elgamal';
import { G, IDENTITY, Point } from './group';
import { addCommitments, addOpenings, commit, verifyOpening } from './pedersen';
import { proveZeroOne, verifyZeroOne } from './proofs';
import { seededRng } from './random';
import { ciphertextFromJSON, ciphertextToJSON, sigmaProofFromJSON, sigmaProofToJSON, signatureFromJSON, signatureToJSON, type SigmaProofJSON } from './serialize';
import { sign, verify } from './signature';
import { initCrypto, setBackend } from './sodium';
import { proveThreshold, verifyThreshold } from './threshold-proof';

beforeAll(async () => {
  await initCrypto();
  setBackend('wasm');
});

const rng = seededRng('properties');
const election = generateKeyPair(rng);
const Y = election.publicKey;
const credential = generateKeyPair(rng);

function flipHex(hex: string, byteIndex: number, mask: number): string {
  const b = hexToBytes(hex);
  const i = byteIndex % b.length;
  b[i] = (b[i]! ^ mask) & 0xff;
  return bytesToHex(b);
}

/** Parses and verifies a 0/1 proof from JSON; a parse error counts as rejection. */
function accepts(pkHex: string, ct: ReturnType<typeof ciphertextToJSON>, proof: SigmaProofJSON, procedureId: string, credHex: string): boolean {
  try {
    const pk = Point.fromHex(pkHex);
    return verifyZeroOne(pk, ciphertextFromJSON(ct), sigmaProofFromJSON(proof, 'proof', [2, 2]), [procedureId, pk, Point.fromHex(credHex)]);
  } catch {
    return false;
  }
}

// A pool of honest ballots, so each property run is cheap.
const pool = Array.from({ length: 6 }, (_, i) => {
  const value = i % 2;
  const procedureId = `procedure-${i}`;
  const { ciphertext, randomness } = encrypt(Y, value, undefined, rng);
  const proof = proveZeroOne({ publicKey: Y, ciphertext, value, randomness, context: [procedureId, Y, credential.publicKey], rng });
  return { procedureId, ct: ciphertextToJSON(ciphertext), proof: sigmaProofToJSON(proof) };
});
const pkHex = Y.toHex();
const credHex = credential.publicKey.toHex();

describe('0/1 proofs: completeness and single-byte soundness', () => {
  it('honest proofs verify for any context string', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1), fc.string({ maxLength: 40 }), (value, procedureId) => {
        const { ciphertext, randomness } = encrypt(Y, value);
        const proof = proveZeroOne({ publicKey: Y, ciphertext, value, randomness, context: [procedureId, Y, credential.publicKey] });
        expect(verifyZeroOne(Y, ciphertext, proof, [procedureId, Y, credential.publicKey])).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it('the pool verifies as is', () => {
    for (const b of pool) expect(accepts(pkHex, b.ct, b.proof, b.procedureId, credHex)).toBe(true);
  });

  const field = fc.constantFrom('c00', 'c01', 'c10', 'c11', 'ch0', 'ch1', 'r0', 'r1');
  it('changing any byte of the proof makes it fail', () => {
    fc.assert(
      fc.property(fc.nat(pool.length - 1), field, fc.nat(31), fc.integer({ min: 1, max: 255 }), (k, f, byte, mask) => {
        const b = pool[k]!;
        const p: SigmaProofJSON = JSON.parse(JSON.stringify(b.proof));
        if (f.startsWith('c') && f !== 'ch0' && f !== 'ch1') {
          const j = Number(f[1]), m = Number(f[2]);
          p.commitments[j]![m] = flipHex(p.commitments[j]![m]!, byte, mask);
        } else if (f.startsWith('ch')) {
          const j = Number(f[2]);
          p.challenges[j] = flipHex(p.challenges[j]!, byte, mask);
        } else {
          const j = Number(f[1]);
          p.responses[j] = flipHex(p.responses[j]!, byte, mask);
        }
        expect(accepts(pkHex, b.ct, p, b.procedureId, credHex)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('changing any byte of the statement (ciphertext, election key) makes it fail', () => {
    fc.assert(
      fc.property(fc.nat(pool.length - 1), fc.constantFrom('alpha', 'beta', 'pk'), fc.nat(31), fc.integer({ min: 1, max: 255 }), (k, f, byte, mask) => {
        const b = pool[k]!;
        const ct = { ...b.ct };
        let pk = pkHex;
        if (f === 'pk') pk = flipHex(pk, byte, mask);
        else ct[f as 'alpha' | 'beta'] = flipHex(ct[f as 'alpha' | 'beta'], byte, mask);
        expect(accepts(pk, ct, b.proof, b.procedureId, credHex)).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  it('changing any byte of the context (procedure id, credential) makes it fail', () => {
    fc.assert(
      fc.property(fc.nat(pool.length - 1), fc.boolean(), fc.nat(31), fc.integer({ min: 1, max: 255 }), (k, onCredential, byte, mask) => {
        const b = pool[k]!;
        if (onCredential) {
          expect(accepts(pkHex, b.ct, b.proof, b.procedureId, flipHex(credHex, byte, mask))).toBe(false);
        } else {
          const bytes = new TextEncoder().encode(b.procedureId);
          const i = byte % bytes.length;
          bytes[i] = bytes[i]! ^ (mask & 0x7f || 1);
          expect(accepts(pkHex, b.ct, b.proof, new TextDecoder().decode(bytes), credHex)).toBe(false);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('signatures: any changed byte fails', () => {
  const msg = new TextEncoder().encode('ballot digest 0123456789');
  const sig = signatureToJSON(sign(credential.secretKey, msg, rng));
  it('signature, message and key bytes', () => {
    expect(verify(credential.publicKey, msg, signatureFromJSON(sig))).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom('R', 's', 'msg', 'pk'), fc.nat(31), fc.integer({ min: 1, max: 255 }), (f, byte, mask) => {
        let ok: boolean;
        try {
          const s = { ...sig };
          let m = msg;
          let pk = credHex;
          if (f === 'R' || f === 's') s[f] = flipHex(s[f], byte, mask);
          else if (f === 'pk') pk = flipHex(pk, byte, mask);
          else {
            m = Uint8Array.from(msg);
            m[byte % m.length] = m[byte % m.length]! ^ mask;
          }
          ok = verify(Point.fromHex(pk), m, signatureFromJSON(s));
        } catch {
          ok = false;
        }
        expect(ok).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});

describe('homomorphism', () => {
  it('sums of ElGamal ciphertexts decrypt to sums', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(5000), { minLength: 1, maxLength: 8 }), (ms) => {
        const cts = ms.map((m) => encrypt(Y, m).ciphertext);
        expect(decrypt(election.secretKey, addCiphertexts(...cts), 50_000)).toBe(ms.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 15 },
    );
  });

  it('sums of Pedersen commitments open to sums', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 8 }), (ms) => {
        const cs = ms.map((m) => commit(m));
        expect(verifyOpening(addCommitments(...cs.map((c) => c.commitment)), ms.reduce((a, b) => a + b, 0), addOpenings(...cs.map((c) => c.randomness)))).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it('threshold proofs verify for honest counts and reveal the right outcome', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 12 }), fc.nat(14), (letters, threshold) => {
        const cs = letters.map((m) => commit(m));
        const count = letters.reduce<number>((a, b) => a + b, 0);
        const commitments = cs.map((c) => c.commitment);
        const proof = proveThreshold({ commitments, count, randomness: addOpenings(...cs.map((c) => c.randomness)), threshold, bits: 4, context: ['t'] });
        expect(proof.outcome).toBe(count >= threshold ? 'reached' : 'not-reached');
        expect(verifyThreshold(commitments, threshold, proof, ['t'])).toBe(true);
        expect(verifyThreshold(commitments, threshold, { ...proof, outcome: proof.outcome === 'reached' ? 'not-reached' : 'reached' }, ['t'])).toBe(false);
      }),
      { numRuns: 8 },
    );
  });
});

describe('threshold decryption: any k of n decrypt, k − 1 do not', () => {
  it('holds for random (k, n) and random subsets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }))),
        fc.nat(1000),
        fc.infiniteStream(fc.nat()),
        ([n, k], m, randomness) => {
          const params: DkgParams = { threshold: k, trustees: n, context: ['prop-dkg'] };
          const deals = Array.from({ length: n }, (_, i) => dkgDeal(params, i + 1));
          const dealings = deals.map((d) => d.dealing);
          const q = dkgQualify(params, dealings);
          const keys = Array.from({ length: n }, (_, j) => dkgFinalize(params, dealings, q.qualified, j + 1, deals.flatMap((d) => d.shares)));
          const pk = keys[0]!.publicKey;
          const { ciphertext } = encrypt(pk, m);
          const ctx = ['prop-dkg', pk];
          const partials = keys.map((key) => partialDecrypt(key, ciphertext, ctx));
          const vks = new Map(keys.map((key) => [key.index, key.verificationKey] as const));
          // random subset of size k (Fisher–Yates with the stream)
          const order = partials.map((_, i) => i);
          const it = randomness[Symbol.iterator]();
          for (let i = order.length - 1; i > 0; i--) {
            const j = (it.next().value as number) % (i + 1);
            [order[i], order[j]] = [order[j]!, order[i]!];
          }
          const chosen = order.slice(0, k).map((i) => partials[i]!);
          expect(thresholdDecrypt({ ciphertext, partials: chosen, verificationKeys: vks, threshold: k, context: ctx }, 1001).value).toBe(m);
          if (k > 1) {
            const fewer = chosen.slice(0, k - 1);
            expect(() => combinePartialDecryptions({ ciphertext, partials: fewer, verificationKeys: vks, threshold: k, context: ctx })).toThrowError(
              expect.objectContaining({ code: 'CRYPTO_NOT_ENOUGH_SHARES' }),
            );
            // Interpolating from k − 1 shares anyway does not give m·G (the secret is information-theoretically hidden).
            const lambdas = lagrangeCoefficients(fewer.map((p) => p.trustee));
            let combined: Point = IDENTITY;
            fewer.forEach((p, i) => (combined = combined.add(p.share.mul(lambdas[i]!))));
            const mG = m === 0 ? IDENTITY : G.mul(BigInt(m));
            expect(ciphertext.beta.sub(combined).equals(mG)).toBe(false);
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
