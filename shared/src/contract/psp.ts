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

export const PSP_REQUEST_KINDS = ['INITIAL', 'RENEWAL'] as const;
export type PspRequestKind = (typeof PSP_REQUEST_KINDS)[number];
export const PSP_REQUEST_KIND_LABELS: Record<PspRequestKind, string> = {
  INITIAL: 'Demande initiale',
  RENEWAL: 'Demande de renouvellement',
};

/** The states of a PSP request (state machine in rules/psp-request.state.ts). */
export const PSP_REQUEST_STATES = [
  'DRAFT',
  'SUBMITTED',
  'INCOMPLETE',
  'COMPLETE',
  'ON_AGENDA',
  'OPINION_GIVEN',
  'DECIDED',
  'WITHDRAWN',
] as const;
export type PspRequestState = (typeof PSP_REQUEST_STATES)[number];
export const PSP_REQUEST_STATE_LABELS: Record<PspRequestState, string> = {
  DRAFT: 'Brouillon',
  SUBMITTED: 'Déposée',
  INCOMPLETE: 'Incomplète',
  COMPLETE: 'Complète',
  ON_AGENDA: "À l'ordre du jour",
  OPINION_GIVEN: 'Avis rendu',
  DECIDED: 'Décision prise',
  WITHDRAWN: 'Retirée',
};

export const OPINIONS = ['FAVOURABLE', 'UNFAVOURABLE'] as const;
export type Opinion = (typeof OPINIONS)[number];
export const OPINION_LABELS: Record<Opinion, string> = { FAVOURABLE: 'Avis favorable', UNFAVOURABLE: 'Avis défavorable' };

