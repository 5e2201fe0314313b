import { Pipe, PipeTransform } from '@angular/core';
import { formatDateFr, formatDateTimeFr, isIsoDate, PARIS_TZ, parisDate } from '@cdlp/shared';

const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS_TZ,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A legal calendar day ('2026-03-03') as "3 mars 2026"; empty text for null. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '';
  const day = value.slice(0, 10);
  return isIsoDate(day) ? formatDateFr(day) : value;
}

/** An instant (ISO timestamp) as seen in Europe/Paris: "22/11/2026 à 14:03". */
export function formatInstant(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = dateTimeFormat.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} à ${get('hour')}:${get('minute')}`;
}

/** An instant as a long French date and time in Paris: "mardi 3 mars 2026 à 14 h 30". */
export function formatLongInstant(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : formatDateTimeFr(date);
}

/** The Paris calendar day of an instant, as "3 mars 2026". */
export function formatDayOf(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : formatDateFr(parisDate(date));
}

@Pipe({ name: 'day' })
export class DayPipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return formatDay(value);
  }
}

@Pipe({ name: 'instant' })
export class InstantPipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return formatInstant(value);
  }
}

@Pipe({ name: 'longInstant' })
export class LongInstantPipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return formatLongInstant(value);
  }
}

@Pipe({ name: 'dayOf' })
export class DayOfPipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return formatDayOf(value);
  }
}
