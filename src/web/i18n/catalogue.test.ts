import { describe, expect, it } from 'vitest';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { CATALOGUES, REVIEW } from './catalogue';
import { LOCALES } from './locales';

const english = CATALOGUES.en;
const keys = Object.keys(english);

/** The arguments (and tags) a message uses: every translation must use the same ones. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value);
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    }
    if (e.type === TYPE.tag) {
      into.add(`<${e.value}>`);
      argumentsOf(e.children, into);
    }
  }
  return into;
}

describe('the message catalogues', () => {
  it.each(LOCALES)('%s has every key, and no key English does not have', (locale) => {
    const catalogue = CATALOGUES[locale] as Record<string, string>;
    expect(keys.filter((k) => !catalogue[k]?.trim()), `keys missing in ${locale}`).toEqual([]);
    expect(Object.keys(catalogue).filter((k) => !(k in english)), `stray keys in ${locale}`).toEqual([]);
  });

  it.each(LOCALES)('every %s message is valid ICU MessageFormat', (locale) => {
    const broken = Object.entries(CATALOGUES[locale]).flatMap(([key, message]) => {
      try {
        parse(message);
        return [];
      } catch (e) {
        return [`${key}: ${(e as Error).message}`];
      }
    });
    expect(broken).toEqual([]);
  });

  it.each(['cy', 'fr'] as const)('%s uses the same arguments and tags as English in every message', (locale) => {
    const differing = keys.filter((key) => {
      const want = [...argumentsOf(parse(english[key as keyof typeof english]))].sort();
      const got = [...argumentsOf(parse(CATALOGUES[locale][key as keyof typeof english]))].sort();
      return want.join() !== got.join();
    });
    expect(differing).toEqual([]);
  });

  it('marks machine-drafted translations for review, naming only real keys as reviewed', () => {
    for (const locale of ['cy', 'fr'] as const) {
      expect(['machine-drafted', 'human']).toContain(REVIEW[locale].drafted);
      expect(REVIEW[locale].reviewed.filter((k) => !(k in english))).toEqual([]);
    }
  });
});
