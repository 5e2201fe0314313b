import { INITIAL, NATIONALITY_TYPES, REF, SIMPLE_CODES, address, doc, passport, run, statusOf, without } from './testing/completeness-fixtures';

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

});
