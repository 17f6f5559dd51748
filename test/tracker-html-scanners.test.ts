/**
 * src/tracker/html.ts reads untrusted pages with linear scanners; they replaced regular expressions that
 * went quadratic on hostile pages. On any page the scanners must give the same text (evidence offsets are cut
 * from it), the same date and the same HTML-or-not verdict as those expressions did.
 */
import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlPublishedDate, htmlToText, looksLikeHtml } from '../src/tracker/html';

/**
 * The regular expressions html.ts used before its linear scanners (quadratic on hostile pages:
 * test/attacks/anyone-freezes-the-server-with-hostile-html). Kept as the reference the scanners must
 * agree with on every page; run here on short generated fragments only, where they are fast.
 */
const reference = {
  looksLikeHtml: (text: string) => /<(html|body|p|div|article|script|style|head|br|span|h[1-6]|meta|a)\b[^>]*>/i.test(text) || /<!doctype html/i.test(text),
  htmlPublishedDate(html: string): string | null {
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
  },
  htmlToText(html: string): string {
    const dropped = ['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'object', 'head', 'nav', 'footer', 'form', 'button', 'select', 'textarea', 'aside'];
    const block = /^(p|div|br|h[1-6]|li|ul|ol|blockquote|section|article|header|aside|tr|table|figure|figcaption|hr|dd|dt|pre|main)$/i;
    let s = html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ' ');
    for (const tag of dropped) s = s.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?(</${tag}\\s*>|$)`, 'gi'), ' ');
    s = s.replace(/<\/?([a-z][a-z0-9]*)\b[^>]*>/gi, (_tag, name: string) => (block.test(name) ? '\n' : ' '));
    s = s.replace(/<[^>\n]*$/gm, ' ');
    s = decodeEntities(s);
    return s
      .split('\n')
      .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
      .filter((line) => line.length > 0)
      .join('\n\n');
  },
};

describe('the linear scanners give what the old regular expressions gave', () => {
  // Pieces that start, end, break or nest every construct the scanners handle (tags, comments, CDATA, dropped
  // elements, stray "<", line terminators a multiline "$" knows, entities, metadata attributes).
  const pieces = ['<', '>', '/', '!', '-', '<!--', '-->', '<![CDATA[', ']]>', ' ', '\n', '\r', '\u2028', '\t', 'a', 'p', 'div', 'script', 'Script', 'aside', 'head', 'header', '_', '5', '"', "'", '=', '&', ';', '#x41', '&amp;', '&#8220;', 'meta', 'content=', 'name=', 'property=', '"date"', "'datePublished'", '"2022-06-06', '2022-01-02"', 'time', 'datetime=', '"datePublished": "2022-03-04"', '<p>', '</p>', '<script>', '</script >', '<meta ', '<time ', 'Word'];
  let seed = 20220606;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const fragment = () => Array.from({ length: 1 + Math.floor(random() * 40) }, () => pieces[Math.floor(random() * pieces.length)]).join('');

  it('on 20,000 generated fragments', () => {
    for (let i = 0; i < 20_000; i++) {
      const html = fragment();
      expect(htmlToText(html), html).toBe(reference.htmlToText(html));
      expect(looksLikeHtml(html), html).toBe(reference.looksLikeHtml(html));
      expect(htmlPublishedDate(html), html).toBe(reference.htmlPublishedDate(html));
    }
  });

  it('on crafted edge cases', () => {
    const cases = [
      '<p>a<b\rc>d</p>', '<p>x<y\u2028z>w', '<<<<p>', '<a_b>text</a_b>', '</5>x', '<scripts>x</scripts>', '<script-x>y</script-x>z',
      '<!---->a<!-->b-->c', '<aside><aside>x</aside>y</aside>z', '<meta name="date" content="2022-06-06">', '<meta content="2022-06-07T1" name="date">',
      '<meta content="2022-06-08" content="2022-06-09" name="date">', '<time datetime="2022-06-10">', '<meta name="date" content="2022-06-11"',
      '<div title="a>b">c</div>', '3 < 4 and 5 > 2', '<p>x</p><style>a{}</style\t\n>y',
    ];
    for (const html of cases) {
      expect(htmlToText(html), html).toBe(reference.htmlToText(html));
      expect(htmlPublishedDate(html), html).toBe(reference.htmlPublishedDate(html));
      expect(looksLikeHtml(html), html).toBe(reference.looksLikeHtml(html));
    }
  });
});
