import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay, formatShortDateTime, partyName, ukLocalToIso, welshDateFormatter } from './format';

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

describe('Welsh dates where the browser has no Welsh', () => {
  it('puts the Welsh month and weekday names in British order, whatever the English abbreviation', () => {
    const at = new Date('2022-06-06T17:00:00.000Z'); // Monday 6 June 2022, 18:00 in London
    const long = welshDateFormatter({ weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' });
    expect(long.format(at)).toBe('Llun, 6 Mehefin 2022, 18:00');
    const short = welshDateFormatter({ day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    expect(short.format(new Date('2022-09-20T00:00:00Z'))).toBe('20 Medi 2022');
    expect(short.format(new Date('2022-12-03T00:00:00Z'))).toBe('3 Rhag 2022');
    const weekday = welshDateFormatter({ weekday: 'long', timeZone: 'UTC' });
    expect(weekday.format(new Date('2022-06-04T00:00:00Z'))).toBe('Dydd Sadwrn');
  });
});
