import { AppError } from './errors';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * True for a real calendar day written YYYY-MM-DD (rejects 2022-02-30). Year 0000 is refused too: JavaScript reads it
 * as 1 BC, but PostgreSQL has no year zero and would refuse it on write, turning a bad input into a server error.
 */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value) || value.startsWith('0000')) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function assertIsoDate(value: string, field: string): void {
  if (!isIsoDate(value)) {
    throw new AppError('VALIDATION_FAILED', `${field} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
}

/** Adds whole days to an ISO date (UTC calendar arithmetic, no time-zone drift). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds calendar months, clamping to the month's last day (2022-01-31 + 1 month = 2022-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The calendar day of an instant, in UTC. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

const UK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day of an instant in UK time (Europe/London): the day a Westminster vote "was held". */
export function ukDayOf(instant: string | Date): string {
  return UK_DAY.format(typeof instant === 'string' ? new Date(instant) : instant);
}
