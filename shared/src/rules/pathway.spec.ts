import {
  DEFAULT_PATHWAY_LIMITS,
  PeriodDates,
  afisMonthlyAmount,
  checkRenewal,
  firstPeriod,
  isExpiryAlertDue,
  periodEnd,
  totalMonths,
} from './pathway';
import { addDays } from './dates';

/** Builds `n` consecutive periods from a start date, as the api does (first period, then renewals). */
function chain(start: string, n: number): PeriodDates[] {
  const periods = [firstPeriod(start)];
  while (periods.length < n) {
    const r = checkRenewal(periods);
    if (!r.allowed) throw new Error(r.reason);
    periods.push(r.next);
  }
  return periods;
}

describe('pathway periods (PSP-6)', () => {
  it('PSP-6: the defaults are 6-month periods and 24 months at most', () => {
    expect(DEFAULT_PATHWAY_LIMITS).toEqual({ periodMonths: 6, maxTotalMonths: 24 });
  });

  it.each([
    ['2026-01-01', '2026-06-30'],
    ['2026-01-15', '2026-07-14'],
    ['2026-07-01', '2026-12-31'],
    ['2026-10-10', '2027-04-09'],
    ['2026-12-31', '2027-06-30'],
    ['2026-03-01', '2026-08-31'],
  ])('PSP-6: a period starting %s ends %s (the day before the same date 6 months later)', (start, end) => {
    expect(firstPeriod(start)).toEqual({ startDate: start, endDate: end });
    expect(periodEnd(start, 6)).toBe(end);
  });

  it('PSP-6: month-end clamping: a period starting on 31 August ends on the last day of February', () => {
    // The same date 6 months later does not exist: the period ends on the last day of February,
    // as an approval starting on 29 February ends on 28 February (PSP-2).
    expect(periodEnd('2026-08-31', 6)).toBe('2027-02-28');
    expect(periodEnd('2027-08-31', 6)).toBe('2028-02-29');
    expect(periodEnd('2026-12-31', 2)).toBe('2027-02-28');
  });

  it('PSP-6: consecutive start dates give consecutive (never overlapping, never skipping back) end dates around February', () => {
    const starts = ['2026-08-27', '2026-08-28', '2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01'];
    expect(starts.map((s) => periodEnd(s, 6))).toEqual([
      '2027-02-26',
      '2027-02-27',
      '2027-02-28',
      '2027-02-28',
      '2027-02-28',
      '2027-02-28',
    ]);
  });

  it('PSP-6: a period starting on 31 March ends on 30 September, the next starts on 1 October', () => {
    const [p1, p2] = chain('2026-03-31', 2);
    expect(p1).toEqual({ startDate: '2026-03-31', endDate: '2026-09-30' });
    expect(p2).toEqual({ startDate: '2026-10-01', endDate: '2027-03-31' });
  });

  it('PSP-6: renewals follow each other without gap nor overlap, 4 periods of 6 months', () => {
    const periods = chain('2026-01-01', 4);
    expect(periods).toEqual([
      { startDate: '2026-01-01', endDate: '2026-06-30' },
      { startDate: '2026-07-01', endDate: '2026-12-31' },
      { startDate: '2027-01-01', endDate: '2027-06-30' },
      { startDate: '2027-07-01', endDate: '2027-12-31' },
    ]);
    for (let i = 1; i < periods.length; i++)
      expect(periods[i].startDate).toBe(addDays(periods[i - 1].endDate, 1));
    expect(totalMonths(periods)).toBe(24);
  });

  it('PSP-6: a chain starting on 31 August never overlaps and keeps following the previous end', () => {
    const periods = chain('2026-08-31', 4);
    for (let i = 1; i < periods.length; i++) {
      expect(periods[i].startDate).toBe(addDays(periods[i - 1].endDate, 1));
      expect(periods[i].endDate > periods[i].startDate).toBe(true);
    }
    expect(periods[0].endDate).toBe('2027-02-28');
    expect(periods[1].startDate).toBe('2027-03-01');
  });

  it.each([1, 2, 3])('PSP-6: with %i period(s), a renewal is allowed (total stays within 24 months)', (n) => {
    const periods = chain('2026-01-01', n);
    const r = checkRenewal(periods);
    expect(r.allowed).toBe(true);
    expect(totalMonths(periods) + 6).toBeLessThanOrEqual(24);
  });

  it('PSP-6: the renewal reaching exactly 24 months is allowed', () => {
    const r = checkRenewal(chain('2026-01-01', 3));
    expect(r).toEqual({ allowed: true, next: { startDate: '2027-07-01', endDate: '2027-12-31' } });
  });

  it('PSP-6: a renewal beyond 24 months is refused with a French message naming the limit', () => {
    const r = checkRenewal(chain('2026-01-01', 4));
    expect(r).toEqual({
      allowed: false,
      reason:
        'Renouvellement impossible : le parcours atteindrait 30 mois, au-delà de la durée maximale de 24 mois (PSP-6).',
    });
  });

  it('PSP-6: limits are configuration (3-month periods, 12 months at most)', () => {
    const limits = { periodMonths: 3, maxTotalMonths: 12 };
    const periods = [firstPeriod('2026-01-01', limits)];
    expect(periods[0].endDate).toBe('2026-03-31');
    for (let i = 0; i < 3; i++) {
      const r = checkRenewal(periods, limits);
      if (!r.allowed) throw new Error(r.reason);
      periods.push(r.next);
    }
    expect(periods[3]).toEqual({ startDate: '2026-10-01', endDate: '2026-12-31' });
    expect(totalMonths(periods, limits)).toBe(12);
    const refused = checkRenewal(periods, limits);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.reason).toContain('durée maximale de 12 mois');
  });

  it('PSP-6: a pathway without any period cannot be renewed', () => {
    expect(checkRenewal([])).toEqual({ allowed: false, reason: "Le parcours n'a pas encore de période." });
  });
});

