import { en, type MessageKey } from './en';
import { cy, cyReview } from './cy';
import { fr, frReview } from './fr';
import type { Locale } from '../locales';

/**
 * The message catalogues. English is the source and defines the keys; Welsh and French must have every
 * key (src/web/i18n/catalogue.test.ts fails otherwise, and ICU syntax is parsed there too). Each
 * translation says which of its strings were machine-drafted and still await a fluent reviewer.
 */
export type { MessageKey };
export type Catalogue = Record<MessageKey, string>;

export interface Review {
  /** How the strings were made: 'machine-drafted' strings are a draft, to be checked by a fluent speaker. */
  drafted: 'machine-drafted' | 'human';
  /** Keys a fluent speaker has checked since; every other key still awaits review. */
  reviewed: readonly MessageKey[];
}

export const CATALOGUES: Record<Locale, Catalogue> = { en, cy, fr };
export const REVIEW: Record<Exclude<Locale, 'en'>, Review> = { cy: cyReview, fr: frReview };
