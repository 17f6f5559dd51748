/**
 * HTML to plain text for news pages. Not a full parser: it only needs to keep the article's words
 * and paragraph breaks, and to make sure nothing from scripts, styles or other non-content
 * elements can reach the extractor (or, later, a page that shows the evidence).
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
  return /<(html|body|p|div|article|script|style|head|br|span|h[1-6]|meta|a)\b[^>]*>/i.test(text) || /<!doctype html/i.test(text);
}

export function decodeEntities(text: string): string {
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

/** Publication date from common metadata (article:published_time, datePublished, <time datetime>). */
export function htmlPublishedDate(html: string): string | null {
  const patterns = [
    /<meta[^>]+(?:property|name|itemprop)=["'](?:article:published_time|datePublished|pubdate|publish-date|date|dc\.date|og:published_time)["'][^>]*content=["'](\d{4}-\d{2}-\d{2})/i,
    /<meta[^>]+content=["'](\d{4}-\d{2}-\d{2})[^"']*["'][^>]*(?:property|name|itemprop)=["'](?:article:published_time|datePublished|pubdate|date)["']/i,
    /"datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})/i,
    /<time[^>]+datetime=["'](\d{4}-\d{2}-\d{2})/i,
  ];
  for (const p of patterns) {
    const m = p.exec(html);
    if (m?.[1]) return m[1];
  }
  return null;
}

export function htmlToText(html: string): string {
  let s = html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ' ');
  for (const tag of DROPPED_ELEMENTS) {
    // Unterminated dropped elements swallow the rest of the document: safer than leaking code.
    s = s.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?(</${tag}\\s*>|$)`, 'gi'), ' ');
  }
  s = s.replace(/<\/?([a-z][a-z0-9]*)\b[^>]*>/gi, (_tag, name: string) => (BLOCK_ELEMENTS.test(name) ? '\n' : ' '));
  // A stray "<" that opened no tag, or a tag cut off at the end, is removed with what follows it on that line.
  s = s.replace(/<[^>\n]*$/gm, ' ');
  s = decodeEntities(s);
  return s
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n\n');
}
