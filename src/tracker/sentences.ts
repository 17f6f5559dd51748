/**
 * Paragraph and sentence segmentation on normalised text (see text.ts). Offsets index the text
 * directly. A line without final punctuation (a headline) is a sentence of its own.
 */

import { annotate, type Annotated } from './nlp';

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

/**
 * Sentences: wink-nlp's sentence boundaries (abbreviations, initials, "No. 10", quotes closing a
 * sentence), inside paragraphs (a line break always ends a sentence: headlines, bullets, live-blog
 * entries have no final stop). Pass the document's annotation when it is already made.
 */
export function splitSentences(text: string, annotated: Annotated = annotate(text)): Sentence[] {
  const sentences: Sentence[] = [];
  const starts: number[] = [];
  for (const s of annotated.sentences) {
    let k = s.firstToken;
    while (k <= s.lastToken && annotated.tokens[k]!.pos === 'SPACE') k++;
    if (k <= s.lastToken) starts.push(annotated.tokens[k]!.start);
  }
  let paragraph = 0;
  let si = 0;
  for (const p of splitParagraphs(text)) {
    paragraph = p.index;
    while (si < starts.length && starts[si]! <= p.start) si++;
    let start = p.start;
    let k = si;
    while (k < starts.length && starts[k]! < p.end) {
      // "1. Peter Gibson (Darlington)": a list number opening the line is not a sentence of its own.
      if (/^\s*\d{1,3}[.)]\s*$/.test(text.slice(start, starts[k]!)) && start === p.start) {
        k++;
        continue;
      }
      push(start, starts[k]!);
      start = starts[k]!;
      k++;
    }
    si = k;
    push(start, p.end);
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