export const DECISIONS = ['AUTHORISED', 'REFUSED'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, string> = { AUTHORISED: 'Autorisation', REFUSED: 'Refus' };

/** PSP-3 / seed 004: the 8 pillars of the support plan. */
export const SUPPORT_PILLARS = [
  'SANTE',
  'LOGEMENT',
  'FAMILLE',
  'JUSTICE',
  'EMPLOI_FORMATION',
  'PAPIERS',
  'LIEN_SOCIAL',
  'DROITS_SOCIAUX',
] as const;
export type SupportPillar = (typeof SUPPORT_PILLARS)[number];
export const SUPPORT_PILLAR_LABELS: Record<SupportPillar, string> = {
  SANTE: 'Santé',
  LOGEMENT: 'Logement',
  FAMILLE: 'Famille et parentalité',
  JUSTICE: 'Justice',
  EMPLOI_FORMATION: 'Emploi et formation',
  PAPIERS: 'Papiers',
  LIEN_SOCIAL: 'Lien social',
  DROITS_SOCIAUX: 'Droits sociaux',
};

export const HOUSING_SITUATIONS = ['SANS_DOMICILE', 'HEBERGEMENT_URGENCE', 'HEBERGEMENT_TIERS', 'LOGEMENT_ACCOMPAGNE', 'LOGEMENT_AUTONOME'] as const;
export type HousingSituation = (typeof HOUSING_SITUATIONS)[number];
export const HOUSING_LABELS: Record<HousingSituation, string> = {
  SANS_DOMICILE: 'Sans domicile',
  HEBERGEMENT_URGENCE: "Hébergement d'urgence",
  HEBERGEMENT_TIERS: 'Hébergée par un tiers',
  LOGEMENT_ACCOMPAGNE: 'Logement accompagné',
  LOGEMENT_AUTONOME: 'Logement autonome',
};

export const ADMINISTRATIVE_STATUSES = ['FRANCAISE', 'UE', 'TITRE_SEJOUR', 'APS', 'DEMANDE_ASILE', 'SANS_TITRE'] as const;
export type AdministrativeStatus = (typeof ADMINISTRATIVE_STATUSES)[number];
export const ADMINISTRATIVE_STATUS_LABELS: Record<AdministrativeStatus, string> = {
  FRANCAISE: 'Nationalité française',
  UE: "Ressortissante de l'Union européenne",
  TITRE_SEJOUR: 'Titre de séjour en cours',
  APS: 'Autorisation provisoire de séjour',
  DEMANDE_ASILE: "Demande d'asile en cours",
  SANS_TITRE: 'Sans titre de séjour',
};

/** Groups used in the pseudonymised summary (DP-2): never the exact nationality. */
export const NATIONALITY_GROUPS = ['FRANCE', 'UE', 'EUROPE_HORS_UE', 'AFRIQUE', 'AMERIQUES', 'ASIE_OCEANIE'] as const;
export type NationalityGroup = (typeof NATIONALITY_GROUPS)[number];
export const NATIONALITY_GROUP_LABELS: Record<NationalityGroup, string> = {
  FRANCE: 'France',
  UE: 'Union européenne',
  EUROPE_HORS_UE: 'Europe hors Union européenne',
  AFRIQUE: 'Afrique',
  AMERIQUES: 'Amériques',
  ASIE_OCEANIE: 'Asie et Océanie',
};

export class SupportPillarPlanDto {
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
export class PspDossierDto {
  @IsOptional() @IsString() @MaxLength(100, { message: 'Le nom ne peut pas dépasser 100 caractères.' })
  lastName?: string;

  @IsOptional() @IsString() @MaxLength(100, { message: 'Le prénom ne peut pas dépasser 100 caractères.' })
  firstName?: string;

  @IsOptional() @IsString() @MaxLength(100, { message: "Le nom d'usage ne peut pas dépasser 100 caractères." })
  usedName?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'La date de naissance doit être au format AAAA-MM-JJ.' })
  birthDate?: string;

  @IsOptional() @IsString() @MaxLength(100, { message: 'La nationalité ne peut pas dépasser 100 caractères.' })
  nationality?: string;

  @IsOptional()
  @IsIn(NATIONALITY_GROUPS, { message: 'Le groupe de nationalité est invalide.' })
  nationalityGroup?: NationalityGroup;

  @IsOptional() @IsBoolean({ message: 'La mention « personne étrangère » doit être vraie ou fausse.' })
  foreigner?: boolean;

  @IsOptional() @IsString() @MaxLength(30, { message: 'Le téléphone ne peut pas dépasser 30 caractères.' })
  phone?: string;

  @IsOptional() @IsString() @MaxLength(200, { message: "L'adresse électronique ne peut pas dépasser 200 caractères." })
  email?: string;

  @IsOptional() @IsString() @MaxLength(300, { message: "L'adresse ne peut pas dépasser 300 caractères." })
  postalAddress?: string;

  @IsOptional() @IsString() @MaxLength(2000, { message: 'La situation familiale ne peut pas dépasser 2 000 caractères.' })
  familySituation?: string;

  @IsOptional() @Type(() => Number) @IsInt({ message: "Le nombre d'enfants doit être un entier." }) @Min(0) @Max(20)
  childrenCount?: number;

  @IsOptional() @IsIn(HOUSING_SITUATIONS, { message: 'La situation de logement est invalide.' })
  housing?: HousingSituation;

  @IsOptional() @IsString() @MaxLength(2000, { message: 'Les ressources ne peuvent pas dépasser 2 000 caractères.' })
  resources?: string;

  @IsOptional() @IsIn(ADMINISTRATIVE_STATUSES, { message: 'La situation administrative est invalide.' })
  administrativeStatus?: AdministrativeStatus;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SupportPillarPlanDto)
  supportPlan?: SupportPillarPlanDto[];

  @IsOptional() @IsString() @MaxLength(8000, { message: "L'évaluation ne peut pas dépasser 8 000 caractères." })
  evaluation?: string;

  @IsOptional() @IsIn(OPINIONS, { message: "L'avis de l'association est invalide." })
  associationOpinion?: Opinion;

  /** PSP-7: the progress report of the period, for a renewal. */
  @IsOptional() @IsString() @MaxLength(8000, { message: 'Le bilan ne peut pas dépasser 8 000 caractères.' })
  progressReport?: string;

  @IsOptional() @IsBoolean({ message: "L'urgence doit être vraie ou fausse." })
  urgent?: boolean;
}

