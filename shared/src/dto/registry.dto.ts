/* Validation of the registry request bodies: the API's DTO classes. The web uses the interfaces of the same names (shared/src/contract/registry.ts). */
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
import { Transform } from 'class-transformer';
import type * as contract from '../contract/registry';
import {
  APPOINTMENT_KINDS,
  CIVILITIES,
  SEATS,
  type AppointmentKind,
  type Civility,
  type Seat,
} from '../contract/registry';

const DATE_MSG = 'doit être une date au format AAAA-MM-JJ';

export class CreateMemberDto implements contract.CreateMemberDto {
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

  /** Optional: an empty string means no address (stored as null). */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() === '' ? null : value,
  )
  @IsOptional()
  @IsEmail({}, { message: "L'adresse électronique n'est pas valide." })
  email?: string | null;

  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() === '' ? null : value,
  )
  @IsOptional()
  @IsString({ message: "L'adresse postale doit être un texte." })
  @MaxLength(300, { message: "L'adresse postale ne peut pas dépasser 300 caractères." })
  postalAddress?: string | null;

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

export class UpdateMemberDto extends CreateMemberDto implements contract.UpdateMemberDto {}

export class EndMandateDto implements contract.EndMandateDto {
  @IsISO8601({ strict: true }, { message: `La date de fin ${DATE_MSG}.` })
  endDate!: string;

  @IsString({ message: 'Le motif de fin de mandat est obligatoire.' })
  @IsNotEmpty({ message: 'Le motif de fin de mandat est obligatoire.' })
  @MaxLength(500, { message: 'Le motif ne peut pas dépasser 500 caractères.' })
  reason!: string;
}

export class CreateAssociationDto implements contract.CreateAssociationDto {
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

export class UpdateAssociationDto extends CreateAssociationDto implements contract.UpdateAssociationDto {}

export class EndAssociationDto extends EndMandateDto implements contract.EndAssociationDto {}
