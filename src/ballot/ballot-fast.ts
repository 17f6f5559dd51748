/**
 * The verifier's fast path for checks B9–B11 on a chunk of ballot records, straight from their canonical lines:
 * the hex fields are read at fixed offsets into bytes, the credential's signed message and both Fiat–Shamir
 * transcripts are written from the line's own text (the ballot body of a canonical line IS its canonical JSON, so
 * nothing is parsed or re-serialised), and every point is decoded and every equation of the chunk checked in ONE
 * kernel call (strict decoding, then Σ k·P = identity with the verifier's fresh 128-bit weights, crypto spec V12).
 * No Point, proof or JSON object is made per ballot, which is most of the garbage of the general path.
 *
 * It only ever says "every ballot of the chunk is valid" (with their homomorphic sum) or "don't know" (null): a line
 * not of the exact shape of a well-formed two-candidate ballot (lowercase hex, revision 1..1,000,000), an identity or
 * non-canonical encoding, a non-reduced scalar, a challenge that does not add up, or a combined equation that
 * fails all give null, and the caller runs the general path (./ballot-check.ts), which names each failure and its
 * check exactly as before. The equations and transcripts are those of crypto spec V3/V4 (./booth.ts
 * ballotSigningMessage, crypto/proofs.ts elgamalRangeCombination, crypto/signature.ts); the tests check that this
 * path agrees with the general one.
 */
import { G, GROUP_ORDER, Point, bytesToHex, randomWeight, scalarFromWideBytes } from '../crypto';
import { sha512 } from '../crypto/hash';
import { wasmCheckEncoded } from '../crypto/wasm';
import { MAX_REVISION } from './booth';

/**
 * A well-formed ballot record line, piece by piece: these literals with 64 lowercase hex digits between each two,
 * then the revision (1..9,999,999 in canonical digits), the signature and the record's hash, prev, seq and type.
 * (Checked by hand: one regular expression for this shape is too large for V8 to compile and runs ≈ 10× slower.)
 */
const HEAD = ['{"body":{"ciphertext":{"alpha":"', '","beta":"', '"},"credential":"', '","proof":{"challenges":["', '","', '"],"commitments":[["', '","', '"],["', '","', '"]],"responses":["', '","', '"]},"revision":'];
const SIG_R_LIT = ',"signature":{"R":"';
const SIG_S_LIT = '","s":"';
const BODY_END_LIT = '"}},"hash":"';
const PREV_LIT = '","prev":"';
const SEQ_LIT = '","seq":';
const TYPE_LIT = ',"type":"ballot"}';

/** Code unit → 1 for '0'–'9' and 'a'–'f'. */
const IS_HEX = new Uint8Array(65536);
for (const c of '0123456789abcdef') IS_HEX[c.charCodeAt(0)] = 1;

function isHex64(line: string, at: number): boolean {
  if (at + 64 > line.length) return false;
  for (let i = at; i < at + 64; i++) if (IS_HEX[line.charCodeAt(i)] !== 1) return false;
  return true;
}

/** Index of the first character past a run of at most `max` decimal digits at `at` that does not start with 0 (or −1). */
function digitsEnd(line: string, at: number, max: number): number {
  let k = at;
  for (let c = line.charCodeAt(k); c >= 48 && c <= 57 && k - at < max; c = line.charCodeAt(++k));
  if (k === at || line.charCodeAt(at) === 48) return -1;
  return k;
}

/**
 * If `line` starts as a well-formed ballot record up to its hash's value (`…"hash":"`), the index just past the
 * revision's digits; else −1.
 */
function headEnd(line: string): number {
  let at = 0;
  for (let k = 0; ; k++) {
    const lit = HEAD[k]!;
    if (!line.startsWith(lit, at)) return -1;
    at += lit.length;
    if (k === HEAD.length - 1) break;
    if (!isHex64(line, at)) return -1;
    at += 64;
  }
  const revEnd = digitsEnd(line, at, 7);
  if (revEnd < 0) return -1;
  at = revEnd;
  if (!line.startsWith(SIG_R_LIT, at) || !isHex64(line, at + SIG_R_LIT.length)) return -1;
  at += SIG_R_LIT.length + 64;
  if (!line.startsWith(SIG_S_LIT, at) || !isHex64(line, at + SIG_S_LIT.length)) return -1;
  at += SIG_S_LIT.length + 64;
  if (!line.startsWith(BODY_END_LIT, at)) return -1;
  return revEnd;
}

