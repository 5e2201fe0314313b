import { MandateCandidate, checkMandate } from './mandates';

function holder(over: Partial<MandateCandidate> = {}): MandateCandidate {
  return { id: 'holder', convened: true, excluded: false, answer: null, mandatesHeld: 0, ...over };
}

const MSG = {
  self: 'Vous ne pouvez pas vous donner mandat à vous-même (MAND-1).',
  notConvened: 'Le membre choisi ne fait pas partie des membres convoqués (MAND-1).',
  excluded: 'Le membre choisi ne siège pas pour l’examen des demandes individuelles : il ne peut pas recevoir de mandat (COMP-3).',
  alreadyHolds: 'Ce membre détient déjà un mandat : nul ne peut en détenir plus d’un (MAND-1).',
  absent: 'Le membre choisi ne sera pas présent : un mandat confié à un absent ne compte pas (MAND-1).',
};

describe('checkMandate', () => {
  it('MAND-1: a mandate to a convened member who has not answered yet is accepted', () => {
    expect(checkMandate('giver', false, holder(), true)).toBeNull();
  });

  it('MAND-1: a mandate to a member who will be present or remote is accepted', () => {
    expect(checkMandate('giver', false, holder({ answer: 'PRESENT' }), true)).toBeNull();
    expect(checkMandate('giver', false, holder({ answer: 'REMOTE' }), false)).toBeNull();
  });

  it('MAND-1: a mandate to oneself is refused', () => {
    expect(checkMandate('holder', false, holder(), true)).toBe(MSG.self);
  });

  it('MAND-1: a mandate to a member who is not convened is refused', () => {
    expect(checkMandate('giver', false, holder({ convened: false }), false)).toBe(MSG.notConvened);
  });

  it('MAND-1: a mandate to someone who is not a member of the sitting is refused', () => {
    expect(checkMandate('giver', false, undefined, false)).toBe(MSG.notConvened);
  });

  it('COMP-3: a mandate to a member excluded from individual examinations is refused for a sitting with PSP items', () => {
    expect(checkMandate('giver', false, holder({ excluded: true }), true)).toBe(MSG.excluded);
  });

  it('COMP-3: the same member may hold a mandate on a sitting without PSP items', () => {
    expect(checkMandate('giver', false, holder({ excluded: true }), false)).toBeNull();
  });

  it('COMP-3: an excluded member may give a mandate to another excluded member (neither votes on PSP items)', () => {
    expect(checkMandate('giver', true, holder({ excluded: true }), true)).toBeNull();
  });

  it('MAND-1: a member who already holds a mandate cannot hold a second one', () => {
    expect(checkMandate('giver', false, holder({ mandatesHeld: 1, answer: 'PRESENT' }), true)).toBe(MSG.alreadyHolds);
  });

  it.each(['ABSENT', 'SUBSTITUTED', 'MANDATE'] as const)('MAND-1: a mandate to a member who answered %s (absent) is refused', (answer) => {
    expect(checkMandate('giver', false, holder({ answer }), true)).toBe(MSG.absent);
  });
});
