import { AppointmentKind } from '../contract/registry';
import { SubstitutionParty, checkSubstitution, substituteOfText } from './substitution';

const titulaire = (over: Partial<SubstitutionParty> = {}): SubstitutionParty => ({
  id: 't1',
  seat: 'TITULAIRE',
  appointmentKind: 'EX_OFFICIO',
  categoryCode: 'ETAT_GENDARMERIE',
  organisation: 'Groupement de gendarmerie de la Vienne',
  active: true,
  ...over,
});

const suppleant = (over: Partial<SubstitutionParty> = {}): SubstitutionParty => ({
  id: 's1',
  seat: 'SUPPLEANT',
  appointmentKind: 'EX_OFFICIO',
  categoryCode: 'ETAT_GENDARMERIE',
  organisation: 'Groupement de gendarmerie de la Vienne',
  active: true,
  ...over,
});

const MSG = {
  self: 'Un membre ne peut pas être son propre suppléant (MEMB-1).',
  titulaireSeat: 'Le membre suppléé doit être un titulaire (MEMB-1).',
  substituteSeat: 'Seul un membre nommé comme suppléant peut suppléer un titulaire (MEMB-1).',
  ended: 'Le mandat du titulaire a pris fin : il ne peut plus être suppléé (MEMB-1).',
  qualified: 'Une personnalité qualifiée ne peut pas être suppléée (MEMB-1).',
  category: 'Le suppléant doit appartenir à la même catégorie que le titulaire (MEMB-1).',
  electedKind: 'Un élu ne peut être suppléé que par un élu (MEMB-1).',
  electedAssembly: 'Un élu ne peut être suppléé que par un élu de la même assemblée (MEMB-1).',
  exOfficio: 'Un membre de droit ne peut être suppléé que par une personne du même service (MEMB-1).',
  representative: 'Un représentant ne peut être suppléé que par une personne du même organisme (MEMB-1).',
};

