import type { ProcedureState } from './api';
import type { MessageKey } from './i18n/catalogue';
import { loadedCatalogue } from './i18n/catalogue/load';
import { FORMAT_TAG, type Locale } from './i18n/locales';

/** The procedures are about Westminster, so times are shown and entered in UK time whatever the browser's zone. */
export const TIME_ZONE = 'Europe/London';

let locale: Locale = 'en';
const formatters = new Map<string, Pick<Intl.DateTimeFormat, 'format'>>();

/** Set by the i18n provider: dates and numbers follow the chosen language (the UK time zone stays). */
export function setFormatLocale(next: Locale): void {
  locale = next;
}

export function currentLocale(): Locale {
  return locale;
}

/**
 * Welsh names for browsers whose ICU data has no Welsh (Debian's Chromium, some Android builds): there
 * `Intl.DateTimeFormat('cy-GB')` falls back to English ("Thu, December 3, 2026"). The fallback formats in British
 * English's order (day month year, 24-hour clock, as Welsh writes dates) and puts the Welsh names in.
 */
const WELSH = {
  months: ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'],
  monthsShort: ['Ion', 'Chwef', 'Maw', 'Ebr', 'Mai', 'Meh', 'Gorff', 'Awst', 'Medi', 'Hyd', 'Tach', 'Rhag'],
  weekdays: ['Dydd Sul', 'Dydd Llun', 'Dydd Mawrth', 'Dydd Mercher', 'Dydd Iau', 'Dydd Gwener', 'Dydd Sadwrn'],
  weekdaysShort: ['Sul', 'Llun', 'Maw', 'Mer', 'Iau', 'Gwen', 'Sad'],
};
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Whether this browser's ICU formats dates in `tag` (not a silent fallback to another language). */
function intlHas(tag: string): boolean {
  return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
}

type DateFormatter = Pick<Intl.DateTimeFormat, 'format'>;

/** British-English parts with the Welsh month and weekday names put in. */
export function welshDateFormatter(options: Intl.DateTimeFormatOptions): DateFormatter {
  const en = new Intl.DateTimeFormat('en-GB', options);
  // English words between parts (' at ') become a comma; English names are matched on their first three letters ('Sep', 'Sept', 'September'; 'Thu', 'Thursday').
  const name = (value: string, english: readonly string[], welsh: readonly string[]) => welsh[english.findIndex((n) => n.slice(0, 3) === value.slice(0, 3))] ?? value;
  const months = options.month === 'long' ? WELSH.months : WELSH.monthsShort;
  const weekdays = options.weekday === 'long' ? WELSH.weekdays : WELSH.weekdaysShort;
  return {
    format: (d?: Date | number) =>
      en
        .formatToParts(d)
        .map((p) => (p.type === 'month' && options.month !== 'numeric' && options.month !== '2-digit' ? name(p.value, EN_MONTHS, months) : p.type === 'weekday' ? name(p.value, EN_WEEKDAYS, weekdays) : p.type === 'literal' && /[a-z]/i.test(p.value) ? ', ' : p.value))
        .join(''),
  };
}

function formatter(name: string, options: Intl.DateTimeFormatOptions): DateFormatter {
  const key = `${locale}:${name}`;
  let f: DateFormatter | undefined = formatters.get(key);
  if (!f) {
    f = locale === 'cy' && !intlHas(FORMAT_TAG.cy) ? welshDateFormatter(options) : new Intl.DateTimeFormat(FORMAT_TAG[locale], options);
    formatters.set(key, f);
  }
  return f;
}

const dayFormat = { format: (d: Date) => formatter('day', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d) };
const dateTimeFormat = {
  format: (d: Date) =>
    formatter('dateTime', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE }).format(d),
};

/** A catalogue string outside React (formatting helpers), in the current language (English until it is loaded). */
function message(key: MessageKey, values: Record<string, string> = {}): string {
  return (loadedCatalogue(locale) ?? loadedCatalogue('en')!)[key].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(FORMAT_TAG[locale]).format(n);
}

/** 'YYYY-MM-DD' → '5 June 2022'. Calendar dates carry no time zone, so they are formatted as UTC midnight. */
export function formatDay(day: string): string {
  const parsed = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? day : dayFormat.format(parsed);
}

/** ISO instant → 'Mon, 6 June 2022, 18:00' in UK time ('6 June 2022' for day-only events). */
export function formatDateTime(iso: string): string {
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return iso;
  return isDayOnly(iso) ? formatDay(iso) : message('format.ukTime', { when: dateTimeFormat.format(parsed) });
}

/** Offset of UK time from UTC at an instant, in minutes (0 in winter, 60 in summer). */
function ukOffsetMinutes(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/** A `datetime-local` value read as UK wall-clock time ('2022-06-06T18:00') → ISO instant. */
export function ukLocalToIso(local: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wallAsUtc = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes settle the offset even for times near a clock change.
  let instant = wallAsUtc - ukOffsetMinutes(wallAsUtc) * 60_000;
  instant = wallAsUtc - ukOffsetMinutes(instant) * 60_000;
  return new Date(instant).toISOString();
}

export const STATE_TONE: Record<ProcedureState, 'neutral' | 'alert' | 'good' | 'bad'> = {
  collecting: 'neutral',
  threshold_reached: 'alert',
  ballot_scheduled: 'alert',
  ballot_open: 'alert',
  ballot_closed: 'alert',
  immune: 'good',
  contest_required: 'bad',
};

const shortDateTimeFormat = {
  format: (d: Date) => formatter('shortDateTime', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE }).format(d),
};
const shortDayFormat = { format: (d: Date) => formatter('shortDay', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d) };

/** 'YYYY-MM-DD' → '5 Jun 2022', for tables where space is short. */
export function formatShortDay(day: string): string {
  const parsed = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? day : shortDayFormat.format(parsed);
}

/**
 * Events recorded by the day (seeded letters, roster changes) carry midnight UTC; showing them as
 * "01:00" in summer would invent a time nobody recorded.
 */
function isDayOnly(iso: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) || /T00:00(:00(\.0+)?)?(Z|\+00:00)$/.test(iso);
}

/** ISO instant → '23 Nov 2026, 02:01' in UK time, for tables where space is short. */
export function formatShortDateTime(iso: string): string {
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return iso;
  return isDayOnly(iso) ? formatShortDay(iso) : shortDateTimeFormat.format(parsed);
}

/** Roster data uses short party codes; people read party names (in their language). */
const PARTY_CODES = ['Con', 'Lab', 'LD', 'SNP', 'Green', 'PC', 'DUP', 'SF', 'SDLP', 'APNI', 'Spk', 'Alba', 'Ind'] as const;

/** A rulebook over all members (no party whip) has no party: the organisation is named instead. */
export function partyName(party: string | null): string {
  if (party === null) return message('party.all');
  return (PARTY_CODES as readonly string[]).includes(party) ? message(`party.${party}` as MessageKey) : party;
}

/** Rule summaries come from data files; a sentence still starts with a capital. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
