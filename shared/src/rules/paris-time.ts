import { PARIS_TZ } from './dates';

/**
 * Sittings are set in Europe/Paris local time. These helpers convert between a
 * local "YYYY-MM-DDTHH:MM" and an instant, across daylight-saving changes.
 */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

// Formatters are built once: building one costs far more than using it (tens of
// microseconds, on every request that shows a date).
const PARIS_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: PARIS_TZ,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const FR_LONG_DATE_PARIS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS_TZ,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** Offset of Paris from UTC at an instant, in minutes (60 in winter, 120 in summer). */
export function parisOffsetMinutes(instant: Date): number {
  const parts = PARIS_PARTS.formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

export type LocalConversion = { ok: true; instant: Date } | { ok: false; message: string };

/**
 * Converts a Paris local time to an instant. A time that does not exist (the hour
 * skipped in spring) is refused; a time that occurs twice (autumn) takes the first one.
 */
export function parisLocalToInstant(local: string): LocalConversion {
  const m = LOCAL.exec(local);
  if (!m) return { ok: false, message: 'La date et l’heure doivent être au format AAAA-MM-JJTHH:MM.' };
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) {
    return { ok: false, message: 'La date ou l’heure est invalide.' };
  }
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(naive).getUTCDate() !== d) return { ok: false, message: 'La date est invalide.' };
  // Try summer time first (earlier instant for an ambiguous autumn hour), then winter time.
  for (const offset of [120, 60]) {
    const candidate = new Date(naive - offset * 60_000);
    if (parisOffsetMinutes(candidate) === offset) return { ok: true, instant: candidate };
  }
  return {
    ok: false,
    message: `L’heure ${local.slice(11)} n’existe pas le ${local.slice(0, 10)} à Paris (passage à l’heure d’été).`,
  };
}

/** The Paris local "YYYY-MM-DDTHH:MM" of an instant. */
export function instantToParisLocal(instant: Date): string {
  const local = new Date(instant.getTime() + parisOffsetMinutes(instant) * 60_000);
  return local.toISOString().slice(0, 16);
}

/** French date and time, e.g. "mardi 3 mars 2026 à 14 h 30". */
export function formatDateTimeFr(instant: Date): string {
  const date = FR_LONG_DATE_PARIS.format(instant);
  const local = instantToParisLocal(instant);
  const [hh, mm] = local.slice(11).split(':');
  return `${date} à ${Number(hh)} h ${mm}`;
}