// Offsets in such a line (all fields before the revision have a fixed length).
const CT_START = '{"body":{"ciphertext":'.length;
const ALPHA = CT_START + '{"alpha":"'.length;
const BETA = ALPHA + 64 + '","beta":"'.length;
const CT_END = BETA + 64 + '"}'.length;
const CRED = CT_END + ',"credential":"'.length;
const PROOF_START = CRED + 64 + '","proof":'.length;
const C0 = PROOF_START + '{"challenges":["'.length;
const C1 = C0 + 64 + '","'.length;
const A0 = C1 + 64 + '"],"commitments":[["'.length;
const B0 = A0 + 64 + '","'.length;
const A1 = B0 + 64 + '"],["'.length;
const B1 = A1 + 64 + '","'.length;
const S0 = B1 + 64 + '"]],"responses":["'.length;
const S1 = S0 + 64 + '","'.length;
const PROOF_END = S1 + 64 + '"]}'.length;
const REV = PROOF_END + ',"revision":'.length;
const SIG_R_AFTER_REV = ',"signature":{"R":"'.length;
const SIG_S_AFTER_R = 64 + '","s":"'.length;

/** Where a ballot record line's fields are, for a reader that need not parse it (see ballotRecordFields). */
export interface BallotRecordFields {
  seq: number;
  hash: string;
  prev: string;
  revision: number;
  /** Start of the `"hash":"…",` member (what a record's hash leaves out of the hashed text). */
  hashMember: number;
  /** The body's canonical text is line.slice(8, bodyEnd). */
  bodyEnd: number;
  credential: number;
  alpha: number;
  beta: number;
}

/**
 * The fields of a ballot record line if it is exactly a canonical record {body, hash, prev, seq, type: "ballot"}
 * whose body has the shape of a well-formed ballot (the same line JSON.parse would give, with every key sorted and
 * every hex field lowercase), else null (the caller parses the line as any other). Says nothing about the
 * cryptography: the hash, chain and ballot checks remain the caller's.
 */
export function ballotRecordFields(line: string): BallotRecordFields | null {
  const revEnd = headEnd(line);
  if (revEnd < 0) return null;
  let revision = 0;
  for (let k = REV; k < revEnd; k++) revision = revision * 10 + (line.charCodeAt(k) - 48);
  const bodyEnd = revEnd + SIG_R_AFTER_REV + SIG_S_AFTER_R + 64 + '"}}'.length;
  const hashMember = bodyEnd + 1;
  const hashAt = hashMember + '"hash":"'.length;
  const prevAt = hashAt + 64 + PREV_LIT.length;
  if (!isHex64(line, hashAt) || !line.startsWith(PREV_LIT, hashAt + 64) || !isHex64(line, prevAt) || !line.startsWith(SEQ_LIT, prevAt + 64)) return null;
  const seqAt = prevAt + 64 + SEQ_LIT.length;
  // seq: 0, or up to 15 digits without a leading zero (a safe integer)
  const seqEnd = line.charCodeAt(seqAt) === 48 ? seqAt + 1 : digitsEnd(line, seqAt, 15);
  if (seqEnd < 0 || !line.startsWith(TYPE_LIT, seqEnd) || seqEnd + TYPE_LIT.length !== line.length) return null;
  let seq = 0;
  for (let k = seqAt; k < seqEnd; k++) seq = seq * 10 + (line.charCodeAt(k) - 48);
  return { seq, hash: line.slice(hashAt, hashAt + 64), prev: line.slice(prevAt, prevAt + 64), revision, hashMember, bodyEnd, credential: CRED, alpha: ALPHA, beta: BETA };
}

/** Points per ballot, laid out type-major in the kernel's input (so the α's and the β's are contiguous for the sums). */
const X_ = 0, R_ = 1, ALPHA_ = 2, BETA_ = 3, A0_ = 4, B0_ = 5, A1_ = 6, B1_ = 7;
const POINTS = 8;
/** Where each point's hex starts in the line (R's offset depends on the revision's digits). */
const AT = [CRED, 0, ALPHA, BETA, A0, B0, A1, B1];

const enc = new TextEncoder();
const SIG_LABEL = enc.encode('confidence/v1/signature');
const RANGE_LABEL = enc.encode('confidence/v1/elgamal-range');
const BALLOT = enc.encode('ballot');
const DOMAIN = enc.encode('confidence/v1/ballot');

/** Transcript scratch: a ballot's signed message is ≈ 1 KB. */
let T = new Uint8Array(4096);
let TV = new DataView(T.buffer);
const SC = new Uint8Array(32);
const SCV = new DataView(SC.buffer);

