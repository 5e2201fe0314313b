/**
 * Calendar dates are plain 'YYYY-MM-DD' strings. Legal dates (terms, approvals,
 * pathway periods) are days in Europe/Paris, never instants.
 */
export const PARIS_TZ = 'Europe/Paris';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

// Built once: building a formatter costs far more than using it.
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: PARIS_TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
const FR_LONG_DATE = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

const HOUR_MS = 3_600_000;
// Paris changes day and offset only on whole UTC hours (midnight is 22:00 or 23:00 UTC, the
// clocks change at 01:00 UTC), so every instant of a UTC hour has the same Paris day. The
// formatter costs tens of microseconds a call, and a request asks for the same hour again and
// again (today's date, each parameter's date of validity). Before 1980 (other offsets in the
// tz database's history) the formatter answers every call.
const MEMO_FROM = Date.UTC(1980, 0, 1);
const parisDayOfHour = new Map<number, string>();

function formatParisDay(instant: Date): string {
  const parts = PARIS_DAY.formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The calendar day of an instant in Europe/Paris. */
export function parisDate(instant: Date): string {
  if (instant.getTime() < MEMO_FROM) return formatParisDay(instant);
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  const known = parisDayOfHour.get(hour);
  if (known !== undefined) return known;
  const day = formatParisDay(new Date(hour * HOUR_MS));
  if (parisDayOfHour.size >= 1024) parisDayOfHour.clear();
  parisDayOfHour.set(hour, day);
  return day;
}

function toUtc(date: string): Date {
  if (!isIsoDate(date)) throw new Error(`Invalid ISO date: ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds months, clamping to the last day of the month (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const d = toUtc(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d.toISOString().slice(0, 10);
}

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000);
}

/** French long date, e.g. "3 mars 2026". */
export function formatDateFr(date: string): string {
  return FR_LONG_DATE.format(toUtc(date));
}
