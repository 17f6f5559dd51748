import type { Page } from 'playwright-core';
import { CATALOGUES, type MessageKey } from '../../../src/web/i18n/catalogue';
import type { Locale } from '../../../src/web/i18n/locales';

/**
 * English left on a Welsh or French page: a key missing from the reader's catalogue, or a string a component did
 * not take from it, shows its English text. The runs are every English literal of the catalogue that the other
 * language says differently, long enough to be unmistakable (at least 14 characters, with a space; ICU arguments and
 * tags split a message into its literal runs).
 */
const runs = new Map<Locale, string[]>();
export function englishRuns(locale: Exclude<Locale, 'en'>): string[] {
  const cached = runs.get(locale);
  if (cached) return cached;
  const found = new Set<string>();
  for (const key of Object.keys(CATALOGUES.en) as MessageKey[]) {
    const other = CATALOGUES[locale][key];
    if (CATALOGUES.en[key] === other) continue;
    for (const run of CATALOGUES.en[key].split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|<\/?[a-z]+>/)) {
      const r = run.trim();
      if (r.length >= 14 && r.includes(' ') && !other.includes(r)) found.add(r);
    }
  }
  runs.set(locale, [...found]);
  return runs.get(locale)!;
}

/** The page's text, accessible names and title, less what is marked as another language (data kept in English, endonyms). */
export async function pageWords(page: Page, locale: Locale): Promise<string> {
  return page.evaluate((lang) => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const el of copy.querySelectorAll(`[lang]:not([lang="${lang}"]), script, style`)) el.remove();
    const attrs = [...copy.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap((el) => ['aria-label', 'title', 'placeholder', 'alt'].map((a) => el.getAttribute(a) ?? ''));
    return `${copy.textContent ?? ''}\n${attrs.join('\n')}\n${document.title}`;
  }, locale);
}

/** The catalogue's English strings found on a page meant to be in `locale`. */
export async function englishLeaks(page: Page, locale: Exclude<Locale, 'en'>): Promise<string[]> {
  const words = await pageWords(page, locale);
  return englishRuns(locale).filter((r) => words.includes(r));
}
