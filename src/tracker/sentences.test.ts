import { describe, expect, it } from 'vitest';
import { MAX_SENTENCE_CHARS, splitParagraphs, splitSentences } from './sentences';

const texts = (t: string) => splitSentences(t).map((s) => s.text);

describe('splitSentences', () => {
  it('splits at full stops followed by a capital', () => {
    expect(texts('Mr Aldous spoke. He said no. It was over')).toEqual(['Mr Aldous spoke.', 'He said no.', 'It was over']);
  });

  it('keeps titles, initials and acronyms inside the sentence', () => {
    expect(texts('Mr. Johnson met Dr. Fox in the U.K. Conservative Party offices. Then he left.')).toEqual([
      'Mr. Johnson met Dr. Fox in the U.K. Conservative Party offices.',
      'Then he left.',
    ]);
  });

  it('keeps the closing quote with its sentence and does not split before "he said"', () => {
    expect(texts('"I have had enough." Then she left. "It is over," he said.')).toEqual([
      '"I have had enough."',
      'Then she left.',
      '"It is over," he said.',
    ]);
  });

  it('treats a headline line as a sentence and never crosses a paragraph', () => {
    const t = 'Tory MP calls on PM to resign\nThe MP said so.\n\nAnother paragraph';
    expect(texts(t)).toEqual(['Tory MP calls on PM to resign', 'The MP said so.', 'Another paragraph']);
    const s = splitSentences(t);
    expect(s.map((x) => x.paragraph)).toEqual([0, 1, 2]);
    expect(splitParagraphs(t)).toHaveLength(3);
  });

  it('gives offsets into the text', () => {
    const t = 'One. Two.';
    for (const s of splitSentences(t)) expect(t.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('runaway sentences', () => {
  it('are cut into bounded pieces at spaces, losing no text', () => {
    const text = 'word '.repeat(2000).trim();
    const pieces = splitSentences(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.text.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    expect(pieces.map((p) => p.text).join(' ')).toBe(text);
  });
  it('keeps a list number with the line it opens', () => {
    expect(texts('Backing the Prime Minister\n\n1. Simon Clarke (Middlesbrough South)\n2. Jill Mortimer (Hartlepool)')).toEqual(['Backing the Prime Minister', '1. Simon Clarke (Middlesbrough South)', '2. Jill Mortimer (Hartlepool)']);
  });
});
