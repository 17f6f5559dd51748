import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider, useIntl, type IntlShape } from 'react-intl';
import type { FormatXMLElementFn, PrimitiveType } from 'intl-messageformat';
import type { MessageKey } from './catalogue';
import { loadCatalogue, loadedCatalogue } from './catalogue/load';
import { ENDONYM, FORMAT_TAG, LOCALES, initialLocale, rememberLocale, type Locale } from './locales';
import { setFormatLocale } from '../format';

/**
 * Every string the app shows goes through react-intl (ICU MessageFormat): plurals, select and dates are
 * the language's own, not English grammar with words swapped. The chosen language sets `<html lang>`;
 * content that stays in English (names, rule texts from data files, server details) is marked `lang="en"`
 * where it appears.
 */

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleState | null>(null);

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => fixed ?? initialLocale());
  // Welsh and French are separate chunks: on a first visit in either, render once it has arrived (a local
  // file, so a moment) rather than flash English; a switch keeps the page until the new language is in.
  const [, setLoaded] = useState(0);
  const messages = loadedCatalogue(locale);
  useEffect(() => {
    if (messages) return;
    let live = true;
    void loadCatalogue(locale).then(() => live && setLoaded((n) => n + 1));
    return () => {
      live = false;
    };
  }, [locale, messages]);
  // Formatting helpers outside React read the same locale; set before the children render.
  if (messages) setFormatLocale(locale);
  useEffect(() => {
    if (messages) document.documentElement.lang = locale;
  }, [locale, messages]);
  const setLocale = useCallback((next: Locale) => {
    rememberLocale(next);
    void loadCatalogue(next).then(() => setLocaleState(next));
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  if (!messages) return null;
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={FORMAT_TAG[locale]} defaultLocale="en-GB" messages={messages} timeZone="Europe/London">
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error('useLocale outside I18nProvider');
  return state;
}

export type Values = Record<string, PrimitiveType>;
export type RichValues = Record<string, PrimitiveType | ReactNode | FormatXMLElementFn<ReactNode, ReactNode>>;

export interface Translate {
  (id: MessageKey, values?: Values): string;
  /** Messages with tags (`<b>…</b>`) or React values. */
  rich(id: MessageKey, values: RichValues): ReactNode;
  intl: IntlShape;
}

/** `t('chair.title')`: a typed key, so a misspelt or removed key fails the typecheck. */
export function useT(): Translate {
  const intl = useIntl();
  return useMemo(() => {
    const t = ((id: MessageKey, values?: Values) => intl.formatMessage({ id }, values)) as Translate;
    t.rich = (id, values) => intl.formatMessage({ id }, values as Record<string, PrimitiveType | FormatXMLElementFn<string, string>>) as ReactNode;
    t.intl = intl;
    return t;
  }, [intl]);
}

/** A language switch: each language named in itself, the choice remembered for the next visit. */
export function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  const t = useT();
  return (
    <nav className="language-switch" aria-label={t('language.switch')}>
      <ul>
        {LOCALES.map((l) => (
          <li key={l}>
            {l === locale ? (
              <span aria-current="true" lang={l} className="language-current">
                {ENDONYM[l]}
              </span>
            ) : (
              <button type="button" className="link-button" lang={l} onClick={() => setLocale(l)}>
                {ENDONYM[l]}
              </button>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
