/**
 * Test vectors (docs/crypto-spec.md §12): determinism on both back ends, verification through the strict
 * parsers, and an independent recomputation of every group operation and Fiat–Shamir challenge with
 * libsodium (crypto_core_ristretto255_*, crypto_scalarmult_ristretto255*, crypto_hash_sha512): a second
 * implementation of the group and of the hash, plus a transcript encoder written from the spec text.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import sodium from 'libsodium-wrappers-sumo';
import {
  Point,
  ciphertextFromJSON,
  dkgDealingFromJSON,
  initCrypto,
  partialDecryptionFromJSON,
  pointFromJSON,
  scalarFromHex,
  setBackend,
  sigmaProofFromJSON,
  signatureFromJSON,
  thresholdProofFromJSON,
  verify,
  verifyCommitmentZeroOne,
  verifyEqualLogs,
  verifyKnowledge,
  verifyPartialDecryption,
  verifyRange,
  verifyThreshold,
  verifyZeroOne,
  type SigmaProofJSON,
} from '../../src/crypto/index';
import { buildVectors, type Vectors } from './vectors';

const file: Vectors = JSON.parse(readFileSync(new URL('../vectors/crypto-v1.json', import.meta.url), 'utf8'));

beforeAll(async () => {
  await initCrypto();
  await sodium.ready;
});

describe.each(['sodium', 'noble', 'wasm'] as const)('vectors are reproduced exactly (%s back end)', (backend) => {
  it('buildVectors(seed) equals test/vectors/crypto-v1.json', () => {
    setBackend(backend);
    expect(JSON.parse(JSON.stringify(buildVectors(file.seed)))).toEqual(file);
  });
});

describe.each(['sodium', 'noble', 'wasm'] as const)('vectors verify through the strict parsers (%s)', (backend) => {
  beforeAll(() => setBackend(backend));
  const ctx = () => [file.context.procedureId, Point.fromHex(file.context.publicKey), Point.fromHex(file.context.credential)];

  it('proofs and signature verify; tampered ones do not', () => {
    const Y = Point.fromHex(file.elgamal.publicKey);
    for (const z of file.proofs.zeroOne) {
      const ct = ciphertextFromJSON(z.ciphertext);
      expect(verifyZeroOne(Y, ct, sigmaProofFromJSON(z.proof, 'proof', [2, 2]), ctx())).toBe(true);
      expect(verifyZeroOne(Y, ct, sigmaProofFromJSON(z.proof, 'proof', [2, 2]), [file.context.procedureId + 'x', ...ctx().slice(1)])).toBe(false);
    }
    const r = file.proofs.range;
    expect(verifyRange(Y, ciphertextFromJSON(r.ciphertext), r.max, sigmaProofFromJSON(r.proof), ctx())).toBe(true);
    expect(verifyKnowledge(Point.fromHex(file.proofs.schnorr.publicKey), sigmaProofFromJSON(file.proofs.schnorr.proof), ctx())).toBe(true);
    const cp = file.proofs.chaumPedersen;
    expect(verifyEqualLogs(Point.fromHex(cp.X), Point.fromHex(cp.A), Point.fromHex(cp.D), sigmaProofFromJSON(cp.proof), ctx())).toBe(true);
    const cz = file.proofs.commitmentZeroOne;
    expect(verifyCommitmentZeroOne(Point.fromHex(cz.commitment), sigmaProofFromJSON(cz.proof), ctx())).toBe(true);
    const Cs = file.pedersen.map((p) => Point.fromHex(p.commitment, { allowIdentity: true }));
    for (const t of file.proofs.threshold) {
      const proof = thresholdProofFromJSON(t.proof);
      expect(proof.outcome).toBe(3 >= t.threshold ? 'reached' : 'not-reached');
      expect(verifyThreshold(Cs, t.threshold, proof, ctx())).toBe(true);
      expect(verifyThreshold(Cs, t.threshold + (proof.outcome === 'reached' ? 2 : -2), proof, ctx())).toBe(false);
    }
    const s = file.signature;
    expect(verify(Point.fromHex(s.publicKey), sodium.from_hex(s.message), signatureFromJSON(s.signature))).toBe(true);
    expect(verify(Point.fromHex(s.publicKey), sodium.from_hex(s.message + '00'), signatureFromJSON(s.signature))).toBe(false);
    const dkgCt = ciphertextFromJSON(file.dkg.ciphertext);
    const jointKey = Point.fromHex(file.dkg.publicKey);
    for (const p of file.dkg.partials) {
      const vk = Point.fromHex(file.dkg.verificationKeys.find((v) => v.trustee === p.trustee)!.key);
      expect(verifyPartialDecryption(vk, dkgCt, partialDecryptionFromJSON(p), [file.dkg.params.procedureId, jointKey])).toBe(true);
    }
    for (const d of file.dkg.dealings) expect(dkgDealingFromJSON(d, 'dealing', 2).dealer).toBe(d.dealer);
  });

  it('invalid encodings are rejected by the decoders', () => {
    for (const p of file.invalid.points) expect(() => pointFromJSON(p.hex)).toThrow();
    for (const s of file.invalid.scalars) expect(() => scalarFromHex(s.hex)).toThrow();
  });
});

// ---- independent recomputation with libsodium -------------------------------------------------------------

const hex = (b: Uint8Array) => sodium.to_hex(b);
const unhex = (h: string) => sodium.from_hex(h);
const base = (k: string) => hex(sodium.crypto_scalarmult_ristretto255_base(unhex(k)));
const mul = (k: string, P: string) => hex(sodium.crypto_scalarmult_ristretto255(unhex(k), unhex(P)));
const add = (P: string, Q: string) => hex(sodium.crypto_core_ristretto255_add(unhex(P), unhex(Q)));
const sub = (P: string, Q: string) => hex(sodium.crypto_core_ristretto255_sub(unhex(P), unhex(Q)));
const sAdd = (a: string, b: string) => hex(sodium.crypto_core_ristretto255_scalar_add(unhex(a), unhex(b)));
const sMul = (a: string, b: string) => hex(sodium.crypto_core_ristretto255_scalar_mul(unhex(a), unhex(b)));
const sSub = (a: string, b: string) => hex(sodium.crypto_core_ristretto255_scalar_sub(unhex(a), unhex(b)));
const sInv = (a: string) => hex(sodium.crypto_core_ristretto255_scalar_invert(unhex(a)));
const ZERO = '00'.repeat(32);
const scalarOfInt = (n: number) => {
  const b = new Uint8Array(32);
  let v = n;
  for (let i = 0; i < 8; i++) {
    b[i] = v & 0xff;
    v = Math.floor(v / 256);
  }
  return hex(b);
};
/** k·P that tolerates k = 0 and identity results (libsodium refuses to output the identity). */
const mul0 = (k: string, P: string) => (k === ZERO || P === ZERO ? ZERO : mul(k, P));
const base0 = (k: string) => (k === ZERO ? ZERO : base(k));
const add0 = (P: string, Q: string) => (P === ZERO ? Q : Q === ZERO ? P : add(P, Q));
const sub0 = (P: string, Q: string) => (Q === ZERO ? P : P === Q ? ZERO : sub(P, Q));
const mulInt = (n: number, P: string) => mul0(scalarOfInt(n), P);

