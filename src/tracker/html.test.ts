import { describe, expect, it } from 'vitest';
import { htmlPublishedDate, htmlToText, looksLikeHtml } from './html';

describe('htmlToText', () => {
  it('keeps paragraphs and drops scripts, styles and comments', () => {
    const html = `<html><head><title>t</title><style>p{color:red}</style></head><body>
      <script>var x = "Peter Aldous submitted a letter";</script>
      <p>Tory MP <b>Peter Aldous</b> has called on the prime minister to resign.</p>
      <!-- <p>hidden</p> --><p>Second&nbsp;paragraph &amp; more.</p></body></html>`;
    const text = htmlToText(html);
    expect(text).toBe('Tory MP Peter Aldous has called on the prime minister to resign.\n\nSecond paragraph & more.');
    expect(text).not.toContain('var x');
  });

  it('drops related-story boxes', () => {
    expect(htmlToText('<article><p>Body.</p><aside><a>Tory MP Peter Aldous calls on PM to resign</a></aside></article>')).toBe('Body.');
  });

  it('drops an unterminated script entirely rather than leaking it', () => {
    expect(htmlToText('<p>Hello.</p><script>alert("x")')).toBe('Hello.');
  });

  it('decodes numeric entities but not control characters', () => {
    expect(htmlToText('<p>&#8220;No&#8221;&#0;</p>')).toBe('\u201CNo\u201D');
  });

  it('reads the publication date from metadata', () => {
    expect(htmlPublishedDate('<meta property="article:published_time" content="2022-02-01T10:00:00Z">')).toBe('2022-02-01');
    expect(htmlPublishedDate('<p>no date</p>')).toBeNull();
  });

  it('tells HTML from plain text', () => {
    expect(looksLikeHtml('<p>x</p>')).toBe(true);
    expect(looksLikeHtml('Mr Johnson said 3 < 4 and 5 > 2.')).toBe(false);
  });
});
