/**
 * Fiat–Shamir transcript (spec §3).
 *
 * Threat model: a prover who can choose any input that is not hashed can forge proofs (the "weak Fiat–Shamir"
 * attacks that hit Helios and Belenios). So the challenge hashes, in one unambiguous byte string:
 *   the protocol tag "confidence/v1/" + label, the caller's context (procedure id, election public key,
 *   voter credential, …), every element of the statement, and every commitment of the proof.
 * Every item carries a one-byte type tag and a 4-byte length, every section a count, so no two different
 * transcripts serialise to the same bytes. The digest is SHA-512, reduced modulo ℓ (wide reduction, no bias).
 *
 * Encoding (spec §3.1):
 *   T = lp("confidence/v1/" + label) || section(context) || section(statement) || section(commitments)
 *   section(items) = u32be(count) || item_1 || … ; item = tag(1 byte) || u32be(len) || bytes
 *   tags: 0x01 UTF-8 string, 0x02 raw bytes, 0x03 group element (32-byte canonical), 0x04 scalar (32-byte LE),
 *         0x05 unsigned integer (8-byte big-endian)
 *   challenge = SHA-512(T) mod ℓ
 */
import { sha512 } from './hash';
import { utf8 } from './bytes';
import { CryptoError } from './errors';
import { Point, _scalarToBytesUnchecked, scalarFromWideBytes, assertScalar, type Scalar } from './group';

export const PROTOCOL_TAG = 'confidence/v1/';

/** One transcript item. Strings are UTF-8; numbers are non-negative safe integers; bigints are scalars. */
export type TranscriptItem = string | Uint8Array | Point | Scalar | number;
/** The context a proof is bound to, e.g. [procedureId, electionPublicKey, credentialPublicKey]. */
export type Context = readonly TranscriptItem[];

const TAG_STRING = 0x01;
const TAG_BYTES = 0x02;
const TAG_POINT = 0x03;
const TAG_SCALAR = 0x04;
const TAG_UINT = 0x05;

/** Incremental builder producing the exact byte string of spec §3.1 (one growable buffer, no per-item copies). */
export class TranscriptWriter {
  private buf = new Uint8Array(512);
  private view = new DataView(this.buf.buffer);
  private length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  private u8(x: number): void {
    this.reserve(1);
    this.buf[this.length++] = x;
  }

  private u32(x: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, x);
    this.length += 4;
  }

  private raw(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  item(x: TranscriptItem): this {
    if (typeof x === 'string') {
      const body = utf8Cached(x);
      this.u8(TAG_STRING);
      this.u32(body.length);
      this.raw(body);
    } else if (x instanceof Uint8Array) {
      this.u8(TAG_BYTES);
      this.u32(x.length);
      this.raw(x);
    } else if (x instanceof Point) {
      this.pointBytes(x.encoded);
    } else if (typeof x === 'bigint') {
      this.u8(TAG_SCALAR);
      this.u32(32);
      this.raw(_scalarToBytesUnchecked(assertScalar(x, 'transcript scalar')));
    } else if (typeof x === 'number') {
      if (!Number.isSafeInteger(x) || x < 0) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `transcript integer ${x} must be a non-negative safe integer`);
      this.u8(TAG_UINT);
      this.u32(8);
      this.reserve(8);
      this.view.setBigUint64(this.length, BigInt(x));
      this.length += 8;
    } else {
      throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'transcript item of unsupported type');
    }
    return this;
  }

  /** A raw point encoding already known to be canonical. */
  pointBytes(encoded: Uint8Array): this {
    this.u8(TAG_POINT);
    this.u32(encoded.length);
    this.raw(encoded);
    return this;
  }

  /** Empties the writer for reuse (the buffer is kept). */
  reset(): this {
    this.length = 0;
    return this;
  }

  label(label: string): this {
    let b = LABELS.get(label);
    if (b === undefined) {
      b = utf8(PROTOCOL_TAG + label);
      if (LABELS.size < 256) LABELS.set(label, b);
    }
    this.u32(b.length);
    this.raw(b);
    return this;
  }

  section(count: number): this {
    this.u32(count);
    return this;
  }

  items(xs: readonly TranscriptItem[]): this {
    this.section(xs.length);
    for (const x of xs) this.item(x);
    return this;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  challenge(): Scalar {
    return scalarFromWideBytes(sha512(this.buf.subarray(0, this.length)));
  }
}

/** The transcript bytes of spec §3.1 (exposed for vectors and independent verifiers). */
export function transcriptBytes(label: string, context: Context, statement: readonly TranscriptItem[], commitments: readonly TranscriptItem[]): Uint8Array {
  return new TranscriptWriter().label(label).items(context).items(statement).items(commitments).bytes();
}

/**
 * Short context strings (procedure ids, election hashes) recur in every proof of a board: their UTF-8 encodings are
 * kept in a small cache, emptied when it fills.
 */
const STRINGS = new Map<string, Uint8Array>();
function utf8Cached(x: string): Uint8Array {
  if (x.length > 128) return utf8(x);
  let b = STRINGS.get(x);
  if (b === undefined) {
    if (STRINGS.size >= 1024) STRINGS.clear();
    b = utf8(x);
    STRINGS.set(x, b);
  }
  return b;
}

/** Encoded protocol labels (a handful of constants, encoded once). */
const LABELS = new Map<string, Uint8Array>();
/**
 * One writer reused by challenge(): a verifier computes a challenge per proof, and a fresh 512-byte buffer each
 * time is an off-heap allocation. Safe because building a transcript is synchronous and never re-enters challenge().
 */
const SHARED = new TranscriptWriter();

/** Fiat–Shamir challenge = SHA-512(transcriptBytes(...)) mod ℓ. */
export function challenge(label: string, context: Context, statement: readonly TranscriptItem[], commitments: readonly TranscriptItem[]): Scalar {
  return SHARED.reset().label(label).items(context).items(statement).items(commitments).challenge();
}