describe('checkSubstitution (MEMB-1, CRPA R133-3)', () => {
  describe('ex officio titulaire', () => {
    it('MEMB-1: accepts a suppléant of the same service', () => {
      expect(checkSubstitution(titulaire(), suppleant())).toEqual([]);
    });

    it('MEMB-1: compares services ignoring case, accents and extra spaces', () => {
      const t = titulaire({ organisation: 'Préfecture de la Vienne' });
      const s = suppleant({ organisation: '  PREFECTURE   de la  vienne ' });
      expect(checkSubstitution(t, s)).toEqual([]);
    });

    it('MEMB-1: treats typographic and straight apostrophes as the same service', () => {
      const t = titulaire({ organisation: 'Conseil départemental — aide sociale à l’enfance' });
      const s = suppleant({ organisation: "Conseil départemental — aide sociale à l'enfance" });
      expect(checkSubstitution(t, s)).toEqual([]);
    });

    it('MEMB-1: accepts a suppléant of the same service whatever his own appointment kind', () => {
      expect(checkSubstitution(titulaire(), suppleant({ appointmentKind: 'REPRESENTATIVE' }))).toEqual([]);
    });

    it('MEMB-1: refuses a suppléant from another service', () => {
      expect(checkSubstitution(titulaire(), suppleant({ organisation: 'Direction interdépartementale de la police nationale' }))).toEqual([
        MSG.exOfficio,
      ]);
    });
  });

  describe('elected titulaire', () => {
    const elu = (over: Partial<SubstitutionParty> = {}) =>
      titulaire({ appointmentKind: 'ELECTED', categoryCode: 'COLLECTIVITE', organisation: 'Ville de Poitiers', ...over });
    const eluS = (over: Partial<SubstitutionParty> = {}) =>
      suppleant({ appointmentKind: 'ELECTED', categoryCode: 'COLLECTIVITE', organisation: 'Ville de Poitiers', ...over });

    it('MEMB-1: accepts an elected member of the same assembly', () => {
      expect(checkSubstitution(elu(), eluS())).toEqual([]);
    });

    it.each<AppointmentKind>(['EX_OFFICIO', 'QUALIFIED_PERSON', 'REPRESENTATIVE'])(
      'MEMB-1: refuses a non-elected suppléant (%s) even from the same assembly',
      (kind) => {
        expect(checkSubstitution(elu(), eluS({ appointmentKind: kind }))).toEqual([MSG.electedKind]);
      },
    );

    it('MEMB-1: refuses an elected member of another assembly', () => {
      expect(checkSubstitution(elu(), eluS({ organisation: 'Grand Poitiers Communauté urbaine' }))).toEqual([
        MSG.electedAssembly,
      ]);
    });

    it('MEMB-1: reports both faults for a non-elected person of another assembly', () => {
      const errors = checkSubstitution(elu(), eluS({ appointmentKind: 'EX_OFFICIO', organisation: 'DDETS de la Vienne' }));
      expect(errors).toEqual([MSG.electedKind, MSG.electedAssembly]);
    });
  });

  describe('qualified person', () => {
    it.each<AppointmentKind>(['QUALIFIED_PERSON', 'EX_OFFICIO', 'ELECTED', 'REPRESENTATIVE'])(
      'MEMB-1: a qualified person is never replaced, not even by a %s of the same body',
      (kind) => {
        const t = titulaire({ appointmentKind: 'QUALIFIED_PERSON', categoryCode: 'PROFESSIONNEL_SANTE', organisation: 'Ordre des médecins' });
        const s = suppleant({ appointmentKind: kind, categoryCode: 'PROFESSIONNEL_SANTE', organisation: 'Ordre des médecins' });
        expect(checkSubstitution(t, s)).toEqual([MSG.qualified]);
      },
    );
  });

  describe('representative of a body', () => {
    const rep = (over: Partial<SubstitutionParty> = {}) =>
      titulaire({ appointmentKind: 'REPRESENTATIVE', categoryCode: 'ASSOCIATION', organisation: 'Association Passerelles Vienne', ...over });

    it('MEMB-1: accepts a suppléant of the same body', () => {
      expect(checkSubstitution(rep(), suppleant({ appointmentKind: 'REPRESENTATIVE', categoryCode: 'ASSOCIATION', organisation: 'association passerelles vienne' }))).toEqual([]);
    });

    it('MEMB-1: refuses a suppléant of another body', () => {
      expect(
        checkSubstitution(rep(), suppleant({ appointmentKind: 'REPRESENTATIVE', categoryCode: 'ASSOCIATION', organisation: 'CIDFF de la Vienne' })),
      ).toEqual([MSG.representative]);
    });
  });

  describe('general checks', () => {
    it('MEMB-1: a member cannot be his own suppléant (and nothing else is reported)', () => {
      const t = titulaire();
      expect(checkSubstitution(t, { ...t })).toEqual([MSG.self]);
    });

    it('MEMB-1: the replaced member must sit as titulaire (a suppléant cannot be replaced)', () => {
      expect(checkSubstitution(titulaire({ seat: 'SUPPLEANT' }), suppleant())).toEqual([MSG.titulaireSeat]);
    });

    it('MEMB-1: only a member appointed as suppléant may replace a titulaire', () => {
      expect(checkSubstitution(titulaire(), suppleant({ seat: 'TITULAIRE' }))).toEqual([MSG.substituteSeat]);
    });

    it('MEMB-1: refuses a suppléant of another category', () => {
      expect(checkSubstitution(titulaire(), suppleant({ categoryCode: 'ETAT_SECURITE_PUBLIQUE' }))).toEqual([MSG.category]);
    });

    it('MEMB-1: a titulaire whose mandate has ended can no longer be replaced', () => {
      expect(checkSubstitution(titulaire({ active: false }), suppleant())).toEqual([MSG.ended]);
    });

    it('MEMB-1: reports every fault at once, in a stable order', () => {
      const errors = checkSubstitution(
        titulaire({ seat: 'SUPPLEANT', active: false, appointmentKind: 'QUALIFIED_PERSON' }),
        suppleant({ seat: 'TITULAIRE', categoryCode: 'AUTRE', organisation: 'Autre' }),
      );
      expect(errors).toEqual([MSG.titulaireSeat, MSG.substituteSeat, MSG.ended, MSG.qualified, MSG.category]);
    });

    it('MEMB-1: every message is French and names the rule', () => {
      const all = [
        ...checkSubstitution(titulaire(), titulaire()),
        ...checkSubstitution(titulaire({ seat: 'SUPPLEANT', active: false }), suppleant({ seat: 'TITULAIRE', categoryCode: 'X', organisation: 'Y' })),
      ];
      expect(all.length).toBeGreaterThan(3);
      for (const m of all) expect(m).toMatch(/\(MEMB-1\)\.$/);
    });
  });
});

describe('substituteOfText (MEMB-1, PV-1)', () => {
  it('PV-1: names the titulaire with quality, in the suppléant\'s gender', () => {
    expect(substituteOfText('M', 'Mme Martine Jourdain', 'Adjointe au maire, Ville de Poitiers')).toBe('suppléant de Mme Martine Jourdain, Adjointe au maire, Ville de Poitiers');
    expect(substituteOfText('MME', 'M. Marc Delorme')).toBe('suppléante de M. Marc Delorme');
  });
});
