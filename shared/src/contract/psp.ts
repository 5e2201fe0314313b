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

export interface SupportPillarPlanDto {
  pillar: SupportPillar;
  plannedActions: string;
  commitments: string;
}

/**
 * The dossier as the association writes it. Every field is optional while the
 * request is a draft; submission checks what is required (see requiredDossierFields).
 */
export interface PspDossierDto {
  lastName?: string;
  firstName?: string;
  usedName?: string;
  birthDate?: string;
  nationality?: string;
  nationalityGroup?: NationalityGroup;
  foreigner?: boolean;
  phone?: string;
  email?: string;
  postalAddress?: string;
  familySituation?: string;
  childrenCount?: number;
  housing?: HousingSituation;
  resources?: string;
  administrativeStatus?: AdministrativeStatus;
  supportPlan?: SupportPillarPlanDto[];
  evaluation?: string;
  associationOpinion?: Opinion;
  /** PSP-7: the progress report of the period, for a renewal. */
  progressReport?: string;
  urgent?: boolean;
}

export interface CreatePspRequestDto {
  /** Required when the secretariat files on behalf of an association. */
  associationId?: string;
  dossier: PspDossierDto;
}

export interface UpdatePspRequestDto {
  dossier: PspDossierDto;
}

export interface CreateRenewalDto {
  dossier: PspDossierDto;
}

export interface WithdrawPspRequestDto {
  reason: string;
}

/** PSP-3: the secretariat accepts several concordant documents for the nationality, with a reason. */
export interface NationalityWaiverDto {
  accepted: boolean;
  reason: string;
}

/** Metadata sent with an uploaded file (multipart fields). */
export interface UploadDocumentDto {
  itemCode: string;
  docType?: string;
  issueDate?: string;
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

export interface UpdateChecklistItemDto {
  label: string;
  required: boolean;
  maxAgeMonths?: number | null;
  validFrom: string;
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

export interface EndPathwayDto {
  reason: PathwayEndReason;
  effectiveDate: string;
  comment?: string;
}

export interface UpdateResidencePermitDto {
  status: ResidencePermitStatus;
  validUntil?: string | null;
}
