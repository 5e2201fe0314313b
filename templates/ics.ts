import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

/**
 * An iCalendar invitation (RFC 5545, METHOD:REQUEST or CANCEL) for a sitting, written by
 * ical-generator (escaping, 75-octet folding and CRLF line ends). Times are written in UTC
 * (`DTSTART:…Z`): the instant of the sitting in Europe/Paris, read the same by every
 * calendar client without a VTIMEZONE block.
 */
export interface IcsInput {
  uid: string;
  sequence: number;
  start: Date;
  durationMinutes: number;
  summary: string;
  description: string;
  location: string | null;
  url: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  stamp: Date;
  method?: 'REQUEST' | 'CANCEL';
}

export function renderIcs(input: IcsInput): string {
  const method = input.method ?? 'REQUEST';
  const calendar = ical({
    prodId: { company: 'Portail CDLP', product: 'Seances', language: 'FR' },
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    scale: 'GREGORIAN',
  });
  calendar.createEvent({
    id: input.uid,
    sequence: input.sequence,
    stamp: input.stamp,
    start: input.start,
    end: new Date(input.start.getTime() + input.durationMinutes * 60_000),
    summary: input.summary,
    description: input.description,
    location: input.location,
    url: input.url,
    organizer: { name: input.organizer.name, email: input.organizer.email },
    attendees: [
      {
        name: input.attendee.name,
        email: input.attendee.email,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
        rsvp: false,
      },
    ],
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  // RFC 5545 ends every content line, the last one included, with CRLF; ical-generator omits the last.
  return `${calendar.toString()}\r\n`;
}
