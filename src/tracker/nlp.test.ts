import { describe, expect, it } from 'vitest';
import { annotate } from './nlp';

describe('annotate', () => {
  it('survives a contraction the library gives no lemma for ("cannot" before punctuation)', () => {
    for (const text of ['He cannot.', 'I cannot: not now.', 'They cannot; we can.']) {
      const { tokens } = annotate(text);
      const cannot = tokens.find((t) => t.value.toLowerCase().startsWith('can'));
      expect(cannot?.lemma, text).toMatch(/^can/);
      for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.value);
    }
  });
});