describe('expiry alert window (PSP-6, default 45 days)', () => {
  const end = '2026-09-30';

  it.each([
    [addDays(end, -46), false],
    [addDays(end, -45), true],
    [addDays(end, -44), true],
    [addDays(end, -1), true],
    [end, true],
    [addDays(end, 1), false],
    ['2026-01-01', false],
  ])('PSP-6: on %s the alert is due: %s', (today, due) => {
    expect(isExpiryAlertDue(end, today, 45)).toBe(due);
  });

  it('PSP-6: the window is configuration (30 days)', () => {
    expect(isExpiryAlertDue(end, addDays(end, -31), 30)).toBe(false);
    expect(isExpiryAlertDue(end, addDays(end, -30), 30)).toBe(true);
  });

  it('PSP-6: the window is counted in calendar days across the DST change', () => {
    // 2026-10-25 is the autumn DST change in Paris: days are still whole calendar days.
    expect(isExpiryAlertDue('2026-11-08', '2026-09-24', 45)).toBe(true);
    expect(isExpiryAlertDue('2026-11-08', '2026-09-23', 45)).toBe(false);
  });
});

describe('AFIS amount (AFIS-1)', () => {
  it.each([
    [0, 343.2],
    [1, 449.28],
    [2, 555.36],
    [3, 661.44],
    [5, 873.6],
  ])('AFIS-1: a single person with %i child(ren) receives %d EUR a month', (children, amount) => {
    expect(afisMonthlyAmount(343.2, 106.08, children)).toBe(amount);
  });

  it('AFIS-1: the amounts are rounded to the cent', () => {
    expect(afisMonthlyAmount(343.2, 106.08, 7)).toBe(1085.76);
    expect(afisMonthlyAmount(0.1, 0.2, 1)).toBe(0.3);
  });

  it('AFIS-1: a negative number of children counts as none', () => {
    expect(afisMonthlyAmount(343.2, 106.08, -2)).toBe(343.2);
  });

  it('AFIS-1: the amounts are dated configuration (a later base amount)', () => {
    expect(afisMonthlyAmount(360, 110, 1)).toBe(470);
  });
});
