import {
  ATTENDANCE_LABELS,
  SITTING_KIND_LABELS,
  SITTING_MODE_LABELS,
  SITTING_STATE_LABELS,
  type AttendanceAnswer,
  type ConvenedMemberDto,
  type SittingListItemDto,
  type SittingState,
} from '@cdlp/shared';

const STATE_BADGES: Record<SittingState, string> = {
  PLANNED: 'fr-badge--info',
  CONVENED: 'fr-badge--new',
  OPEN: 'fr-badge--success',
  CLOSED: 'fr-badge--no-icon',
  MINUTES_DRAFTED: 'fr-badge--no-icon',
  MINUTES_SIGNED: 'fr-badge--no-icon',
  CANCELLED: 'fr-badge--error',
};

export function sittingStateLabel(state: SittingState): string {
  return SITTING_STATE_LABELS[state];
}

export function sittingStateBadge(state: SittingState): string {
  return STATE_BADGES[state];
}

export function sittingTitle(s: Pick<SittingListItemDto, 'number' | 'kind' | 'title'>): string {
  return `Séance n° ${s.number} - ${s.title || SITTING_KIND_LABELS[s.kind]}`;
}

export function kindText(s: Pick<SittingListItemDto, 'kind'>): string {
  return SITTING_KIND_LABELS[s.kind];
}

export function modeText(s: Pick<SittingListItemDto, 'mode'>): string {
  return SITTING_MODE_LABELS[s.mode];
}

export function answerText(m: Pick<ConvenedMemberDto, 'answer' | 'mandateHolderName'>): string {
  if (!m.answer) return 'Pas de réponse';
  if (m.answer === 'MANDATE') return `Mandat à ${m.mandateHolderName ?? 'un autre membre'}`;
  return ATTENDANCE_LABELS[m.answer as AttendanceAnswer];
}

export const PRESENCE_LABELS: Record<'PRESENT' | 'REMOTE' | 'ABSENT', string> = {
  PRESENT: 'Présent(e)',
  REMOTE: 'À distance',
  ABSENT: 'Absent(e)',
};

export const CONVOCATION_STATUS_LABELS: Record<'QUEUED' | 'SENT' | 'FAILED', string> = {
  QUEUED: 'En attente d’envoi',
  SENT: 'Envoyée',
  FAILED: 'Échec de l’envoi',
};

export function convocationBadge(status: 'QUEUED' | 'SENT' | 'FAILED' | null): string {
  return status === 'SENT' ? 'fr-badge--success' : status === 'FAILED' ? 'fr-badge--error' : 'fr-badge--info';
}

export const MONTHS_FR = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
