import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';

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

export class CreateSittingDto {
  @IsIn(SITTING_KINDS, { message: 'Le type de séance est invalide.' })
  kind!: SittingKind;

  @IsIn(SITTING_MODES, { message: 'Le mode de séance est invalide.' })
  mode!: SittingMode;

  /** Local date and time in Europe/Paris, e.g. 2026-03-29T14:30. */
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'La date et l’heure doivent être au format AAAA-MM-JJTHH:MM.' })
  startsAtLocal!: string;

  @IsOptional()
  @IsString()
  @MaxLength(300, { message: 'Le lieu ne peut pas dépasser 300 caractères.' })
  place?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'Le lien de visioconférence ne peut pas dépasser 500 caractères.' })
  videoLink?: string | null;

  /** REM-3: a written deliberation has an announced opening and an earliest closing. */
  @ValidateIf((o: CreateSittingDto) => o.mode === 'WRITTEN')
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'L’ouverture doit être au format AAAA-MM-JJTHH:MM.' })
  opensAtLocal?: string | null;

  @ValidateIf((o: CreateSittingDto) => o.mode === 'WRITTEN')
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'La clôture au plus tôt doit être au format AAAA-MM-JJTHH:MM.' })
  earliestCloseAtLocal?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string | null;

  /** Requests to put on the agenda instead of the automatic selection (written deliberation proposal). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('4', { each: true, message: 'Une demande est invalide.' })
  requestIds?: string[];
}

export class UpdateSittingDto extends CreateSittingDto {}

export class AddAgendaItemDto {
  @IsIn(AGENDA_ITEM_KINDS, { message: "Le type de point à l'ordre du jour est invalide." })
  kind!: AgendaItemKind;

  @ValidateIf((o: AddAgendaItemDto) => o.kind === 'PSP_REQUEST')
  @IsUUID('4', { message: 'La demande est invalide.' })
  requestId?: string;

  @ValidateIf((o: AddAgendaItemDto) => o.kind === 'POLICY')
  @IsString({ message: 'Le titre du point est obligatoire.' })
  @IsNotEmpty({ message: 'Le titre du point est obligatoire.' })
  @Matches(/\S/, { message: 'Le titre du point est obligatoire.' })
  @MaxLength(300)
  title?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  presenter?: string;
}

export class RemoveAgendaItemDto {
  @IsString({ message: 'Le motif du retrait est obligatoire.' })
  @IsNotEmpty({ message: 'Le motif du retrait est obligatoire.' })
  @Matches(/\S/, { message: 'Le motif du retrait est obligatoire.' })
  @MaxLength(500)
  reason!: string;
}

export class ReorderAgendaDto {
  @IsArray()
  @IsUUID('4', { each: true, message: 'Un point de l’ordre du jour est invalide.' })
  itemIds!: string[];
}

export class SendConvocationDto {
  /** CONV-2: sending fewer than 5 days before the sitting needs the urgency flag and a reason. */
  @IsBoolean({ message: "L'urgence doit être vraie ou fausse." })
  urgent!: boolean;

  @ValidateIf((o: SendConvocationDto) => o.urgent)
  @IsString({ message: "Le motif de l'urgence est obligatoire." })
  @IsNotEmpty({ message: "Le motif de l'urgence est obligatoire." })
  @Matches(/\S/, { message: "Le motif de l'urgence est obligatoire." })
  @MaxLength(1000)
  urgencyReason?: string;
}

export class AttendanceAnswerDto {
  @IsIn(ATTENDANCE_ANSWERS, { message: 'La réponse est invalide.' })
  answer!: AttendanceAnswer;

  @ValidateIf((o: AttendanceAnswerDto) => o.answer === 'MANDATE')
  @IsUUID('4', { message: 'Choisissez le membre à qui vous donnez mandat.' })
  mandateHolderId?: string;

  /** Secretariat only: answer on behalf of a member. */
  @IsOptional()
  @IsUUID('4')
  memberId?: string;
}

export class ConfirmPresenceDto {
  @IsUUID('4', { message: 'Le membre est invalide.' })
  memberId!: string;

  @IsIn(['PRESENT', 'REMOTE', 'ABSENT'], { message: 'La présence doit valoir PRESENT, REMOTE ou ABSENT.' })
  presence!: 'PRESENT' | 'REMOTE' | 'ABSENT';

  /** A suppléant who sits for this titulaire (MEMB-1). */
  @IsOptional()
  @IsUUID('4')
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

