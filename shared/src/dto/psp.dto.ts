/* Validation of the psp request bodies: the API's DTO classes. The web uses the interfaces of the same names (shared/src/contract/psp.ts). */
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type * as contract from '../contract/psp';
import {
  ADMINISTRATIVE_STATUSES,
  HOUSING_SITUATIONS,
  NATIONALITY_GROUPS,
  OPINIONS,
  PATHWAY_END_REASONS,
  RESIDENCE_PERMIT_STATUSES,
  SUPPORT_PILLARS,
  type AdministrativeStatus,
  type HousingSituation,
  type NationalityGroup,
  type Opinion,
  type PathwayEndReason,
  type ResidencePermitStatus,
  type SupportPillar,
} from '../contract/psp';

export class SupportPillarPlanDto implements contract.SupportPillarPlanDto {
  @IsIn(SUPPORT_PILLARS, { message: 'Le pilier du parcours est invalide.' })
  pillar!: SupportPillar;

  @IsString()
  @MaxLength(4000, { message: 'Les actions prévues ne peuvent pas dépasser 4 000 caractères.' })
  plannedActions!: string;

  @IsString()
  @MaxLength(4000, { message: 'Les engagements ne peuvent pas dépasser 4 000 caractères.' })
  commitments!: string;
}

/**
 * The dossier as the association writes it. Every field is optional while the
 * request is a draft; submission checks what is required (see requiredDossierFields).
 */
export class PspDossierDto implements contract.PspDossierDto {
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'Le nom ne peut pas dépasser 100 caractères.' })
  lastName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'Le prénom ne peut pas dépasser 100 caractères.' })
  firstName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100, { message: "Le nom d'usage ne peut pas dépasser 100 caractères." })
  usedName?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'La date de naissance doit être au format AAAA-MM-JJ.' })
  birthDate?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'La nationalité ne peut pas dépasser 100 caractères.' })
  nationality?: string;

  @IsOptional()
  @IsIn(NATIONALITY_GROUPS, { message: 'Le groupe de nationalité est invalide.' })
  nationalityGroup?: NationalityGroup;

  @IsOptional()
  @IsBoolean({ message: 'La mention « personne étrangère » doit être vraie ou fausse.' })
  foreigner?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(30, { message: 'Le téléphone ne peut pas dépasser 30 caractères.' })
  phone?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200, { message: "L'adresse électronique ne peut pas dépasser 200 caractères." })
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(300, { message: "L'adresse ne peut pas dépasser 300 caractères." })
  postalAddress?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'La situation familiale ne peut pas dépasser 2 000 caractères.' })
  familySituation?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: "Le nombre d'enfants doit être un entier." })
  @Min(0)
  @Max(20)
  childrenCount?: number;

  @IsOptional()
  @IsIn(HOUSING_SITUATIONS, { message: 'La situation de logement est invalide.' })
  housing?: HousingSituation;

  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'Les ressources ne peuvent pas dépasser 2 000 caractères.' })
  resources?: string;

  @IsOptional()
  @IsIn(ADMINISTRATIVE_STATUSES, { message: 'La situation administrative est invalide.' })
  administrativeStatus?: AdministrativeStatus;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SupportPillarPlanDto)
  supportPlan?: SupportPillarPlanDto[];

  @IsOptional()
  @IsString()
  @MaxLength(8000, { message: "L'évaluation ne peut pas dépasser 8 000 caractères." })
  evaluation?: string;

  @IsOptional()
  @IsIn(OPINIONS, { message: "L'avis de l'association est invalide." })
  associationOpinion?: Opinion;

  /** PSP-7: the progress report of the period, for a renewal. */
  @IsOptional()
  @IsString()
  @MaxLength(8000, { message: 'Le bilan ne peut pas dépasser 8 000 caractères.' })
  progressReport?: string;

  @IsOptional()
  @IsBoolean({ message: "L'urgence doit être vraie ou fausse." })
  urgent?: boolean;
}

export class CreatePspRequestDto implements contract.CreatePspRequestDto {
  /** Required when the secretariat files on behalf of an association. */
  @IsOptional()
  @IsUUID('4', { message: "L'association est invalide." })
  associationId?: string;

  @ValidateNested()
  @Type(() => PspDossierDto)
  dossier!: PspDossierDto;
}

export class UpdatePspRequestDto implements contract.UpdatePspRequestDto {
  @ValidateNested()
  @Type(() => PspDossierDto)
  dossier!: PspDossierDto;
}

export class CreateRenewalDto implements contract.CreateRenewalDto {
  @ValidateNested()
  @Type(() => PspDossierDto)
  dossier!: PspDossierDto;
}

export class WithdrawPspRequestDto implements contract.WithdrawPspRequestDto {
  @IsString({ message: 'Le motif du retrait est obligatoire.' })
  @Matches(/\S/, { message: 'Le motif du retrait est obligatoire.' })
  @MaxLength(1000)
  reason!: string;
}

/** PSP-3: the secretariat accepts several concordant documents for the nationality, with a reason. */
export class NationalityWaiverDto implements contract.NationalityWaiverDto {
  @IsBoolean({ message: 'La décision doit être vraie ou fausse.' })
  accepted!: boolean;

  @IsString({ message: 'Le motif est obligatoire.' })
  @Matches(/\S/, { message: 'Le motif est obligatoire.' })
  @MaxLength(1000)
  reason!: string;
}

/** Metadata sent with an uploaded file (multipart fields). */
export class UploadDocumentDto implements contract.UploadDocumentDto {
  @IsString({ message: 'La pièce attendue est obligatoire.' })
  @Matches(/^[A-Z_]{2,40}$/, { message: 'La pièce attendue est invalide.' })
  itemCode!: string;

  @IsOptional()
  @Matches(/^[A-Z_]{2,40}$/, { message: 'Le type de document est invalide.' })
  docType?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: "La date d'émission doit être au format AAAA-MM-JJ." })
  issueDate?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: "La date d'expiration doit être au format AAAA-MM-JJ." })
  expiryDate?: string;
}

export class UpdateChecklistItemDto implements contract.UpdateChecklistItemDto {
  @IsString()
  @Matches(/\S/, { message: 'Le libellé est obligatoire.' })
  @MaxLength(500)
  label!: string;

  @IsBoolean({ message: 'Le caractère obligatoire doit être vrai ou faux.' })
  required!: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1, { message: "L'ancienneté maximale doit être d'au moins 1 mois." })
  @Max(60)
  maxAgeMonths?: number | null;

  @IsISO8601({ strict: true }, { message: "La date d'effet doit être au format AAAA-MM-JJ." })
  validFrom!: string;
}

export class EndPathwayDto implements contract.EndPathwayDto {
  @IsIn(PATHWAY_END_REASONS, { message: 'Le motif de fin de parcours est invalide.' })
  reason!: PathwayEndReason;

  @IsISO8601({ strict: true }, { message: "La date d'effet doit être au format AAAA-MM-JJ." })
  effectiveDate!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class UpdateResidencePermitDto implements contract.UpdateResidencePermitDto {
  @IsIn(RESIDENCE_PERMIT_STATUSES, { message: "Le statut de l'APS est invalide." })
  status!: ResidencePermitStatus;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'La date de fin de validité doit être au format AAAA-MM-JJ.' })
  validUntil?: string | null;
}
