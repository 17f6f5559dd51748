/**
 * Byte helpers: strict lowercase hex, concatenation, length prefixes.
 *
 * Hex is the JSON wire form of every public object. The parser is strict (lowercase only, even length,
 * exact expected length) so that one value has exactly one textual encoding: two different strings never
 * denote the same ciphertext or proof, which keeps hashes of published records unambiguous.
 */
import { CryptoError } from './errors';

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_BYTE[bytes[i]!];
  return out;
}

/** Parses lowercase hex; `expectedBytes` (if given) is enforced. */
export function hexToBytes(hex: unknown, expectedBytes?: number, field = 'hex'): Uint8Array {
  if (typeof hex !== 'string') throw new CryptoError('CRYPTO_INVALID_HEX', `${field}: expected a hex string, got ${typeof hex}`, { field });
  // One pass checks the characters and decodes (no regex): NIBBLE maps every other code unit to 0xff.
  if (hex.length % 2 !== 0) throw invalidHex(field);
  const wrongLength = expectedBytes !== undefined && hex.length !== expectedBytes * 2;
  const out = new Uint8Array(wrongLength ? 0 : hex.length / 2);
  for (let i = 0; i < hex.length / 2; i++) {
    const a = hex.charCodeAt(2 * i);
    const b = hex.charCodeAt(2 * i + 1);
    const hi = a < 128 ? NIBBLE[a]! : 0xff;
    const lo = b < 128 ? NIBBLE[b]! : 0xff;
    if ((hi | lo) > 15) throw invalidHex(field);
    out[i] = (hi << 4) | lo; // a no-op past the end when the length is wrong (only the characters are checked then)
  }
  if (wrongLength) {
    throw new CryptoError('CRYPTO_INVALID_LENGTH', `${field}: expected ${expectedBytes} bytes (${expectedBytes * 2} hex chars), got ${hex.length} hex chars`, { field });
  }
  return out;
}

function invalidHex(field: string): CryptoError {
  return new CryptoError('CRYPTO_INVALID_HEX', `${field}: expected lowercase hex of even length`, { field });
}

// char code → nibble for '0'-'9', 'a'-'f'; 0xff for every other code unit below 128
const NIBBLE = new Uint8Array(128).fill(0xff);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[97 + i] = 10 + i;

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

const encoder = new TextEncoder();
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** 4-byte big-endian unsigned integer. */
export function u32be(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `u32be: ${n} out of range`);
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

/** Equality of two byte strings without early exit (inputs here are public, but this costs nothing). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

export function assertBytes(value: unknown, length: number, field: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new CryptoError('CRYPTO_INVALID_ENCODING', `${field}: expected Uint8Array`, { field });
  if (value.length !== length) throw new CryptoError('CRYPTO_INVALID_LENGTH', `${field}: expected ${length} bytes, got ${value.length}`, { field });
  return value;
}
