/**
 * Verifiable re-encryption shuffle of ElGamal ciphertext rows (Terelius–Wikström), algorithm by algorithm as in
 * the CHVote protocol specification (Haenni, Locher, Koenig, Dubuis: GenShuffle, GenPermutationCommitment,
 * GenCommitmentChain, GenShuffleProof, CheckShuffleProof), generalised to rows of width w (one permutation for the
 * whole row, one re-encryption exponent per cell, one t4/s4 pair per column, as in Verificatum). The numbered checks
 * M1–M8 are those of docs/mixnet-spec.md §4.
 *
 * Notation (multiplicative, as the specification): ElGamal under pk = g^x, a cell is (α, β) = (g^r, m·pk^r) —
 * src/crypto's (r·G, m·G + r·Y) — and its re-encryption with r' is (α·g^{r'}, β·pk^{r'}).
 * Output row i is the re-encryption of input row ψ(i).
 *
 * What a valid proof means: the prover knows a permutation ψ and exponents r' such that every output row is the
 * re-encryption of input row ψ(i) (soundness of the Terelius–Wikström argument under the discrete-logarithm
 * assumption in the group, with the generators h, h_1..h_N independent of g). So a mixer can neither drop, add,
 * duplicate nor change a ballot. Zero-knowledge (honest-verifier, made non-interactive by Fiat–Shamir): the proof
 * reveals nothing about ψ, so who cast which row stays secret as long as one mixer of the chain is honest.
 *
 * Fiat–Shamir binding: every challenge hashes the group, the election hash, the mixer's index, the public key,
 * both lists of rows, the permutation commitment, the commitment chain and every commitment t, so a proof cannot
 * be replayed for another shuffle, another mixer, another key or another election (weak Fiat–Shamir is the
 * attack that broke Helios' and SwissPost's shuffles).
 *
 * Timing: the prover's multi-exponentiations t3 and t4 use variable-time MSM over secret one-time masks ω'; this is
 * safe against remote observers but not against code that measures timings on the mixer's own device (spec §6).
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, u32be, utf8 } from '../crypto/bytes';
import { CryptoError } from '../crypto/errors';
import { randomWeight } from '../crypto/equations';
import { systemRng, type Rng } from '../crypto/random';
import { modq, type MixGroup } from './group';

export interface Cell<E> {
  alpha: E;
  beta: E;
}
export type Row<E> = Cell<E>[];

/** What a shuffle proof is about: public, identical for prover and verifier. */
export interface ShuffleStatement<E> {
  /** Hash of the election (its manifest): the proof is valid for this election only. */
  electionHash: string;
  /** 1-based position of the mixer in the chain. */
  mixer: number;
  publicKey: E;
  input: readonly Row<E>[];
  output: readonly Row<E>[];
}

export interface ShuffleProof<E> {
  /** c: permutation commitment, c_{ψ(i)} = g^{r_{ψ(i)}}·h_i. */
  permutationCommitment: E[];
  /** ĉ_1..ĉ_N: commitment chain, ĉ_i = g^{r̂_i}·ĉ_{i−1}^{u'_i}, ĉ_0 = h. */
  commitmentChain: E[];
  t1: E;
  t2: E;
  t3: E;
  /** Per column k: (t4,1 = pk^{−ω4,k}·∏ β'_{i,k}^{ω'_i}, t4,2 = g^{−ω4,k}·∏ α'_{i,k}^{ω'_i}). */
  t4: { beta: E; alpha: E }[];
  tHat: E[];
  /** c = H(y, ĉ, t): sent so the verifier can tell a proof of another statement (M3) from a false one. */
  challenge: bigint;
  s1: bigint;
  s2: bigint;
  s3: bigint;
  s4: bigint[];
  sHat: bigint[];
  sPrime: bigint[];
}

export interface ShuffleWitness {
  /** ψ: output row i is input row permutation[i] re-encrypted. */
  permutation: number[];
  /** r'[j][k]: the re-encryption exponent of input row j, column k. */
  reencryption: bigint[][];
}

