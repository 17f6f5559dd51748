/**
 * Randomness sources.
 *
 * Production code uses the platform CSPRNG (`crypto.getRandomValues` through @noble/hashes). Every function
 * that samples randomness takes an optional `Rng` so that test vectors can be generated deterministically
 * from a seed (`seededRng`). A seeded Rng is for vectors and tests ONLY: anyone who knows the seed knows
 * every nonce and thus every secret derived from it.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { concatBytes, u32be, utf8 } from './bytes';

export type Rng = (length: number) => Uint8Array;

export const systemRng: Rng = (length) => randomBytes(length);

/**
 * Deterministic byte stream: block_i = SHA-512("confidence/v1/seeded-rng" || u32be(len(seed)) || seed || u32be(i)),
 * output = block_0 || block_1 || ..., consumed sequentially across calls (spec §2.4).
 */
export function seededRng(seed: string | Uint8Array): Rng {
  const seedBytes = typeof seed === 'string' ? utf8(seed) : seed;
  const prefix = concatBytes(utf8('confidence/v1/seeded-rng'), u32be(seedBytes.length), seedBytes);
  let counter = 0;
  let buffer: Uint8Array = new Uint8Array(0);
  return (length: number) => {
    while (buffer.length < length) {
      buffer = concatBytes(buffer, sha512(concatBytes(prefix, u32be(counter++))));
    }
    const out = buffer.slice(0, length);
    buffer = buffer.slice(length);
    return out;
  };
}
