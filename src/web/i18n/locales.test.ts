import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locales';

describe('the first visit follows the browser', () => {
  it('picks the first supported language, by its base tag', () => {
    expect(negotiateLocale(['cy-GB', 'en-GB'])).toBe('cy');
    expect(negotiateLocale(['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(negotiateLocale(['EN-us'])).toBe('en');
  });
  it('falls back to English', () => {
    expect(negotiateLocale(['de', 'ja'])).toBe('en');
    expect(negotiateLocale([])).toBe('en');
  });
});