export class CreatePspRequestDto {
  /** Required when the secretariat files on behalf of an association. */
  @IsOptional()
  @IsUUID('4', { message: "L'association est invalide." })
  associationId?: string;

  @ValidateNested()
  @Type(() => PspDossierDto)
  dossier!: PspDossierDto;
}

export class UpdatePspRequestDto {
  @ValidateNested()
  @Type(() => PspDossierDto)
  dossier!: PspDossierDto;
}

export class CreateRenewalDto {
  @ValidateNested()
  @Type(() => PspDossierDto)
  dossier!: PspDossierDto;
}

export class WithdrawPspRequestDto {
  @IsString({ message: 'Le motif du retrait est obligatoire.' })
  @Matches(/\S/, { message: 'Le motif du retrait est obligatoire.' })
  @MaxLength(1000)
  reason!: string;
}

/** PSP-3: the secretariat accepts several concordant documents for the nationality, with a reason. */
export class NationalityWaiverDto {
  @IsBoolean({ message: 'La décision doit être vraie ou fausse.' })
  accepted!: boolean;

  @IsString({ message: 'Le motif est obligatoire.' })
  @Matches(/\S/, { message: 'Le motif est obligatoire.' })
  @MaxLength(1000)
  reason!: string;
}

/** Metadata sent with an uploaded file (multipart fields). */
export class UploadDocumentDto {
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

export interface ChecklistItemDto {
  id: string;
  kind: PspRequestKind;
  code: string;
  label: string;
  required: boolean;
  oneOf: string[];
  maxAgeMonths: number | null;
  expiredNeedsSecondDocument: boolean;
  neverRequiredReason: string | null;
  alternative: string | null;
  sortOrder: number;
  validFrom: string;
  validTo: string | null;
}

export class UpdateChecklistItemDto {
  @IsString() @Matches(/\S/, { message: 'Le libellé est obligatoire.' }) @MaxLength(500)
  label!: string;

  @IsBoolean({ message: 'Le caractère obligatoire doit être vrai ou faux.' })
  required!: boolean;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1, { message: "L'ancienneté maximale doit être d'au moins 1 mois." }) @Max(60)
  maxAgeMonths?: number | null;

  @IsISO8601({ strict: true }, { message: "La date d'effet doit être au format AAAA-MM-JJ." })
  validFrom!: string;
}

export interface SupportingDocumentDto {
  id: string;
  itemCode: string;
  docType: string | null;
  filename: string;
  contentType: string;
  size: number;
  issueDate: string | null;
  expiryDate: string | null;
  uploadedAt: string;
}

export type ChecklistStatus =
  | 'PRESENT'
  | 'MISSING'
  | 'EXPIRED_NEEDS_SECOND'
  | 'TOO_OLD'
  | 'WAIVED'
  | 'OPTIONAL'
  | 'MISSING_DATE';

export interface CompletenessItemDto {
  code: string;
  label: string;
  required: boolean;
  status: ChecklistStatus;
  /** French explanation of what is missing or invalid. */
  message: string | null;
  /** Rule id behind the status. */
  rule: string;
}

export interface CompletenessDto {
  complete: boolean;
  referenceDate: string;
  items: CompletenessItemDto[];
  missingDossierFields: { field: string; message: string }[];
}

export interface PspRequestListItemDto {
  id: string;
  reference: string;
  kind: PspRequestKind;
  state: PspRequestState;
  associationId: string;
  associationName: string;
  urgent: boolean;
  submittedAt: string | null;
  completedAt: string | null;
  /** PSP-4: days since completion, while no opinion is given. */
  daysWaiting: number | null;
  opinion: Opinion | null;
  decision: Decision | null;
  pathwayId: string | null;
  updatedAt: string;
}

export interface PspRequestDto extends PspRequestListItemDto {
  dossier: PspDossierDto;
  documents: SupportingDocumentDto[];
  completeness: CompletenessDto;
  nationalityWaiver: { accepted: boolean; reason: string; decidedAt: string } | null;
  withdrawnReason: string | null;
  opinionAt: string | null;
  decidedAt: string | null;
  allowedActions: PspRequestEvent[];
}

