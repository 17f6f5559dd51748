import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay, formatShortDateTime, partyName, ukLocalToIso } from './format';

describe('UK time in forms and on pages', () => {
  it('reads a datetime-local value as UK wall-clock time, in summer and in winter', () => {
    expect(ukLocalToIso('2022-06-06T18:00')).toBe('2022-06-06T17:00:00.000Z');
    expect(ukLocalToIso('2022-12-12T18:00')).toBe('2022-12-12T18:00:00.000Z');
  });

  it('handles the hours around the clock changes', () => {
    // 27 March 2022: clocks went forward at 01:00 UTC.
    expect(ukLocalToIso('2022-03-27T00:30')).toBe('2022-03-27T00:30:00.000Z');
    expect(ukLocalToIso('2022-03-27T03:00')).toBe('2022-03-27T02:00:00.000Z');
    // 30 October 2022: clocks went back at 01:00 UTC.
    expect(ukLocalToIso('2022-10-30T03:00')).toBe('2022-10-30T03:00:00.000Z');
  });

  it('refuses what is not a datetime-local value', () => {
    expect(ukLocalToIso('')).toBeNull();
    expect(ukLocalToIso('6 June 2022 18:00')).toBeNull();
  });

  it('shows instants in UK time and day-only values without an invented time', () => {
    expect(formatDateTime('2022-06-06T17:00:00.000Z')).toMatch(/6 June 2022.*18:00 \(UK time\)/);
    expect(formatDateTime('2022-06-02')).toBe('2 June 2022');
    expect(formatShortDateTime('2022-06-02T00:00:00.000Z')).toBe('2 Jun 2022');
    expect(formatDay('2022-06-05')).toBe('5 June 2022');
  });

  it('names parties, and leaves unknown codes as they are', () => {
    expect(partyName('Con')).toBe('Conservative Party');
    expect(partyName('Reform')).toBe('Reform');
  });
});
