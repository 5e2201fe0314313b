import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';

/** COMP-2: a titulaire sits with full rights; a suppléant replaces a titulaire. */
export const SEATS = ['TITULAIRE', 'SUPPLEANT'] as const;
export type Seat = (typeof SEATS)[number];

/** MEMB-1 (CRPA R133-3): how a member was appointed decides who may replace them. */
export const APPOINTMENT_KINDS = ['EX_OFFICIO', 'ELECTED', 'QUALIFIED_PERSON', 'REPRESENTATIVE'] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
export const APPOINTMENT_KIND_LABELS: Record<AppointmentKind, string> = {
  EX_OFFICIO: 'Membre de droit (en raison de ses fonctions)',
  ELECTED: 'Élu',
  QUALIFIED_PERSON: 'Personnalité qualifiée',
  REPRESENTATIVE: "Représentant d'un organisme",
};

export const CIVILITIES = ['MME', 'M'] as const;
export type Civility = (typeof CIVILITIES)[number];
export const CIVILITY_LABELS: Record<Civility, string> = { MME: 'Mme', M: 'M.' };

export interface DepartementDto {
  code: string;
  name: string;
  prefecture: string;
}

export interface MemberCategoryDto {
  code: string;
  label: string;
  /** COMP-3: members of this category do not sit on individual PSP examinations by default. */
  excludedFromPspByDefault: boolean;
  validFrom: string;
  validTo: string | null;
}

export interface MemberDto {
  id: string;
  departementCode: string;
  civility: Civility;
  firstName: string;
  lastName: string;
  categoryCode: string;
  categoryLabel: string;
  organisation: string;
  function: string;
  email: string;
  phone: string | null;
  appointingOrderRef: string;
  termStart: string;
  termEnd: string | null;
  votingRight: boolean;
  seat: Seat;
  appointmentKind: AppointmentKind;
  titulaireId: string | null;
  titulaireName: string | null;
  substituteIds: string[];
  excludedFromPsp: boolean;
  /** COMP-4: the approved association this member represents (recused from its dossiers). */
  associationId: string | null;
  associationName: string | null;
  endedAt: string | null;
  endReason: string | null;
  active: boolean;
}

export interface PageDto<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const DATE_MSG = 'doit être une date au format AAAA-MM-JJ';

export class CreateMemberDto {
  @IsIn(CIVILITIES, { message: 'La civilité doit être « MME » ou « M ».' })
  civility!: Civility;

  @IsString({ message: 'Le prénom est obligatoire.' })
  @IsNotEmpty({ message: 'Le prénom est obligatoire.' })
  @MaxLength(100, { message: 'Le prénom ne peut pas dépasser 100 caractères.' })
  firstName!: string;

  @IsString({ message: 'Le nom est obligatoire.' })
  @IsNotEmpty({ message: 'Le nom est obligatoire.' })
  @MaxLength(100, { message: 'Le nom ne peut pas dépasser 100 caractères.' })
  lastName!: string;

  @IsString({ message: 'La catégorie est obligatoire.' })
  @IsNotEmpty({ message: 'La catégorie est obligatoire.' })
  categoryCode!: string;

  @IsString({ message: "L'organisme est obligatoire." })
  @IsNotEmpty({ message: "L'organisme est obligatoire." })
  @MaxLength(200, { message: "L'organisme ne peut pas dépasser 200 caractères." })
  organisation!: string;

  @IsString({ message: 'La fonction est obligatoire.' })
  @IsNotEmpty({ message: 'La fonction est obligatoire.' })
  @MaxLength(200, { message: 'La fonction ne peut pas dépasser 200 caractères.' })
  function!: string;

  @IsEmail({}, { message: "L'adresse électronique n'est pas valide." })
  email!: string;

  @IsOptional()
  @Matches(/^\+?[0-9 .-]{6,20}$/, { message: "Le numéro de téléphone n'est pas valide." })
  phone?: string | null;

