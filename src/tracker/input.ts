/**
 * Checks an article file's bytes before anything reads it: empty, too large, binary or not UTF-8
 * files are refused with a reason a person can act on. Pure (bytes in, verdict out) so the CLI,
 * the API upload and tests share it.
 */

/**
 * One article's size limit, in UTF-8 bytes, for the CLI, the API and the service alike: every step
 * of reading an article is linear in its size (test/attacks/anyone-freezes-the-server-with-hostile-html),
 * and this bounds it.
 */
export const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

/** The one message for an article over the limit (ARTICLE_TOO_LARGE), the same from the API and the CLI. */
export function articleTooLargeMessage(bytes: number, maxBytes = MAX_ARTICLE_BYTES): string {
  return `the article is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit for one article`;
}

export type ArticleCheck = { ok: true; text: string } | { ok: false; reason: string };

export function checkArticleBytes(bytes: Uint8Array, maxBytes = MAX_ARTICLE_BYTES): ArticleCheck {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  if (bytes.length > maxBytes) return { ok: false, reason: articleTooLargeMessage(bytes.length, maxBytes) };
  // NUL bytes never occur in text; they mark images, PDFs, archives and UTF-16 files.
  if (bytes.includes(0)) return { ok: false, reason: 'the file is binary (it contains NUL bytes), not a text or HTML article' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'the file is not valid UTF-8 text; convert it to UTF-8 first' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const controls = text.match(/[\u0001-\u0008\u000B\u000E-\u001F\u007F]/g)?.length ?? 0;
  if (controls > Math.max(4, text.length / 100)) return { ok: false, reason: 'the file is binary (too many control characters), not a text or HTML article' };
  if (!/\p{L}/u.test(text)) return { ok: false, reason: 'the file contains no words' };
  return { ok: true, text: text.replace(/[\u0001-\u0008\u000B\u000E-\u001F\u007F]/g, ' ') };
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}