export type ShuffleCheck = 'M1' | 'M2' | 'M3' | 'M4' | 'M5' | 'M6' | 'M7' | 'M8';
/** Check names of the whole mixnet record (docs/mixnet-spec.md §4): the shuffle's M1–M8, the chain's M9–M11. */
export type MixnetCheck = ShuffleCheck | 'M9' | 'M10' | 'M11' | 'M12' | 'M13' | 'M14' | 'M15' | 'M16' | 'M17';

export type ShuffleVerdict = { ok: true } | { ok: false; check: ShuffleCheck; message: string; row?: number };

// ---- generators ------------------------------------------------------------------------------------------------

const GENERATOR_LABEL = 'confidence/v1/mixnet';
const generatorCache = new WeakMap<object, { h: unknown; hs: unknown[] }>();

/** h (base of the commitment chain) and h_1..h_N (permutation commitment), independent of g and of each other. */
export function shuffleGenerators<E>(group: MixGroup<E>, n: number): { h: E; hs: E[] } {
  let cached = generatorCache.get(group) as { h: E; hs: E[] } | undefined;
  if (!cached) {
    cached = { h: group.independentGenerators(`${GENERATOR_LABEL}/h`, 1)[0]!, hs: [] };
    generatorCache.set(group, cached);
  }
  if (cached.hs.length < n) {
    const more = group.independentGenerators(`${GENERATOR_LABEL}/h_i`, n);
    cached.hs = more;
  }
  return { h: cached.h, hs: cached.hs.slice(0, n) };
}

// ---- hashing (GetChallenges, GetChallenge) -------------------------------------------------------------------------

function lp(b: Uint8Array): Uint8Array {
  return concatBytes(u32be(b.length), b);
}

/** Digest of y = (group, election, mixer, pk, N, w, e, e', c): the seed of the challenges u and of c. */
export function statementDigest<E>(group: MixGroup<E>, st: ShuffleStatement<E>, width: number, permutationCommitment: readonly E[]): Uint8Array {
  const h = sha512.create();
  h.update(lp(utf8('confidence/v1/mixnet/statement')));
  h.update(lp(utf8(group.name)));
  h.update(lp(utf8(st.electionHash)));
  h.update(u32be(st.mixer));
  h.update(lp(group.encode(st.publicKey)));
  h.update(u32be(st.input.length));
  h.update(u32be(st.output.length));
  h.update(u32be(width));
  for (const rows of [st.input, st.output]) {
    for (const row of rows) for (const cell of row) {
      h.update(group.encode(cell.alpha));
      h.update(group.encode(cell.beta));
    }
  }
  for (const c of permutationCommitment) h.update(group.encode(c));
  return h.digest();
}

/** u_i = H("u", y, i) mod q, i = 0..N−1. */
export function challenges<E>(group: MixGroup<E>, digest: Uint8Array, n: number): bigint[] {
  const u: bigint[] = new Array(n);
  for (let i = 0; i < n; i++) u[i] = group.hashToScalar('confidence/v1/mixnet/u', digest, u32be(i));
  return u;
}

/** c = H("c", y, ĉ, t) mod q. */
export function finalChallenge<E>(group: MixGroup<E>, digest: Uint8Array, proof: Pick<ShuffleProof<E>, 'commitmentChain' | 't1' | 't2' | 't3' | 't4' | 'tHat'>): bigint {
  const h = sha512.create();
  h.update(digest);
  for (const x of proof.commitmentChain) h.update(group.encode(x));
  h.update(group.encode(proof.t1));
  h.update(group.encode(proof.t2));
  h.update(group.encode(proof.t3));
  for (const t of proof.t4) {
    h.update(group.encode(t.beta));
    h.update(group.encode(t.alpha));
  }
  for (const x of proof.tHat) h.update(group.encode(x));
  return group.hashToScalar('confidence/v1/mixnet/c', h.digest());
}

