import { PARIS_TZ, addDays, addMonths, addYears, daysBetween, formatDateFr, isIsoDate, parisDate } from './dates';

describe('isIsoDate', () => {
  it.each(['2026-01-01', '2024-02-29', '2026-12-31'])('accepts %s', (d) => {
    expect(isIsoDate(d)).toBe(true);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-04-31', '26-01-01', '2026-1-1', '01/03/2026', '2026-01-01T00:00:00Z', ''])(
    'refuses %s',
    (d) => {
      expect(isIsoDate(d)).toBe(false);
    },
  );
});

describe('addMonths (clamping to the end of the month)', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-10-31', 2, '2026-12-31'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-06-15', 24, '2028-06-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-31', -2, '2025-11-30'],
    ['2026-01-15', -13, '2024-12-15'],
    ['2026-07-31', 0, '2026-07-31'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('does not carry the clamped day into later additions (each call starts from the given date)', () => {
    expect(addMonths('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonths(addMonths('2026-01-31', 1), 1)).toBe('2026-03-28');
  });

  it('throws on an invalid date', () => {
    expect(() => addMonths('2026-02-30', 1)).toThrow('Invalid ISO date: 2026-02-30');
  });
});

describe('addYears', () => {
  it('clamps 29 February to 28 February in a common year', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('moves back in time with a negative count', () => {
    expect(addYears('2026-05-10', -1)).toBe('2025-05-10');
  });
});

describe('addDays and daysBetween', () => {
  it('crosses month, year and DST boundaries by whole calendar days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
  });

  it('counts whole days, including across DST changes', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-02-10', '2026-02-01')).toBe(-9);
  });
});

describe('parisDate (calendar day in Europe/Paris)', () => {
  it('uses the Paris time zone', () => {
    expect(PARIS_TZ).toBe('Europe/Paris');
  });

  it('gives, remembered by UTC hour, the formatter\'s answer for every quarter of an hour of 2026 and 2027, and before 1980', () => {
    const reference = new Intl.DateTimeFormat('en-CA', { timeZone: PARIS_TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
    const wrong: string[] = [];
    const check = (t: number) => {
      const d = new Date(t);
      const p = reference.formatToParts(d);
      const expected = ['year', 'month', 'day'].map((k) => p.find((x) => x.type === k)?.value).join('-');
      if (parisDate(d) !== expected) wrong.push(d.toISOString());
    };
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 15 * 60_000) check(t + 59_999);
    for (let t = Date.UTC(1970, 5, 1); t < Date.UTC(1970, 5, 3); t += 7 * 60_000) check(t);
    expect(wrong).toEqual([]);
  });

  it('midnight in Paris is 23:00 UTC the day before in winter (UTC+1)', () => {
    expect(parisDate(new Date('2026-01-14T22:59:59.999Z'))).toBe('2026-01-14');
    expect(parisDate(new Date('2026-01-14T23:00:00.000Z'))).toBe('2026-01-15');
    expect(parisDate(new Date('2026-01-15T00:30:00.000Z'))).toBe('2026-01-15');
  });

  it('midnight in Paris is 22:00 UTC the day before in summer (UTC+2)', () => {
    expect(parisDate(new Date('2026-07-14T21:59:59.999Z'))).toBe('2026-07-14');
    expect(parisDate(new Date('2026-07-14T22:00:00.000Z'))).toBe('2026-07-15');
  });

  it('late evening UTC on 31 December is already the new year in Paris', () => {
    expect(parisDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(parisDate(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
  });

  describe('spring DST change, Sunday 2026-03-29 (02:00 CET becomes 03:00 CEST at 01:00 UTC)', () => {
    it('the day starts at 23:00 UTC on the 28th (still winter time)', () => {
      expect(parisDate(new Date('2026-03-28T22:59:59Z'))).toBe('2026-03-28');
      expect(parisDate(new Date('2026-03-28T23:00:00Z'))).toBe('2026-03-29');
    });

    it('the same day is kept across the skipped hour', () => {
      expect(parisDate(new Date('2026-03-29T00:59:59Z'))).toBe('2026-03-29');
      expect(parisDate(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29');
    });

    it('the next day starts at 22:00 UTC (summer time)', () => {
      expect(parisDate(new Date('2026-03-29T21:59:59Z'))).toBe('2026-03-29');
      expect(parisDate(new Date('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
    });
  });

  describe('autumn DST change, Sunday 2026-10-25 (03:00 CEST becomes 02:00 CET at 01:00 UTC)', () => {
    it('the day starts at 22:00 UTC on the 24th (still summer time)', () => {
      expect(parisDate(new Date('2026-10-24T21:59:59Z'))).toBe('2026-10-24');
      expect(parisDate(new Date('2026-10-24T22:00:00Z'))).toBe('2026-10-25');
    });

    it('the same day is kept across the repeated hour', () => {
      expect(parisDate(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25');
      expect(parisDate(new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25');
    });

    it('the next day starts at 23:00 UTC (winter time)', () => {
      expect(parisDate(new Date('2026-10-25T22:59:59Z'))).toBe('2026-10-25');
      expect(parisDate(new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
    });
  });

  it('does not depend on the time zone of the process', () => {
    // The instant 23:30 UTC on 10 May is 01:30 on 11 May in Paris whatever TZ the server runs in.
    expect(parisDate(new Date(Date.UTC(2026, 4, 10, 23, 30)))).toBe('2026-05-11');
  });
});

describe('formatDateFr', () => {
  it.each([
    ['2026-03-03', '3 mars 2026'],
    ['2026-12-25', '25 décembre 2026'],
    ['2026-08-01', '1 août 2026'],
  ])('%s is written « %s »', (d, expected) => {
    expect(formatDateFr(d)).toBe(expected);
  });
});
