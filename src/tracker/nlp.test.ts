import { describe, expect, it } from 'vitest';
import { annotate, breakLongRuns, LONGEST_RUN } from './nlp';

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

describe('long runs of non-space characters', () => {
  it('leaves ordinary text, long URLs included, exactly as it is', () => {
    const text = `Read it at https://www.example.org/${'politics/'.repeat(10)}story and see. Peter Aldous has sent a letter.`;
    expect(breakLongRuns(text)).toBe(text);
  });

  it('breaks a run longer than the limit with spaces in place of characters, keeping the length and every offset', () => {
    const run = 'a'.repeat(3 * LONGEST_RUN + 5);
    const broken = breakLongRuns(`x ${run} y`);
    expect(broken).toHaveLength(run.length + 4);
    expect(broken.split(' ').every((w) => w.length <= LONGEST_RUN)).toBe(true);
    const a = annotate(`Peter Aldous said ${run}. He has sent a letter.`);
    const letter = a.tokens.find((t) => t.value === 'letter')!;
    expect(`Peter Aldous said ${run}. He has sent a letter.`.slice(letter.start, letter.end)).toBe('letter');
  });

  it('reads a hostile article of one long "word" in time linear in its length', () => {
    // wink's tokeniser was quadratic on such runs (a 40 KB run took seconds). Compare n with 4n, not a wall clock.
    const time = (n: number) => {
      const text = `Peter Aldous said ${'&#x0'.repeat(n / 4)} and left.`;
      const t0 = performance.now();
      annotate(text);
      return performance.now() - t0;
    };
    time(4_000);
    const small = Math.max(time(20_000), 20);
    const large = time(80_000);
    expect(large / small).toBeLessThan(10);
  });
});
