import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from './errors';
import { ERROR_TRANSLATIONS, errorLanguageFrom, errorMessageFor } from './error-messages';

describe('every error code speaks English, Welsh and French', () => {
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];

  it('has a Welsh and a French message for every code in the registry', () => {
    const missing = codes.flatMap((code) =>
      (['cy', 'fr'] as const).filter((language) => !ERROR_TRANSLATIONS[code]?.[language]?.trim()).map((language) => `${code} (${language})`),
    );
    expect(missing, 'error codes without a translation').toEqual([]);
  });

  it('translates rather than copies the English summary', () => {
    const copied = codes.filter((code) => ERROR_TRANSLATIONS[code]?.cy === ERROR_CODES[code].summary || ERROR_TRANSLATIONS[code]?.fr === ERROR_CODES[code].summary);
    expect(copied).toEqual([]);
  });

  it('reads the language from Accept-Language (by quality) or LANG', () => {
    expect(errorLanguageFrom('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(errorLanguageFrom('en;q=0.5, cy;q=0.9')).toBe('cy');
    expect(errorLanguageFrom('de-DE')).toBe('en');
    expect(errorLanguageFrom('cy_GB.UTF-8')).toBe('cy');
    expect(errorLanguageFrom(undefined)).toBe('en');
    expect(errorMessageFor('VOTE_NOT_YET_DUE', 'cy')).toMatch(/aildrefnwch/);
    expect(errorMessageFor('NO_SUCH_CODE', 'fr')).toBeNull();
  });
});
