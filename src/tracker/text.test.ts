import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldKey, normalizePunctuation, placeKey } from './text';

describe('normalizePunctuation', () => {
  it('turns typographic quotes and dashes into ASCII', () => {
    expect(normalizePunctuation('\u201CNo,\u201D he said \u2013 it\u2019s over')).toBe('"No," he said - it\'s over');
  });

  it('never changes the length, so offsets stay valid in the original', () => {
    fc.assert(fc.property(fc.string(), (s) => normalizePunctuation(s).length === s.length));
  });
});

describe('keys', () => {
  it('folds accents and case', () => {
    expect(foldKey('Thérèse Coffey')).toBe('therese coffey');
  });

  it('makes constituency spellings comparable', () => {
    expect(placeKey('Newcastle-Under-Lyme')).toBe(placeKey('Newcastle-under-Lyme'));
    expect(placeKey('Richmond (Yorks)')).toBe('richmond');
    expect(placeKey('Liverpool, Riverside')).toBe('liverpool riverside');
  });
});
