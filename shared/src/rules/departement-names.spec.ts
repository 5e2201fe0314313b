import { commissionName, ofDepartement } from './departement-names';
import { isDepartementCode } from './tenancy';

describe('TENANT-1: the name of a département’s commission', () => {
  it.each([
    ['86', 'Vienne', 'CDLP de la Vienne'],
    ['79', 'Deux-Sèvres', 'CDLP des Deux-Sèvres'],
    ['01', 'Ain', 'CDLP de l’Ain'],
    ['25', 'Doubs', 'CDLP du Doubs'],
    ['28', 'Eure-et-Loir', 'CDLP d’Eure-et-Loir'],
    ['75', 'Paris', 'CDLP de Paris'],
    ['2A', 'Corse-du-Sud', 'CDLP de la Corse-du-Sud'],
    ['974', 'La Réunion', 'CDLP de La Réunion'],
  ])('TENANT-1: %s %s is « %s »', (code, name, expected) => {
    expect(commissionName(code, name)).toBe(expected);
  });

  it('TENANT-1: a name carrying its article takes the preposition only', () => {
    expect(ofDepartement('13', 'Les Bouches-du-Rhône')).toBe('des Bouches-du-Rhône');
    expect(ofDepartement('59', 'Le Nord')).toBe('du Nord');
  });

  it('TENANT-1: every département code has its article', () => {
    const codes = [
      ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0')).filter((c) => c !== '20'),
      '2A',
      '2B',
      '971',
      '972',
      '973',
      '974',
      '975',
      '976',
    ];
    expect(codes.every(isDepartementCode)).toBe(true);
    expect(codes.filter((c) => ofDepartement(c, 'Nom') === null)).toEqual([]);
  });

  it('TENANT-1: an unknown code or an empty name never gets a guessed article', () => {
    expect(ofDepartement('99', 'Ailleurs')).toBeNull();
    expect(ofDepartement('86', '  ')).toBeNull();
    expect(commissionName('99', 'Ailleurs')).toBe('CDLP – Ailleurs (99)');
  });
});
