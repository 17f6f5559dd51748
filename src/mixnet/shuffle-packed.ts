/**
 * CheckShuffleProof (./shuffle.ts, checks M1–M8 of docs/mixnet-spec.md §4) on ristretto255 for a verifier that must
 * not hold a board's points as objects: rows and the proof's N-long vectors stay packed 32-byte encodings (a row of
 * width w is w·64 bytes, alpha then beta per cell, the order the statement hash reads them), and the N-long scalar
 * vectors stay bigints. A 200,000-row mix of width 3 is then 38 MB of rows instead of about 1.2 million point objects.
 *
 * The accepting path is one random linear combination of every equation of M4–M8 (t1, t2, t3, each column's t4
 * pair, every t̂_i), with independent 128-bit verifier weights, summed as one multi-exponentiation on the WebAssembly
 * kernel in chunks of bounded size: a false equation passes with probability ≤ 2^-128. Each point is decoded once,
 * strictly, by the kernel (the decoder the 'wasm' back end validates every received point with). Any doubt — a
 * shape, a range, an identity, the Fiat–Shamir challenge, an encoding that does not decode, or the combination not
 * vanishing — sends the shuffle to the reference `checkShuffleProof` on decoded points, whose verdict (check number,
 * message, row) is returned: a forged board is named exactly as before, at the reference's memory cost.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, hexToBytes, u32be, utf8 } from '../crypto/bytes';
import { CryptoError } from '../crypto/errors';
import { randomWeight } from '../crypto/equations';
import { G, GROUP_ORDER, IDENTITY, Point } from '../crypto/group';
import { systemRng, type Rng } from '../crypto/random';
import { useWasmVerifier } from '../crypto/sodium';
import { wasmMsm } from '../crypto/wasm';
import { proofFields } from './contest';
import { RISTRETTO } from './group-ristretto';
import { challenges, checkShuffleProof, shuffleGenerators, type Row, type ShuffleProof, type ShuffleVerdict } from './shuffle';

const EL = 32;
const q = GROUP_ORDER;

/** n rows of width w as encodings: cell (i, k)'s alpha at ((i·w + k)·2)·32, its beta 32 bytes after. */
export interface PackedRows {
  n: number;
  w: number;
  bytes: Uint8Array;
}

/** A shuffle proof with its N-long point vectors packed (see `proofToJSON` for the published form). */
export interface PackedProof {
  n: number;
  permutationCommitment: Uint8Array;
  commitmentChain: Uint8Array;
  tHat: Uint8Array;
  t1: Uint8Array;
  t2: Uint8Array;
  t3: Uint8Array;
  /** [beta, alpha] per column, as published. */
  t4: [Uint8Array, Uint8Array][];
  challenge: bigint;
  s1: bigint;
  s2: bigint;
  s3: bigint;
  s4: bigint[];
  sHat: bigint[];
  sPrime: bigint[];
}

const isZero = (b: Uint8Array, off: number): boolean => {
  for (let i = off; i < off + EL; i++) if (b[i] !== 0) return false;
  return true;
};

/** Rows as published ([[alpha, beta], …] hex) packed; shapes, hex form and the alpha ≠ identity rule checked here. */
export function packRowsFromJSON(x: unknown, field: string): PackedRows {
  if (!Array.isArray(x)) throw new TypeError(`${field}: expected an array of rows`);
  const n = x.length;
  const first = x[0] as unknown;
  const w = Array.isArray(first) ? first.length : 0;
  const bytes = new Uint8Array(n * w * 2 * EL);
  for (let i = 0; i < n; i++) {
    const row = x[i] as unknown;
    if (!Array.isArray(row)) throw new TypeError(`${field}[${i}]: expected a row`);
    if (row.length !== w) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `${field}[${i}]: row of width ${row.length}, expected ${w}`, { field });
    for (let k = 0; k < w; k++) {
      const cell = row[k] as unknown;
      if (!Array.isArray(cell) || cell.length !== 2) throw new TypeError(`${field}[${i}][${k}]: expected [alpha, beta]`);
      const off = (i * w + k) * 2 * EL;
      bytes.set(hexToBytes(cell[0], EL, `${field}[${i}][${k}].alpha`), off);
      bytes.set(hexToBytes(cell[1], EL, `${field}[${i}][${k}].beta`), off + EL);
      if (isZero(bytes, off)) throw new CryptoError('CRYPTO_IDENTITY_POINT', `${field}[${i}][${k}].alpha: the identity element is not allowed here`, { field });
    }
  }
  return { n, w, bytes };
}

