/**
 * A saved news page reduced to its article: Mozilla's Readability (the Firefox Reader View
 * extractor) over linkedom's DOM (no browser, no jsdom). Keeps the headline, the byline and the
 * publication date; drops navigation, related-story boxes, comments and scripts. The reduced
 * text is what the extractor reads and what evidence is cut from (verbatim, exact offsets).
 *
 * Threat model: the page is untrusted. Readability never executes scripts (linkedom has no script
 * engine), and its output is turned into plain text by htmlToText, which drops any markup left.
 * A page Readability cannot read falls back to htmlToText over the whole page.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { decodeEntities, htmlPublishedDate, htmlToText } from './html';

export interface ReadArticle {
  headline: string | null;
  byline: string | null;
  /** YYYY-MM-DD from the page's metadata, or null. */
  published: string | null;
  /** Headline, byline and the article's paragraphs, separated by blank lines. */
  text: string;
  /** Whether Readability found the article (false: the whole page's text was used). */
  readable: boolean;
}

export function readHtmlArticle(html: string): ReadArticle {
  const published = htmlPublishedDate(html);
  let parsed: ReturnType<Readability['parse']> = null;
  let h1: string | null = null;
  try {
    const { document } = parseHTML(html);
    h1 = document.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim() || null;
    parsed = new Readability(document as unknown as Document, { charThreshold: 100 }).parse();
  } catch {
    parsed = null;
  }
  const body = parsed?.content ? htmlToText(parsed.content) : '';
  if (!parsed || body.length < 40) {
    return { headline: h1, byline: null, published, text: htmlToText(html), readable: false };
  }
  const headline = h1 ?? (parsed.title ? decodeEntities(parsed.title).trim() : null);
  const byline = parsed.byline ? parsed.byline.replace(/\s+/g, ' ').trim() : null;
  const fromMeta = parsed.publishedTime && /^\d{4}-\d{2}-\d{2}/.test(parsed.publishedTime) ? parsed.publishedTime.slice(0, 10) : null;
  const parts: string[] = [];
  if (headline && !body.startsWith(headline)) parts.push(headline);
  if (byline && !body.includes(byline)) parts.push(byline);
  parts.push(body);
  return { headline, byline, published: published ?? fromMeta, text: parts.join('\n\n'), readable: true };
}
