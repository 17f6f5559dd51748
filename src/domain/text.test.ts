import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertCleanValue, findInvalidCodeUnit } from './text';

describe('text hygiene', () => {
  it('finds NUL and lone surrogates, accepts valid pairs', () => {
    expect(findInvalidCodeUnit('abc')).toBeNull();
    expect(findInvalidCodeUnit('a\u0000b')).toEqual({ index: 1, kind: 'NUL' });
    expect(findInvalidCodeUnit('x\ud800')).toEqual({ index: 1, kind: 'lone surrogate' });
    expect(findInvalidCodeUnit('\udc00x')).toEqual({ index: 0, kind: 'lone surrogate' });
    expect(findInvalidCodeUnit('\ud800\ud800\udc00')).toEqual({ index: 0, kind: 'lone surrogate' });
    expect(findInvalidCodeUnit('emoji \ud83d\ude00 ok')).toBeNull();
  });

  it('agrees with the UTF-8 round trip for any string without NUL', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const roundTrips = Buffer.from(s, 'utf8').toString('utf8') === s;
        expect(findInvalidCodeUnit(s) === null).toBe(roundTrips && !s.includes('\u0000'));
      }),
    );
  });

  it('walks nested values and names the field', () => {
    expect(() => assertCleanValue({ a: [{ quote: 'ok' }, { quote: 'bad\ud800' }] })).toThrow(/a\[1\]\.quote contains a lone surrogate/);
    expect(() => assertCleanValue({ 'k\u0000': 1 })).toThrow(/key contains a NUL/);
    expect(() => assertCleanValue({ a: 1, b: [true, null, 'fine'] })).not.toThrow();
  });
});
