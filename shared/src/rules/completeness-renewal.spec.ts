import { ageBand, requiredDossierFields } from './completeness';
import { DOSSIER, INITIAL, RENEWAL, doc, run, statusOf, without } from './testing/completeness-fixtures';

/** PSP-3, PSP-7, DP-2: the complaint, the renewals and the dossier fields of a request, and the age band. */
describe('computeCompleteness (PSP-3)', () => {
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
