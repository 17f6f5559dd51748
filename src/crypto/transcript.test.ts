import { describe, expect, it } from 'vitest';
import { G, H } from './group';
import { challenge, transcriptBytes } from './transcript';
import { utf8 } from './bytes';
import { sha512 } from './hash';
import { sha512 as nobleSha512 } from '@noble/hashes/sha2.js';

describe('Fiat–Shamir transcript', () => {
  it('is injective across item boundaries, types, sections and labels', () => {
    const distinct = [
      transcriptBytes('l', ['ab', 'c'], [], []),
      transcriptBytes('l', ['a', 'bc'], [], []),
      transcriptBytes('l', [utf8('ab'), 'c'], [], []),
      transcriptBytes('l', ['ab'], ['c'], []),
      transcriptBytes('l', ['ab'], [], ['c']),
      transcriptBytes('m', ['ab', 'c'], [], []),
      transcriptBytes('l', [1], [], []),
      transcriptBytes('l', [1n], [], []),
      transcriptBytes('l', [G], [], []),
      transcriptBytes('l', [G.encoded], [], []),
      transcriptBytes('l', [H], [], []),
    ].map((b) => Buffer.from(b).toString('hex'));
    expect(new Set(distinct).size).toBe(distinct.length);
  });
  it('challenges are scalars below ℓ and deterministic', () => {
    const a = challenge('x', ['ctx'], [G], [H]);
    expect(a).toBe(challenge('x', ['ctx'], [G], [H]));
    expect(a).not.toBe(challenge('x', ['ctx'], [H], [G]));
  });
  it('rejects unsupported items', () => {
    expect(() => transcriptBytes('x', [-1], [], [])).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_PARAMETER' }));
    expect(() => transcriptBytes('x', [1.5], [], [])).toThrowError(expect.objectContaining({ code: 'CRYPTO_INVALID_PARAMETER' }));
  });

  it('hashes with the same SHA-512 as noble (native one-shot, Hash object or noble fallback)', () => {
    for (const n of [0, 1, 111, 112, 127, 128, 129, 400, 1000]) {
      const m = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      const got = sha512(m);
      expect(got).toBeInstanceOf(Uint8Array);
      expect(Array.from(got)).toEqual(Array.from(nobleSha512(m)));
    }
  });
});
