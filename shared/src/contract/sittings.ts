export const SITTING_KINDS = ['EXAMINATION', 'POLICY', 'MINORS'] as const;
export type SittingKind = (typeof SITTING_KINDS)[number];
export const SITTING_KIND_LABELS: Record<SittingKind, string> = {
  EXAMINATION: 'Examen des demandes de parcours de sortie',
  POLICY: 'Stratégie et coordination',
  MINORS: 'Coordination de l’accompagnement des mineurs',
};

export const SITTING_MODES = ['IN_PERSON', 'VIDEO', 'HYBRID', 'WRITTEN'] as const;
export type SittingMode = (typeof SITTING_MODES)[number];
export const SITTING_MODE_LABELS: Record<SittingMode, string> = {
  IN_PERSON: 'En présentiel',
  VIDEO: 'Par visioconférence',
  HYBRID: 'Hybride (présentiel et visioconférence)',
  WRITTEN: 'Délibération électronique écrite',
};

export const SITTING_STATES = [
  'PLANNED',
  'CONVENED',
  'OPEN',
  'CLOSED',
  'MINUTES_DRAFTED',
  'MINUTES_SIGNED',
  'CANCELLED',
] as const;
export type SittingState = (typeof SITTING_STATES)[number];
export const SITTING_STATE_LABELS: Record<SittingState, string> = {
  PLANNED: 'Programmée',
  CONVENED: 'Convoquée',
  OPEN: 'Ouverte',
  CLOSED: 'Close',
  MINUTES_DRAFTED: 'Procès-verbal rédigé',
  MINUTES_SIGNED: 'Procès-verbal signé',
  CANCELLED: 'Annulée',
};

export const ATTENDANCE_ANSWERS = ['PRESENT', 'REMOTE', 'ABSENT', 'SUBSTITUTED', 'MANDATE'] as const;
export type AttendanceAnswer = (typeof ATTENDANCE_ANSWERS)[number];
export const ATTENDANCE_LABELS: Record<AttendanceAnswer, string> = {
  PRESENT: 'Présent(e)',
  REMOTE: 'À distance',
  ABSENT: 'Absent(e), excusé(e)',
  SUBSTITUTED: 'Remplacé(e) par mon suppléant',
  MANDATE: 'Je donne mandat à un autre membre',
};

export const AGENDA_ITEM_KINDS = ['PSP_REQUEST', 'POLICY'] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

export interface CreateSittingDto {
  kind: SittingKind;
  mode: SittingMode;
  /** Local date and time in Europe/Paris, e.g. 2026-03-29T14:30. */
  startsAtLocal: string;
  place?: string | null;
  videoLink?: string | null;
  /** REM-3: a written deliberation has an announced opening and an earliest closing. */
  opensAtLocal?: string | null;
  earliestCloseAtLocal?: string | null;
  title?: string | null;
  /** Requests to put on the agenda instead of the automatic selection (written deliberation proposal). */
  requestIds?: string[];
}

export type UpdateSittingDto = CreateSittingDto;

export interface AddAgendaItemDto {
  kind: AgendaItemKind;
  requestId?: string;
  title?: string;
  presenter?: string;
}

export interface RemoveAgendaItemDto {
  reason: string;
}

export interface ReorderAgendaDto {
  itemIds: string[];
}

export interface SendConvocationDto {
  /** CONV-2: sending fewer than 5 days before the sitting needs the urgency flag and a reason. */
  urgent: boolean;
  urgencyReason?: string;
}

export interface AttendanceAnswerDto {
  answer: AttendanceAnswer;
  mandateHolderId?: string;
  /** Secretariat only: answer on behalf of a member. */
  memberId?: string;
}

export interface ConfirmPresenceDto {
  memberId: string;
  presence: 'PRESENT' | 'REMOTE' | 'ABSENT';
  /** A suppléant who sits for this titulaire (MEMB-1). */
  substituteId?: string | null;
}

export interface AgendaItemDto {
  id: string;
  position: number;
  kind: AgendaItemKind;
  requestId: string | null;
  reference: string | null;
  requestKind: 'INITIAL' | 'RENEWAL' | null;
  associationName: string | null;
  urgent: boolean;
  completedAt: string | null;
  title: string;
  presenter: string | null;
  documents: { id: string; filename: string; size: number }[];
  removed: boolean;
  removedReason: string | null;
}

export interface ConvenedMemberDto {
  memberId: string;
  name: string;
  quality: string;
  categoryLabel: string;
  seat: 'TITULAIRE' | 'SUPPLEANT';
  excludedFromPsp: boolean;
  answer: AttendanceAnswer | null;
  mandateHolderId: string | null;
  mandateHolderName: string | null;
  confirmedPresence: 'PRESENT' | 'REMOTE' | 'ABSENT' | null;
  substituteId: string | null;
  substituteName: string | null;
  /** MEMB-1 / PV-1: the suppléant who sits, with quality (« suppléant de … » on the attendance list). */
  substituteQuality: string | null;
  substituteCivility: 'M' | 'MME' | null;
  convocationStatus: 'QUEUED' | 'SENT' | 'FAILED' | null;
  convocationError: string | null;
  convocationMessageId: string | null;
}

export interface QuorumDto {
  /** QUOR-1 / REM-2 / QUOR-2, with the computation in words. */
  rule: 'QUOR-1' | 'QUOR-2' | 'REM-2';
  base: number;
  required: number;
  present: number;
  remote: number;
  represented: number;
  counted: number;
  reached: boolean;
  text: string;
}

export interface SittingListItemDto {
  id: string;
  number: string;
  kind: SittingKind;
  mode: SittingMode;
  state: SittingState;
  startsAt: string;
  place: string | null;
  title: string | null;
  itemCount: number;
  secondConvocationOfId: string | null;
}

export interface SittingDto extends SittingListItemDto {
  videoLink: string | null;
  opensAt: string | null;
  earliestCloseAt: string | null;
  convokedAt: string | null;
  urgent: boolean;
  urgencyReason: string | null;
  agendaLocked: boolean;
  agenda: AgendaItemDto[];
  members: ConvenedMemberDto[];
  quorum: QuorumDto;
  secondConvocationId: string | null;
  /** CONV-2: whether a convocation sent now would respect the 5-day delay. */
  convocationOnTime: boolean;
  /** The answer of the logged-in member, when the user is a member. */
  myMemberId: string | null;
  agendaChangedSinceConvocation: boolean;
}

export interface CalendarDto {
  year: number;
  sittings: SittingListItemDto[];
  policySittings: number;
  /** MEET-1: fewer than two policy sittings planned for the year. */
  meet1Warning: string | null;
}

export interface WrittenDeliberationProposalDto {
  requestId: string;
  reference: string;
  completedAt: string;
  daysWaiting: number;
  nextExaminationSitting: string | null;
  message: string;
}

