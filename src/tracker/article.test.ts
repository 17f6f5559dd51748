import { describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../data/commons-2019';
import { readHtmlArticle } from './article';
import { extractDeclarations } from './extract';

const PAGE = `<!doctype html><html><head><title>Tory MP sends letter | The Courier</title>
<meta property="article:published_time" content="2022-02-01T07:30:00Z">
<script>var x = "Andrew Bridgen has submitted a letter";</script></head>
<body><nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
<header><h1>Tory MP sends letter of no confidence</h1><p class="byline"><a rel="author" href="/a">By Jane Reporter</a></p></header>
<article>
<p>Peter Aldous, the MP for Waveney, said on Tuesday that he had submitted a letter of no confidence in Boris Johnson to Sir Graham Brady.</p>
<p>The Prime Minister faces growing pressure from his backbenchers after the publication of the Sue Gray report into lockdown gatherings in Downing Street.</p>
<p>Mr Aldous said the Prime Minister should resign for the good of the country and the party.</p>
</article>
<aside><h2>Related</h2><p>Nadine Dorries backs the Prime Minister</p></aside>
<footer>Copyright The Courier</footer></body></html>`;

describe('readHtmlArticle', () => {
  it('keeps headline, byline and date, and drops navigation, related stories and scripts', () => {
    const a = readHtmlArticle(PAGE);
    expect(a.readable).toBe(true);
    expect(a.headline).toBe('Tory MP sends letter of no confidence');
    expect(a.byline).toContain('Jane Reporter');
    expect(a.published).toBe('2022-02-01');
    expect(a.text.startsWith('Tory MP sends letter of no confidence')).toBe(true);
    expect(a.text).toContain('Peter Aldous, the MP for Waveney, said on Tuesday');
    for (const gone of ['Home', 'Related', 'Nadine Dorries', 'Copyright', 'Andrew Bridgen', 'var x']) expect(a.text).not.toContain(gone);
  });

  it('falls back to the whole page when there is no article to find', () => {
    const a = readHtmlArticle('<html><body><p>Short.</p><script>alert(1)</script></body></html>');
    expect(a.readable).toBe(false);
    expect(a.text).toBe('Short.');
  });
});

describe('evidence is verbatim', () => {
  const roster = loadCommons2019();
  it('in HTML (cut from the reduced article) and in plain text (cut from the input)', () => {
    const html = extractDeclarations(PAGE, roster, { party: 'Con', leader: 'Boris Johnson' });
    const reduced = readHtmlArticle(PAGE).text;
    expect(html.published).toBe('2022-02-01');
    expect(html.declarations.map((d) => `${d.memberId} ${d.stance}`).sort()).toEqual(['peter-aldous called_to_resign', 'peter-aldous submitted_letter']);
    for (const d of [...html.declarations, ...html.possible]) for (const e of d.evidence) expect(reduced).toContain(e);
    const text = 'Boris Johnson is under pressure.\r\n\r\nBackbenchers Andrew Bridgen, Sir Roger Gale and Anthony Mangnall have all confirmed that letters of no confidence are with Sir Graham Brady.';
    const plain = extractDeclarations(text, roster, { party: 'Con', leader: 'Boris Johnson', published: '2022-02-01' });
    expect(plain.declarations.length + plain.possible.length).toBeGreaterThan(0);
    for (const d of [...plain.declarations, ...plain.possible]) for (const e of d.evidence) expect(text).toContain(e);
  });
});