/** Transcript encoder written from spec §3.1 alone. */
type Item = { t: 's'; v: string } | { t: 'b'; v: string } | { t: 'p'; v: string } | { t: 'k'; v: string } | { t: 'u'; v: number };
function encodeTranscript(label: string, sections: Item[][]): Uint8Array {
  const out: number[] = [];
  const u32 = (n: number) => out.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  const bytes = (b: Uint8Array) => b.forEach((x) => out.push(x));
  const lab = sodium.from_string('confidence/v1/' + label);
  u32(lab.length);
  bytes(lab);
  for (const section of sections) {
    u32(section.length);
    for (const it of section) {
      const [tag, body] =
        it.t === 's' ? [1, sodium.from_string(it.v)]
        : it.t === 'b' ? [2, unhex(it.v)]
        : it.t === 'p' ? [3, unhex(it.v)]
        : it.t === 'k' ? [4, unhex(it.v)]
        : [5, (() => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(it.v)); return b; })()];
      out.push(tag);
      u32(body.length);
      bytes(body);
    }
  }
  return Uint8Array.from(out);
}
const challengeOf = (label: string, sections: Item[][]) => hex(sodium.crypto_core_ristretto255_scalar_reduce(sodium.crypto_hash_sha512(encodeTranscript(label, sections))));
const P = (v: string): Item => ({ t: 'p', v });
const S = (v: string): Item => ({ t: 's', v });
const U = (v: number): Item => ({ t: 'u', v });

/** Independent Σ-proof verifier: branches[j] = list of [base, target] (hex); every equation with libsodium. */
function sodiumVerifySigma(label: string, context: Item[], statement: Item[], branches: [string, string][][], proof: SigmaProofJSON): boolean {
  const e = challengeOf(label, [context, statement, proof.commitments.flat().map(P)]);
  let sum = ZERO;
  for (const c of proof.challenges) sum = sAdd(sum, c);
  if (sum !== e) return false;
  return branches.every((branch, j) =>
    branch.every(([b, t], k) => sub0(mul0(proof.responses[j]!, b), mul0(proof.challenges[j]!, t)) === proof.commitments[j]![k]),
  );
}

