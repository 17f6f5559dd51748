import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A page that puts English words straight into its JSX shows them to a Welsh or French reader too. This
 * test parses every component of the web app (src/web/**\/*.tsx) and fails on text that can only be
 * English: words between tags, words in a human-facing attribute (title, label, aria-label, placeholder,
 * alt, a confirmation's labels), and prose-like string literals anywhere else in the file (an error
 * thrown to the page, a notice set in state, a page title). Text must come from the catalogue via `t()`.
 *
 * What is deliberately not text: class names, test ids, URLs and other technical attributes; data shown
 * as data (names, quotes, hashes). Anything else that must stay English is listed in ALLOWED with why.
 */

const WEB = join(import.meta.dirname, '..');

/** Attributes whose value a person reads or hears. */
const HUMAN_ATTRIBUTES = new Set(['title', 'label', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'data-label', 'placeholder', 'alt', 'what', 'confirmLabel', 'forbiddenText', 'summary']);
/** Attributes that are code, not text (checked before the prose rule). */
const TECHNICAL_ATTRIBUTES = new Set(['className', 'id', 'htmlFor', 'type', 'href', 'src', 'rel', 'target', 'accept', 'autoComplete', 'name', 'role', 'lang', 'data-testid', 'testId', 'inputMode', 'method', 'download', 'viewBox', 'd', 'points', 'fill', 'stroke', 'strokeDasharray', 'textAnchor', 'dominantBaseline', 'preserveAspectRatio', 'xmlns']);

/** `file: exact text` pairs that are allowed to stay as they are, each with its reason. */
const ALLOWED: Record<string, string> = {
  'tracker/TrackerReviewPage.tsx: peter-aldous': 'an example of a roster id, the same in every language',
  'App.tsx: Confidence': 'the product’s name, the same in every language',
  'pages/LettersTable.tsx: the chair': 'compared with the server’s recordedBy value, never shown',
  'components/SealPanel.tsx: not checked': 'compared with the start of the checker’s own English detail, never shown',
  'tracker/TrackerPage.tsx: <script src="': 'HTML to paste into another site, shown as code',
  'i18n/I18n.tsx: useLocale outside I18nProvider': 'a programming error, never shown to a reader',
  'session.tsx: useSession outside SessionProvider': 'a programming error, never shown to a reader',
  'main.tsx: index.html has no #root element': 'a programming error, never shown to a reader',
};

/** Two words of letters separated by a space: a sentence or a phrase rather than an identifier. */
const PROSE = /[A-Za-z’']{2,}[ \u00a0]+[A-Za-z’']{2,}/;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsxFiles(path);
    return e.name.endsWith('.tsx') && !e.name.includes('.test.') ? [path] : [];
  });
}

/**
 * Inside the first argument of t() or t.rich(): a catalogue key (or keys chosen by a condition). Also w() / s.w():
 * the trustee's steps name their keys by suffix under the page's prefix (pages/ballot/TrusteeSteps.tsx).
 */
function isCatalogueKey(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isCallExpression(p)) return /^(t(\.rich)?|(s\.)?w)$/.test(p.expression.getText()) && p.arguments[0] === n;
    if (ts.isFunctionLike(p) || ts.isJsxElement(p) || ts.isBlock(p)) return false;
  }
  return false;
}

/** Attributes that are code: class names, ids, references between elements, test hooks. */
function isTechnical(attribute: string): boolean {
  if (HUMAN_ATTRIBUTES.has(attribute)) return false;
  return TECHNICAL_ATTRIBUTES.has(attribute) || attribute.startsWith('aria-') || attribute.startsWith('data-');
}

function attributeName(node: ts.Node): string | null {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isJsxAttribute(n)) return n.name.getText();
    if (ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n) || ts.isFunctionLike(n)) return null;
  }
  return null;
}

/** The English-only text of one file, as `line: text`. */
export function englishLiterals(source: string, fileName = 'file.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push(`${line}: ${text.trim().replace(/\s+/g, ' ')}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isJsxText(node)) {
      if (/[A-Za-z]/.test(node.text)) report(node, node.text);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const text = node.text;
      const attribute = attributeName(node);
      if (isCatalogueKey(node) || (attribute && isTechnical(attribute))) return;
      if (attribute && HUMAN_ATTRIBUTES.has(attribute) ? /[A-Za-z]{2,}/.test(text) : PROSE.test(text)) report(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('no page shows English that the catalogue does not translate', () => {
  it('finds bare English in JSX text, human-facing attributes and thrown or stored messages (the scanner itself)', () => {
    const sample = `
      export function P({ t }) {
        const [m, setM] = useState('');
        usePageTitle('Verify the vote');
        if (!ok) throw new Error('Choose an answer first.');
        return (<div className="notice notice-success" data-testid="x-y">
          <h1>Vote</h1>
          <Loading what="the ballot" />
          <button title={t('a.b')} aria-label="Close">{t('booth.cast')}</button>
          <p aria-describedby="hint-one hint-two">{t(ok ? 'a.one' : 'a.other')} — {name} {t(\`next.chair.\${ok ? 'open' : 'close'}\`)}</p>
          <a href="/api/elections/x y">{'·'}</a>
        </div>);
      }`;
    expect(englishLiterals(sample).map((l) => l.replace(/^\d+: /, ''))).toEqual(['Verify the vote', 'Choose an answer first.', 'Vote', 'the ballot', 'Close']);
  });

  it('every component of the web app takes its words from the catalogue', () => {
    const offenders = tsxFiles(WEB).flatMap((path) => {
      const rel = relative(WEB, path);
      return englishLiterals(readFileSync(path, 'utf8'), rel)
        .filter((hit) => !(`${rel}: ${hit.replace(/^\d+: /, '')}` in ALLOWED))
        .map((hit) => `${rel}:${hit}`);
    });
    expect(offenders).toEqual([]);
  });
});
