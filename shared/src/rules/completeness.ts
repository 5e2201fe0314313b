import { ChecklistStatus, CompletenessDto, CompletenessItemDto, PspDossierDto, PspRequestKind } from '../contract/psp';
import { addMonths } from './dates';

export interface ChecklistItem {
  code: string;
  label: string;
  required: boolean;
  oneOf: readonly string[];
  maxAgeMonths: number | null;
  expiredNeedsSecondDocument: boolean;
  neverRequiredReason: string | null;
}

export interface DocumentFacts {
  itemCode: string;
  docType: string | null;
  issueDate: string | null;
  expiryDate: string | null;
}

export interface CompletenessInput {
  kind: PspRequestKind;
  checklist: readonly ChecklistItem[];
  documents: readonly DocumentFacts[];
  dossier: PspDossierDto;
  /** PSP-3: dates are judged on the submission date (today for a draft). */
  referenceDate: string;
  /** PSP-3: the secretariat accepted several concordant documents for the nationality. */
  nationalityWaived: boolean;
}

/**
 * PSP-3 and PSP-3b: completeness is computed, never typed.
 * - every required item has a document;
 * - an item with a list of accepted types (nationality) takes any one of them;
 * - when every such document is expired, a second document is needed;
 * - an item with a maximum age (proof of address) needs a document issued within it;
 * - a police complaint is never required (PSP-3b), whatever the configuration says.
 */
export function computeCompleteness(input: CompletenessInput): CompletenessDto {
  const items: CompletenessItemDto[] = input.checklist.map((item) => evaluateItem(item, input));
  const missingDossierFields = requiredDossierFields(input.kind, input.dossier);
  const complete =
    items.every((i) => !i.required || i.status === 'PRESENT' || i.status === 'WAIVED') && missingDossierFields.length === 0;
  return { complete, referenceDate: input.referenceDate, items, missingDossierFields };
}

function evaluateItem(item: ChecklistItem, input: CompletenessInput): CompletenessItemDto {
  const base = { code: item.code, label: item.label };
  // PSP-3b: the Conseil d'État forbids requiring a complaint; configuration cannot override it.
  if (item.neverRequiredReason !== null || item.code === 'PLAINTE') {
    return { ...base, required: false, status: 'OPTIONAL', message: null, rule: 'PSP-3b' };
  }
  const docs = input.documents.filter((d) => d.itemCode === item.code);
  const result = (status: ChecklistStatus, message: string | null, rule = 'PSP-3'): CompletenessItemDto => ({
    ...base,
    required: item.required,
    status: !item.required && status !== 'PRESENT' ? 'OPTIONAL' : status,
    message: !item.required && status !== 'PRESENT' ? null : message,
    rule,
  });

  if (item.oneOf.length > 0) {
    const accepted = docs.filter((d) => d.docType !== null && item.oneOf.includes(d.docType));
    if (accepted.length === 0) {
      if (input.nationalityWaived) return result('WAIVED', 'Plusieurs documents concordants acceptés par le secrétariat.');
      return result('MISSING', `Pièce manquante : ${item.label.toLowerCase()} (un des documents acceptés).`);
    }
    const valid = accepted.filter((d) => d.expiryDate === null || d.expiryDate >= input.referenceDate);
    if (valid.length > 0) return result('PRESENT', null);
    if (item.expiredNeedsSecondDocument && docs.length >= 2) return result('PRESENT', null);
    if (input.nationalityWaived) return result('WAIVED', 'Plusieurs documents concordants acceptés par le secrétariat.');
    return result(
      'EXPIRED_NEEDS_SECOND',
      'Le document d’identité fourni est expiré : joignez un second document justifiant de la nationalité.',
    );
  }

  if (docs.length === 0) return result('MISSING', `Pièce manquante : ${item.label}.`);

  if (item.maxAgeMonths !== null) {
    const dated = docs.filter((d) => d.issueDate !== null);
    if (dated.length === 0) {
      return result('MISSING_DATE', `Indiquez la date d'émission de la pièce « ${item.label} ».`, 'PSP-3');
    }
    const oldest = addMonths(input.referenceDate, -item.maxAgeMonths);
    // « De moins de six mois » : issued strictly after the same date N months earlier. A piece issued
    // after the reference date (an incomplete dossier completed later) is recent as well.
    const recent = dated.filter((d) => (d.issueDate as string) > oldest);
    if (recent.length === 0) {
      return result(
        'TOO_OLD',
        `La pièce « ${item.label} » doit dater de moins de ${item.maxAgeMonths} mois à la date du dépôt (émise après le ${oldest}).`,
      );
    }
  }
  return result('PRESENT', null);
}

/** The dossier fields a request cannot be submitted without. */
export function requiredDossierFields(kind: PspRequestKind, d: PspDossierDto): { field: string; message: string }[] {
  const missing: { field: string; message: string }[] = [];
  const need = (value: unknown, field: string, message: string) => {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      missing.push({ field: `dossier.${field}`, message });
    }
  };
  need(d.lastName, 'lastName', 'Le nom de la personne est obligatoire.');
  need(d.firstName, 'firstName', 'Le prénom de la personne est obligatoire.');
  need(d.birthDate, 'birthDate', 'La date de naissance est obligatoire.');
  need(d.nationality, 'nationality', 'La nationalité est obligatoire.');
  need(d.nationalityGroup, 'nationalityGroup', 'Le groupe de nationalité est obligatoire.');
  need(d.foreigner, 'foreigner', 'Indiquez si la personne est étrangère.');
  need(d.housing, 'housing', 'La situation de logement est obligatoire.');
  need(d.administrativeStatus, 'administrativeStatus', 'La situation administrative est obligatoire.');
  need(d.evaluation, 'evaluation', "L'évaluation de l'association est obligatoire.");
  need(d.associationOpinion, 'associationOpinion', "L'avis de l'association est obligatoire.");
  const pillars = (d.supportPlan ?? []).filter((p) => p.plannedActions.trim() !== '');
  if (pillars.length === 0) {
    missing.push({ field: 'dossier.supportPlan', message: 'Le projet de parcours doit prévoir au moins une action.' });
  }
  if (kind === 'RENEWAL') {
    // PSP-7: a renewal carries the progress report of the period.
    need(d.progressReport, 'progressReport', 'Le bilan de la période écoulée est obligatoire pour un renouvellement (PSP-7).');
  }
  return missing;
}

/** DP-2: the age band shown to members instead of the birth date. */
export function ageBand(birthDate: string | undefined | null, onDate: string): string | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  if (age < 18) return 'moins de 18 ans';
  if (age < 25) return '18 à 24 ans';
  if (age < 35) return '25 à 34 ans';
  if (age < 45) return '35 à 44 ans';
  if (age < 55) return '45 à 54 ans';
  return '55 ans et plus';
}
