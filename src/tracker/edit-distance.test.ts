import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allowedTypos, boundedEditDistance } from './edit-distance';

describe('boundedEditDistance', () => {
  it('counts a transposition as one edit', () => {
    expect(boundedEditDistance('wakeford', 'wakefrod', 2)).toBe(1);
  });

  it('counts substitutions, insertions and deletions', () => {
    expect(boundedEditDistance('aldous', 'aldus', 2)).toBe(1);
    expect(boundedEditDistance('firth', 'frith', 2)).toBe(1);
    expect(boundedEditDistance('kitten', 'sitting', 5)).toBe(3);
  });

  it('stops at the bound', () => {
    expect(boundedEditDistance('johnson', 'starmer', 2)).toBe(3);
  });

  it('is symmetric and zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        const d = boundedEditDistance(a, b, 3);
        expect(d).toBe(boundedEditDistance(b, a, 3));
        expect(d === 0).toBe(a === b);
      }),
    );
  });

  it('allows no typo in short names, where one letter makes another real name', () => {
    expect(allowedTypos('Bell')).toBe(0);
    expect(allowedTypos('Aldous')).toBe(1);
    expect(allowedTypos('Throup-Smith')).toBe(2);
  });
});
