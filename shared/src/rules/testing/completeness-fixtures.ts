import { PspDossierDto } from '../../contract/psp';
import { ChecklistItem, CompletenessInput, DocumentFacts, computeCompleteness } from '../completeness';

/** The checklists, documents and dossier of the completeness specs (completeness*.spec.ts, PSP-3). */

/** The reference checklist of psp-pieces.json (PSP-3), as the migration seeds it. */
export const NATIONALITY_TYPES = [
  'PASSEPORT',
  'CARTE_IDENTITE',
  'CARTE_CONSULAIRE',
  'ATTESTATION_CONSULAIRE_PHOTO',
  'CERTIFICAT_NATIONALITE',
];
export const item = (code: string, over: Partial<ChecklistItem> = {}): ChecklistItem => ({
  code,
  label: `Pièce ${code}`,
  required: true,
  oneOf: [],
  maxAgeMonths: null,
  expiredNeedsSecondDocument: false,
  neverRequiredReason: null,
  ...over,
});
export const INITIAL: ChecklistItem[] = [
  item('FORMULAIRE_DEMANDE'),
  item('PROJET_PARCOURS'),
  item('EVALUATION_ASSOCIATION'),
  item('ATTESTATION_ARRET'),
  item('AGREMENT_ASSOCIATION'),
  item('ETAT_CIVIL'),
  item('NATIONALITE', {
    label: 'Justificatif de nationalité',
    oneOf: NATIONALITY_TYPES,
    expiredNeedsSecondDocument: true,
  }),
  item('DOMICILE', { label: 'Justificatif de domicile', maxAgeMonths: 6 }),
  item('SITUATION'),
  item('PLAINTE', { required: false, neverRequiredReason: "Conseil d'État, 19 novembre 2021, n° 440802" }),
];
export const RENEWAL: ChecklistItem[] = [
  item('FORMULAIRE_RENOUVELLEMENT'),
  item('BILAN_ETAPE'),
  item('PROJET_PARCOURS_MAJ'),
  item('AGREMENT_ASSOCIATION'),
];
export const SIMPLE_CODES = [
  'FORMULAIRE_DEMANDE',
  'PROJET_PARCOURS',
  'EVALUATION_ASSOCIATION',
  'ATTESTATION_ARRET',
  'AGREMENT_ASSOCIATION',
  'ETAT_CIVIL',
  'SITUATION',
];

export const REF = '2026-07-15';
export const doc = (itemCode: string, over: Partial<DocumentFacts> = {}): DocumentFacts => ({
  itemCode,
  docType: null,
  issueDate: null,
  expiryDate: null,
  ...over,
});
export const passport = (expiryDate: string | null = '2030-01-01') =>
  doc('NATIONALITE', { docType: 'PASSEPORT', expiryDate });
export const address = (issueDate: string | null = '2026-06-01') => doc('DOMICILE', { issueDate });
export const ALL_DOCS: DocumentFacts[] = [...SIMPLE_CODES.map((c) => doc(c)), passport(), address()];

export const DOSSIER: PspDossierDto = {
  lastName: 'Personne',
  firstName: 'Fictive',
  birthDate: '1995-03-10',
  nationality: 'Nigériane',
  nationalityGroup: 'AFRIQUE',
  foreigner: true,
  housing: 'HEBERGEMENT_URGENCE',
  administrativeStatus: 'SANS_TITRE',
  supportPlan: [{ pillar: 'SANTE', plannedActions: 'Suivi médical.', commitments: 'Venir aux rendez-vous.' }],
  evaluation: 'Évaluation de la situation.',
  associationOpinion: 'FAVOURABLE',
};

export function run(over: Partial<CompletenessInput> = {}) {
  return computeCompleteness({
    kind: 'INITIAL',
    checklist: INITIAL,
    documents: ALL_DOCS,
    dossier: DOSSIER,
    referenceDate: REF,
    nationalityWaived: false,
    ...over,
  });
}
export const without = (code: string) => ALL_DOCS.filter((d) => d.itemCode !== code);
export const statusOf = (r: ReturnType<typeof run>, code: string) => r.items.find((i) => i.code === code);

