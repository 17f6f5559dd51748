/**
 * Quoted speech: where quotes open and close, and who said them. British copy continues a quote
 * across paragraphs by leaving it open at the paragraph's end and reopening it on the next one,
 * with the attribution given once ("... ," he said. / Ms Firth said: "...").
 */
import type { Paragraph } from './sentences';

export interface QuoteSpan {
  index: number;
  paragraph: number;
  /** Offset of the opening mark. */
  start: number;
  /** Offset just after the closing mark, or the paragraph end when the quote runs on. */
  end: number;
  /** True when the paragraph ended before the quote closed. */
  runsOn: boolean;
}

/**
 * Finds double-quoted spans. `original` decides direction where it uses typographic marks
 * (“ opens, ” closes); straight marks alternate.
 */
export function findQuoteSpans(normalized: string, original: string, paragraphs: Paragraph[]): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  for (const p of paragraphs) {
    let open = -1;
    for (let i = p.start; i < p.end; i++) {
      if (normalized[i] !== '"') continue;
      const o = original[i];
      if (open < 0) {
        if (o === '\u201D' && spans.length && i === p.start) continue; // a stray closing mark at the start
        open = i;
      } else if (o === '\u201C' && i > open + 1 && !closesBefore(normalized, i)) {
        // A second opening mark: the earlier quote was never closed (typo); restart here.
        open = i;
      } else {
        spans.push({ index: spans.length, paragraph: p.index, start: open, end: i + 1, runsOn: false });
        open = -1;
      }
    }
    if (open >= 0) spans.push({ index: spans.length, paragraph: p.index, start: open, end: p.end, runsOn: true });
    else if (!normalized.slice(p.start, p.end).includes('"')) {
      const single = singleQuoteSpan(normalized, p.start, p.end) ?? speakerLine(normalized, p.start, p.end);
      if (single) spans.push({ index: spans.length, paragraph: p.index, start: single[0], end: single[1], runsOn: false });
    }
  }
  return spans;
}

/** The time that opens a transcript or chat turn: "[00:01:05] ", "[08:14] ", "(10:32) ". */
export const TURN_TIME = String.raw`(?:\[\d{1,2}(?::\d{2}){1,2}\]|\(\d{1,2}(?::\d{2}){1,2}\))\s*`;
const SPEAKER_LINE = new RegExp(String.raw`^(${TURN_TIME})?((?:(?:Sir|Dame|Dr|Mr|Mrs|Ms)\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})((?:\s*\([^()\n]{1,40}\)){0,2}):\s+(?=\S)`);

/**
 * "Peter Aldous: Why I have written to the 1922 Committee" — a short name, a colon, then the
 * person's own words without quote marks (headlines, interview transcripts).
 */
function speakerLine(text: string, start: number, end: number): [number, number] | null {
  const line = text.slice(start, end);
  // A transcript or chat turn may open with its time ("[00:01:05] Laura: …", "[08:14] Jonathan Gullis: …") and carry
  // brackets between the name and the colon ("Sir Edward Leigh (Gainsborough) (Con): …", "Kate Langton (host): …").
  const m = SPEAKER_LINE.exec(line);
  if (!m) return null;
  // A timed turn or a Hansard label ("(Con):") is a turn even without a first person ("Same here. Behind him all the way.").
  const marked = Boolean(m[1]) || /\((?:Con|Lab|LD|SNP|Ind|DUP|PC|Green|Alba)(?:\/[A-Za-z]+)?\)\s*$/.test(m[3] ?? '');
  if (!marked && !/\b(?:I|I'm|I've|my|me|we)\b/.test(line.slice(m[0].length))) return null;
  return [start + m[0].length - 1, end];
}



/**
 * Headlines and some outlets quote with single marks ("Ellwood: 'I have sent my letter'"). An
 * apostrophe is far more common than a quote, so only a mark opening the paragraph or following
 * a colon counts, and it must close before the paragraph ends.
 */
function singleQuoteSpan(text: string, start: number, end: number): [number, number] | null {
  let open = -1;
  if (text[start] === "'" && /[A-Z]/.test(text[start + 1] ?? '')) open = start;
  else {
    const colon = /:\s*'(?=[A-Z])/.exec(text.slice(start, end));
    if (colon) open = start + colon.index + colon[0].length - 1;
  }
  if (open < 0) return null;
  for (let i = open + 2; i < end; i++) {
    if (text[i] !== "'") continue;
    const before = text[i - 1] ?? '';
    const after = text[i + 1] ?? '';
    // Not an apostrophe inside a word ("won't") or a plural possessive ("MPs' letters").
    if (/[A-Za-z]/.test(after) || before === 's') continue;
    if (/[A-Za-z.,!?]/.test(before) && (i + 1 >= end || /[\s,.;:!?)]/.test(after))) return [open, i + 1];
  }
  return null;
}

function closesBefore(text: string, i: number): boolean {
  // An opening mark right after a word character is really a closing one typed the wrong way.
  return /[\w.,!?]/.test(text[i - 1] ?? '');
}

/** Index of the quote containing `offset`, or -1. */
export function quoteAt(spans: readonly QuoteSpan[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export const SAY_VERBS =
  'said|says|say|added|adds|told|tells|wrote|writes|tweeted|posted|insisted|insists|warned|warns|argued|argues|explained|stated|declared|continued|claimed|claims|admitted|admits|confirmed|confirms|announced|conceded|replied|responded|remarked|commented|urged|according to';

/** Text right after a quote that names its speaker: ", he said", " said Mr Aldous", ", Ms Firth told the BBC". */
export const ATTRIBUTION_AFTER = new RegExp(`^[\\s,.;:-]*(?:(?:${SAY_VERBS})\\s+(?=\\S)|(?=\\S[^"]{0,80}?\\b(?:${SAY_VERBS})\\b))`, 'i');
/** A say-verb in the text before a quote: `Ms Firth said: "`. Use the last match (see lastSayVerb). */
export const SAY_VERB = new RegExp(`\\b(?:${SAY_VERBS})\\b`, 'gi');

/** Offset of the last say-verb in `text` that is at most `reach` characters before its end. */
export function lastSayVerb(text: string, reach = 60): number {
  let last = -1;
  SAY_VERB.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SAY_VERB.exec(text))) if (text.length - m.index - m[0].length <= reach) last = m.index;
  return last;
}
