/**
 * A saved news page reduced to its article: Mozilla's Readability (the Firefox Reader View
 * extractor) over linkedom's DOM (no browser, no jsdom). Keeps the headline, the byline and the
 * publication date; drops navigation, related-story boxes, comments and scripts. The reduced
 * text is what the extractor reads and what evidence is cut from (verbatim, exact offsets).
 *
 * Threat model: the page is untrusted. Readability never executes scripts (linkedom has no script
 * engine), and its output is turned into plain text by htmlToText, which drops any markup left.
 * A page Readability cannot read falls back to htmlToText over the whole page.
 *
 * linkedom's parse slows down with the square of the nesting depth and Readability with depth and
 * element count (10,000 nested <div>s: minutes), so a page is measured first with htmlparser2, the
 * tokenizer linkedom itself uses (same tags, same implied closes), which stops at the first
 * node beyond the limits: a page deeper than MAX_READABLE_DEPTH, or with more than
 * MAX_READABLE_ELEMENTS elements or MAX_READABLE_NODES nodes, is never parsed into a DOM and is read by the linear
 * htmlToText instead (test/attacks/anyone-freezes-the-server-with-hostile-html).
 */
import { Readability } from '@mozilla/readability';
import { Parser } from 'htmlparser2';
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

/** News pages nest 20 to 40 deep; beyond this a page is hostile or broken, and Readability gets slow. */
export const MAX_READABLE_DEPTH = 100;
/** News pages hold 1,000 to 5,000 elements; Readability reads 20,000 in about a second at worst. */
export const MAX_READABLE_ELEMENTS = 20_000;
/**
 * Elements, text pieces and comments together: linkedom makes a node of each text piece (a page of
 * 1,000,000 "<" is 1,000,000 text nodes, seconds to build and more to read); news pages hold a few thousand.
 */
export const MAX_READABLE_NODES = 50_000;

export interface PageShape {
  /** The deepest nesting seen (up to the first element beyond a limit). */
  depth: number;
  /** Elements seen (up to the first node beyond a limit). */
  elements: number;
  /** Elements, text pieces and comments seen (up to the first node beyond a limit). */
  nodes: number;
  /** Whether the page is within both limits (then Readability may read it). */
  readable: boolean;
}

/**
 * The page's nesting depth, element and node counts as linkedom would build them, in one linear
 * pass that stops at the first node beyond a limit (so a hostile page costs no more than a page
 * at the limits).
 */
export function measurePage(html: string, limits = { depth: MAX_READABLE_DEPTH, elements: MAX_READABLE_ELEMENTS, nodes: MAX_READABLE_NODES }): PageShape {
  let open = 0;
  let depth = 0;
  let elements = 0;
  let nodes = 0;
  const beyondLimits = new Error('beyond the limits');
  const anotherNode = () => {
    nodes++;
    if (nodes > limits.nodes) throw beyondLimits;
  };
  const parser = new Parser(
    {
      onopentagname() {
        open++;
        elements++;
        if (open > depth) depth = open;
        if (open > limits.depth || elements > limits.elements) throw beyondLimits;
        anotherNode();
      },
      onclosetag() {
        open--;
      },
      ontext: anotherNode,
      oncomment: anotherNode,
      onprocessinginstruction: anotherNode,
      oncdatastart: anotherNode,
    },
    // linkedom's options, so the tree measured is the tree it would build.
    { decodeEntities: true, lowerCaseAttributeNames: false },
  );
  try {
    parser.write(html);
    parser.end();
  } catch (error) {
    if (error !== beyondLimits) throw error;
    return { depth, elements, nodes, readable: false };
  }
  return { depth, elements, nodes, readable: true };
}

export function readHtmlArticle(html: string): ReadArticle {
  const published = htmlPublishedDate(html);
  if (!measurePage(html).readable) return { headline: null, byline: null, published, text: htmlToText(html), readable: false };
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