let encodings = new Uint8Array(0);
let scalars = new Uint8Array(0);
let scalarView = new DataView(scalars.buffer);

function nibble(c: number): number {
  return c < 58 ? c - 48 : c - 87;
}

/** 64 lowercase hex digits of `line` at `at` (already checked by the pattern) into `out` at `off`. */
function hexInto(out: Uint8Array, off: number, line: string, at: number): void {
  for (let i = 0; i < 32; i++) out[off + i] = (nibble(line.charCodeAt(at + 2 * i)) << 4) | nibble(line.charCodeAt(at + 2 * i + 1));
}

function isZero(b: Uint8Array, off: number): boolean {
  for (let i = 0; i < 32; i++) if (b[off + i] !== 0) return false;
  return true;
}

/** The scalar whose 32-byte little-endian encoding is hex at `at` (not reduced). */
function scalarAt(line: string, at: number): bigint {
  hexInto(SC, 0, line, at);
  return (SCV.getBigUint64(24, true) << 192n) | (SCV.getBigUint64(16, true) << 128n) | (SCV.getBigUint64(8, true) << 64n) | SCV.getBigUint64(0, true);
}

function putScalar(i: number, v: bigint): void {
  const o = 32 * i;
  scalarView.setBigUint64(o, BigInt.asUintN(64, v), true);
  scalarView.setBigUint64(o + 8, BigInt.asUintN(64, v >> 64n), true);
  scalarView.setBigUint64(o + 16, BigInt.asUintN(64, v >> 128n), true);
  scalarView.setBigUint64(o + 24, v >> 192n, true);
}

function reserveTranscript(n: number): void {
  if (n <= T.length) return;
  T = new Uint8Array(2 * n);
  TV = new DataView(T.buffer);
}

function putBytes(off: number, b: Uint8Array): number {
  T.set(b, off);
  return off + b.length;
}

function putAscii(off: number, s: string, from: number, to: number): number {
  for (let i = from; i < to; i++) T[off++] = s.charCodeAt(i);
  return off;
}

/** A point item of a transcript (tag 0x03, length 32) copied from the encodings buffer. */
function putPoint(off: number, k: number): number {
  T[off] = 0x03;
  TV.setUint32(off + 1, 32);
  T.set(encodings.subarray(32 * k, 32 * k + 32), off + 5);
  return off + 37;
}

/**
 * Checks a chunk of ballot lines (each a whole record line) under election hash `electionHash` (64 lowercase hex) and
 * election key `Y`: the homomorphic sum of all of them as encodings, if every ballot is well formed and valid; null
 * if that cannot be shown this way (the caller then runs the general checks).
 */
