/** Dates and times as the portal reads them: Europe/Paris. */
export function parisNow(offsetMs = 0): { date: string; time: string; local: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + offsetMs));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  const time = `${get('hour')}:${get('minute')}`;
  return { date, time, local: `${date}T${time}` };
}

export function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A time later today in Paris, so that a sitting can be convened (urgent) and opened the same
 * day: two hours from now, or 23:59 when that would fall tomorrow.
 */
export function laterTodayInParis(): string {
  const now = parisNow();
  const later = parisNow(2 * 3_600_000);
  if (later.date === now.date) return later.local;
  if (now.time >= '23:55') throw new Error('Too close to midnight in Paris to plan a sitting for today.');
  return `${now.date}T23:59`;
}