// ---- GenShuffle -----------------------------------------------------------------------------------------------

/** Uniform integer in [0, n) from the rng (rejection sampling, no modulo bias). */
function uniformIndex(rng: Rng, n: number): number {
  const limit = Math.floor(0x100000000 / n) * n;
  for (;;) {
    const b = rng(4);
    const x = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (x < limit) return x % n;
  }
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
export function randomPermutation(n: number, rng: Rng = systemRng): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = uniformIndex(rng, i + 1);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

export function assertRows<E>(rows: readonly Row<E>[], field: string): number {
  if (!Array.isArray(rows) || rows.length === 0) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `${field}: at least one row is needed`, { field });
  const w = rows[0]!.length;
  if (w < 1) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `${field}: rows need at least one ciphertext`, { field });
  rows.forEach((r, i) => {
    if (r.length !== w) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `${field}: row ${i} has width ${r.length}, expected ${w}`, { field, index: i });
  });
  return w;
}

/** The re-encryption of one cell with exponent r (secret path). */
export function reencrypt<E>(group: MixGroup<E>, publicKey: E, cell: Cell<E>, r: bigint): Cell<E> {
  return { alpha: group.mul(cell.alpha, group.expSecret(group.generator, r)), beta: group.mul(cell.beta, group.expSecret(publicKey, r)) };
}

/** GenShuffle: a random permutation and fresh re-encryption of every cell. The witness must stay with the mixer. */
export function genShuffle<E>(group: MixGroup<E>, rows: readonly Row<E>[], publicKey: E, rng: Rng = systemRng): { output: Row<E>[]; witness: ShuffleWitness } {
  const w = assertRows(rows, 'input');
  const n = rows.length;
  const permutation = randomPermutation(n, rng);
  const reencryption = rows.map(() => Array.from({ length: w }, () => group.randomScalar(rng)));
  const output = permutation.map((j) => rows[j]!.map((cell, k) => reencrypt(group, publicKey, cell, reencryption[j]![k]!)));
  return { output, witness: { permutation, reencryption } };
}

function assertPermutation(p: readonly number[], n: number): void {
  if (p.length !== n) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `permutation has ${p.length} entries, expected ${n}`);
  const seen = new Uint8Array(n);
  for (const j of p) {
    if (!Number.isInteger(j) || j < 0 || j >= n || seen[j]) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'not a permutation of the rows');
    seen[j] = 1;
  }
}

// ---- GenShuffleProof ------------------------------------------------------------------------------------------

/** GenShuffleProof. Checks that the witness is a permutation; the caller's statement must match the shuffle. */
export function genShuffleProof<E>(group: MixGroup<E>, statement: ShuffleStatement<E>, witness: ShuffleWitness, rng: Rng = systemRng): ShuffleProof<E> {
  const w = assertRows(statement.input, 'input');
  if (statement.output.length !== statement.input.length) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'output and input differ in length');
  assertPermutation(witness.permutation, statement.input.length);
  return _genShuffleProofUnchecked(group, statement, witness, w, rng);
}