/** Rows already decoded (a ballot's, checked by M12) packed. */
export function packRows(rows: readonly Row<Point>[], w: number): PackedRows {
  const bytes = new Uint8Array(rows.length * w * 2 * EL);
  rows.forEach((r, i) => r.forEach((c, k) => {
    bytes.set(c.alpha.encoded, (i * w + k) * 2 * EL);
    bytes.set(c.beta.encoded, (i * w + k) * 2 * EL + EL);
  }));
  return { n: rows.length, w, bytes };
}

/** One cell of packed rows, strictly decoded (the verifier decodes only the cells it needs). */
export function packedCell(rows: PackedRows, i: number, k: number): { alpha: Point; beta: Point } | undefined {
  if (!Number.isInteger(i) || !Number.isInteger(k) || i < 0 || i >= rows.n || k < 0 || k >= rows.w) return undefined;
  const off = (i * rows.w + k) * 2 * EL;
  return { alpha: Point.fromBytes(rows.bytes.subarray(off, off + EL)), beta: Point.fromBytes(rows.bytes.subarray(off + EL, off + 2 * EL), { allowIdentity: true }) };
}

/** Decodes packed rows to points (the reference path; throws CryptoError naming the first bad element). */
export function unpackRows(rows: PackedRows, field: string): Row<Point>[] {
  const out: Row<Point>[] = new Array(rows.n);
  for (let i = 0; i < rows.n; i++) {
    const row: Row<Point> = new Array(rows.w);
    for (let k = 0; k < rows.w; k++) {
      const off = (i * rows.w + k) * 2 * EL;
      row[k] = {
        alpha: Point.fromBytes(rows.bytes.subarray(off, off + EL), { field: `${field}[${i}][${k}].alpha` }),
        beta: Point.fromBytes(rows.bytes.subarray(off + EL, off + 2 * EL), { field: `${field}[${i}][${k}].beta`, allowIdentity: true }),
      };
    }
    out[i] = row;
  }
  return out;
}

/** A published proof packed (the same form checks as `proofFromJSON`, through `proofFields`; points are decoded later, by the check). */
export function packProofFromJSON(x: unknown, field: string): PackedProof {
  const { o, arr, scalars, t4 } = proofFields(x, field);
  const vec = (k: string) => {
    const a = arr(k);
    const out = new Uint8Array(a.length * EL);
    a.forEach((v, i) => out.set(hexToBytes(v, EL, `${field}.${k}[${i}]`), i * EL));
    return out;
  };
  const pt = (v: unknown, f: string) => hexToBytes(v, EL, f);
  const pc = vec('permutationCommitment');
  return {
    n: pc.length / EL,
    permutationCommitment: pc,
    commitmentChain: vec('commitmentChain'),
    tHat: vec('tHat'),
    t1: pt(o.t1, `${field}.t1`),
    t2: pt(o.t2, `${field}.t2`),
    t3: pt(o.t3, `${field}.t3`),
    t4: t4(pt),
    ...scalars(),
  };
}

/** The packed proof as points (the reference path). */
export function unpackProof(p: PackedProof, field: string): ShuffleProof<Point> {
  const pts = (b: Uint8Array, k: string) => Array.from({ length: b.length / EL }, (_, i) => Point.fromBytes(b.subarray(i * EL, (i + 1) * EL), { field: `${field}.${k}[${i}]`, allowIdentity: true }));
  const pt = (b: Uint8Array, k: string) => Point.fromBytes(b, { field: `${field}.${k}`, allowIdentity: true });
  return {
    permutationCommitment: pts(p.permutationCommitment, 'permutationCommitment'),
    commitmentChain: pts(p.commitmentChain, 'commitmentChain'),
    t1: pt(p.t1, 't1'),
    t2: pt(p.t2, 't2'),
    t3: pt(p.t3, 't3'),
    t4: p.t4.map(([b, a], k) => ({ beta: pt(b, `t4[${k}][0]`), alpha: pt(a, `t4[${k}][1]`) })),
    tHat: pts(p.tHat, 'tHat'),
    challenge: p.challenge,
    s1: p.s1,
    s2: p.s2,
    s3: p.s3,
    s4: p.s4,
    sHat: p.sHat,
    sPrime: p.sPrime,
  };
}

/** Points per kernel call: bounded memory (≈ 25 MB of kernel memory a call), Pippenger still near its best window. */
const CHUNK = 1 << 16;

