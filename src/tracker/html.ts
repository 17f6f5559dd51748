/**
 * HTML to plain text for news pages. Not a full parser: it only needs to keep the article's words
 * and paragraph breaks, and to make sure nothing from scripts, styles or other non-content
 * elements can reach the extractor (or, later, a page that shows the evidence).
 *
 * Threat model: the page is untrusted (an editor's upload, or a file given to the CLI), so every
 * function here runs in time linear in the input whatever it holds. No regular expression below
 * has two unbounded quantifiers that can overlap, nor one whose failure is retried from every
 * start position: runs of "<", tags or attributes never closed, comments never closed and long
 * whitespace runs are each read once (test/attacks/anyone-freezes-the-server-with-hostile-html).
 * The scanners give the same text as the regular expressions they replace on any page
 * (test/tracker-html-scanners.test.ts keeps those expressions as the reference); only
 * htmlPublishedDate now reads a tag's metadata within that tag, never across its ">".
 */

// Related-story boxes (aside) carry other articles' headlines: their declarations are not this article's.
const DROPPED_ELEMENTS = ['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'object', 'head', 'nav', 'footer', 'form', 'button', 'select', 'textarea', 'aside'];
const BLOCK_ELEMENTS = /^(p|div|br|h[1-6]|li|ul|ol|blockquote|section|article|header|aside|tr|table|figure|figcaption|hr|dd|dt|pre|main)$/i;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201C', rdquo: '\u201D',
  ndash: '\u2013', mdash: '\u2014', hellip: '\u2026', pound: '\u00A3', euro: '\u20AC',
  eacute: '\u00E9', egrave: '\u00E8', aacute: '\u00E1', oacute: '\u00F3', iacute: '\u00ED', uuml: '\u00FC', ouml: '\u00F6',
};

export function looksLikeHtml(text: string): boolean {
  // "<p" (or another common element) with a ">" anywhere after it: if the first such opening has
  // no ">" after it, no later one has either, so one search and one indexOf decide it.
  const opening = /<(?:html|body|p|div|article|script|style|head|br|span|h[1-6]|meta|a)\b/i.exec(text);
  if (opening && text.indexOf('>', opening.index + opening[0].length) >= 0) return true;
  return /<!doctype html/i.test(text);
}

export function decodeEntities(text: string): string {
  // Linear: each "&" starts at most one attempt, over the run of letters or digits that follows it.
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      // Control characters and invalid code points are dropped rather than decoded.
      if (!Number.isFinite(n) || n < 32 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return ' ';
      return String.fromCodePoint(n);
    }
    return NAMED_ENTITIES[code.toLowerCase()] ?? whole;
  });
}