/** GenShuffleProof without the witness checks. Exported only so that tests can play a cheating mixer. */
export function _genShuffleProofUnchecked<E>(group: MixGroup<E>, st: ShuffleStatement<E>, witness: ShuffleWitness, w: number, rng: Rng): ShuffleProof<E> {
  const q = group.order;
  const g = group.generator;
  const pk = st.publicKey;
  const n = st.input.length;
  const psi = witness.permutation;
  const { h, hs } = shuffleGenerators(group, n);
  const rand = () => group.randomScalar(rng);

  // GenPermutationCommitment: c_{ψ(i)} = g^{r_{ψ(i)}}·h_i
  const r: bigint[] = new Array(n);
  const c: E[] = new Array(n).fill(group.identity);
  for (let i = 0; i < n; i++) {
    const j = psi[i]!;
    r[j] = rand();
    c[j] = group.mul(group.expSecret(g, r[j]!), hs[i]!);
  }
  // Only a cheating prover (tests) reaches this with a non-permutation: it fills the gaps as plausibly as it can.
  for (let j = 0; j < n; j++) {
    if (r[j] === undefined) {
      r[j] = rand();
      c[j] = group.expSecret(g, r[j]!);
    }
  }

  const digest = statementDigest(group, st, w, c);
  const u = challenges(group, digest, n);
  const uPrime = psi.map((j) => u[j]!);

  // GenCommitmentChain(h, u'): ĉ_i = g^{r̂_i}·ĉ_{i−1}^{u'_i}
  const rHat: bigint[] = new Array(n);
  const chain: E[] = new Array(n);
  let prev = h;
  for (let i = 0; i < n; i++) {
    rHat[i] = rand();
    prev = group.mul(group.expSecret(g, rHat[i]!), group.expSecret(prev, uPrime[i]!));
    chain[i] = prev;
  }

  const w1 = rand();
  const w2 = rand();
  const w3 = rand();
  const w4 = Array.from({ length: w }, rand);
  const wHat = Array.from({ length: n }, rand);
  const wPrime = Array.from({ length: n }, rand);

  const t1 = group.expSecret(g, w1);
  const t2 = group.expSecret(g, w2);
  const t3 = group.mul(group.expSecret(g, w3), group.msm(hs, wPrime));
  const t4 = Array.from({ length: w }, (_, k) => ({
    beta: group.mul(group.expSecret(pk, modq(q, -w4[k]!)), group.msm(st.output.map((row) => row[k]!.beta), wPrime)),
    alpha: group.mul(group.expSecret(g, modq(q, -w4[k]!)), group.msm(st.output.map((row) => row[k]!.alpha), wPrime)),
  }));
  const tHat: E[] = new Array(n);
  prev = h;
  for (let i = 0; i < n; i++) {
    tHat[i] = group.mul(group.expSecret(g, wHat[i]!), group.expSecret(prev, wPrime[i]!));
    prev = chain[i]!;
  }

  const cc = finalChallenge(group, digest, { commitmentChain: chain, t1, t2, t3, t4, tHat });

  let rBar = 0n;
  for (const x of r) rBar += x;
  // v_N = 1, v_{i−1} = u'_i·v_i; r̂ = Σ r̂_i·v_i
  let v = 1n;
  let rHatSum = 0n;
  for (let i = n - 1; i >= 0; i--) {
    rHatSum = (rHatSum + rHat[i]! * v) % q;
    v = (v * uPrime[i]!) % q;
  }
  let rTilde = 0n;
  for (let j = 0; j < n; j++) rTilde = (rTilde + r[j]! * u[j]!) % q;
  const s4 = Array.from({ length: w }, (_, k) => {
    let rp = 0n;
    for (let j = 0; j < n; j++) rp = (rp + witness.reencryption[j]![k]! * u[j]!) % q;
    return modq(q, w4[k]! - cc * rp);
  });
  return {
    permutationCommitment: c,
    commitmentChain: chain,
    t1,
    t2,
    t3,
    t4,
    tHat,
    challenge: cc,
    s1: modq(q, w1 - cc * rBar),
    s2: modq(q, w2 - cc * rHatSum),
    s3: modq(q, w3 - cc * rTilde),
    s4,
    sHat: wHat.map((x, i) => modq(q, x - cc * rHat[i]!)),
    sPrime: wPrime.map((x, i) => modq(q, x - cc * uPrime[i]!)),
  };
}

// ---- CheckShuffleProof ------------------------------------------------------------------------------------------

function fail(check: ShuffleCheck, message: string, row?: number): ShuffleVerdict {
  return row === undefined ? { ok: false, check, message } : { ok: false, check, message, row };
}

export interface CheckOptions {
  /** Verifier randomness for the batched t̂ check (M8); never the prover's. */
  rng?: Rng;
}

