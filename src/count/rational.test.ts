import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { R, Rational } from './rational';

describe('exact rationals', () => {
  it('normalise, compare and print exactly', () => {
    expect(R(2, 4).toString()).toBe('0.5');
    expect(R(-3, 6).toString()).toBe('-0.5');
    expect(R(1, 3).toString()).toBe('1/3');
    expect(R(1, 3).add(R(1, 6)).eq(R(1, 2))).toBe(true);
    expect(R(7, 3).truncate(5).toString()).toBe('2.33333');
    expect(R(7, 3).ceil(2).toString()).toBe('2.34');
    expect(R(-7, 3).truncate(2).toString()).toBe('-2.34');
    expect(Rational.parse('0.00125').eq(R(1, 800))).toBe(true);
    expect(R(228944, 435445).mul(R(100)).toFixed(1)).toBe('52.6');
  });
  it('field laws hold (property)', () => {
    const arb = fc.tuple(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: 1n, max: 1000n })).map(([n, d]) => R(n, d));
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => {
        expect(a.add(b).mul(c).eq(a.mul(c).add(b.mul(c)))).toBe(true);
        expect(a.sub(b).add(b).eq(a)).toBe(true);
        if (!b.isZero()) expect(a.div(b).mul(b).eq(a)).toBe(true);
        expect(Rational.parse(a.toString()).eq(a)).toBe(true);
        expect(a.truncate(3).cmp(a)).toBeLessThanOrEqual(0);
        expect(a.ceil(3).cmp(a)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });
});