export function checkBallotLinesFast(electionHash: string, Y: Point, lines: readonly string[]): { alpha: string; beta: string } | null {
  const n = lines.length;
  if (n === 0 || !/^[0-9a-f]{64}$/.test(electionHash)) return null;
  const total = POINTS * n;
  if (encodings.length < 32 * total) {
    encodings = new Uint8Array(32 * total);
    scalars = new Uint8Array(32 * total);
    scalarView = new DataView(scalars.buffer);
  }
  const ehBytes = enc.encode(electionHash);
  const ehItem = new Uint8Array(5 + ehBytes.length);
  ehItem[0] = 0x01;
  new DataView(ehItem.buffer).setUint32(1, ehBytes.length);
  ehItem.set(ehBytes, 5);
  const L = GROUP_ORDER;
  let gAcc = 0n;
  let yAcc = 0n;
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    const revEnd = headEnd(line);
    if (revEnd < 0) return null;
    let revision = 0;
    for (let k = REV; k < revEnd; k++) revision = revision * 10 + (line.charCodeAt(k) - 48);
    if (revision > MAX_REVISION) return null;
    const sigR = revEnd + SIG_R_AFTER_REV;
    const sigS = sigR + SIG_S_AFTER_R;
    AT[R_] = sigR;
    for (let k = 0; k < POINTS; k++) {
      const off = 32 * (k * n + i);
      hexInto(encodings, off, line, AT[k]!);
      // The identity is refused for the credential, α and R and allowed elsewhere: the general path decides.
      if (isZero(encodings, off)) return null;
    }
    const c0 = scalarAt(line, C0);
    const c1 = scalarAt(line, C1);
    const s0 = scalarAt(line, S0);
    const s1 = scalarAt(line, S1);
    const s = scalarAt(line, sigS);
    if (c0 >= L || c1 >= L || s0 >= L || s1 >= L || s >= L) return null;

    // Signature challenge (crypto/signature.ts): challenge("signature", [], [X, message], [R]), the message being
    // ballotSigningMessage's canonical JSON, here copied from the line's own canonical text.
    reserveTranscript(line.length + 512);
    let o = 0;
    TV.setUint32(o, SIG_LABEL.length);
    o = putBytes(o + 4, SIG_LABEL);
    TV.setUint32(o, 0); // context: no items
    TV.setUint32(o + 4, 2); // statement: X, message
    o = putPoint(o + 8, X_ * n + i);
    T[o] = 0x02;
    const lenAt = o + 1;
    const msgStart = o + 5;
    o = putAscii(msgStart, '{"ciphertext":', 0, 14);
    o = putAscii(o, line, CT_START, CT_END);
    o = putAscii(o, ',"credential":"', 0, 15);
    o = putAscii(o, line, CRED, CRED + 64);
    o = putAscii(o, '","domain":"', 0, 12);
    o = putBytes(o, DOMAIN);
    o = putAscii(o, '","election":"', 0, 14);
    o = putBytes(o, ehBytes);
    o = putAscii(o, '","proof":', 0, 10);
    o = putAscii(o, line, PROOF_START, PROOF_END);
    o = putAscii(o, ',"revision":', 0, 12);
    o = putAscii(o, line, REV, revEnd);
    T[o++] = 0x7d; // }
    TV.setUint32(lenAt, o - msgStart);
    TV.setUint32(o, 1); // commitments: R
    o = putPoint(o + 4, R_ * n + i);
    const e = scalarFromWideBytes(sha512(T.subarray(0, o)));

    // 0/1 proof challenge (crypto/proofs.ts): challenge("elgamal-range", ["ballot", electionHash, X], [1, Y, α, β], [A0, B0, A1, B1]).
    o = 0;
    TV.setUint32(o, RANGE_LABEL.length);
    o = putBytes(o + 4, RANGE_LABEL);
    TV.setUint32(o, 3);
    T[o + 4] = 0x01;
    TV.setUint32(o + 5, BALLOT.length);
    o = putBytes(o + 9, BALLOT);
    o = putBytes(o, ehItem);
    o = putPoint(o, X_ * n + i);
    TV.setUint32(o, 4);
    T[o + 4] = 0x05;
    TV.setUint32(o + 5, 8);
    TV.setBigUint64(o + 9, 1n);
    o += 17;
    T[o] = 0x03;
    TV.setUint32(o + 1, 32);
    T.set(Y.encoded, o + 5);
    o = putPoint(o + 37, ALPHA_ * n + i);
    o = putPoint(o, BETA_ * n + i);
    TV.setUint32(o, 4);
    o = putPoint(o + 4, A0_ * n + i);
    o = putPoint(o, B0_ * n + i);
    o = putPoint(o, A1_ * n + i);
    o = putPoint(o, B1_ * n + i);
    if ((c0 + c1) % L !== scalarFromWideBytes(sha512(T.subarray(0, o)))) return null;

    // Weights (the verifier's coins, fresh per equation) and the terms of the five equations, as in
    // signatureCombination and elgamalRangeCombination:  s·G = R + e·X;  s_j·G = A_j + c_j·α;  s_j·Y = B_j + c_j·(β − j·G).
    const w = randomWeight();
    const z0 = randomWeight();
    const zp0 = randomWeight();
    const z1 = randomWeight();
    const zp1 = randomWeight();
    putScalar(X_ * n + i, (w * e) % L);
    putScalar(R_ * n + i, w);
    putScalar(ALPHA_ * n + i, (z0 * c0 + z1 * c1) % L);
    putScalar(BETA_ * n + i, (zp0 * c0 + zp1 * c1) % L);
    putScalar(A0_ * n + i, z0);
    putScalar(B0_ * n + i, zp0);
    putScalar(A1_ * n + i, z1);
    putScalar(B1_ * n + i, zp1);
    gAcc += w * s + z0 * s0 + z1 * s1 + zp1 * c1;
    yAcc += zp0 * s0 + zp1 * s1;
  }
  const r = wasmCheckEncoded(
    encodings,
    scalars,
    total,
    [
      { packed: G.wasmGe, scalar: (L - (gAcc % L)) % L },
      { packed: Y.wasmGe, scalar: (L - (yAcc % L)) % L },
    ],
    [
      [ALPHA_ * n, n],
      [BETA_ * n, n],
    ],
  );
  if (r === null || !r.identity) return null;
  return { alpha: bytesToHex(r.sums[0]!), beta: bytesToHex(r.sums[1]!) };
}
