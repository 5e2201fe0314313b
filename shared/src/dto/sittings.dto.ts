/* Validation of the sittings request bodies: the API's DTO classes. The web uses the interfaces of the same names (shared/src/contract/sittings.ts). */
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
import type * as contract from '../contract/sittings';
import {
  AGENDA_ITEM_KINDS,
  ATTENDANCE_ANSWERS,
  SITTING_KINDS,
  SITTING_MODES,
  type AgendaItemKind,
  type AttendanceAnswer,
  type SittingKind,
  type SittingMode,
} from '../contract/sittings';

export class CreateSittingDto implements contract.CreateSittingDto {
  @IsIn(SITTING_KINDS, { message: 'Le type de séance est invalide.' })
  kind!: SittingKind;

  @IsIn(SITTING_MODES, { message: 'Le mode de séance est invalide.' })
  mode!: SittingMode;

  /** Local date and time in Europe/Paris, e.g. 2026-03-29T14:30. */
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, {
    message: 'La date et l’heure doivent être au format AAAA-MM-JJTHH:MM.',
  })
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
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, {
    message: 'L’ouverture doit être au format AAAA-MM-JJTHH:MM.',
  })
  opensAtLocal?: string | null;

  @ValidateIf((o: CreateSittingDto) => o.mode === 'WRITTEN')
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, {
    message: 'La clôture au plus tôt doit être au format AAAA-MM-JJTHH:MM.',
  })
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

export class UpdateSittingDto extends CreateSittingDto implements contract.UpdateSittingDto {}

export class AddAgendaItemDto implements contract.AddAgendaItemDto {
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

export class RemoveAgendaItemDto implements contract.RemoveAgendaItemDto {
  @IsString({ message: 'Le motif du retrait est obligatoire.' })
  @IsNotEmpty({ message: 'Le motif du retrait est obligatoire.' })
  @Matches(/\S/, { message: 'Le motif du retrait est obligatoire.' })
  @MaxLength(500)
  reason!: string;
}

export class ReorderAgendaDto implements contract.ReorderAgendaDto {
  @IsArray()
  @IsUUID('4', { each: true, message: 'Un point de l’ordre du jour est invalide.' })
  itemIds!: string[];
}

export class SendConvocationDto implements contract.SendConvocationDto {
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

export class AttendanceAnswerDto implements contract.AttendanceAnswerDto {
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

export class ConfirmPresenceDto implements contract.ConfirmPresenceDto {
  @IsUUID('4', { message: 'Le membre est invalide.' })
  memberId!: string;

  @IsIn(['PRESENT', 'REMOTE', 'ABSENT'], { message: 'La présence doit valoir PRESENT, REMOTE ou ABSENT.' })
  presence!: 'PRESENT' | 'REMOTE' | 'ABSENT';

  /** A suppléant who sits for this titulaire (MEMB-1). */
  @IsOptional()
  @IsUUID('4')
  substituteId?: string | null;
}
