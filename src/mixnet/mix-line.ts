/**
 * A mix record's line read straight into packed rows and a packed proof (./shuffle-packed.ts), never as a JSON
 * object graph: at 200,000 rows of width 3 the line is about 150 MB of text, its parsed form over half a gigabyte,
 * and re-serialising that form (the canonical-form check) another 150 MB string. This reader walks the text once and
 * proves, as it goes, that the line is exactly the canonical JSON of a mix record:
 *
 *   {"body":{"mixer":M,"output":[[["α","β"],…],…],"proof":{"challenge":…,…,"tHat":[…]},"signature":{"R":…,"s":…}},"hash":H,…,"type":"mix"}
 *
 * keys in canonical (sorted) order, no whitespace, integers in their shortest form, strings without escapes, every
 * point and scalar a 32-byte hex string decoded by the same functions as `packRowsFromJSON` and `packProofFromJSON`.
 * A line so read is then, member for member, what JSON.parse + `isCanonicalLine` + the packers would have accepted,
 * with the same values: the verifier's verdict is unchanged. The record hash is computed from the line's own text
 * (the line without its "hash" member), in bounded chunks, and so is the mix digest the signature covers
 * (./mix-signature.ts: SHA-256 of `{` + the line's `"output":…,"proof":{…}` + `}`).
 *
 * It is a fast path only: any departure from that exact shape (another key, an escape, an empty vector, a value that
 * does not decode, …) returns null, and the caller reads the line the general way, which names the problem with the
 * numbered check it always has. Pure and platform-neutral.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '../crypto/bytes';
import { scalarFromHex, type Scalar } from '../crypto/group';
import type { PackedProof, PackedRows } from './shuffle-packed';

/** A mix record's body already packed (what the streaming verifier takes instead of the JSON body). */
export class PackedMixBody {
  constructor(
    readonly mixer: number,
    readonly output: PackedRows,
    readonly proof: PackedProof,
    /** The mixer's signature as on the line, and the digest of {output, proof} it signs (M16). */
    readonly signature: { R: string; s: string },
    readonly digest: string,
  ) {}
}

export interface PackedMixLine {
  seq: number;
  prev: string;
  hash: string;
  /** SHA-256 (hex) of the record's canonical JSON without "hash": what `recordHash` gives for this record. */
  recordHash: string;
  body: PackedMixBody;
}

/** Thrown inside the reader when the line leaves the fast path's shape, at character `at`. */
class Off extends Error {
  constructor(readonly at: number) {
    super('off');
  }
}

const HEX32 = 64;
/** `["` + 64 + `","` + 64 + `"]` */
const CELL_CHARS = 2 + HEX32 + 3 + HEX32 + 2;
const QUOTE = 0x22;

/** Reads `line` as a canonical mix record, or null when it is anything else (the caller then reads it in full). */
export function readMixLine(line: string): PackedMixLine | null {
  try {
    return read(line);
  } catch {
    // not canonical (Off), or a value that does not decode (CryptoError): the general path names it
    return null;
  }
}

/**
 * Why `line` is not read as a canonical mix record (null if it is): the check it fails and where. The verifier
 * names a long line's problem this way instead of parsing it whole (./board.ts, `PreferentialBoardReader`).
 */
export function mixLineProblem(line: string): { check: 'M13' | 'M2'; message: string } | null {
  try {
    read(line);
    return null;
  } catch (e) {
    if (e instanceof Off) return { check: 'M13', message: `it is not a mix record in canonical form (sorted keys, no spaces, 64-digit hex values; it departs from that at character ${e.at})` };
    return { check: 'M2', message: `a value does not decode: ${(e as Error).message}` };
  }
}

