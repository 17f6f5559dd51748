import { describe, expect, it } from 'vitest';
import { HELD_BACK_REASONS } from '../../domain/held-back-reasons';
import { CATALOGUES } from '../i18n/catalogue';
import { heldBackKey } from './heldBack';

describe('the review desk’s held-back texts', () => {
  it('has its own text for every reason the extractor names, in each language, no two alike', () => {
    for (const catalogue of Object.values(CATALOGUES)) {
      const texts = HELD_BACK_REASONS.map((r) => catalogue[heldBackKey(r)]);
      expect(texts.every((text) => typeof text === 'string' && text.length > 0)).toBe(true);
      expect(new Set(texts).size).toBe(HELD_BACK_REASONS.length);
      expect(texts).not.toContain(catalogue['possible.heldBack.other']);
    }
    expect(CATALOGUES.en[heldBackKey('question')]).toBe('Held back: the sentence is a question');
  });

  it('shows the general text for a reason it has no words for', () => {
    expect(heldBackKey('a-check-added-later')).toBe('possible.heldBack.other');
    expect(heldBackKey('toString')).toBe('possible.heldBack.other');
  });
});
