import { PspDossierDto } from '../contract/psp';
import {
  ChecklistItem,
  CompletenessInput,
  DocumentFacts,
  ageBand,
  computeCompleteness,
  requiredDossierFields,
} from './completeness';

/** The reference checklist of psp-pieces.json (PSP-3), as the migration seeds it. */
const NATIONALITY_TYPES = [
  'PASSEPORT',
  'CARTE_IDENTITE',
  'CARTE_CONSULAIRE',
  'ATTESTATION_CONSULAIRE_PHOTO',
  'CERTIFICAT_NATIONALITE',
];
const item = (code: string, over: Partial<ChecklistItem> = {}): ChecklistItem => ({
  code,
  label: `Pièce ${code}`,
  required: true,
  oneOf: [],
  maxAgeMonths: null,
  expiredNeedsSecondDocument: false,
  neverRequiredReason: null,
  ...over,
});
const INITIAL: ChecklistItem[] = [
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
const RENEWAL: ChecklistItem[] = [
  item('FORMULAIRE_RENOUVELLEMENT'),
  item('BILAN_ETAPE'),
  item('PROJET_PARCOURS_MAJ'),
  item('AGREMENT_ASSOCIATION'),
];
const SIMPLE_CODES = [
  'FORMULAIRE_DEMANDE',
  'PROJET_PARCOURS',
  'EVALUATION_ASSOCIATION',
  'ATTESTATION_ARRET',
  'AGREMENT_ASSOCIATION',
  'ETAT_CIVIL',
  'SITUATION',
];

const REF = '2026-07-15';
const doc = (itemCode: string, over: Partial<DocumentFacts> = {}): DocumentFacts => ({
  itemCode,
  docType: null,
  issueDate: null,
  expiryDate: null,
  ...over,
});
const passport = (expiryDate: string | null = '2030-01-01') =>
  doc('NATIONALITE', { docType: 'PASSEPORT', expiryDate });
const address = (issueDate: string | null = '2026-06-01') => doc('DOMICILE', { issueDate });
const ALL_DOCS: DocumentFacts[] = [...SIMPLE_CODES.map((c) => doc(c)), passport(), address()];

const DOSSIER: PspDossierDto = {
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

function run(over: Partial<CompletenessInput> = {}) {
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
const without = (code: string) => ALL_DOCS.filter((d) => d.itemCode !== code);
const statusOf = (r: ReturnType<typeof run>, code: string) => r.items.find((i) => i.code === code);

describe('computeCompleteness (PSP-3)', () => {
  it('PSP-3: a request with every required piece and every dossier field is complete', () => {
    const r = run();
    expect(r.complete).toBe(true);
    expect(r.referenceDate).toBe(REF);
    expect(r.missingDossierFields).toEqual([]);
    expect(r.items.map((i) => [i.code, i.status])).toEqual([
      ...SIMPLE_CODES.slice(0, 6).map((c) => [c, 'PRESENT']),
      ['NATIONALITE', 'PRESENT'],
      ['DOMICILE', 'PRESENT'],
      ['SITUATION', 'PRESENT'],
      ['PLAINTE', 'OPTIONAL'],
    ]);
    expect(r.items.filter((i) => i.status === 'PRESENT').every((i) => i.message === null)).toBe(true);
  });

  it.each([...SIMPLE_CODES, 'NATIONALITE', 'DOMICILE'])(
    'PSP-3: without %s the request is incomplete, with a French message',
    (code) => {
      const r = run({ documents: without(code) });
      expect(r.complete).toBe(false);
      const entry = statusOf(r, code);
      expect(entry).toMatchObject({ code, required: true, status: 'MISSING', rule: 'PSP-3' });
      expect(entry?.message).toMatch(/^Pièce manquante : /);
      // Only that item is at fault.
      expect(
        r.items.filter((i) => i.status !== 'PRESENT' && i.status !== 'OPTIONAL').map((i) => i.code),
      ).toEqual([code]);
    },
  );

  it('PSP-3: a document filed under another item does not count', () => {
    const r = run({ documents: [...without('ETAT_CIVIL'), doc('SITUATION')] });
    expect(statusOf(r, 'ETAT_CIVIL')?.status).toBe('MISSING');
    expect(r.complete).toBe(false);
  });

  it('PSP-3: an item configured as not required is OPTIONAL when missing and does not block completeness', () => {
    const checklist = INITIAL.map((i) => (i.code === 'ETAT_CIVIL' ? { ...i, required: false } : i));
    const r = run({ checklist, documents: without('ETAT_CIVIL') });
    expect(statusOf(r, 'ETAT_CIVIL')).toMatchObject({ required: false, status: 'OPTIONAL', message: null });
    expect(r.complete).toBe(true);
    expect(statusOf(run({ checklist }), 'ETAT_CIVIL')?.status).toBe('PRESENT');
  });

  describe('NATIONALITE (several accepted documents, PSP-3)', () => {
    it.each(NATIONALITY_TYPES)('PSP-3: %s is accepted as proof of nationality', (docType) => {
      const r = run({ documents: [...without('NATIONALITE'), doc('NATIONALITE', { docType })] });
      expect(statusOf(r, 'NATIONALITE')?.status).toBe('PRESENT');
      expect(r.complete).toBe(true);
    });

    it.each(['PERMIS_CONDUIRE', 'CARTE_VITALE', null])(
      'PSP-3: a document of type %s is not a proof of nationality',
      (docType) => {
        const r = run({ documents: [...without('NATIONALITE'), doc('NATIONALITE', { docType })] });
        expect(statusOf(r, 'NATIONALITE')).toMatchObject({ status: 'MISSING', rule: 'PSP-3' });
        expect(statusOf(r, 'NATIONALITE')?.message).toContain('un des documents acceptés');
        expect(r.complete).toBe(false);
      },
    );

    it('PSP-3: an expired passport alone needs a second document', () => {
      const r = run({ documents: [...without('NATIONALITE'), passport('2026-07-14')] });
      expect(statusOf(r, 'NATIONALITE')).toMatchObject({
        status: 'EXPIRED_NEEDS_SECOND',
        required: true,
        rule: 'PSP-3',
      });
      expect(statusOf(r, 'NATIONALITE')?.message).toContain('second document');
      expect(r.complete).toBe(false);
    });

    it('PSP-3: a passport expiring on the reference date is still valid', () => {
      const r = run({ documents: [...without('NATIONALITE'), passport(REF)] });
      expect(statusOf(r, 'NATIONALITE')?.status).toBe('PRESENT');
    });

    it('PSP-3: an expired passport with a second document is PRESENT', () => {
      const second = doc('NATIONALITE', {
        docType: 'ATTESTATION_CONSULAIRE_PHOTO',
        expiryDate: '2025-01-01',
      });
      const r = run({ documents: [...without('NATIONALITE'), passport('2024-01-01'), second] });
      expect(statusOf(r, 'NATIONALITE')?.status).toBe('PRESENT');
      expect(r.complete).toBe(true);
    });

    it('PSP-3: an expired passport with a valid identity card is PRESENT', () => {
      const card = doc('NATIONALITE', { docType: 'CARTE_IDENTITE', expiryDate: '2031-01-01' });
      expect(
        statusOf(run({ documents: [...without('NATIONALITE'), passport('2024-01-01'), card] }), 'NATIONALITE')
          ?.status,
      ).toBe('PRESENT');
    });

    it('PSP-3: the secretariat waiver (several concordant documents) makes the item WAIVED without any document', () => {
      const r = run({ documents: without('NATIONALITE'), nationalityWaived: true });
      expect(statusOf(r, 'NATIONALITE')).toMatchObject({ status: 'WAIVED', required: true, rule: 'PSP-3' });
      expect(statusOf(r, 'NATIONALITE')?.message).toContain('concordants');
      expect(r.complete).toBe(true);
    });

    it('PSP-3: the waiver also covers an expired document alone', () => {
      const r = run({
        documents: [...without('NATIONALITE'), passport('2024-01-01')],
        nationalityWaived: true,
      });
      expect(statusOf(r, 'NATIONALITE')?.status).toBe('WAIVED');
      expect(r.complete).toBe(true);
    });

    it('PSP-3: with the waiver, a valid document is still reported PRESENT', () => {
      expect(statusOf(run({ nationalityWaived: true }), 'NATIONALITE')?.status).toBe('PRESENT');
    });
  });

  describe('DOMICILE (less than 6 months on the reference date, PSP-3)', () => {
    const withAddress = (issueDate: string | null, referenceDate = REF) =>
      run({ documents: [...without('DOMICILE'), address(issueDate)], referenceDate });

    it('PSP-3: a proof of address issued within 6 months of the reference date is PRESENT', () => {
      expect(statusOf(withAddress('2026-07-15'), 'DOMICILE')?.status).toBe('PRESENT');
      expect(statusOf(withAddress('2026-03-01'), 'DOMICILE')?.status).toBe('PRESENT');
      expect(statusOf(withAddress('2026-01-16'), 'DOMICILE')?.status).toBe('PRESENT');
    });

    it('PSP-3: a proof of address issued exactly 6 months before the reference date is no longer « de moins de six mois »', () => {
      const r = withAddress('2026-01-15');
      expect(statusOf(r, 'DOMICILE')).toMatchObject({ status: 'TOO_OLD', rule: 'PSP-3' });
      expect(statusOf(r, 'DOMICILE')?.message).toBe(
        'La pièce « Justificatif de domicile » doit dater de moins de 6 mois à la date du dépôt (émise après le 2026-01-15).',
      );
      expect(r.complete).toBe(false);
    });

    it('PSP-3: an older proof of address is TOO_OLD', () => {
      const r = withAddress('2025-11-30');
      expect(statusOf(r, 'DOMICILE')?.status).toBe('TOO_OLD');
      expect(r.complete).toBe(false);
    });

    it('PSP-3: the 6 months are counted on the reference date (submission date), not today', () => {
      expect(statusOf(withAddress('2026-01-20', '2026-07-15'), 'DOMICILE')?.status).toBe('PRESENT');
      expect(statusOf(withAddress('2026-01-20', '2026-07-25'), 'DOMICILE')?.status).toBe('TOO_OLD');
    });

    it('PSP-3: month-end boundary: on 31 August, a proof issued on 28 February is too old, one of 1 March is not', () => {
      expect(statusOf(withAddress('2026-02-28', '2026-08-31'), 'DOMICILE')?.status).toBe('TOO_OLD');
      expect(statusOf(withAddress('2026-03-01', '2026-08-31'), 'DOMICILE')?.status).toBe('PRESENT');
    });

    it('PSP-3: a proof issued after the submission date (dossier completed later) is recent enough', () => {
      expect(statusOf(withAddress('2026-07-20', '2026-07-15'), 'DOMICILE')?.status).toBe('PRESENT');
    });

    it('PSP-3: one recent proof among older ones is enough', () => {
      const r = run({ documents: [...without('DOMICILE'), address('2024-01-01'), address('2026-05-01')] });
      expect(statusOf(r, 'DOMICILE')?.status).toBe('PRESENT');
    });

    it('PSP-3: a proof of address without an issue date is MISSING_DATE', () => {
      const r = withAddress(null);
      expect(statusOf(r, 'DOMICILE')).toMatchObject({ status: 'MISSING_DATE', rule: 'PSP-3' });
      expect(statusOf(r, 'DOMICILE')?.message).toContain("date d'émission");
      expect(r.complete).toBe(false);
    });

    it('PSP-3: the maximum age is configuration (3 months)', () => {
      const checklist = INITIAL.map((i) => (i.code === 'DOMICILE' ? { ...i, maxAgeMonths: 3 } : i));
      const r = run({ checklist, documents: [...without('DOMICILE'), address('2026-03-01')] });
      expect(statusOf(r, 'DOMICILE')?.status).toBe('TOO_OLD');
      expect(statusOf(r, 'DOMICILE')?.message).toContain('moins de 3 mois');
    });
  });

  describe('PLAINTE (PSP-3b)', () => {
    it('PSP-3b: a police complaint is never required: the request is complete without it', () => {
      const r = run();
      expect(statusOf(r, 'PLAINTE')).toEqual({
        code: 'PLAINTE',
        label: 'Pièce PLAINTE',
        required: false,
        status: 'OPTIONAL',
        message: null,
        rule: 'PSP-3b',
      });
      expect(r.complete).toBe(true);
    });

    it('PSP-3b: even a configuration marking the complaint required cannot make it required', () => {
      const checklist = INITIAL.map((i) => (i.code === 'PLAINTE' ? { ...i, required: true } : i));
      const r = run({ checklist });
      expect(statusOf(r, 'PLAINTE')).toMatchObject({ required: false, status: 'OPTIONAL', rule: 'PSP-3b' });
      expect(r.complete).toBe(true);
    });

    it('PSP-3b: the complaint is not required even when the configuration lost its reason', () => {
      const checklist = INITIAL.map((i) =>
        i.code === 'PLAINTE' ? { ...i, required: true, neverRequiredReason: null } : i,
      );
      expect(run({ checklist }).complete).toBe(true);
    });

    it('PSP-3b: any item carrying a « never required » reason is optional', () => {
      const checklist = INITIAL.map((i) =>
        i.code === 'SITUATION' ? { ...i, neverRequiredReason: 'Jurisprudence' } : i,
      );
      const r = run({ checklist, documents: without('SITUATION') });
      expect(statusOf(r, 'SITUATION')).toMatchObject({ required: false, status: 'OPTIONAL', rule: 'PSP-3b' });
      expect(r.complete).toBe(true);
    });
  });

  describe('renewal (PSP-7)', () => {
    const renewalDocs = RENEWAL.map((i) => doc(i.code));

    it('PSP-7: a renewal needs the progress report of the period', () => {
      const r = run({ kind: 'RENEWAL', checklist: RENEWAL, documents: renewalDocs });
      expect(r.complete).toBe(false);
      expect(r.missingDossierFields).toEqual([
        {
          field: 'dossier.progressReport',
          message: 'Le bilan de la période écoulée est obligatoire pour un renouvellement (PSP-7).',
        },
      ]);
    });

    it('PSP-7: with the progress report and the renewal pieces, a renewal is complete', () => {
      const r = run({
        kind: 'RENEWAL',
        checklist: RENEWAL,
        documents: renewalDocs,
        dossier: { ...DOSSIER, progressReport: 'Bilan.' },
      });
      expect(r.complete).toBe(true);
      expect(r.items.map((i) => i.status)).toEqual(['PRESENT', 'PRESENT', 'PRESENT', 'PRESENT']);
    });

    it('PSP-7: a blank progress report counts as missing', () => {
      expect(
        requiredDossierFields('RENEWAL', { ...DOSSIER, progressReport: '   ' }).map((f) => f.field),
      ).toEqual(['dossier.progressReport']);
    });

    it('PSP-7: an initial request does not need a progress report', () => {
      expect(requiredDossierFields('INITIAL', DOSSIER)).toEqual([]);
    });

    it('PSP-7: a renewal without the progress report of the period (BILAN_ETAPE piece) is incomplete', () => {
      const r = run({
        kind: 'RENEWAL',
        checklist: RENEWAL,
        documents: renewalDocs.filter((d) => d.itemCode !== 'BILAN_ETAPE'),
        dossier: { ...DOSSIER, progressReport: 'Bilan.' },
      });
      expect(statusOf(r, 'BILAN_ETAPE')?.status).toBe('MISSING');
      expect(r.complete).toBe(false);
    });
  });

  describe('dossier fields (PSP-3)', () => {
    it('PSP-3: an empty dossier lists every required field, in order, with French messages', () => {
      expect(requiredDossierFields('INITIAL', {})).toEqual([
        { field: 'dossier.lastName', message: 'Le nom de la personne est obligatoire.' },
        { field: 'dossier.firstName', message: 'Le prénom de la personne est obligatoire.' },
        { field: 'dossier.birthDate', message: 'La date de naissance est obligatoire.' },
        { field: 'dossier.nationality', message: 'La nationalité est obligatoire.' },
        { field: 'dossier.nationalityGroup', message: 'Le groupe de nationalité est obligatoire.' },
        { field: 'dossier.foreigner', message: 'Indiquez si la personne est étrangère.' },
        { field: 'dossier.housing', message: 'La situation de logement est obligatoire.' },
        { field: 'dossier.administrativeStatus', message: 'La situation administrative est obligatoire.' },
        { field: 'dossier.evaluation', message: "L'évaluation de l'association est obligatoire." },
        { field: 'dossier.associationOpinion', message: "L'avis de l'association est obligatoire." },
        { field: 'dossier.supportPlan', message: 'Le projet de parcours doit prévoir au moins une action.' },
      ]);
    });

    it.each([
      'lastName',
      'firstName',
      'birthDate',
      'nationality',
      'nationalityGroup',
      'housing',
      'administrativeStatus',
      'evaluation',
      'associationOpinion',
    ] as const)('PSP-3: without %s the request is incomplete even with every piece', (field) => {
      const dossier = { ...DOSSIER, [field]: undefined };
      const r = run({ dossier });
      expect(r.complete).toBe(false);
      expect(r.missingDossierFields.map((f) => f.field)).toEqual([`dossier.${field}`]);
    });

    it('PSP-3: blank strings count as missing', () => {
      expect(
        requiredDossierFields('INITIAL', { ...DOSSIER, lastName: '  ', evaluation: '' }).map((f) => f.field),
      ).toEqual(['dossier.lastName', 'dossier.evaluation']);
    });

    it('PSP-3: « not a foreigner » (false) is an answer, not a missing field', () => {
      expect(requiredDossierFields('INITIAL', { ...DOSSIER, foreigner: false })).toEqual([]);
      expect(
        requiredDossierFields('INITIAL', { ...DOSSIER, foreigner: undefined }).map((f) => f.field),
      ).toEqual(['dossier.foreigner']);
    });

    it('PSP-3: a support plan whose actions are all blank does not count', () => {
      const dossier = {
        ...DOSSIER,
        supportPlan: [{ pillar: 'SANTE' as const, plannedActions: '  ', commitments: 'x' }],
      };
      expect(requiredDossierFields('INITIAL', dossier).map((f) => f.field)).toEqual(['dossier.supportPlan']);
      expect(requiredDossierFields('INITIAL', { ...DOSSIER, supportPlan: [] }).map((f) => f.field)).toEqual([
        'dossier.supportPlan',
      ]);
    });
  });
});

describe('ageBand (DP-2: members see an age band, never the birth date)', () => {
  it.each([
    ['2008-07-16', '2026-07-15', 'moins de 18 ans'],
    ['2008-07-15', '2026-07-15', '18 à 24 ans'],
    ['2001-07-16', '2026-07-15', '18 à 24 ans'],
    ['2001-07-15', '2026-07-15', '25 à 34 ans'],
    ['1991-07-15', '2026-07-15', '35 à 44 ans'],
    ['1981-07-15', '2026-07-15', '45 à 54 ans'],
    ['1971-07-15', '2026-07-15', '55 ans et plus'],
  ])('DP-2: born %s, on %s: %s', (birth, on, band) => {
    expect(ageBand(birth, on)).toBe(band);
  });

  it('DP-2: no birth date, no band', () => {
    expect(ageBand(undefined, '2026-07-15')).toBeNull();
    expect(ageBand(null, '2026-07-15')).toBeNull();
  });
});
