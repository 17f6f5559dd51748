import { en as enBase } from './en';
import { contestEn } from './contest.en';
import { journeysEn } from './journeys.en';
import { rankedEn } from './ranked.en';
import { tokensEn } from './tokens.en';
import { postalEn } from './postal.en';
import { endorseEn } from './endorse.en';
import type { MessageKey } from './index';
import type { Locale } from '../locales';

/**
 * The catalogues the web app has in hand. English is the source and always there (it is in the main
 * chunk); Welsh and French are fetched as their own chunks the first time a reader needs them, so a reader
 * pays for one language, not three. Tests and tools that need all three import `CATALOGUES` from
 * `./index` instead.
 */
type Messages = Record<MessageKey, string>;

// Each page area may keep its strings in its own files (contest.*.ts): a language is its files spread together.
const loaded: Partial<Record<Locale, Messages>> = { en: { ...enBase, ...contestEn, ...journeysEn, ...rankedEn, ...tokensEn, ...postalEn, ...endorseEn } };

const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Messages>> = {
  cy: () => Promise.all([import('./cy'), import('./contest.cy'), import('./journeys.cy'), import('./ranked.cy'), import('./tokens.cy'), import('./postal.cy'), import('./endorse.cy')]).then(([m, c, j, r, k, p, e]) => ({ ...m.cy, ...c.contestCy, ...j.journeysCy, ...r.rankedCy, ...k.tokensCy, ...p.postalCy, ...e.endorseCy })),
  fr: () => Promise.all([import('./fr'), import('./contest.fr'), import('./journeys.fr'), import('./ranked.fr'), import('./tokens.fr'), import('./postal.fr'), import('./endorse.fr')]).then(([m, c, j, r, k, p, e]) => ({ ...m.fr, ...c.contestFr, ...j.journeysFr, ...r.rankedFr, ...k.tokensFr, ...p.postalFr, ...e.endorseFr })),
};

/** The catalogue of a language if it is already loaded. */
export function loadedCatalogue(locale: Locale): Messages | undefined {
  return loaded[locale];
}

/** Loads a language's catalogue once; later calls return the same one. */
export async function loadCatalogue(locale: Locale): Promise<Messages> {
  const have = loaded[locale];
  if (have) return have;
  const messages = await loaders[locale as Exclude<Locale, 'en'>]();
  loaded[locale] = messages;
  return messages;
}