/**
 * CheckShuffleProof with numbered checks (docs/mixnet-spec.md §4). M1 shapes; M2 exponents in range and elements
 * not the identity where they must not be (the JSON parser has already decoded every element strictly); M3 the
 * Fiat–Shamir challenge recomputed from this statement; M4 t1 (Σ of the permutation commitment's randomness); M5 t2
 * (end of the commitment chain); M6 t3 (the committed permutation applied to u); M7 t4 (re-encryption of every
 * column under this key); M8 t̂ (every link of the commitment chain), checked as one random linear combination
 * and, when it fails, row by row to name the row. (M9–M11 are the chain's: ./chain.ts.)
 */
export function checkShuffleProof<E>(group: MixGroup<E>, st: ShuffleStatement<E>, proof: ShuffleProof<E>, opts: CheckOptions = {}): ShuffleVerdict {
  const q = group.order;
  const g = group.generator;
  const pk = st.publicKey;
  const n = st.input.length;
  // M1: shapes
  if (n === 0) return fail('M1', 'no input rows');
  if (st.output.length !== n) return fail('M1', `the mixer output ${st.output.length} rows for ${n} input rows`);
  const w = st.input[0]!.length;
  if (w === 0) return fail('M1', 'rows of width 0');
  for (let i = 0; i < n; i++) {
    if (st.input[i]!.length !== w) return fail('M1', `input row ${i} has width ${st.input[i]!.length}, expected ${w}`, i);
    if (st.output[i]!.length !== w) return fail('M1', `output row ${i} has width ${st.output[i]!.length}, expected ${w}`, i);
  }
  const vecs: [string, unknown[], number][] = [
    ['permutation commitment', proof.permutationCommitment, n],
    ['commitment chain', proof.commitmentChain, n],
    ['t̂', proof.tHat, n],
    ['ŝ', proof.sHat, n],
    ["s'", proof.sPrime, n],
    ['t4', proof.t4, w],
    ['s4', proof.s4, w],
  ];
  for (const [name, v, len] of vecs) if (!Array.isArray(v) || v.length !== len) return fail('M1', `proof ${name} has ${Array.isArray(v) ? v.length : 'no'} entries, expected ${len}`);
  // M2: exponents in Z_q; public key and commitments not the identity
  const scalars = [proof.s1, proof.s2, proof.s3, ...proof.s4, ...proof.sHat, ...proof.sPrime];
  if (typeof proof.challenge !== 'bigint' || proof.challenge < 0n || proof.challenge >= q) return fail('M2', 'the challenge is not an exponent in [0, q)');
  if (!scalars.every((s) => typeof s === 'bigint' && s >= 0n && s < q)) return fail('M2', 'a response is not an exponent in [0, q)');
  if (group.equals(pk, group.identity)) return fail('M2', 'the public key is the identity');
  for (let i = 0; i < n; i++) {
    if (group.equals(proof.permutationCommitment[i]!, group.identity) || group.equals(proof.commitmentChain[i]!, group.identity)) return fail('M2', `commitment ${i} is the identity`, i);
  }

  const { h, hs } = shuffleGenerators(group, n);
  const digest = statementDigest(group, st, w, proof.permutationCommitment);
  const u = challenges(group, digest, n);
  // M3: the challenge is the hash of this statement and these commitments
  const c = finalChallenge(group, digest, proof);
  if (proof.challenge !== c) return fail('M3', 'the proof was made for another statement (other rows, key, mixer or election) or its commitments were changed');

  // M4: t1 = c̄^c·g^{s1}, c̄ = ∏ c_i / ∏ h_i
  let prodC = group.identity;
  let prodH = group.identity;
  for (let i = 0; i < n; i++) {
    prodC = group.mul(prodC, proof.permutationCommitment[i]!);
    prodH = group.mul(prodH, hs[i]!);
  }
  const cBar = group.mul(prodC, group.inv(prodH));
  if (!group.equals(proof.t1, group.mul(group.exp(cBar, c), group.exp(g, proof.s1)))) return fail('M4', 't1 does not match: the permutation commitment is not a commitment to a permutation (or the proof belongs to another statement)');

  // M5: t2 = ĉ^c·g^{s2}, ĉ = ĉ_N / h^{∏u}
  let prodU = 1n;
  for (const x of u) prodU = (prodU * x) % q;
  const cHat = group.mul(proof.commitmentChain[n - 1]!, group.inv(group.exp(h, prodU)));
  if (!group.equals(proof.t2, group.mul(group.exp(cHat, c), group.exp(g, proof.s2)))) return fail('M5', 't2 does not match: the commitment chain does not end in ∏ u_i');

  // M6: t3 = c̃^c·g^{s3}·∏ h_i^{s'_i}, c̃ = ∏ c_i^{u_i}
  const t3 = group.msm([...proof.permutationCommitment, g, ...hs], [...u.map((x) => (x * c) % q), proof.s3, ...proof.sPrime]);
  if (!group.equals(proof.t3, t3)) return fail('M6', 't3 does not match: the committed permutation was not applied to the challenges');

  // M7: per column, t4,1 = β̄^c·pk^{−s4}·∏ β'_i^{s'_i}, t4,2 = ᾱ^c·g^{−s4}·∏ α'_i^{s'_i}, ᾱ = ∏ α_i^{u_i}
  const uc = u.map((x) => (x * c) % q);
  for (let k = 0; k < w; k++) {
    const negS4 = modq(q, -proof.s4[k]!);
    const tb = group.msm([...st.input.map((r) => r[k]!.beta), pk, ...st.output.map((r) => r[k]!.beta)], [...uc, negS4, ...proof.sPrime]);
    const ta = group.msm([...st.input.map((r) => r[k]!.alpha), g, ...st.output.map((r) => r[k]!.alpha)], [...uc, negS4, ...proof.sPrime]);
    if (!group.equals(proof.t4[k]!.beta, tb) || !group.equals(proof.t4[k]!.alpha, ta)) {
      return fail('M7', `t4 of column ${k} does not match: the output rows are not re-encryptions of the permuted input rows under this public key`);
    }
  }

  // M8: t̂_i = ĉ_i^c·g^{ŝ_i}·ĉ_{i−1}^{s'_i} for all i, as ∏ (ĉ_i^c·g^{ŝ_i}·ĉ_{i−1}^{s'_i}·t̂_i^{−1})^{ρ_i} = 1
  const rng = opts.rng ?? systemRng;
  const rho = Array.from({ length: n }, () => randomWeight(rng));
  const bases: E[] = [g];
  const exps: bigint[] = [0n];
  let gExp = 0n;
  for (let i = 0; i < n; i++) {
    const prev = i === 0 ? h : proof.commitmentChain[i - 1]!;
    gExp = (gExp + rho[i]! * proof.sHat[i]!) % q;
    bases.push(proof.commitmentChain[i]!, prev, proof.tHat[i]!);
    exps.push((rho[i]! * c) % q, (rho[i]! * proof.sPrime[i]!) % q, modq(q, -rho[i]!));
  }
  exps[0] = gExp;
  if (!group.equals(group.msm(bases, exps), group.identity)) {
    for (let i = 0; i < n; i++) {
      const prev = i === 0 ? h : proof.commitmentChain[i - 1]!;
      const expect = group.msm([proof.commitmentChain[i]!, g, prev], [c, proof.sHat[i]!, proof.sPrime[i]!]);
      if (!group.equals(expect, proof.tHat[i]!)) return fail('M8', `t̂ of row ${i} does not match: link ${i} of the commitment chain is broken`, i);
    }
    return fail('M8', 'the commitment chain equations do not hold');
  }
  return { ok: true };
}

/** A 128-bit verifier weight: a false batch accepts with probability ≤ 2^-128 per equation set. */
