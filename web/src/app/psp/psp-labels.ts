import {
  OPINION_LABELS,
  PSP_REQUEST_KIND_LABELS,
  PSP_REQUEST_STATE_LABELS,
  type ChecklistStatus,
  type Opinion,
  type PspRequestKind,
  type PspRequestState,
} from '@cdlp/shared';

/** PSP-4: a request complete for more than this many days is highlighted. */
export const WAITING_ALERT_DAYS = 30;

const STATE_BADGES: Record<PspRequestState, string> = {
  DRAFT: 'fr-badge--no-icon',
  SUBMITTED: 'fr-badge--info',
  INCOMPLETE: 'fr-badge--warning',
  COMPLETE: 'fr-badge--success',
  ON_AGENDA: 'fr-badge--new',
  OPINION_GIVEN: 'fr-badge--info',
  DECIDED: 'fr-badge--success',
  WITHDRAWN: 'fr-badge--no-icon',
};

export function stateLabel(state: PspRequestState): string {
  return PSP_REQUEST_STATE_LABELS[state];
}

export function stateBadgeClass(state: PspRequestState): string {
  return STATE_BADGES[state];
}

export function kindLabel(kind: PspRequestKind): string {
  return PSP_REQUEST_KIND_LABELS[kind];
}

export function opinionLabel(opinion: Opinion | null | undefined): string {
  return opinion ? OPINION_LABELS[opinion] : '';
}

/** PSP-4: "en attente depuis 12 jours". */
export function waitingText(days: number): string {
  if (days <= 0) return "complète aujourd'hui";
  return `en attente depuis ${days} jour${days > 1 ? 's' : ''}`;
}

export function isLongWait(days: number | null | undefined): boolean {
  return days !== null && days !== undefined && days > WAITING_ALERT_DAYS;
}

export const CHECKLIST_STATUS_LABELS: Record<ChecklistStatus, string> = {
  PRESENT: 'Fournie',
  MISSING: 'Manquante',
  EXPIRED_NEEDS_SECOND: 'Document expiré : second document requis',
  TOO_OLD: 'Trop ancienne',
  WAIVED: 'Documents concordants acceptés',
  OPTIONAL: 'Facultative',
  MISSING_DATE: "Date d'émission manquante",
};

const CHECKLIST_STATUS_BADGES: Record<ChecklistStatus, string> = {
  PRESENT: 'fr-badge--success',
  MISSING: 'fr-badge--error',
  EXPIRED_NEEDS_SECOND: 'fr-badge--warning',
  TOO_OLD: 'fr-badge--warning',
  WAIVED: 'fr-badge--info',
  OPTIONAL: 'fr-badge--no-icon',
  MISSING_DATE: 'fr-badge--warning',
};

export function checklistBadgeClass(status: ChecklistStatus): string {
  return CHECKLIST_STATUS_BADGES[status];
}

/** The accepted identity documents of the nationality item (PSP-3), in French. */
export const DOC_TYPE_LABELS: Record<string, string> = {
  PASSEPORT: 'Passeport',
  CARTE_IDENTITE: "Carte nationale d'identité",
  CARTE_CONSULAIRE: 'Carte consulaire',
  ATTESTATION_CONSULAIRE_PHOTO: 'Attestation consulaire avec photographie',
  CERTIFICAT_NATIONALITE: 'Certificat de nationalité',
};

export function docTypeLabel(code: string | null | undefined): string {
  if (!code) return '';
  return DOC_TYPE_LABELS[code] ?? code.replace(/_/g, ' ').toLowerCase();
}

/** File sizes in French: "12 ko", "1,4 Mo". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ko`;
  return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}
