import { en as enBase, type MessageKey as BaseKey } from './en';
import { cy as cyBase, cyReview } from './cy';
import { fr as frBase, frReview } from './fr';
import { contestEn, type ContestMessageKey } from './contest.en';
import { contestCy } from './contest.cy';
import { contestFr } from './contest.fr';
import { journeysEn, type JourneysMessageKey } from './journeys.en';
import { journeysCy } from './journeys.cy';
import { journeysFr } from './journeys.fr';
import { rankedEn, type RankedMessageKey } from './ranked.en';
import { rankedCy } from './ranked.cy';
import { rankedFr } from './ranked.fr';
import { tokensEn, type TokensMessageKey } from './tokens.en';
import { tokensCy } from './tokens.cy';
import { tokensFr } from './tokens.fr';
import { postalEn, type PostalMessageKey } from './postal.en';
import { postalCy } from './postal.cy';
import { postalFr } from './postal.fr';
import { endorseEn, type EndorseMessageKey } from './endorse.en';
import { endorseCy } from './endorse.cy';
import { endorseFr } from './endorse.fr';
import type { Locale } from '../locales';

/**
 * The message catalogues. English is the source and defines the keys; Welsh and French must have every
 * key (src/web/i18n/catalogue.test.ts fails otherwise, and ICU syntax is parsed there too). Each
 * translation says which of its strings were machine-drafted and still await a fluent reviewer.
 */
export type MessageKey = BaseKey | ContestMessageKey | JourneysMessageKey | RankedMessageKey | TokensMessageKey | PostalMessageKey | EndorseMessageKey;
export type Catalogue = Record<MessageKey, string>;

// Each page area may keep its strings in its own files (contest.*.ts), spread in here.
const en: Catalogue = { ...enBase, ...contestEn, ...journeysEn, ...rankedEn, ...tokensEn, ...postalEn, ...endorseEn };
const cy: Catalogue = { ...cyBase, ...contestCy, ...journeysCy, ...rankedCy, ...tokensCy, ...postalCy, ...endorseCy };
const fr: Catalogue = { ...frBase, ...contestFr, ...journeysFr, ...rankedFr, ...tokensFr, ...postalFr, ...endorseFr };

export interface Review {
  /** How the strings were made: 'machine-drafted' strings are a draft, to be checked by a fluent speaker. */
  drafted: 'machine-drafted' | 'human';
  /** Keys a fluent speaker has checked since; every other key still awaits review. */
  reviewed: readonly MessageKey[];
}

export const CATALOGUES: Record<Locale, Catalogue> = { en, cy, fr };
export const REVIEW: Record<Exclude<Locale, 'en'>, Review> = { cy: cyReview, fr: frReview };