/** Σ k_i·P_i over encodings, fed term by term and summed chunk by chunk; false once an encoding does not decode. */
class MsmSum {
  private pts: Uint8Array[] = [];
  private ks: bigint[] = [];
  private acc: Point = IDENTITY;
  ok = true;
  add(p: Uint8Array, k: bigint): void {
    const s = k % q;
    if (s === 0n) return;
    this.pts.push(p);
    this.ks.push(s < 0n ? s + q : s);
    if (this.pts.length >= CHUNK) this.flush();
  }
  private flush(): void {
    if (this.pts.length === 0 || !this.ok) return;
    const out = wasmMsm(this.pts, this.ks);
    this.pts = [];
    this.ks = [];
    if (out === null) this.ok = false;
    else this.acc = this.acc.add(Point.fromBytes(out, { allowIdentity: true }));
  }
  isIdentity(): boolean {
    this.flush();
    return this.ok && this.acc.isIdentity();
  }
}

export interface PackedShuffleStatement {
  electionHash: string;
  mixer: number;
  publicKey: Point;
  input: PackedRows;
  output: PackedRows;
}

/** The statement digest y of ./shuffle.ts (`statementDigest`), read from packed rows: the same bytes in the same order. */
function packedStatementDigest(st: PackedShuffleStatement, pc: Uint8Array): Uint8Array {
  const lp = (b: Uint8Array) => concatBytes(u32be(b.length), b);
  const h = sha512.create();
  h.update(lp(utf8('confidence/v1/mixnet/statement')));
  h.update(lp(utf8(RISTRETTO.name)));
  h.update(lp(utf8(st.electionHash)));
  h.update(u32be(st.mixer));
  h.update(lp(st.publicKey.encoded));
  h.update(u32be(st.input.n));
  h.update(u32be(st.output.n));
  h.update(u32be(st.input.w));
  h.update(st.input.bytes);
  h.update(st.output.bytes);
  h.update(pc);
  return h.digest();
}

/** The final challenge c of ./shuffle.ts (`finalChallenge`), from the packed vectors. */
function packedFinalChallenge(digest: Uint8Array, p: PackedProof): bigint {
  const h = sha512.create();
  h.update(digest);
  h.update(p.commitmentChain);
  h.update(p.t1);
  h.update(p.t2);
  h.update(p.t3);
  for (const [b, a] of p.t4) {
    h.update(b);
    h.update(a);
  }
  h.update(p.tHat);
  return RISTRETTO.hashToScalar('confidence/v1/mixnet/c', h.digest());
}

/** The reference check on decoded points; a point that does not decode is M2, as the JSON parser reports it. */
function reference(st: PackedShuffleStatement, proof: PackedProof, rng: Rng): ShuffleVerdict {
  let statement, p;
  try {
    statement = { electionHash: st.electionHash, mixer: st.mixer, publicKey: st.publicKey, input: unpackRows(st.input, `mix-${st.mixer}.input`), output: unpackRows(st.output, `mix-${st.mixer}.output`) };
    p = unpackProof(proof, `mix-${st.mixer}.proof`);
  } catch (e) {
    if (e instanceof CryptoError) return { ok: false, check: 'M2', message: e.message };
    throw e;
  }
  try {
    return checkShuffleProof(RISTRETTO, statement, p, { rng });
  } catch (e) {
    if (e instanceof CryptoError) return { ok: false, check: 'M2', message: e.message };
    throw e;
  }
}

/** How many checks fell back to the reference (tests: an honest proof must be accepted by the packed path itself). */
export const packedCheckStats = { reference: 0 };

/**
 * CheckShuffleProof on packed rows and proof: `{ok: true}` exactly when the reference check accepts (up to the
 * 2^-128 error of the random combination), and the reference's verdict otherwise.
 */
