/**
 * Paragraph and sentence segmentation on normalised text (see text.ts). Offsets index the text
 * directly. A line without final punctuation (a headline) is a sentence of its own.
 */

export interface Sentence {
  index: number;
  paragraph: number;
  start: number;
  end: number;
  text: string;
}

export interface Paragraph {
  index: number;
  start: number;
  end: number;
}

// Words after which a full stop does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'rt', 'hon', 'gen', 'lt', 'col', 'capt', 'cllr', 'prof', 'rev', 'sgt', 'vs', 'v', 'etc', 'eg', 'ie', 'cf',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'approx', 'est', 'govt', 'dept', 'inc', 'ltd', 'co', 'u.k', 'u.s',
]);

export function splitParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const re = /[^\n]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const lead = m[0].length - m[0].trimStart().length;
    const trimmed = m[0].trim();
    if (!trimmed) continue;
    const start = m.index + lead;
    paragraphs.push({ index: paragraphs.length, start, end: start + trimmed.length });
  }
  return paragraphs;
}

export const MAX_SENTENCE_CHARS = 1500;

export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let paragraph = 0;
  for (const p of splitParagraphs(text)) {
    paragraph = p.index;
    let start = p.start;
    let i = p.start;
    while (i < p.end) {
      const ch = text[i];
      if (ch === '.' || ch === '!' || ch === '?') {
        let j = i + 1;
        while (j < p.end && /[.!?"')\]]/.test(text[j]!)) j++;
        const next = nextNonSpace(text, j, p.end);
        const isBoundary = j < p.end && /\s/.test(text[j]!) && next !== -1 && /["'(\[A-Z0-9\u00C0-\u00DE]/.test(text[next]!);
        if (isBoundary && !(ch === '.' && isAbbreviation(text, start, i, text[next]!))) {
          push(start, j);
          start = next;
          i = next;
          continue;
        }
      }
      i++;
    }
    if (start < p.end) push(start, p.end);
  }
  return sentences;

  function push(s: number, e: number) {
    let end = e;
    while (end > s && /\s/.test(text[end - 1]!)) end--;
    if (end <= s) return;
    // Runaway "sentences" (lists, garbage, missing punctuation) are cut at a space so work stays bounded.
    let from = s;
    while (end - from > MAX_SENTENCE_CHARS) {
      const space = text.lastIndexOf(' ', from + MAX_SENTENCE_CHARS);
      const cut = space > from + MAX_SENTENCE_CHARS / 2 ? space : from + MAX_SENTENCE_CHARS;
      sentences.push({ index: sentences.length, paragraph, start: from, end: cut, text: text.slice(from, cut) });
      from = cut;
      while (from < end && /\s/.test(text[from]!)) from++;
    }
    if (end > from) sentences.push({ index: sentences.length, paragraph, start: from, end, text: text.slice(from, end) });
  }
}

function nextNonSpace(text: string, from: number, end: number): number {
  for (let k = from; k < end; k++) if (!/\s/.test(text[k]!)) return k;
  return -1;
}

function isAbbreviation(text: string, sentenceStart: number, dot: number, nextChar: string): boolean {
  let k = dot - 1;
  while (k >= sentenceStart && /[A-Za-z.]/.test(text[k]!)) k--;
  const word = text.slice(k + 1, dot).toLowerCase();
  if (ABBREVIATIONS.has(word)) return true;
  // "No. 10" is Downing Street; "said no. It" ends a sentence.
  if ((word === 'no' || word === 'nos') && /[0-9]/.test(nextChar)) return true;
  // Single initials ("J. Smith") and dotted acronyms ("U.K.") continue the sentence.
  if (/^[a-z]$/.test(word) && /[A-Z]/.test(text[dot - 1]!)) return true;
  if (/^([a-z]\.)+[a-z]$/.test(word)) return true;
  return false;
}
