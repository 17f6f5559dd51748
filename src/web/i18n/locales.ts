/**
 * The languages the web app speaks and how it picks one. English is the source; Welsh because Welsh
 * organisations must offer it; French because Canada's Reform Act caucuses work in English and French.
 * The first visit follows the browser's preferred languages (navigator.languages mirrors Accept-Language);
 * a choice made with the language switch is remembered in localStorage and a cookie (so a server could
 * honour it too) and wins from then on.
 */
export const LOCALES = ['en', 'cy', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** The BCP 47 tag used for dates and numbers: UK English and Welsh; French (the words are international French). */
export const FORMAT_TAG: Record<Locale, string> = { en: 'en-GB', cy: 'cy-GB', fr: 'fr-FR' };

/** Each language's name in itself, as a language switch must show it. */
export const ENDONYM: Record<Locale, string> = { en: 'English', cy: 'Cymraeg', fr: 'Français' };

export const STORAGE_KEY = 'confidence.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first supported language among the browser's preferences ('cy-GB' → 'cy'), else English. */
export function negotiateLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** The remembered choice, else the browser's languages. */
export function initialLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be blocked; the browser's languages still apply.
  }
  const cookie = /(?:^|;\s*)confidence_locale=([a-z]{2})/.exec(document.cookie)?.[1];
  if (isLocale(cookie)) return cookie;
  return negotiateLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export function rememberLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered across visits when storage is blocked; the cookie below may still be.
  }
  document.cookie = `confidence_locale=${locale}; path=/; max-age=31536000; samesite=lax`;
}
