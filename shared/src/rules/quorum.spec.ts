import { QuorumMember, QuorumOptions, computeQuorum } from './quorum';

const QUOR1: QuorumOptions = { secondConvocation: false, excludeExcludedFromBase: false, remoteDeliberation: false };

function member(id: string, over: Partial<QuorumMember> = {}): QuorumMember {
  return { id, excluded: false, presence: 'ABSENT', substitutedBySittingSubstitute: false, mandateHolderId: null, ...over };
}

/** A composition of n members m1..mn, the first `present` in the room, the others absent. */
function composition(n: number, present: number): QuorumMember[] {
  return Array.from({ length: n }, (_, i) => member(`m${i + 1}`, { presence: i < present ? 'PRESENT' : 'ABSENT' }));
}

function with_(members: QuorumMember[], id: string, over: Partial<QuorumMember>): QuorumMember[] {
  return members.map((m) => (m.id === id ? { ...m, ...over } : m));
}

describe('computeQuorum', () => {
  describe('QUOR-1: at least half of the members composing the commission', () => {
    it('QUOR-1: exactly half present reaches the quorum (10 of 20)', () => {
      const q = computeQuorum(composition(20, 10), QUOR1);
      expect(q).toMatchObject({ rule: 'QUOR-1', base: 20, required: 10, present: 10, remote: 0, represented: 0, counted: 10, reached: true });
    });

    it('QUOR-1: half minus one does not reach the quorum (9 of 20)', () => {
      const q = computeQuorum(composition(20, 9), QUOR1);
      expect(q).toMatchObject({ base: 20, required: 10, counted: 9, reached: false });
    });

    it('QUOR-1: with an odd composition, half is rounded up (9 of 17 required; 8 is not enough)', () => {
      expect(computeQuorum(composition(17, 8), QUOR1)).toMatchObject({ base: 17, required: 9, counted: 8, reached: false });
      expect(computeQuorum(composition(17, 9), QUOR1)).toMatchObject({ base: 17, required: 9, counted: 9, reached: true });
    });

    it('QUOR-1: members taking part by audio or video conference count as present', () => {
      let members = composition(20, 6);
      for (const id of ['m7', 'm8', 'm9', 'm10']) members = with_(members, id, { presence: 'REMOTE' });
      const q = computeQuorum(members, QUOR1);
      expect(q).toMatchObject({ present: 6, remote: 4, counted: 10, reached: true });
    });

    it('QUOR-1: nobody present gives 0 counted and no quorum', () => {
      expect(computeQuorum(composition(4, 0), QUOR1)).toMatchObject({ counted: 0, required: 2, reached: false });
    });
  });

  describe('MAND-1: mandates', () => {
    it('MAND-1: a mandate given to a member present in the room counts', () => {
      const members = with_(composition(20, 9), 'm15', { mandateHolderId: 'm1' });
      const q = computeQuorum(members, QUOR1);
      expect(q).toMatchObject({ present: 9, represented: 1, counted: 10, reached: true });
    });

    it('MAND-1: a mandate given to a member taking part remotely counts', () => {
      const members = with_(with_(composition(20, 8), 'm9', { presence: 'REMOTE' }), 'm15', { mandateHolderId: 'm9' });
      expect(computeQuorum(members, QUOR1)).toMatchObject({ present: 8, remote: 1, represented: 1, counted: 10, reached: true });
    });

    it('MAND-1: a mandate whose holder is absent is not counted', () => {
      const members = with_(composition(20, 9), 'm15', { mandateHolderId: 'm16' });
      const q = computeQuorum(members, QUOR1);
      expect(q).toMatchObject({ represented: 0, counted: 9, reached: false });
    });

    it('MAND-1: a mandate whose holder is replaced by a suppléant is not counted (the holder is absent)', () => {
      let members = with_(composition(20, 8), 'm16', { substitutedBySittingSubstitute: true });
      members = with_(members, 'm15', { mandateHolderId: 'm16' });
      const q = computeQuorum(members, QUOR1);
      // m16 counts through the suppléant who sits; m16's mandate does not.
      expect(q).toMatchObject({ present: 9, represented: 0, counted: 9, reached: false });
    });

    it('MAND-1: a holder given two mandates counts one of them only', () => {
      let members = composition(20, 8);
      members = with_(members, 'm15', { mandateHolderId: 'm1' });
      members = with_(members, 'm16', { mandateHolderId: 'm1' });
      const q = computeQuorum(members, QUOR1);
      expect(q).toMatchObject({ present: 8, represented: 1, counted: 9, reached: false });
    });

    it('MAND-1: two holders with one mandate each both count', () => {
      let members = composition(20, 8);
      members = with_(members, 'm15', { mandateHolderId: 'm1' });
      members = with_(members, 'm16', { mandateHolderId: 'm2' });
      expect(computeQuorum(members, QUOR1)).toMatchObject({ represented: 2, counted: 10, reached: true });
    });

    it('MAND-1: a member who sits is not counted twice because of a mandate left on the record', () => {
      const members = with_(composition(20, 10), 'm2', { mandateHolderId: 'm1' });
      expect(computeQuorum(members, QUOR1)).toMatchObject({ present: 10, represented: 0, counted: 10 });
    });

    it('MAND-1: a mandate to someone outside the composition does not count', () => {
      const members = with_(composition(20, 9), 'm15', { mandateHolderId: 'stranger' });
      expect(computeQuorum(members, QUOR1)).toMatchObject({ represented: 0, counted: 9 });
    });
  });

  describe('MEMB-1: suppléants', () => {
    it('MEMB-1: an absent titulaire whose suppléant sits counts as present', () => {
      const members = with_(composition(20, 9), 'm12', { substitutedBySittingSubstitute: true });
      const q = computeQuorum(members, QUOR1);
      expect(q).toMatchObject({ present: 10, counted: 10, reached: true });
    });
  });

  describe('QUOR-3: members excluded from the PSP examinations (COMP-3)', () => {
    // 17 members, the last two excluded; 8 present, none of them excluded.
    const members = composition(17, 8).map((m, i) => (i >= 15 ? { ...m, excluded: true } : m));

    it('QUOR-3: by default the base is the full composition (9 of 17 required)', () => {
      expect(computeQuorum(members, QUOR1)).toMatchObject({ base: 17, required: 9, counted: 8, reached: false });
    });

    it('QUOR-3: with the setting, excluded members leave the base (8 of 15 required)', () => {
      expect(computeQuorum(members, { ...QUOR1, excludeExcludedFromBase: true })).toMatchObject({
        base: 15,
        required: 8,
        counted: 8,
        reached: true,
      });
    });

    it('QUOR-3: an excluded member present is not counted when excluded from the base', () => {
      const withExcludedPresent = with_(members, 'm16', { presence: 'PRESENT' });
      expect(computeQuorum(withExcludedPresent, QUOR1)).toMatchObject({ base: 17, counted: 9, reached: true });
      expect(computeQuorum(withExcludedPresent, { ...QUOR1, excludeExcludedFromBase: true })).toMatchObject({ base: 15, counted: 8 });
    });
  });

  describe('QUOR-2: second convocation', () => {
    it('QUOR-2: a second convocation always deliberates, whatever the attendance', () => {
      const q = computeQuorum(composition(20, 1), { ...QUOR1, secondConvocation: true });
      expect(q).toMatchObject({ rule: 'QUOR-2', base: 20, required: 0, counted: 1, reached: true });
      expect(q.text).toBe(
        '1 membre présent ou représenté sur 20 : seconde convocation, la commission délibère sans condition de quorum (QUOR-2)',
      );
    });

    it('QUOR-2: even with nobody present', () => {
      expect(computeQuorum(composition(20, 0), { ...QUOR1, secondConvocation: true })).toMatchObject({ reached: true, counted: 0 });
    });
  });

  describe('REM-2: remote deliberation', () => {
    const REM: QuorumOptions = { ...QUOR1, remoteDeliberation: true };

    it('REM-2: participation is at least half of the members, mandates not counted', () => {
      let members = composition(20, 0).map((m, i) => (i < 9 ? { ...m, presence: 'REMOTE' as const } : m));
      members = with_(members, 'm15', { mandateHolderId: 'm1' });
      members = with_(members, 'm16', { mandateHolderId: 'm2' });
      const q = computeQuorum(members, REM);
      expect(q).toMatchObject({ rule: 'REM-2', base: 20, required: 10, remote: 9, counted: 9, reached: false });
      expect(q.text).toBe('9 membres ont pris part sur 20 : participation insuffisante (10 requis, REM-2)');
    });

    it('REM-2: half of the members taking part is enough', () => {
      const members = composition(20, 0).map((m, i) => (i < 10 ? { ...m, presence: 'REMOTE' as const } : m));
      const q = computeQuorum(members, REM);
      expect(q).toMatchObject({ rule: 'REM-2', counted: 10, reached: true });
      expect(q.text).toBe('10 membres ont pris part sur 20 : participation suffisante (10 requis, REM-2)');
    });

    it('REM-2: one participant is written in the singular', () => {
      const members = with_(composition(3, 0), 'm1', { presence: 'REMOTE' });
      expect(computeQuorum(members, REM).text).toBe('1 membre a pris part sur 3 : participation insuffisante (2 requis, REM-2)');
    });
  });

  describe('the computation in words (printed in the procès-verbal)', () => {
    it('QUOR-1: "11 membres présents ou représentés sur 20 : quorum atteint (10 requis)"', () => {
      const members = with_(composition(20, 10), 'm20', { mandateHolderId: 'm1' });
      expect(computeQuorum(members, QUOR1).text).toBe('11 membres présents ou représentés sur 20 : quorum atteint (10 requis)');
    });

    it('QUOR-1: "9 membres présents ou représentés sur 20 : quorum non atteint (10 requis)"', () => {
      expect(computeQuorum(composition(20, 9), QUOR1).text).toBe('9 membres présents ou représentés sur 20 : quorum non atteint (10 requis)');
    });

    it('QUOR-1: one member is written in the singular', () => {
      expect(computeQuorum(composition(3, 1), QUOR1).text).toBe('1 membre présent ou représenté sur 3 : quorum non atteint (2 requis)');
    });
  });
});
