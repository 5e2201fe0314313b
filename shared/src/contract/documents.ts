import { Decision } from './psp';

export const SIGNED_DOCUMENT_KINDS = ['MINUTES', 'DECISION', 'STRATEGY'] as const;
export type SignedDocumentKind = (typeof SIGNED_DOCUMENT_KINDS)[number];
export const SIGNED_DOCUMENT_KIND_LABELS: Record<SignedDocumentKind, string> = {
  MINUTES: 'Procès-verbal',
  DECISION: 'Décision du préfet',
  STRATEGY: 'Stratégie départementale',
};

/** PV-1: one rule checked on the sitting's records, by id, with its result in words. */
export interface ValidityCheckDto {
  rule: string;
  ok: boolean;
  text: string;
  /** A failed check blocks signing until the secretariat records a justification. */
  justification: string | null;
}

export interface MinutesMemberLine {
  name: string;
  quality: string;
  /** e.g. "représenté(e) par M. X (mandat)". */
  detail: string | null;
}

export interface MinutesItemDto {
  itemId: string;
  position: number;
  kind: 'PSP_REQUEST' | 'POLICY';
  title: string;
  reference: string | null;
  associationName: string | null;
  associationOpinion: string | null;
  recusals: string[];
  resultText: string | null;
  opinion: 'FAVOURABLE' | 'UNFAVOURABLE' | null;
  dissents: string[];
  summary: string | null;
  discussionNotes: string | null;
}

export interface MinutesDto {
  sittingId: string;
  sittingNumber: string;
  state: 'DRAFT' | 'SIGNED';
  version: number;
  heading: { authority: string; commission: string; dateLabel: string; place: string | null; modeLabel: string; kindLabel: string };
  chair: string | null;
  present: MinutesMemberLine[];
  remote: MinutesMemberLine[];
  represented: MinutesMemberLine[];
  excused: MinutesMemberLine[];
  substitutes: MinutesMemberLine[];
  quorumText: string;
  secondConvocationText: string | null;
  convocationText: string;
  urgencyReason: string | null;
  introduction: string | null;
  items: MinutesItemDto[];
  validity: ValidityCheckDto[];
  canSign: boolean;
  signedDocumentId: string | null;
  updatedAt: string;
}

export interface UpdateMinutesDto {
  introduction?: string | null;
  /** Justifications of failed validity checks, by rule id. */
  justifications?: Record<string, string>;
}

export interface SignedDocumentDto {
  id: string;
  kind: SignedDocumentKind;
  subjectId: string;
  version: number;
  title: string;
  sha256: string;
  signerName: string;
  signerQuality: string;
  signedAt: string;
  supersededBy: string | null;
  size: number;
}

export interface VerificationResultDto {
  /** GENUINE: an unmodified document of the portal; ALTERED: it was modified; UNKNOWN: not a document of the portal. */
  status: 'GENUINE' | 'ALTERED' | 'UNKNOWN';
  message: string;
  document: SignedDocumentDto | null;
  sha256: string;
}

export interface PrepareDecisionDto {
  kind: Decision;
  reasons: string;
  /** Required for the authorisation of an initial request; a renewal's period follows the current one. */
  pathwayStartDate?: string;
}

/** PSP-5: what the secretariat starts from when no decision is prepared yet: the opinion pre-fills it. */
export interface DecisionProposalDto {
  kind: Decision;
  reasons: string;
  pathwayStartDate: string | null;
}

export interface DecisionDto {
  id: string;
  requestId: string;
  reference: string;
  requestKind: 'INITIAL' | 'RENEWAL';
  opinion: 'FAVOURABLE' | 'UNFAVOURABLE' | null;
  kind: Decision;
  /** PSP-5: the préfet may depart from the opinion; the letter says so. */
  departsFromOpinion: boolean;
  reasons: string;
  pathwayStartDate: string | null;
  pathwayEndDate: string | null;
  state: 'DRAFT' | 'SIGNED';
  signedDocumentId: string | null;
  preparedAt: string;
  signedAt: string | null;
}

