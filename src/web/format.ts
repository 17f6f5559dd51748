import type { ProcedureState } from './api';

/** The procedures are about Westminster, so times are shown and entered in UK time whatever the browser's zone. */
export const TIME_ZONE = 'Europe/London';

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: TIME_ZONE,
});

/** 'YYYY-MM-DD' → '5 June 2022'. Calendar dates carry no time zone, so they are formatted as UTC midnight. */
export function formatDay(day: string): string {
  const parsed = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? day : dayFormat.format(parsed);
}

/** ISO instant → 'Mon, 6 June 2022, 18:00' in UK time ('6 June 2022' for day-only events). */
export function formatDateTime(iso: string): string {
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return iso;
  return isDayOnly(iso) ? formatDay(iso) : `${dateTimeFormat.format(parsed)} (UK time)`;
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

export const STATE_WORDS: Record<ProcedureState, { title: string; explanation: string; tone: 'neutral' | 'alert' | 'good' | 'bad' }> = {
  collecting: {
    title: 'Collecting letters',
    explanation: 'Members may write to the chair. No confidence vote has been triggered.',
    tone: 'neutral',
  },
  threshold_reached: {
    title: 'Threshold reached',
    explanation: 'Enough letters are in force: a confidence vote will be held. The chair is fixing the date.',
    tone: 'alert',
  },
  ballot_scheduled: {
    title: 'Confidence vote scheduled',
    explanation: 'The threshold was reached and the date of the confidence vote has been set.',
    tone: 'alert',
  },
  ballot_open: { title: 'Voting is open', explanation: 'The confidence vote is under way.', tone: 'alert' },
  ballot_closed: {
    title: 'Voting has closed',
    explanation: 'The ballots are being counted; the result will be announced.',
    tone: 'alert',
  },
  immune: {
    title: 'Protected from another vote',
    explanation: 'Letters are still received, but no confidence vote can be triggered until the protection ends.',
    tone: 'good',
  },
  contest_required: {
    title: 'The leader lost the vote',
    explanation: 'The leader must resign; a leadership contest follows.',
    tone: 'bad',
  },
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const shortDateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: TIME_ZONE,
});

const shortDayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

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

/** Roster data uses short party codes; people read party names. */
const PARTY_NAMES: Record<string, string> = {
  Con: 'Conservative Party',
  Lab: 'Labour Party',
  LD: 'Liberal Democrats',
  SNP: 'Scottish National Party',
  Green: 'Green Party',
  PC: 'Plaid Cymru',
  DUP: 'Democratic Unionist Party',
  SF: 'Sinn Féin',
  SDLP: 'Social Democratic and Labour Party',
  APNI: 'Alliance Party',
  Spk: 'Speaker',
  Alba: 'Alba Party',
  Ind: 'Independent',
};

/** A rulebook over all members (no party whip) has no party: the organisation is named instead. */
export function partyName(party: string | null): string {
  if (party === null) return 'All members';
  return PARTY_NAMES[party] ?? party;
}

/** Rule summaries come from data files; a sentence still starts with a capital. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
