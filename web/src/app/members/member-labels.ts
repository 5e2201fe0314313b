import { APPOINTMENT_KIND_LABELS, CIVILITY_LABELS, type MemberDto } from '@cdlp/shared';

export function memberName(m: Pick<MemberDto, 'civility' | 'firstName' | 'lastName'>): string {
  return `${CIVILITY_LABELS[m.civility]} ${m.firstName} ${m.lastName}`;
}

export function seatLabel(m: Pick<MemberDto, 'seat' | 'civility'>): string {
  if (m.seat === 'TITULAIRE') return 'Titulaire';
  return m.civility === 'MME' ? 'Suppléante' : 'Suppléant';
}

export function appointmentKindLabel(m: Pick<MemberDto, 'appointmentKind'>): string {
  return APPOINTMENT_KIND_LABELS[m.appointmentKind];
}
