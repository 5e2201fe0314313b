import { hasEmailAddress } from './convocation-letters';

describe('hasEmailAddress (CONV-1)', () => {
  it('CONV-1: a member with an address is convened by e-mail', () => {
    expect(hasEmailAddress('jeanne.martin@example.fr')).toBe(true);
  });
  it('CONV-1: no address, or a blank one, means a printed letter', () => {
    expect(hasEmailAddress(null)).toBe(false);
    expect(hasEmailAddress(undefined)).toBe(false);
    expect(hasEmailAddress('')).toBe(false);
    expect(hasEmailAddress('   ')).toBe(false);
  });
});
