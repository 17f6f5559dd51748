import { describe, expect, it } from 'vitest';
import { checkArticleBytes } from './input';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('checkArticleBytes', () => {
  it('accepts UTF-8 text and drops a byte-order mark', () => {
    expect(checkArticleBytes(bytes('\uFEFFTory MP Peter Aldous has called on the prime minister to resign.'))).toEqual({
      ok: true,
      text: 'Tory MP Peter Aldous has called on the prime minister to resign.',
    });
  });

  it('refuses empty, blank, binary, non-UTF-8 and oversized files with a reason', () => {
    expect(checkArticleBytes(new Uint8Array())).toMatchObject({ ok: false, reason: /empty/ });
    expect(checkArticleBytes(bytes(' \n\t '))).toMatchObject({ ok: false, reason: /no words/ });
    expect(checkArticleBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toMatchObject({ ok: false, reason: /binary/ });
    expect(checkArticleBytes(new Uint8Array([0x4d, 0x72, 0x20, 0xe9, 0x74, 0xe9]))).toMatchObject({ ok: false, reason: /UTF-8/ });
    expect(checkArticleBytes(bytes('a'.repeat(101)), 100)).toMatchObject({ ok: false, reason: /limit/ });
  });
});