  @IsString({ message: "La référence de l'arrêté de nomination est obligatoire." })
  @IsNotEmpty({ message: "La référence de l'arrêté de nomination est obligatoire." })
  @MaxLength(100, { message: "La référence de l'arrêté ne peut pas dépasser 100 caractères." })
  appointingOrderRef!: string;

  @IsISO8601({ strict: true }, { message: `Le début du mandat ${DATE_MSG}.` })
  termStart!: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: `La fin du mandat ${DATE_MSG}.` })
  termEnd?: string | null;

  @IsBoolean({ message: 'Le droit de vote doit être vrai ou faux.' })
  votingRight!: boolean;

  @IsIn(SEATS, { message: 'Le siège doit être « TITULAIRE » ou « SUPPLEANT ».' })
  seat!: Seat;

  @IsIn(APPOINTMENT_KINDS, { message: 'Le mode de désignation est invalide.' })
  appointmentKind!: AppointmentKind;

  @IsOptional()
  @IsUUID('4', { message: 'Le titulaire suppléé est invalide.' })
  titulaireId?: string | null;

  @IsOptional()
  @IsBoolean({ message: "L'exclusion des examens individuels doit être vraie ou fausse." })
  excludedFromPsp?: boolean;

  /** COMP-4: an association of the member's département; absent from an update, it is kept. */
  @IsOptional()
  @IsUUID('4', { message: "L'association représentée est invalide." })
  associationId?: string | null;
}

export class UpdateMemberDto extends CreateMemberDto {}

export class EndMandateDto {
  @IsISO8601({ strict: true }, { message: `La date de fin ${DATE_MSG}.` })
  endDate!: string;

  @IsString({ message: 'Le motif de fin de mandat est obligatoire.' })
  @IsNotEmpty({ message: 'Le motif de fin de mandat est obligatoire.' })
  @MaxLength(500, { message: 'Le motif ne peut pas dépasser 500 caractères.' })
  reason!: string;
}

export interface AssociationDto {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  address: string | null;
  approvalOrderRef: string;
  approvalStart: string;
  /** PSP-2: the approval lasts 3 years from its start. */
  approvalEnd: string;
  departementCodes: string[];
  approvalValidToday: boolean;
  endedAt: string | null;
  endReason: string | null;
  active: boolean;
}

export class CreateAssociationDto {
  @IsString({ message: "Le nom de l'association est obligatoire." })
  @IsNotEmpty({ message: "Le nom de l'association est obligatoire." })
  @MaxLength(200, { message: 'Le nom ne peut pas dépasser 200 caractères.' })
  name!: string;

  @IsEmail({}, { message: "L'adresse électronique n'est pas valide." })
  email!: string;

  @IsOptional()
  @Matches(/^\+?[0-9 .-]{6,20}$/, { message: "Le numéro de téléphone n'est pas valide." })
  phone?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(300, { message: "L'adresse ne peut pas dépasser 300 caractères." })
  address?: string | null;

  @IsString({ message: "La référence de l'arrêté d'agrément est obligatoire." })
  @IsNotEmpty({ message: "La référence de l'arrêté d'agrément est obligatoire." })
  @MaxLength(100, { message: "La référence de l'arrêté ne peut pas dépasser 100 caractères." })
  approvalOrderRef!: string;

  @IsISO8601({ strict: true }, { message: `La date de début de l'agrément ${DATE_MSG}.` })
  approvalStart!: string;

  @IsArray({ message: 'Indiquez au moins un département couvert.' })
  @ArrayMinSize(1, { message: 'Indiquez au moins un département couvert.' })
  @Matches(/^(\d{2}|2A|2B|97\d)$/, { each: true, message: 'Un code de département est invalide.' })
  departementCodes!: string[];
}

export class UpdateAssociationDto extends CreateAssociationDto {}

export class EndAssociationDto extends EndMandateDto {}

export interface ImportLineError {
  line: number;
  field: string | null;
  message: string;
}

export interface ImportResultDto {
  imported: number;
  errors: ImportLineError[];
}
