import type { SittingDto } from '@cdlp/shared';
import { answer, expectOk, startAttendanceApp } from '../attendance-fixtures';
import { completeRequest } from '../psp-fixtures';
import { addPolicyItem, convene, createSitting, dayFromNow, expectFieldError, sittingBody } from '../sitting-fixtures';
import { TestApp, TestClient } from '../test-app';

const MSG = {
  self: 'Vous ne pouvez pas vous donner mandat à vous-même (MAND-1).',
  notConvened: 'Le membre choisi ne fait pas partie des membres convoqués (MAND-1).',
  excluded: 'Le membre choisi ne siège pas pour l’examen des demandes individuelles : il ne peut pas recevoir de mandat (COMP-3).',
  alreadyHolds: 'Ce membre détient déjà un mandat : nul ne peut en détenir plus d’un (MAND-1).',
  absent: 'Le membre choisi ne sera pas présent : un mandat confié à un absent ne compte pas (MAND-1).',
};

/**
 * Attendance (MAND-1, MEMB-1, COMP-3): the members' answers to a convocation, the mandates
 * and the replacement by a suppléant; the quorum, the register, the second convocation and
 * the written deliberation are attendance-quorum.int-spec's.
 */
describe('attendance, mandates, register, quorum (MAND-1, MEMB-1, QUOR-1, QUOR-2, REM-2, REM-3)', () => {
  let t: TestApp, sec: TestClient, member: TestClient, asso: TestClient;
  /** Demo member ids by the key of their e-mail. */
  let id: Record<string, string>;
  /** A: PSP-only examination sitting (the demo's complete requests), convened. */
  let a: SittingDto;

  const onBehalf = (sittingId: string, key: string, ans: string, holderKey?: string) =>
    answer(sec, sittingId, { answer: ans, memberId: id[key], ...(holderKey ? { mandateHolderId: id[holderKey] } : {}) });
  const row = (s: SittingDto, key: string) => s.members.find((m) => m.memberId === id[key]);

  beforeAll(async () => {
    ({ t, sec, member, asso, id, a } = await startAttendanceApp());
  });

  afterAll(() => t?.close());

  describe('answers', () => {
    it('a member answers PRESENT, REMOTE, ABSENT, SUBSTITUTED, MANDATE and can change the answer', async () => {
      for (const ans of ['PRESENT', 'REMOTE', 'ABSENT', 'SUBSTITUTED'] as const) {
        const s = expectOk(await answer(member, a.id, { answer: ans }));
        expect(row(s, 'ddets')).toMatchObject({ answer: ans, mandateHolderId: null });
        expect(s.myMemberId).toBe(id['ddets']);
      }
      const mandate = expectOk(await answer(member, a.id, { answer: 'MANDATE', mandateHolderId: id['magistrat'] }));
      expect(row(mandate, 'ddets')).toMatchObject({ answer: 'MANDATE', mandateHolderId: id['magistrat'], mandateHolderName: 'Mme Hélène Castaing' });
      const back = expectOk(await answer(member, a.id, { answer: 'PRESENT' }));
      expect(row(back, 'ddets')).toMatchObject({ answer: 'PRESENT', mandateHolderId: null, mandateHolderName: null });

      const audit: { n: number }[] = await t.ds.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE action = 'attendance.answered' AND entity_id = $1 AND details->>'memberId' = $2`,
        [a.id, id['ddets']],
      );
      expect(audit[0].n).toBe(6);
    });

    it('a member answers only for themselves; a mandate needs its holder; an unknown answer is refused', async () => {
      expect((await answer(member, a.id, { answer: 'PRESENT', memberId: id['magistrat'] })).status).toBe(403);
      expectFieldError(await answer(member, a.id, { answer: 'MANDATE' }), 'mandateHolderId', 'Choisissez le membre à qui vous donnez mandat.');
      expectFieldError(await answer(member, a.id, { answer: 'PEUT-ETRE' }), 'answer', 'La réponse est invalide.');
      // COMP-3: a member who is not convened cannot answer.
      expect((await onBehalf(a.id, 'ase', 'PRESENT')).status).toBe(403);
    });
  });

  describe('MAND-1: mandates', () => {
    it('MAND-1: a mandate to oneself is refused (400, mandateHolderId)', async () => {
      expectFieldError(await answer(member, a.id, { answer: 'MANDATE', mandateHolderId: id['ddets'] }), 'mandateHolderId', MSG.self);
    });

    it('MAND-1: a mandate to a member who is not convened (COMP-3 member on a PSP-only sitting) is refused', async () => {
      expectFieldError(await answer(member, a.id, { answer: 'MANDATE', mandateHolderId: id['ase'] }), 'mandateHolderId', MSG.notConvened);
      // A suppléant is not a member of the sitting either.
      expectFieldError(await answer(member, a.id, { answer: 'MANDATE', mandateHolderId: id['elue-s'] }), 'mandateHolderId', MSG.notConvened);
    });

    it('COMP-3: on a mixed sitting, a mandate to a member excluded from the PSP examinations is refused', async () => {
      await completeRequest(t, asso);
      const mixed = await createSitting(sec, sittingBody('EXAMINATION', dayFromNow(t, 12)));
      expect(mixed.agenda).toHaveLength(1);
      await addPolicyItem(sec, mixed.id, 'Point d’information');
      const b = await convene(sec, mixed.id);
      expect(row(b, 'ase')).toMatchObject({ excludedFromPsp: true });
      expectFieldError(await answer(member, b.id, { answer: 'MANDATE', mandateHolderId: id['ase'] }), 'mandateHolderId', MSG.excluded);
      // Between two excluded members it is accepted (neither votes on the PSP items).
      expect((await onBehalf(b.id, 'pcd', 'MANDATE', 'ase')).status).toBe(200);
    });

    it('MAND-1: a member who already holds a mandate cannot receive a second one; a holder cannot then become absent', async () => {
      expectOk(await onBehalf(a.id, 'dipn', 'MANDATE', 'magistrat'));
      expectFieldError(await answer(member, a.id, { answer: 'MANDATE', mandateHolderId: id['magistrat'] }), 'mandateHolderId', MSG.alreadyHolds);
      expectFieldError(await onBehalf(a.id, 'magistrat', 'ABSENT'), 'answer', /détenez le mandat d’un autre membre.*\(MAND-1\)/);
      // The giver takes the mandate back: the holder is free again.
      expectOk(await onBehalf(a.id, 'dipn', 'PRESENT'));
      expectOk(await onBehalf(a.id, 'magistrat', 'ABSENT'));
      expectOk(await onBehalf(a.id, 'magistrat', 'PRESENT'));
    });

    it('MAND-1: a mandate to a member who will be absent is refused', async () => {
      expectOk(await onBehalf(a.id, 'pj', 'ABSENT'));
      expectFieldError(await answer(member, a.id, { answer: 'MANDATE', mandateHolderId: id['pj'] }), 'mandateHolderId', MSG.absent);
    });

    it('MAND-1: two members giving a mandate to the same holder at the same time: exactly one succeeds', async () => {
      const results = await Promise.all([
        answer(member, a.id, { answer: 'MANDATE', mandateHolderId: id['etrangers'] }),
        onBehalf(a.id, 'travail', 'MANDATE', 'etrangers'),
        onBehalf(a.id, 'education', 'MANDATE', 'etrangers'),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
      for (const r of results.filter((x) => x.status === 400)) expectFieldError(r, 'mandateHolderId', MSG.alreadyHolds);
      const held: { member_id: string }[] = await t.ds.query(
        `SELECT member_id FROM sitting_member WHERE sitting_id = $1 AND mandate_holder_id = $2`,
        [a.id, id['etrangers']],
      );
      expect(held).toHaveLength(1);
    });

    it('MAND-1: the database refuses a second mandate to the same holder (unique index)', async () => {
      const held: { member_id: string }[] = await t.ds.query(
        `SELECT member_id FROM sitting_member WHERE sitting_id = $1 AND mandate_holder_id = $2`,
        [a.id, id['etrangers']],
      );
      const other = ['ddets', 'travail', 'education'].map((k) => id[k]).find((x) => x !== held[0].member_id);
      await expect(
        t.ds.query(`UPDATE sitting_member SET answer = 'MANDATE', mandate_holder_id = $3 WHERE sitting_id = $1 AND member_id = $2`, [
          a.id,
          other,
          id['etrangers'],
        ]),
      ).rejects.toMatchObject({ driverError: { code: '23505', constraint: 'sitting_member_one_mandate_uq' } });
    });
  });

  describe('MEMB-1: replacement by a suppléant', () => {
    it('MEMB-1: SUBSTITUTED without an active suppléant is refused (400); a qualified person cannot be replaced', async () => {
      expectFieldError(await onBehalf(a.id, 'magistrat', 'SUBSTITUTED'), 'answer', /Aucun suppléant en fonction n'est désigné pour vous.*\(MEMB-1\)/);
      expectFieldError(await onBehalf(a.id, 'medecin', 'SUBSTITUTED'), 'answer', /Une personnalité qualifiée ne peut pas être suppléée.*\(MEMB-1\)/);
      // A suppléant whose functions have ended does not count.
      await t.ds.query(`UPDATE member SET ended_at = $2, end_reason = 'Mutation' WHERE id = $1`, [id['gendarmerie-s'], dayFromNow(t, -1)]);
      try {
        expectFieldError(await onBehalf(a.id, 'gendarmerie', 'SUBSTITUTED'), 'answer', /Aucun suppléant en fonction/);
      } finally {
        await t.ds.query(`UPDATE member SET ended_at = NULL, end_reason = NULL WHERE id = $1`, [id['gendarmerie-s']]);
      }
      expectOk(await onBehalf(a.id, 'gendarmerie', 'SUBSTITUTED'));
    });
  });
});