const META_KEY = /(?:property|name|itemprop)=["'](?:article:published_time|datePublished|pubdate|publish-date|date|dc\.date|og:published_time)["']/gi;
const META_KEY_AFTER_CONTENT = /(?:property|name|itemprop)=["'](?:article:published_time|datePublished|pubdate|date)["']/gi;
const META_CONTENT = /content=["'](\d{4}-\d{2}-\d{2})/gi;
const TIME_DATETIME = /datetime=["'](\d{4}-\d{2}-\d{2})/gi;

/** Publication date from common metadata (article:published_time, datePublished, <time datetime>). */
export function htmlPublishedDate(html: string): string | null {
  // In order of trust: a <meta> naming the date before its content, one naming it after, JSON-LD, <time datetime>.
  for (const tag of tagsStartingWith(html, '<meta')) {
    const date = metaDateKeyFirst(tag);
    if (date) return date;
  }
  for (const tag of tagsStartingWith(html, '<meta')) {
    const date = metaDateContentFirst(tag);
    if (date) return date;
  }
  const jsonLd = /"datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})/i.exec(html);
  if (jsonLd?.[1]) return jsonLd[1];
  for (const tag of tagsStartingWith(html, '<time')) {
    // The last datetime in the tag, as the greedy `<time[^>]+datetime=…` read it.
    const last = allMatches(TIME_DATETIME, tag, 6).at(-1);
    if (last) return last[1]!;
  }
  return null;
}

/**
 * Each tag whose text starts with `prefix` (any case), up to its first ">" (or the end of the page),
 * in page order. A tag that starts inside the previous one is part of it, so the tags never overlap
 * and reading them all is linear.
 */
function* tagsStartingWith(html: string, prefix: string): Generator<string> {
  const opening = new RegExp(prefix, 'gi');
  let from = 0;
  for (;;) {
    opening.lastIndex = from;
    const m = opening.exec(html);
    if (!m) return;
    const close = html.indexOf('>', m.index + prefix.length);
    const end = close < 0 ? html.length : close;
    yield html.slice(m.index, end);
    if (close < 0) return;
    from = close + 1;
  }
}

/** Every match of a global pattern over `text` from `from` (matches never overlap: linear). */
function allMatches(pattern: RegExp, text: string, from: number): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) found.push(m);
  return found;
}

/**
 * `<meta … name="date" … content="2022-06-06…">`: the last content date in the tag, provided a
 * date name ends before it (what the greedy `<meta[^>]+KEY[^>]*CONTENT` captured).
 */
function metaDateKeyFirst(tag: string): string | null {
  const last = allMatches(META_CONTENT, tag, 6).at(-1);
  if (!last) return null;
  META_KEY.lastIndex = 6;
  const key = META_KEY.exec(tag);
  return key && key.index + key[0].length <= last.index ? last[1]! : null;
}

/**
 * `<meta … content="2022-06-06…" … name="date">`: the last content date whose closing quote comes
 * before a date name in the tag (what the greedy `<meta[^>]+CONTENT[^"']*["'][^>]*KEY` captured).
 */
function metaDateContentFirst(tag: string): string | null {
  const lastKey = allMatches(META_KEY_AFTER_CONTENT, tag, 6).at(-1);
  if (!lastKey) return null;
  const contents = allMatches(META_CONTENT, tag, 6);
  for (let i = contents.length - 1; i >= 0; i--) {
    const c = contents[i]!;
    const closingQuote = firstQuoteFrom(tag, c.index + c[0].length);
    // Each content's closing quote is searched up to the next content's opening quote at most: linear.
    if (closingQuote >= 0 && closingQuote < lastKey.index) return c[1]!;
  }
  return null;
}

function firstQuoteFrom(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text[i] === '"' || text[i] === "'") return i;
  return -1;
}

export function htmlToText(html: string): string {
  let s = removeDelimited(html, '<!--', '-->');
  s = removeDelimited(s, '<![CDATA[', ']]>');
  for (const tag of DROPPED_ELEMENTS) s = removeElement(s, tag);
  s = replaceTags(s);
  s = removeStrayOpenings(s);
  s = decodeEntities(s);
  return s
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n\n');
}

/** Splices `cuts` (ordered, non-overlapping [start, end, replacement]) into `text`. */
function splice(text: string, cuts: Array<[number, number, string]>): string {
  if (!cuts.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [start, end, replacement] of cuts) {
    parts.push(text.slice(at, start), replacement);
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Each `open … close` (shortest) becomes a space. An opening with no close after it stays, and so
 * does every later one (none has a close after it either), so the search stops there.
 */
function removeDelimited(text: string, open: string, close: string): string {
  const cuts: Array<[number, number, string]> = [];
  for (let start = text.indexOf(open); start >= 0; start = text.indexOf(open, start)) {
    const end = text.indexOf(close, start + open.length);
    if (end < 0) break;
    cuts.push([start, end + close.length, ' ']);
    start = end + close.length;
  }
  return splice(text, cuts);
}

/**
 * Each `<tag …>…</tag>` (up to the first closing tag) becomes a space. An unterminated dropped
 * element swallows the rest of the document: safer than leaking code. An opening tag with no ">"
 * after it is text (and so is every later one).
 */
function removeElement(text: string, tag: string): string {
  const opening = new RegExp(`<${tag}\\b`, 'gi');
  const closing = new RegExp(`</${tag}\\s*>`, 'gi');
  const cuts: Array<[number, number, string]> = [];
  let from = 0;
  for (;;) {
    opening.lastIndex = from;
    const open = opening.exec(text);
    if (!open) break;
    const openEnd = text.indexOf('>', open.index + open[0].length);
    if (openEnd < 0) break;
    closing.lastIndex = openEnd + 1;
    const close = closing.exec(text);
    const end = close ? close.index + close[0].length : text.length;
    cuts.push([open.index, end, ' ']);
    if (!close) break;
    from = end;
  }
  return splice(text, cuts);
}

/** `<name …>` and `</name …>`: a line break for block elements, a space for the others. */
function replaceTags(text: string): string {
  const name = /<\/?([a-z][a-z0-9]*)\b/iy;
  const cuts: Array<[number, number, string]> = [];
  let nextGt = -1;
  for (let lt = text.indexOf('<'); lt >= 0; lt = text.indexOf('<', lt + 1)) {
    name.lastIndex = lt;
    const m = name.exec(text);
    if (!m) continue;
    const nameEnd = lt + m[0].length;
    if (nextGt < nameEnd) nextGt = text.indexOf('>', nameEnd);
    // No ">" left in the page: no later "<" can open a tag either.
    if (nextGt < 0) break;
    cuts.push([lt, nextGt + 1, BLOCK_ELEMENTS.test(m[1]!) ? '\n' : ' ']);
    lt = nextGt;
  }
  return splice(text, cuts);
}

const LINE_TERMINATOR_IN_LINE = /[\r\u2028\u2029]/;

/**
 * A stray "<" that opened no tag, or a tag cut off at the end, is removed with what follows it on
 * that line (as `/<[^>\n]*$/gm` did: up to the line's end, or, when a ">" comes first, up to the
 * last other line terminator before it). One pass over the text.
 */
function removeStrayOpenings(text: string): string {
  const cuts: Array<[number, number, string]> = [];
  let firstLt = -1;
  let lastTerminator = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text[i]! : '\n';
    if (c === '\n' || c === '>') {
      if (firstLt >= 0 && c === '\n') cuts.push([firstLt, i, ' ']);
      else if (firstLt >= 0 && lastTerminator > firstLt) cuts.push([firstLt, lastTerminator, ' ']);
      firstLt = -1;
      lastTerminator = -1;
    } else if (c === '<') {
      if (firstLt < 0) firstLt = i;
    } else if (LINE_TERMINATOR_IN_LINE.test(c)) {
      lastTerminator = i;
    }
  }
  return splice(text, cuts);
}
