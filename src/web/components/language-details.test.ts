import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { loadCatalogue } from '../i18n/catalogue/load';
import { I18nProvider } from '../i18n/I18n';
import { CheckList } from './SealPanel';
import { ErrorText } from './ui';

type Locale = 'en' | 'cy' | 'fr';
const render = (locale: Locale, child: ReturnType<typeof createElement>) => renderToStaticMarkup(createElement(I18nProvider, { locale, children: child }));
/** What is shown before any disclosure is opened: the markup without the <details> blocks, tags stripped. */
const shown = (html: string) => html.replace(/<details[\s\S]*?<\/details>/g, '').replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'");

const checks = [
  { step: 'S1', ok: true, detail: 'the seal hash covers every field (version 2)' },
  { step: 'S3', ok: false, detail: "the threshold is the rulebook's (53; expected 54)" },
  { step: 'S4', ok: false, detail: 'not checked: the previous seal is unknown to this verifier' },
  { step: 'Z9', ok: true, detail: 'a check this page does not know' },
];

describe('the seal checker and the server’s errors speak the reader’s language', () => {
  beforeAll(() => Promise.all([loadCatalogue('cy'), loadCatalogue('fr')]));

  it('in English, each check is the checker’s own sentence with its numbers', () => {
    const text = shown(render('en', createElement(CheckList, { checks })));
    expect(text).toContain("the threshold is the rulebook's (53; expected 54)");
    expect(text).not.toContain('The threshold is the one the rulebook sets.');
  });

  it.each([
    ['cy', 'Y trothwy yw’r un a osodir gan y llyfr rheolau.', 'methodd', 'heb ei wirio'],
    ['fr', 'Le seuil est celui que fixe le règlement.', 'échoué', 'non vérifié'],
  ] as const)('in %s, each known check is said in the language with its outcome; the English detail waits in a disclosure', (locale, s3, failed, notChecked) => {
    const html = render(locale, createElement(CheckList, { checks }));
    const text = shown(html);
    expect(text).toContain(s3);
    expect(text).toContain(`(${failed})`);
    expect(text).toContain(`(${notChecked})`);
    expect(text).not.toContain('expected 54'); // the English detail is not on the page until asked for
    expect(html).toMatch(/<details[^>]*><summary>[^<]+<\/summary><p lang="en">the threshold is the rulebook&#x27;s \(53; expected 54\)<\/p><\/details>/);
    // A check the catalogue does not know keeps the checker's English, marked as English.
    expect(html).toContain('<span lang="en">a check this page does not know</span>');
  });

  it.each([
    ['cy', 'aildrefnwch'],
    ['fr', 'reprogrammez'],
  ] as const)('in %s, a server error is its code’s meaning; the server’s English sentence waits in a disclosure', (locale, word) => {
    const error = new ApiError('the election’s manifest opens the vote at 2022-06-06T17:00:00.000Z; to open earlier, the credential authority signs a reschedule', 409, 'VOTE_NOT_YET_DUE');
    const html = render(locale, createElement(ErrorText, { error }));
    expect(shown(html)).toContain(word);
    expect(shown(html)).not.toContain('manifest');
    expect(html).toContain('<p lang="en">the election’s manifest opens the vote');
  });

  it('in English, a server error is the server’s sentence', () => {
    const error = new ApiError('the election’s manifest opens the vote later', 409, 'VOTE_NOT_YET_DUE');
    expect(shown(render('en', createElement(ErrorText, { error })))).toBe('the election’s manifest opens the vote later');
  });
});