function read(s: string): PackedMixLine {
  let i = 0;
  const off = (): never => {
    throw new Off(i);
  };
  const lit = (t: string) => {
    if (!s.startsWith(t, i)) off();
    i += t.length;
  };
  /** A canonical non-negative integer (no sign, no leading zero, no fraction or exponent), safe. */
  const int = (): number => {
    const a = i;
    while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    if (i === a || i - a > 15 || (s.charCodeAt(a) === 0x30 && i - a > 1)) off();
    return Number(s.slice(a, i));
  };
  /** A string of printable ASCII with nothing to escape (so its JSON form is itself, canonical). */
  const plain = (): string => {
    if (s.charCodeAt(i) !== QUOTE) off();
    const a = ++i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) break;
      if (!(c >= 0x20 && c < 0x7f) || c === 0x5c) off();
      i++;
    }
    return s.slice(a, i++);
  };
  /** A 64-hex-digit string's characters (decoded by the caller). */
  const hex = (): string => {
    if (s.charCodeAt(i) !== QUOTE || s.charCodeAt(i + HEX32 + 1) !== QUOTE) off();
    const h = s.slice(i + 1, i + 1 + HEX32);
    i += HEX32 + 2;
    return h;
  };
  // `field` labels a decoding error, which readMixLine discards (the general path names it): no per-value label.
  const point = (into: Uint8Array, at: number, field: string) => into.set(hexToBytes(hex(), 32, field), at);
  const scalar = (field: string): Scalar => scalarFromHex(hex(), { field });
  /** Elements of a non-empty array of `each`-character items separated by ',' starting at i (at its first item). */
  const countItems = (each: number): number => {
    let n = 0;
    for (let j = i; ; j += each + 1) {
      n++;
      const after = s.charCodeAt(j + each);
      if (after === 0x5d) return n;
      if (after !== 0x2c) off();
    }
  };
  /** A non-empty array of points, packed. */
  const points = (field: string): Uint8Array => {
    lit('[');
    const n = countItems(HEX32 + 2);
    const out = new Uint8Array(n * 32);
    for (let k = 0; k < n; k++) {
      if (k) lit(',');
      point(out, k * 32, field);
    }
    lit(']');
    return out;
  };
  /** A non-empty array of scalars. */
  const scalars = (field: string): Scalar[] => {
    lit('[');
    const n = countItems(HEX32 + 2);
    const out: Scalar[] = new Array(n);
    for (let k = 0; k < n; k++) {
      if (k) lit(',');
      out[k] = scalar(field);
    }
    lit(']');
    return out;
  };
  const isZero = (b: Uint8Array, at: number) => {
    for (let k = at; k < at + 32; k++) if (b[k] !== 0) return false;
    return true;
  };

  lit('{"body":{"mixer":');
  const mixer = int();
  const outputAt = i + 1;
  lit(',"output":[');
  // The first row gives the width; every row then has the same length of text, which counts the rows.
  if (s.charCodeAt(i) !== 0x5b) off();
  let w = 0;
  for (let j = i + 1; ; j += CELL_CHARS + 1) {
    w++;
    const after = s.charCodeAt(j + CELL_CHARS);
    if (after === 0x5d) break;
    if (after !== 0x2c) off();
  }
  const rowChars = 2 + w * CELL_CHARS + (w - 1);
  const n = countItems(rowChars);
  const field = `mix-?.output`;
  const bytes = new Uint8Array(n * w * 64);
  for (let r = 0; r < n; r++) {
    if (r) lit(',');
    lit('[');
    for (let k = 0; k < w; k++) {
      if (k) lit(',');
      const at = (r * w + k) * 64;
      lit('[');
      point(bytes, at, field);
      lit(',');
      point(bytes, at + 32, field);
      lit(']');
      // the alpha ≠ identity rule of packRowsFromJSON: the general path reports it (M2), as `mixLineProblem` does
      if (isZero(bytes, at)) throw new RangeError(`output row ${r} rank ${k}: alpha is the identity`);
    }
    lit(']');
  }
  lit('],"proof":{"challenge":');
  const challenge = scalar('proof.challenge');
  lit(',"commitmentChain":');
  const commitmentChain = points('proof.commitmentChain');
  lit(',"permutationCommitment":');
  const permutationCommitment = points('proof.permutationCommitment');
  lit(',"s1":');
  const s1 = scalar('proof.s1');
  lit(',"s2":');
  const s2 = scalar('proof.s2');
  lit(',"s3":');
  const s3 = scalar('proof.s3');
  lit(',"s4":');
  const s4 = scalars('proof.s4');
  lit(',"sHat":');
  const sHat = scalars('proof.sHat');
  lit(',"sPrime":');
  const sPrime = scalars('proof.sPrime');
  const one = (f: string) => {
    const b = new Uint8Array(32);
    point(b, 0, f);
    return b;
  };
  lit(',"t1":');
  const t1 = one('proof.t1');
  lit(',"t2":');
  const t2 = one('proof.t2');
  lit(',"t3":');
  const t3 = one('proof.t3');
  lit(',"t4":[');
  const t4: [Uint8Array, Uint8Array][] = [];
  for (let k = 0; ; k++) {
    if (k) lit(',');
    lit('[');
    const beta = one(`proof.t4[${k}][0]`);
    lit(',');
    const alpha = one(`proof.t4[${k}][1]`);
    lit(']');
    t4.push([beta, alpha]);
    if (s.charCodeAt(i) !== 0x2c) break;
  }
  lit('],"tHat":');
  const tHat = points('proof.tHat');
  lit('}');
  const proofEnd = i;
  // the signature's two values are checked by the verifier (M16); here only their canonical shape
  lit(',"signature":{"R":');
  const sigR = hex();
  lit(',"s":');
  const sigS = hex();
  if (!/^[0-9a-f]{64}$/.test(sigR) || !/^[0-9a-f]{64}$/.test(sigS)) off();
  lit('}}');
  const bodyEnd = i;
  lit(',"hash":');
  const hash = plain();
  const restAt = i;
  lit(',"prev":');
  const prev = plain();
  lit(',"seq":');
  const seq = int();
  lit(',"type":"mix"}');
  if (i !== s.length) off();

  // The record hash: SHA-256 of the line without its "hash" member. Every character read above is ASCII, so each
  // code unit is its UTF-8 byte; the text is hashed in chunks, never copied whole.
  const CHUNK = 1 << 20;
  const buf = new Uint8Array(CHUNK);
  const feed = (h: ReturnType<typeof sha256.create>, a: number, b: number) => {
    for (let k = a; k < b; k += CHUNK) {
      const end = Math.min(b, k + CHUNK);
      for (let j = k; j < end; j++) buf[j - k] = s.charCodeAt(j);
      h.update(buf.subarray(0, end - k));
    }
  };
  const h = sha256.create();
  feed(h, 0, bodyEnd);
  feed(h, restAt, s.length);
  const recordHash = bytesToHex(h.digest());
  // the mix digest: canonicalJson({output, proof}) is `{` + this slice of the (canonical) line + `}`
  const d = sha256.create();
  d.update(new Uint8Array([0x7b]));
  feed(d, outputAt, proofEnd);
  d.update(new Uint8Array([0x7d]));
  const digest = bytesToHex(d.digest());

  const proof: PackedProof = { n: permutationCommitment.length / 32, permutationCommitment, commitmentChain, tHat, t1, t2, t3, t4, challenge, s1, s2, s3, s4, sHat, sPrime };
  return { seq, prev, hash, recordHash, body: new PackedMixBody(mixer, { n, w, bytes }, proof, { R: sigR, s: sigS }, digest) };
}
