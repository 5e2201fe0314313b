import { DEFAULT_CONVOCATION_DAYS, checkConvocationDelay } from './convocation';

/** Paris local times written with their offset, to keep the tests readable. */
const at = (iso: string) => new Date(iso);

describe('checkConvocationDelay', () => {
  it('CONV-2: the default delay is 5 days', () => {
    expect(DEFAULT_CONVOCATION_DAYS).toBe(5);
  });

  it('CONV-2: a convocation sent exactly 5 days before the sitting is on time', () => {
    const c = checkConvocationDelay(at('2026-04-10T09:00:00+02:00'), at('2026-04-15T14:00:00+02:00'));
    expect(c).toEqual({
      onTime: true,
      days: 5,
      message: 'Convocation envoyée 5 jours avant la séance (CONV-2 : 5 jours au moins).',
    });
  });

  it('CONV-2: 5 calendar days count, even when the sending is later in the day than the sitting', () => {
    const c = checkConvocationDelay(at('2026-04-10T18:00:00+02:00'), at('2026-04-15T09:00:00+02:00'));
    expect(c.onTime).toBe(true);
    expect(c.days).toBe(5);
  });

  it('CONV-2: 4 days before is refused, with the French message asking for the urgency flag', () => {
    const c = checkConvocationDelay(at('2026-04-11T09:00:00+02:00'), at('2026-04-15T14:00:00+02:00'));
    expect(c).toEqual({
      onTime: false,
      days: 4,
      message:
        'La convocation partirait 4 jours avant la séance, moins que les 5 jours requis (CONV-2) : cochez « urgence » et indiquez le motif.',
    });
  });

  it('CONV-2: one day before is written in the singular', () => {
    const c = checkConvocationDelay(at('2026-04-14T09:00:00+02:00'), at('2026-04-15T14:00:00+02:00'));
    expect(c.days).toBe(1);
    expect(c.message).toContain('partirait 1 jour avant la séance');
  });

  it('CONV-2: across the spring DST change, 5 Paris days (119 hours) are on time', () => {
    // 24 March 10:00 CET (UTC+1) → 29 March 10:00 CEST (UTC+2): 119 hours, 5 calendar days.
    const c = checkConvocationDelay(at('2026-03-24T10:00:00+01:00'), at('2026-03-29T10:00:00+02:00'));
    expect(c).toMatchObject({ onTime: true, days: 5 });
  });

  it('CONV-2: across the autumn DST change, 4 Paris days (97 hours) are refused', () => {
    const c = checkConvocationDelay(at('2026-10-21T10:00:00+02:00'), at('2026-10-25T10:00:00+01:00'));
    expect(c).toMatchObject({ onTime: false, days: 4 });
  });

  it('CONV-2: days are Paris calendar days, not UTC days (just after midnight in Paris)', () => {
    // 00:30 in Paris on 24 March is still 23 March in UTC; the sitting at 23:30 on 28 March is 4 Paris days later.
    const c = checkConvocationDelay(at('2026-03-24T00:30:00+01:00'), at('2026-03-28T23:30:00+01:00'));
    expect(c).toMatchObject({ onTime: false, days: 4 });
  });

  it('CONV-2: the minimum comes from configuration', () => {
    const c = checkConvocationDelay(at('2026-04-12T09:00:00+02:00'), at('2026-04-15T14:00:00+02:00'), 3);
    expect(c).toMatchObject({ onTime: true, days: 3 });
    expect(c.message).toBe('Convocation envoyée 3 jours avant la séance (CONV-2 : 3 jours au moins).');
  });
});