describe('independent libsodium recomputation of the vectors', () => {
  const G = file.group.generator;
  const ctx: Item[] = [S(file.context.procedureId), P(file.context.publicKey), P(file.context.credential)];

  it('group: generator, H, wide reduction, hashToScalar, point arithmetic', () => {
    expect(base(scalarOfInt(1))).toBe(G);
    expect(hex(sodium.crypto_hash_sha512(sodium.from_string(file.group.H.label)))).toBe(file.group.H.sha512OfLabel);
    expect(hex(sodium.crypto_core_ristretto255_from_hash(unhex(file.group.H.sha512OfLabel)))).toBe(file.group.H.point);
    for (const w of file.group.wideReduction) expect(hex(sodium.crypto_core_ristretto255_scalar_reduce(unhex(w.bytes)))).toBe(w.scalar);
    for (const h of file.group.hashToScalar) {
      const chunks: number[] = [];
      const lp = (b: Uint8Array) => {
        chunks.push((b.length >>> 24) & 255, (b.length >>> 16) & 255, (b.length >>> 8) & 255, b.length & 255, ...b);
      };
      lp(sodium.from_string(h.dst));
      for (const p of h.parts) lp(p === '' ? new Uint8Array(0) : unhex(p));
      expect(hex(sodium.crypto_core_ristretto255_scalar_reduce(sodium.crypto_hash_sha512(Uint8Array.from(chunks))))).toBe(h.scalar);
    }
    for (const p of file.group.pairs) {
      expect(base(p.a)).toBe(p.A);
      expect(base(p.b)).toBe(p.B);
      expect(add(p.A, p.B)).toBe(p.sum);
      expect(sub(p.A, p.B)).toBe(p.difference);
      expect(mul(p.a, p.B)).toBe(p.aB);
      expect(base(sMul(p.a, p.b))).toBe(p.aB);
    }
  });

  it('transcript bytes and challenge follow spec §3.1', () => {
    const t = file.transcript;
    const bytes = encodeTranscript(t.label, [
      [S(t.context.procedureId), P(t.context.publicKey), P(t.context.credential)],
      [U(t.statement.uint), { t: 'k', v: t.statement.scalar }, { t: 'b', v: t.statement.bytes }],
      t.commitments.map(P),
    ]);
    expect(hex(bytes)).toBe(t.bytes);
    expect(hex(sodium.crypto_core_ristretto255_scalar_reduce(sodium.crypto_hash_sha512(bytes)))).toBe(t.challenge);
  });

  it('ElGamal and Pedersen', () => {
    const Y = file.elgamal.publicKey;
    expect(base(file.elgamal.secretKey)).toBe(Y);
    for (const e of file.elgamal.encryptions) {
      expect(base(e.r)).toBe(e.ciphertext.alpha);
      expect(add0(mulInt(e.m, G), mul(e.r, Y))).toBe(e.ciphertext.beta);
      // decryption: β − x·α = m·G
      expect(sub0(e.ciphertext.beta, mul(file.elgamal.secretKey, e.ciphertext.alpha))).toBe(mulInt(e.m, G));
    }
    const sum = file.elgamal.encryptions.reduce((acc, e) => ({ alpha: add0(acc.alpha, e.ciphertext.alpha), beta: add0(acc.beta, e.ciphertext.beta) }), { alpha: ZERO, beta: ZERO });
    expect(sum).toEqual(file.elgamal.sum.ciphertext);
    expect(sub0(sum.beta, mul(file.elgamal.secretKey, sum.alpha))).toBe(mulInt(file.elgamal.sum.m, G));
    for (const c of file.pedersen) expect(add0(mulInt(c.m, G), mul(c.r, file.group.H.point))).toBe(c.commitment);
  });

  it('every proof re-verified with libsodium group operations and hashing', () => {
    const Y = file.elgamal.publicKey;
    const H = file.group.H.point;
    const elgamalBranches = (alpha: string, beta: string, max: number) =>
      Array.from({ length: max + 1 }, (_, m) => [[G, alpha], [Y, sub0(beta, mulInt(m, G))]] as [string, string][]);
    for (const z of file.proofs.zeroOne) {
      const { alpha, beta } = z.ciphertext;
      expect(sodiumVerifySigma('elgamal-range', ctx, [U(1), P(Y), P(alpha), P(beta)], elgamalBranches(alpha, beta, 1), z.proof)).toBe(true);
    }
    const r = file.proofs.range;
    expect(sodiumVerifySigma('elgamal-range', ctx, [U(r.max), P(Y), P(r.ciphertext.alpha), P(r.ciphertext.beta)], elgamalBranches(r.ciphertext.alpha, r.ciphertext.beta, r.max), r.proof)).toBe(true);
    const sp = file.proofs.schnorr;
    expect(sodiumVerifySigma('schnorr-pok', ctx, [P(sp.publicKey)], [[[G, sp.publicKey]]], sp.proof)).toBe(true);
    const cp = file.proofs.chaumPedersen;
    expect(sodiumVerifySigma('chaum-pedersen', ctx, [P(cp.X), P(cp.A), P(cp.D)], [[[G, cp.X], [cp.A, cp.D]]], cp.proof)).toBe(true);
    const cz = file.proofs.commitmentZeroOne;
    expect(sodiumVerifySigma('commitment-range', ctx, [U(1), P(cz.commitment)], [[[H, cz.commitment]], [[H, sub0(cz.commitment, G)]]], cz.proof)).toBe(true);
    // threshold: D from the commitments, Σ 2^i B_i = D, each bit proof
    const sumC = file.pedersen.reduce((acc, c) => add0(acc, c.commitment), ZERO);
    for (const t of file.proofs.threshold) {
      const p = t.proof;
      const D = p.outcome === 'reached' ? sub0(sumC, mulInt(t.threshold, G)) : sub0(mulInt(t.threshold - 1, G), sumC);
      let acc = ZERO;
      p.bitCommitments.forEach((B, i) => (acc = add0(acc, mulInt(2 ** i, B))));
      expect(acc).toBe(D);
      p.bitCommitments.forEach((B, i) => {
        const bitCtx = [...ctx, S('threshold'), U(t.threshold), S(p.outcome), U(p.bits), P(D), U(i)];
        expect(sodiumVerifySigma('commitment-bit', bitCtx, [P(B)], [[[H, B]], [[H, sub0(B, G)]]], p.bitProofs[i]!)).toBe(true);
      });
    }
  });

  it('signature', () => {
    const s = file.signature;
    const e = challengeOf('signature', [[], [P(s.publicKey), { t: 'b', v: s.message }], [P(s.signature.R)]]);
    expect(sub(base(s.signature.s), mul(e, s.publicKey))).toBe(s.signature.R);
  });

  it('DKG: Feldman shares, joint key, verification keys, partial decryptions, Lagrange combination', () => {
    const d = file.dkg;
    const dealerCtx = (i: number): Item[] => [S(d.params.procedureId), S('dkg-dealer'), U(i)];
    for (const dealing of d.dealings) {
      expect(sodiumVerifySigma('schnorr-pok', dealerCtx(dealing.dealer), [P(dealing.commitments[0]!)], [[[G, dealing.commitments[0]!]]], dealing.proof)).toBe(true);
    }
    const feldman = (commitments: string[], j: number) => commitments.reduce((acc, A, m) => add0(acc, mulInt(j ** m, A)), ZERO);
    for (const s of d.shares) expect(base(s.share)).toBe(feldman(d.dealings.find((x) => x.dealer === s.dealer)!.commitments, s.recipient));
    expect(d.dealings.reduce((acc, x) => add0(acc, x.commitments[0]!), ZERO)).toBe(d.publicKey);
    for (const vk of d.verificationKeys) {
      expect(d.dealings.reduce((acc, x) => add0(acc, feldman(x.commitments, vk.trustee)), ZERO)).toBe(vk.key);
      const secretShare = d.shares.filter((s) => s.recipient === vk.trustee).reduce((acc, s) => sAdd(acc, s.share), ZERO);
      expect(base(secretShare)).toBe(vk.key);
    }
    const pctx = (j: number): Item[] => [S(d.partialDecryptionContext.procedureId), P(d.partialDecryptionContext.publicKey), S('partial-decryption'), U(j)];
    for (const p of d.partials) {
      const vk = d.verificationKeys.find((v) => v.trustee === p.trustee)!.key;
      expect(sodiumVerifySigma('chaum-pedersen', pctx(p.trustee), [P(vk), P(d.ciphertext.alpha), P(p.share)], [[[G, vk], [d.ciphertext.alpha, p.share]]], p.proof)).toBe(true);
    }
    const [i, j] = d.decrypted.usingTrustees as [number, number];
    const si = scalarOfInt(i), sj = scalarOfInt(j);
    const li = sMul(sj, sInv(sSub(sj, si)));
    const lj = sMul(si, sInv(sSub(si, sj)));
    const Di = d.partials.find((p) => p.trustee === i)!.share;
    const Dj = d.partials.find((p) => p.trustee === j)!.share;
    expect(sub0(d.ciphertext.beta, add0(mul(li, Di), mul(lj, Dj)))).toBe(mulInt(d.decrypted.value, G));
  });
});