/** DP-2: what a member sees, reached from a sitting. No identity. */
export interface PspSummaryDto {
  reference: string;
  kind: PspRequestKind;
  associationName: string;
  ageBand: string | null;
  nationalityGroup: NationalityGroup | null;
  foreigner: boolean | null;
  childrenCount: number | null;
  housing: HousingSituation | null;
  administrativeStatus: AdministrativeStatus | null;
  supportPlan: SupportPillarPlanDto[];
  evaluation: string | null;
  associationOpinion: Opinion | null;
  progressReport: string | null;
}

export type PspRequestEvent =
  | 'SUBMIT'
  | 'MARK_INCOMPLETE'
  | 'MARK_COMPLETE'
  | 'PUT_ON_AGENDA'
  | 'REMOVE_FROM_AGENDA'
  | 'GIVE_OPINION'
  | 'DECIDE'
  | 'WITHDRAW';

export const PATHWAY_END_REASONS = ['COMPLETED', 'WITHDRAWN_BY_PERSON', 'ENDED_BY_PREFET', 'EXPIRED'] as const;
export type PathwayEndReason = (typeof PATHWAY_END_REASONS)[number];
export const PATHWAY_END_REASON_LABELS: Record<PathwayEndReason, string> = {
  COMPLETED: 'Parcours mené à son terme',
  WITHDRAWN_BY_PERSON: 'Sortie à la demande de la personne',
  ENDED_BY_PREFET: 'Fin décidée par le préfet (engagements non respectés)',
  EXPIRED: 'Arrivée à échéance sans renouvellement',
};

export const RESIDENCE_PERMIT_STATUSES = ['NOT_APPLICABLE', 'TO_REQUEST', 'REQUESTED', 'GRANTED', 'RENEWED', 'REFUSED'] as const;
export type ResidencePermitStatus = (typeof RESIDENCE_PERMIT_STATUSES)[number];
export const RESIDENCE_PERMIT_LABELS: Record<ResidencePermitStatus, string> = {
  NOT_APPLICABLE: 'Sans objet',
  TO_REQUEST: 'APS à demander',
  REQUESTED: 'APS demandée',
  GRANTED: 'APS délivrée',
  RENEWED: 'APS renouvelée',
  REFUSED: 'APS refusée',
};

export interface PathwayPeriodDto {
  index: number;
  startDate: string;
  endDate: string;
  requestReference: string;
}

export interface PathwayDto {
  id: string;
  reference: string;
  associationId: string;
  associationName: string;
  state: 'ACTIVE' | 'ENDED';
  startDate: string;
  currentPeriodEnd: string;
  totalMonths: number;
  /** PSP-6: months left before the 24-month limit. */
  remainingMonths: number;
  canRenew: boolean;
  renewalBlockedReason: string | null;
  periods: PathwayPeriodDto[];
  foreigner: boolean;
  residencePermitStatus: ResidencePermitStatus;
  residencePermitValidUntil: string | null;
  /** AFIS-1: monthly allowance at today's parameters. */
  afisMonthlyAmount: number;
  endReason: PathwayEndReason | null;
  endEffectiveDate: string | null;
  endComment: string | null;
  daysToPeriodEnd: number | null;
  pendingRenewalRequestId: string | null;
}

export class EndPathwayDto {
  @IsIn(PATHWAY_END_REASONS, { message: 'Le motif de fin de parcours est invalide.' })
  reason!: PathwayEndReason;

  @IsISO8601({ strict: true }, { message: "La date d'effet doit être au format AAAA-MM-JJ." })
  effectiveDate!: string;

  @IsOptional() @IsString() @MaxLength(2000)
  comment?: string;
}

export class UpdateResidencePermitDto {
  @IsIn(RESIDENCE_PERMIT_STATUSES, { message: "Le statut de l'APS est invalide." })
  status!: ResidencePermitStatus;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'La date de fin de validité doit être au format AAAA-MM-JJ.' })
  validUntil?: string | null;
}
