import { formatDateTimeFr, instantToParisLocal, parisLocalToInstant, parisOffsetMinutes } from './paris-time';

function instantOf(local: string): string {
  const r = parisLocalToInstant(local);
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r.instant.toISOString();
}

describe('Paris local time of sittings', () => {
  describe('parisOffsetMinutes', () => {
    it('is 60 minutes in winter and 120 in summer', () => {
      expect(parisOffsetMinutes(new Date('2026-01-15T12:00:00Z'))).toBe(60);
      expect(parisOffsetMinutes(new Date('2026-07-15T12:00:00Z'))).toBe(120);
    });

    it('changes at 01:00 UTC on the last Sunday of March and of October', () => {
      expect(parisOffsetMinutes(new Date('2026-03-29T00:59:00Z'))).toBe(60);
      expect(parisOffsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(120);
      expect(parisOffsetMinutes(new Date('2026-10-25T00:59:00Z'))).toBe(120);
      expect(parisOffsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(60);
    });

    it('is right around midnight, in Paris and in UTC', () => {
      expect(parisOffsetMinutes(new Date('2026-01-15T23:30:00Z'))).toBe(60);
      expect(parisOffsetMinutes(new Date('2026-07-15T22:30:00Z'))).toBe(120);
      expect(parisOffsetMinutes(new Date('2026-12-31T23:30:00Z'))).toBe(60);
    });
  });

  describe('parisLocalToInstant', () => {
    it('converts a winter time (UTC+1) and a summer time (UTC+2)', () => {
      expect(instantOf('2026-01-15T14:30')).toBe('2026-01-15T13:30:00.000Z');
      expect(instantOf('2026-07-15T14:30')).toBe('2026-07-15T12:30:00.000Z');
    });

    it('converts the minutes just before and after the spring change', () => {
      expect(instantOf('2026-03-29T01:59')).toBe('2026-03-29T00:59:00.000Z');
      expect(instantOf('2026-03-29T03:00')).toBe('2026-03-29T01:00:00.000Z');
    });

    it('refuses 2026-03-29T02:30, which does not exist in Paris (spring forward)', () => {
      const r = parisLocalToInstant('2026-03-29T02:30');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toBe('L’heure 02:30 n’existe pas le 2026-03-29 à Paris (passage à l’heure d’été).');
    });

    it('takes the first occurrence of 2026-10-25T02:30, which happens twice (fall back)', () => {
      expect(instantOf('2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z');
      expect(instantOf('2026-10-25T01:59')).toBe('2026-10-24T23:59:00.000Z');
      expect(instantOf('2026-10-25T03:00')).toBe('2026-10-25T02:00:00.000Z');
    });

    it.each([
      ['2026-02-30T10:00', 'La date est invalide.'],
      ['2026-13-01T10:00', 'La date ou l’heure est invalide.'],
      ['2026-01-01T24:00', 'La date ou l’heure est invalide.'],
      ['2026-01-01T10:60', 'La date ou l’heure est invalide.'],
      ['2026-01-01 10:00', 'La date et l’heure doivent être au format AAAA-MM-JJTHH:MM.'],
      ['', 'La date et l’heure doivent être au format AAAA-MM-JJTHH:MM.'],
    ])('refuses %p', (local, message) => {
      expect(parisLocalToInstant(local)).toEqual({ ok: false, message });
    });
  });

  describe('instantToParisLocal', () => {
    it('gives the Paris local time in winter and in summer', () => {
      expect(instantToParisLocal(new Date('2026-01-15T13:30:00Z'))).toBe('2026-01-15T14:30');
      expect(instantToParisLocal(new Date('2026-07-15T12:30:00Z'))).toBe('2026-07-15T14:30');
      expect(instantToParisLocal(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01T00:30');
    });

    it('round-trips every quarter of an hour of both DST days (except the second 02:xx of October)', () => {
      for (const day of ['2026-03-28T12:00:00Z', '2026-10-24T12:00:00Z']) {
        const start = new Date(day).getTime();
        for (let i = 0; i < 4 * 36; i++) {
          const instant = new Date(start + i * 15 * 60_000);
          const local = instantToParisLocal(instant);
          const back = parisLocalToInstant(local);
          expect(back.ok).toBe(true);
          if (!back.ok) continue;
          const secondOccurrence = instant >= new Date('2026-10-25T01:00:00Z') && instant < new Date('2026-10-25T02:00:00Z');
          expect(back.instant.getTime()).toBe(secondOccurrence ? instant.getTime() - 3_600_000 : instant.getTime());
        }
      }
    });

    it('shows the second 02:30 of 25 October as 02:30, which converts back to the first one', () => {
      expect(instantToParisLocal(new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25T02:30');
      expect(instantOf('2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z');
    });
  });

  describe('formatDateTimeFr', () => {
    it('writes the date and time in French, in Paris time', () => {
      expect(formatDateTimeFr(new Date('2026-03-03T13:30:00Z'))).toBe('mardi 3 mars 2026 à 14 h 30');
      expect(formatDateTimeFr(new Date('2026-07-14T08:05:00Z'))).toBe('mardi 14 juillet 2026 à 10 h 05');
    });

    it('uses the Paris day, not the UTC day, around midnight', () => {
      expect(formatDateTimeFr(new Date('2026-01-01T23:00:00Z'))).toBe('vendredi 2 janvier 2026 à 0 h 00');
    });

    it('writes the first 02:30 of 25 October (summer time) as 2 h 30', () => {
      expect(formatDateTimeFr(new Date('2026-10-25T00:30:00Z'))).toBe('dimanche 25 octobre 2026 à 2 h 30');
    });
  });
});
