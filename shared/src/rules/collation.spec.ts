import { compareFr } from './collation';

describe('compareFr (French alphabetical order of names)', () => {
  it('orders as localeCompare in French: accents and case after the plain letter, not after z', () => {
    const names = ['Zoé', 'émile', 'Eric', 'Élodie', 'eva', 'Ève', 'Abel', 'Ç', 'Camille', 'Cyril'];
    expect([...names].sort(compareFr)).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr')));
    expect([...names].sort(compareFr)).toEqual(['Abel', 'Ç', 'Camille', 'Cyril', 'Élodie', 'émile', 'Eric', 'eva', 'Ève', 'Zoé']);
  });
});
