import { describe, expect, it } from 'vitest';
import { findQuoteSpans, lastSayVerb } from './quotes';
import { splitParagraphs } from './sentences';
import { normalizePunctuation } from './text';

const spans = (original: string) => {
  const text = normalizePunctuation(original);
  return findQuoteSpans(text, original, splitParagraphs(text)).map((q) => ({ quoted: text.slice(q.start, q.end), runsOn: q.runsOn }));
};

describe('findQuoteSpans', () => {
  it('pairs typographic and straight double quotes', () => {
    expect(spans('\u201CNo,\u201D he said. "Yes," she said.')).toEqual([
      { quoted: '"No,"', runsOn: false },
      { quoted: '"Yes,"', runsOn: false },
    ]);
  });

  it('marks a quote left open at the end of a paragraph as running on', () => {
    expect(spans('He said: "I have thought hard.\n\n"That is why I wrote."')).toEqual([
      { quoted: '"I have thought hard.', runsOn: true },
      { quoted: '"That is why I wrote."', runsOn: false },
    ]);
  });

  it('reads single-quoted headline quotes but not apostrophes', () => {
    expect(spans("Ellwood: 'I have sent my letter to Sir Graham'")).toEqual([{ quoted: "'I have sent my letter to Sir Graham'", runsOn: false }]);
    expect(spans("The MPs' letters won't be counted until Johnson's return")).toEqual([]);
  });
});

describe('lastSayVerb', () => {
  it('finds the say-verb nearest the quote', () => {
    const before = 'In a statement posted on his website, he said: ';
    expect(before.slice(lastSayVerb(before))).toBe('said: ');
  });
});

describe('speaker lines', () => {
  it('read "Name: first-person words" as a quote, but not a label without first-person words', () => {
    expect(spans('Steve Baker: Why I have written to the 1922 Committee')).toEqual([{ quoted: ' Why I have written to the 1922 Committee', runsOn: false }]);
    expect(spans('Politics live: Tory rebels go public')).toEqual([]);
  });
});
