import { renderIcs, IcsInput } from './ics';

/** Lines of an iCalendar text after unfolding (RFC 5545 §3.1). */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('renderIcs (CONV-1: the calendar invitation of a convocation)', () => {
  // 14:00 in Paris on 10 March 2026 (winter time, UTC+1).
  const input: IcsInput = {
    uid: 'sitting-3f1c@cdlp',
    sequence: 12,
    start: new Date('2026-03-10T13:00:00Z'),
    durationMinutes: 120,
    summary: 'CDLP — séance n° 4 (Examen des demandes)',
    description: 'Présentiel. Ordre du jour et réponse sur le portail : http://localhost:3000/seances/3f1c-aaaa-bbbb-cccc',
    location: 'Préfecture de la Vienne, salle Jean Moulin; 2e étage',
    url: 'http://localhost:3000/seances/3f1c',
    organizer: { name: 'Secrétariat de la commission', email: 'ne-pas-repondre@cdlp.localhost' },
    attendee: { name: 'Marc Delorme', email: 'ddets@demo.cdlp.fr' },
    stamp: new Date('2026-03-01T08:00:00Z'),
  };

  it('CONV-1: is an invitation (METHOD:REQUEST) to one event at the Paris time of the sitting, written in UTC', () => {
    const ics = renderIcs(input);
    const lines = unfold(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toEqual(
      expect.arrayContaining([
        'VERSION:2.0',
        'PRODID:-//Portail CDLP//Seances//FR',
        'CALSCALE:GREGORIAN',
        'METHOD:REQUEST',
        'UID:sitting-3f1c@cdlp',
        'SEQUENCE:12',
        'DTSTAMP:20260301T080000Z',
        'DTSTART:20260310T130000Z',
        'DTEND:20260310T150000Z',
        'SUMMARY:CDLP — séance n° 4 (Examen des demandes)',
        'LOCATION:Préfecture de la Vienne\\, salle Jean Moulin\\; 2e étage',
        'STATUS:CONFIRMED',
      ]),
    );
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(ics.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true);
  });

  it('CONV-1: names the secretariat as organizer and the member as a required participant who need not reply by mail', () => {
    const lines = unfold(renderIcs(input));
    expect(lines.find((l) => l.startsWith('ORGANIZER'))).toMatch(
      /^ORGANIZER;CN="?Secrétariat de la commission"?:mailto:ne-pas-repondre@cdlp\.localhost$/i,
    );
    const attendee = lines.find((l) => l.startsWith('ATTENDEE')) ?? '';
    expect(attendee).toMatch(/:mailto:ddets@demo\.cdlp\.fr$/i);
    expect(attendee).toMatch(/;CN="?Marc Delorme"?[;:]/);
    expect(attendee).toContain(';ROLE=REQ-PARTICIPANT');
    expect(attendee).toContain(';PARTSTAT=NEEDS-ACTION');
    expect(attendee).toContain(';RSVP=FALSE');
  });

  it('folds lines at 75 octets and ends every line with CRLF, so that calendar clients accept it', () => {
    const ics = renderIcs({ ...input, description: 'Séance très longue '.repeat(20) });
    const raw = ics.split('\r\n');
    expect(raw.pop()).toBe('');
    expect(raw.every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
    expect(unfold(ics)).toContain(`DESCRIPTION:${'Séance très longue '.repeat(20)}`);
  });

  it('CONV-1: a cancellation is METHOD:CANCEL with the same UID and STATUS:CANCELLED; no place means no LOCATION', () => {
    const lines = unfold(renderIcs({ ...input, method: 'CANCEL', location: null, sequence: 13 }));
    expect(lines).toEqual(expect.arrayContaining(['METHOD:CANCEL', 'UID:sitting-3f1c@cdlp', 'SEQUENCE:13', 'STATUS:CANCELLED']));
    expect(lines.some((l) => l.startsWith('LOCATION'))).toBe(false);
  });
});
