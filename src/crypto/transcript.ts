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
import { sha512 } from '@noble/hashes/sha2.js';
import { u32be, utf8 } from './bytes';
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

/** Incremental builder producing the exact byte string of spec §3.1. */
export class TranscriptWriter {
  private chunks: Uint8Array[] = [];
  private length = 0;

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  item(x: TranscriptItem): this {
    let tag: number;
    let body: Uint8Array;
    if (typeof x === 'string') {
      tag = TAG_STRING;
      body = utf8(x);
    } else if (x instanceof Uint8Array) {
      tag = TAG_BYTES;
      body = x;
    } else if (x instanceof Point) {
      tag = TAG_POINT;
      body = x.encoded;
    } else if (typeof x === 'bigint') {
      tag = TAG_SCALAR;
      body = _scalarToBytesUnchecked(assertScalar(x, 'transcript scalar'));
    } else if (typeof x === 'number') {
      if (!Number.isSafeInteger(x) || x < 0) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `transcript integer ${x} must be a non-negative safe integer`);
      tag = TAG_UINT;
      body = new Uint8Array(8);
      new DataView(body.buffer).setBigUint64(0, BigInt(x));
    } else {
      throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'transcript item of unsupported type');
    }
    this.push(new Uint8Array([tag]));
    this.push(u32be(body.length));
    this.push(body);
    return this;
  }

  /** A raw point encoding already known to be canonical (fast verification path). */
  pointBytes(encoded: Uint8Array): this {
    this.push(new Uint8Array([TAG_POINT]));
    this.push(u32be(encoded.length));
    this.push(encoded);
    return this;
  }

  label(label: string): this {
    const b = utf8(PROTOCOL_TAG + label);
    this.push(u32be(b.length));
    this.push(b);
    return this;
  }

  section(count: number): this {
    this.push(u32be(count));
    return this;
  }

  items(xs: readonly TranscriptItem[]): this {
    this.section(xs.length);
    for (const x of xs) this.item(x);
    return this;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }

  challenge(): Scalar {
    return scalarFromWideBytes(sha512(this.bytes()));
  }
}

/** The transcript bytes of spec §3.1 (exposed for vectors and independent verifiers). */
export function transcriptBytes(label: string, context: Context, statement: readonly TranscriptItem[], commitments: readonly TranscriptItem[]): Uint8Array {
  return new TranscriptWriter().label(label).items(context).items(statement).items(commitments).bytes();
}

/** Fiat–Shamir challenge = SHA-512(transcriptBytes(...)) mod ℓ. */
export function challenge(label: string, context: Context, statement: readonly TranscriptItem[], commitments: readonly TranscriptItem[]): Scalar {
  return scalarFromWideBytes(sha512(transcriptBytes(label, context, statement, commitments)));
}