export function checkShufflePacked(st: PackedShuffleStatement, proof: PackedProof, opts: { rng?: Rng } = {}): ShuffleVerdict {
  const rng = opts.rng ?? systemRng;
  const n = st.input.n;
  const w = st.input.w;
  const fast = (): boolean => {
    if (!useWasmVerifier()) return false;
    // M1, M2 (shapes, ranges, identities): any doubt goes to the reference, which names it.
    if (n === 0 || w === 0 || st.output.n !== n || st.output.w !== w || proof.n !== n) return false;
    if (proof.commitmentChain.length !== n * EL || proof.tHat.length !== n * EL || proof.sHat.length !== n || proof.sPrime.length !== n || proof.t4.length !== w || proof.s4.length !== w) return false;
    const inRange = (s: bigint) => typeof s === 'bigint' && s >= 0n && s < q;
    if (!inRange(proof.challenge) || !inRange(proof.s1) || !inRange(proof.s2) || !inRange(proof.s3) || !proof.s4.every(inRange) || !proof.sHat.every(inRange) || !proof.sPrime.every(inRange)) return false;
    if (st.publicKey.isIdentity()) return false;
    for (let i = 0; i < n; i++) if (isZero(proof.permutationCommitment, i * EL) || isZero(proof.commitmentChain, i * EL)) return false;
    // M3
    const digest = packedStatementDigest(st, proof.permutationCommitment);
    const u = challenges(RISTRETTO, digest, n);
    const c = packedFinalChallenge(digest, proof);
    if (c !== proof.challenge) return false;
    const { h, hs } = shuffleGenerators(RISTRETTO, n);
    const rho = () => randomWeight(rng);
    const sum = new MsmSum();
    const at = (b: Uint8Array, i: number) => b.subarray(i * EL, (i + 1) * EL);
    const r4 = rho();
    const r5 = rho();
    const r6 = rho();
    const r7b = Array.from({ length: w }, rho);
    const r7a = Array.from({ length: w }, rho);
    const r8 = Array.from({ length: n }, rho);
    let gCoef = r4 * proof.s1 + r5 * proof.s2 + r6 * proof.s3;
    let pkCoef = 0n;
    for (let k = 0; k < w; k++) {
      gCoef -= r7a[k]! * proof.s4[k]!;
      pkCoef -= r7b[k]! * proof.s4[k]!;
    }
    let prodU = 1n;
    for (const x of u) prodU = (prodU * x) % q;
    // M4 t1 = c̄^c·g^{s1}; M5 t2 = ĉ^c·g^{s2}; M6 t3 = ∏c_i^{u_i·c}·g^{s3}·∏h_i^{s'_i}; each as "… − t = 0", weighted
    sum.add(proof.t1, -r4);
    sum.add(proof.t2, -r5);
    sum.add(proof.t3, -r6);
    const r4c = (r4 * c) % q;
    for (let i = 0; i < n; i++) {
      sum.add(at(proof.permutationCommitment, i), r4c + ((r6 * u[i]!) % q) * c);
      sum.add(hs[i]!.encoded, -r4c + r6 * proof.sPrime[i]!);
    }
    // M8 t̂_i = ĉ_i^c·g^{ŝ_i}·ĉ_{i−1}^{s'_i} (ĉ_{−1} = h): ĉ_i's two appearances are one term
    let hCoef = -r5 * c * prodU + r8[0]! * proof.sPrime[0]!;
    for (let i = 0; i < n; i++) {
      gCoef += r8[i]! * proof.sHat[i]!;
      const next = i + 1 < n ? r8[i + 1]! * proof.sPrime[i + 1]! : r5 * c;
      sum.add(at(proof.commitmentChain, i), r8[i]! * c + next);
      sum.add(at(proof.tHat, i), -r8[i]!);
    }
    // M7 per column k: t4,1 = ∏β_i^{u_i·c}·pk^{−s4}·∏β'_i^{s'_i}, t4,2 likewise with α and g
    for (let k = 0; k < w; k++) {
      sum.add(proof.t4[k]![0], -r7b[k]!);
      sum.add(proof.t4[k]![1], -r7a[k]!);
    }
    const cellAt = (rows: PackedRows, i: number, k: number, beta: boolean) => {
      const off = ((i * w + k) * 2 + (beta ? 1 : 0)) * EL;
      return rows.bytes.subarray(off, off + EL);
    };
    for (let i = 0; i < n; i++) {
      const uc = (u[i]! * c) % q;
      const sp = proof.sPrime[i]!;
      for (let k = 0; k < w; k++) {
        sum.add(cellAt(st.input, i, k, false), r7a[k]! * uc);
        sum.add(cellAt(st.input, i, k, true), r7b[k]! * uc);
        sum.add(cellAt(st.output, i, k, false), r7a[k]! * sp);
        sum.add(cellAt(st.output, i, k, true), r7b[k]! * sp);
      }
    }
    sum.add(G.encoded, gCoef);
    sum.add(st.publicKey.encoded, pkCoef);
    sum.add(h.encoded, (hCoef %= q));
    return sum.isIdentity();
  };
  if (fast()) return { ok: true };
  packedCheckStats.reference++;
  const v = reference(st, proof, rng);
  // The reference accepting what the combination refused happens with probability ≤ 2^-128 (or on a kernel fault).
  return v;
}

/** One shuffle to check: mixer k's packed statement and proof (what a worker thread is sent). */
export interface PackedShuffleJob {
  electionHash: string;
  mixer: number;
  publicKey: string;
  input: PackedRows;
  output: PackedRows;
  proof: PackedProof;
}

export function checkPackedJob(job: PackedShuffleJob): ShuffleVerdict {
  return checkShufflePacked({ electionHash: job.electionHash, mixer: job.mixer, publicKey: Point.fromHex(job.publicKey, { field: 'publicKey' }), input: job.input, output: job.output }, job.proof);
}
