/**
 * Dates in news copy. Relative expressions ("on Tuesday", "last night") are resolved backwards
 * from the publication date: a report says "on Tuesday" about the latest Tuesday not after it
 * (the same day included: "on Wednesday" in Wednesday's paper is today).
 */
import { addDays } from '../domain/dates';

export interface DateMention {
  start: number;
  end: number;
  text: string;
  date: string;
  /** "in 2019", "last June", "three years ago": only the year or month is known; it says "long ago", not which day. */
  yearOnly?: boolean;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_ALT = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

function monthIndex(word: string): number {
  const w = word.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(w));
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The latest day named `weekday` on or before `published`. */
export function lastWeekday(published: string, weekday: number): string {
  const back = (weekdayOf(published) - weekday + 7) % 7;
  return addDays(published, -back);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validDay(y: number, m: number, d: number): string | null {
  const iso = `${y}-${pad(m + 1)}-${pad(d)}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : null;
}

/** A day and month without a year is the latest such day not after publication. */
function dayMonthBefore(published: string, month: number, day: number): string | null {
  const year = Number(published.slice(0, 4));
  const sameYear = validDay(year, month, day);
  if (sameYear && sameYear <= published) return sameYear;
  return validDay(year - 1, month, day);
}

const DATE_PATTERN = new RegExp(
  [
    `\\b(?<dmy>(?<d1>\\d{1,2})(?:st|nd|rd|th)?\\s+(?<m1>${MONTH_ALT})\\.?(?:,?\\s+(?<y1>\\d{4}))?)\\b`,
    `\\b(?<mdy>(?<m2>${MONTH_ALT})\\.?\\s+(?<d2>\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(?<y2>\\d{4}))?)\\b`,
    `\\b(?<iso>(?<y3>\\d{4})-(?<m3>\\d{2})-(?<d3>\\d{2}))\\b`,
    `\\b(?<wd>(?:on\\s+|last\\s+|this\\s+|earlier\\s+on\\s+)?(?<wday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\\s+(?:morning|afternoon|evening|night))?)\\b`,
    `\\b(?<today>today|this morning|this afternoon|this evening|tonight|earlier today)\\b`,
    `\\b(?<yesterday>yesterday|last night)\\b`,
    `\\b(?<nightbefore>the night before|the previous night|the day before|the previous day)\\b`,
    `\\b(?<inyear>in\\s+(?<y4>(?:19|20)\\d\\d))\\b(?!\\s*[-/])`,
    `\\b(?<lastmonth>last\\s+(?<m6>january|february|march|april|may|june|july|august|september|october|november|december))\\b`,
    `\\b(?<monthyear>(?:in\\s+)?(?<m5>january|february|march|april|may|june|july|august|september|october|november|december)\\s+(?<y5>(?:19|20)\\d\\d))\\b`,
    `\\b(?<yearsago>(?<n7>two|three|four|five|six|\\d{1,2})\\s+years\\s+ago|last\\s+year)\\b`,
  ].join('|'),
  'gi',
);

/** Every date expression in `text` that can be resolved against `published` (offsets relative to `text`). */
export function findDates(text: string, published: string | null): DateMention[] {
  const out: DateMention[] = [];
  DATE_PATTERN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_PATTERN.exec(text))) {
    const g = m.groups ?? {};
    let date: string | null = null;
    if (g.dmy || g.mdy) {
      const month = monthIndex((g.m1 ?? g.m2)!);
      const day = Number(g.d1 ?? g.d2);
      const year = g.y1 ?? g.y2;
      if (month >= 0) {
        if (year) date = validDay(Number(year), month, day);
        else if (published) date = dayMonthBefore(published, month, day);
      }
      // "May 2022" style phrases with a day-less month are not dates; "may" as a verb is rejected by the digits.
    } else if (g.iso) {
      date = validDay(Number(g.y3), Number(g.m3) - 1, Number(g.d3));
    } else if (g.wd && published) {
      date = lastWeekday(published, WEEKDAYS.indexOf(g.wday!.toLowerCase()));
      // "last Tuesday" said on a Tuesday means a week ago.
      if (/^last\s/i.test(g.wd) && date === published) date = addDays(published, -7);
    } else if (g.today && published) {
      date = published;
    } else if ((g.yesterday || g.nightbefore) && published) {
      date = addDays(published, -1);
    } else if (g.lastmonth && published) {
      // "last June": the latest June before the publication month (June 2021 in a January 2022 paper); the day is unknown.
      const month = monthIndex(g.m6!);
      const [py, pm] = [Number(published.slice(0, 4)), Number(published.slice(5, 7)) - 1];
      out.push({ start: m.index, end: m.index + m[0].length, text: m[0], date: `${month < pm ? py : py - 1}-${pad(month + 1)}-15`, yearOnly: true });
      continue;
    } else if (g.monthyear && published) {
      const month = monthIndex(g.m5!);
      const date = `${g.y5}-${pad(month + 1)}-15`;
      if (date.slice(0, 7) < published.slice(0, 7)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0], date, yearOnly: true });
      continue;
    } else if (g.yearsago && published) {
      const n = /last/i.test(g.yearsago) ? 1 : (Number(g.n7) || ['two', 'three', 'four', 'five', 'six'].indexOf(g.n7!.toLowerCase()) + 2);
      out.push({ start: m.index, end: m.index + m[0].length, text: m[0], date: `${Number(published.slice(0, 4)) - n}-06-30`, yearOnly: true });
      continue;
    } else if (g.inyear && published && Number(g.y4) < Number(published.slice(0, 4))) {
      // Only a past year tells something ("resigned in 2019"); the current year adds nothing.
      out.push({ start: m.index, end: m.index + m[0].length, text: m[0], date: `${g.y4}-06-30`, yearOnly: true });
      continue;
    }
    if (date) out.push({ start: m.index, end: m.index + m[0].length, text: m[0], date });
  }
  return out;
}

/** A publication date written in the text itself ("Published 1 February 2022", a dateline, an ISO date). */
export function publishedDateInText(text: string): string | null {
  const head = text.slice(0, 600);
  const labelled = new RegExp(
    `\\b(?:published|posted|updated|first published)(?:\\s+on)?\\s*:?\\s*(?:[a-z]+day,?\\s+)?(?:(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_ALT})\\.?,?\\s+(\\d{4})|(${MONTH_ALT})\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})|(\\d{4})-(\\d{2})-(\\d{2}))`,
    'i',
  ).exec(head);
  if (labelled) {
    if (labelled[1]) return validDay(Number(labelled[3]), monthIndex(labelled[2]!), Number(labelled[1]));
    if (labelled[4]) return validDay(Number(labelled[6]), monthIndex(labelled[4]), Number(labelled[5]));
    return validDay(Number(labelled[7]), Number(labelled[8]) - 1, Number(labelled[9]));
  }
  // A full date standing alone on one of the first lines is a dateline.
  for (const line of head.split('\n').slice(0, 4)) {
    const t = line.trim();
    const dl = new RegExp(`^(?:[a-z]+day,?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_ALT})\\.?,?\\s+(\\d{4})$`, 'i').exec(t);
    if (dl) return validDay(Number(dl[3]), monthIndex(dl[2]!), Number(dl[1]));
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    if (iso) return validDay(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
  }
  return null;
}
