import type { SittingDto } from '@cdlp/shared';
import { addDays } from '@cdlp/shared';
import { AttendanceService } from '../../src/sittings/attendance.service';
import { SittingEntity } from '../../src/sittings/sitting.entity';
import { answer, expectOk, get, startAttendanceApp } from '../attendance-fixtures';
import { completeRequest, stateOf } from '../psp-fixtures';
import { SittingBody, addPolicyItem, convene, createSitting, dayFromNow, expectFieldError, parisInstant, pdfText, sittingBody, sittingMails } from '../sitting-fixtures';
import { DEMO, TestApp, TestClient } from '../test-app';

const QUORUM_TEXT = /^(\d+) membres présents ou représentés sur (\d+) : quorum atteint \((\d+) requis\)$/;

/**
 * The live quorum, the opening and the register of a sitting (QUOR-1, MAND-1, MEMB-1), the
 * second convocation (QUOR-2) and the written deliberation (REM-1, REM-2, REM-3); the
 * answers and the mandates are attendance.int-spec's.
 */
describe('attendance, mandates, register, quorum (MAND-1, MEMB-1, QUOR-1, QUOR-2, REM-2, REM-3)', () => {
  let t: TestApp, sec: TestClient, member: TestClient, asso: TestClient;
  /** Demo member ids by the key of their e-mail. */
  let id: Record<string, string>;

  /** Moves the api's clock; sessions idle for 30 minutes of that clock expire, so log in again. */
  async function setClock(instant: Date): Promise<void> {
    t.clock.setNow(instant);
    [sec, member] = await Promise.all([t.login(DEMO.secretariat), t.login(DEMO.member)]);
  }

  const onBehalf = (sittingId: string, key: string, ans: string, holderKey?: string) =>
    answer(sec, sittingId, { answer: ans, memberId: id[key], ...(holderKey ? { mandateHolderId: id[holderKey] } : {}) });
  const row = (s: SittingDto, key: string) => s.members.find((m) => m.memberId === id[key]);

  beforeAll(async () => {
    ({ t, sec, member, asso, id } = await startAttendanceApp());
  });

  afterAll(() => t?.close());

  describe('live quorum, opening and the register (QUOR-1, MAND-1, MEMB-1)', () => {
    /** C: a policy sitting; the 17 titulaires sit: base 17, 9 required. */
    let c: SittingDto;
    let day: string;

    beforeAll(async () => {
      day = dayFromNow(t, 14);
      c = await createSitting(sec, sittingBody('POLICY', day));
      await addPolicyItem(sec, c.id, 'Stratégie départementale');
      c = await convene(sec, c.id);
    });

    afterAll(async () => {
      await setClock(new Date());
    });

    it('QUOR-1: the live quorum in GET /api/sittings/:id follows the answers; a mandate counts only when its holder is present', async () => {
      expect(c.quorum).toMatchObject({ rule: 'QUOR-1', base: 17, required: 9, counted: 0, reached: false });
      expect(c.quorum.text).toBe('0 membre présent ou représenté sur 17 : quorum non atteint (9 requis)');
      for (const k of ['prefet', 'magistrat', 'ddfe', 'dipn', 'pj']) expectOk(await onBehalf(c.id, k, 'PRESENT'));
      for (const k of ['etrangers', 'travail']) expectOk(await onBehalf(c.id, k, 'REMOTE'));
      expect((await get(sec, c.id)).quorum).toMatchObject({ present: 5, remote: 2, represented: 0, counted: 7, reached: false });
      // MEMB-1: replaced by the suppléant, counts as present.
      expectOk(await answer(member, c.id, { answer: 'SUBSTITUTED' }));
      expect((await get(sec, c.id)).quorum).toMatchObject({ present: 6, counted: 8, reached: false });
      // A mandate to a member who has not answered yet: not counted.
      expectOk(await onBehalf(c.id, 'education', 'MANDATE', 'ars'));
      expect((await get(sec, c.id)).quorum).toMatchObject({ represented: 0, counted: 8, reached: false });
      // Its holder answers present: the holder and the mandate count.
      expectOk(await onBehalf(c.id, 'ars', 'PRESENT'));
      expect((await get(sec, c.id)).quorum).toMatchObject({ present: 7, represented: 1, counted: 10, reached: true });
      expectOk(await onBehalf(c.id, 'elue', 'PRESENT'));
      expectOk(await onBehalf(c.id, 'asso2', 'MANDATE', 'elue'));
      const seen = await get(member, c.id);
      expect(seen.quorum).toMatchObject({ rule: 'QUOR-1', present: 8, remote: 2, represented: 2, counted: 12, reached: true });
      expect(seen.quorum.text).toBe('12 membres présents ou représentés sur 17 : quorum atteint (9 requis)');
    });

    it('a sitting opens on its day only; the register starts from the answers; answers are then closed (409)', async () => {
      const early = await sec.post<SittingBody>(`/sittings/${c.id}/open`);
      expect(early.status).toBe(409);
      expect(early.body.message).toBe('La séance ne peut pas être ouverte avant le jour prévu.');
      expect((await member.post(`/sittings/${c.id}/open`)).status).toBe(403);

      await setClock(parisInstant(`${day}T13:45`));
      const opened = expectOk(await sec.post<SittingBody>(`/sittings/${c.id}/open`));
      expect(opened.state).toBe('OPEN');
      expect(row(opened, 'prefet')).toMatchObject({ confirmedPresence: 'PRESENT', substituteId: null });
      expect(row(opened, 'etrangers')).toMatchObject({ confirmedPresence: 'REMOTE' });
      expect(row(opened, 'ddets')).toMatchObject({ confirmedPresence: 'ABSENT', substituteId: id['ddets-s'], substituteName: 'Mme Nadia Benali' });
      expect(row(opened, 'education')).toMatchObject({ confirmedPresence: 'ABSENT', mandateHolderId: id['ars'] });
      expect(row(opened, 'asso1')).toMatchObject({ answer: null, confirmedPresence: 'ABSENT' });
      expect(opened.quorum).toMatchObject({ counted: 12, reached: true });
      const audit: { details: { quorum: string; reached: boolean; rule: string } }[] = await t.ds.query(
        `SELECT details FROM audit_event WHERE action = 'sitting.opened' AND entity_id = $1`,
        [c.id],
      );
      expect(audit.map((x) => x.details)).toEqual([{ quorum: opened.quorum.text, reached: true, rule: 'QUOR-1' }]);

      const late = await answer(member, c.id, { answer: 'PRESENT' });
      expect(late.status).toBe(409);
      expect(late.body.message).toContain('les réponses ne peuvent plus changer');
    });

    it('MEMB-1: the secretariat confirms presences and a suppléant sitting for an absent titulaire; someone else’s suppléant is refused', async () => {
      const sub = expectOk(await sec.post<SittingBody>(`/sittings/${c.id}/register`, { memberId: id['gendarmerie'], presence: 'ABSENT', substituteId: id['gendarmerie-s'] }));
      expect(row(sub, 'gendarmerie')).toMatchObject({ confirmedPresence: 'ABSENT', substituteId: id['gendarmerie-s'], substituteName: 'Mme Aurélie Picard' });
      expect(sub.quorum.counted).toBe(13);

      expectFieldError(
        await sec.post(`/sittings/${c.id}/register`, { memberId: id['magistrat'], presence: 'ABSENT', substituteId: id['elue-s'] }),
        'substituteId',
        "Ce membre n'est pas un suppléant en fonction de ce titulaire (MEMB-1).",
      );
      expectFieldError(
        await sec.post(`/sittings/${c.id}/register`, { memberId: id['elue'], presence: 'PRESENT', substituteId: id['elue-s'] }),
        'substituteId',
        'Un suppléant ne siège que pour un titulaire absent (MEMB-1).',
      );
      expect((await member.post(`/sittings/${c.id}/register`, { memberId: id['ddets'], presence: 'PRESENT' })).status).toBe(403);

      const asso1 = expectOk(await sec.post<SittingBody>(`/sittings/${c.id}/register`, { memberId: id['asso1'], presence: 'PRESENT' }));
      expect(asso1.quorum.counted).toBe(14);
      // MAND-1: the holder leaves; the mandate given to the holder no longer counts.
      const arsLeaves = expectOk(await sec.post<SittingBody>(`/sittings/${c.id}/register`, { memberId: id['ars'], presence: 'ABSENT' }));
      expect(arsLeaves.quorum).toMatchObject({ represented: 1, counted: 12 });
      // MAND-1 / MEMB-1: a holder replaced by a suppléant is absent: the suppléant sits for the seat, not for the mandate.
      const elueReplaced = expectOk(
        await sec.post<SittingBody>(`/sittings/${c.id}/register`, { memberId: id['elue'], presence: 'ABSENT', substituteId: id['elue-s'] }),
      );
      expect(row(elueReplaced, 'elue')).toMatchObject({ substituteName: 'M. Bruno Lacroix' });
      expect(elueReplaced.quorum).toMatchObject({ represented: 0, counted: 11 });
      const m = QUORUM_TEXT.exec(elueReplaced.quorum.text);
      expect(m?.slice(1).map(Number)).toEqual([11, 17, 9]);
    });

    it('QUOR-2: a second convocation is refused when the quorum is reached; the sitting then closes', async () => {
      const r = await sec.post<SittingBody>(`/sittings/${c.id}/second-convocation`, { startsAtLocal: `${addDays(day, 7)}T14:00` });
      expect(r.status).toBe(409);
      expect(r.body.message).toBe("Le quorum est atteint (11 membres présents ou représentés sur 17 : quorum atteint (9 requis)) : une seconde convocation n'est pas nécessaire.");
      const closed = expectOk(await sec.post<SittingBody>(`/sittings/${c.id}/close`));
      expect(closed.state).toBe('CLOSED');
      expect((await sec.post(`/sittings/${c.id}/close`)).status).toBe(409);
    });
  });

  describe('QUOR-2: second convocation on the same agenda', () => {
    let d: SittingDto;
    let day: string;
    let onAgenda: string;
    let waiting: string;

    afterAll(async () => {
      await setClock(new Date());
    });

    it('QUOR-2: without quorum, POST /second-convocation creates a linked sitting with the same agenda, locked, quorum reached under QUOR-2; the first is CLOSED', async () => {
      onAgenda = (await completeRequest(t, asso)).id;
      day = dayFromNow(t, 16);
      d = await createSitting(sec, sittingBody('EXAMINATION', day));
      expect(d.agenda.map((i) => i.requestId)).toEqual([onAgenda]);
      d = await convene(sec, d.id);
      // A request completed after the agenda was set: it must not join the second convocation.
      waiting = (await completeRequest(t, asso)).id;
      expectOk(await onBehalf(d.id, 'prefet', 'PRESENT'));
      expectOk(await onBehalf(d.id, 'magistrat', 'PRESENT'));

      await setClock(parisInstant(`${day}T14:10`));
      const opened = expectOk(await sec.post<SittingBody>(`/sittings/${d.id}/open`));
      expect(opened.quorum).toMatchObject({ rule: 'QUOR-1', counted: 2, reached: false });
      expect(opened.quorum.text).toBe('2 membres présents ou représentés sur 17 : quorum non atteint (9 requis)');

      const r = await sec.post<SittingBody>(`/sittings/${d.id}/second-convocation`, { startsAtLocal: `${addDays(day, 8)}T14:00` });
      expect({ status: r.status, error: r.status === 201 ? null : r.body }).toEqual({ status: 201, error: null });
      const second = r.body;
      expect(second).toMatchObject({
        kind: 'EXAMINATION',
        state: 'PLANNED',
        secondConvocationOfId: d.id,
        agendaLocked: true,
        place: d.place,
        startsAt: parisInstant(`${addDays(day, 8)}T14:00`).toISOString(),
      });
      expect(second.agenda.filter((i) => !i.removed).map((i) => i.requestId)).toEqual([onAgenda]);
      expect(second.quorum).toMatchObject({ rule: 'QUOR-2', required: 0, reached: true });
      expect(second.quorum.text).toContain('seconde convocation, la commission délibère sans condition de quorum (QUOR-2)');
      expect(await stateOf(t, onAgenda)).toBe('ON_AGENDA');
      expect(await stateOf(t, waiting)).toBe('COMPLETE');

      const first = await get(sec, d.id);
      expect(first).toMatchObject({ state: 'CLOSED', secondConvocationId: second.id });
      expect(first.agenda.every((i) => i.removed && i.removedReason === `Reporté en seconde convocation (séance n° ${second.number}, QUOR-2)`)).toBe(true);
      const audit: { details: Record<string, unknown> }[] = await t.ds.query(
        `SELECT details FROM audit_event WHERE action = 'sitting.second_convocation' AND entity_id = $1`,
        [d.id],
      );
      expect(audit.map((x) => x.details)).toEqual([{ secondSittingId: second.id, quorum: opened.quorum.text, rule: 'QUOR-2' }]);
      d = second;
    });

    it('QUOR-2: the agenda of the second convocation cannot change; its convocation says that no quorum is required', async () => {
      const add = await sec.post<SittingBody>(`/sittings/${d.id}/agenda`, { kind: 'PSP_REQUEST', requestId: waiting });
      expect(add.status).toBe(409);
      expect(add.body.message).toContain('(QUOR-2)');
      expect((await sec.post(`/sittings/${d.id}/agenda/reopen`)).status).toBe(409);
      expect((await sec.post(`/sittings/${d.id}/agenda/${d.agenda[0].id}/remove`, { reason: 'Non' })).status).toBe(409);
      expect((await sec.post(`/sittings/${d.id}/second-convocation`, { startsAtLocal: `${addDays(day, 20)}T14:00` })).status).toBe(409);

      const convened = await convene(sec, d.id);
      expect(convened.state).toBe('CONVENED');
      const mail = (await sittingMails(t, d.id, 'sitting-convocation'))[0];
      expect(mail.text_body).toContain('Seconde convocation : la commission délibérera valablement sans condition de quorum (QUOR-2).');
      expect(pdfText(Buffer.from(mail.attachments[0].content, 'base64')).replace(/\s+/g, ' ')).toContain('Seconde convocation');
    });
  });

  describe('written deliberation (REM-1, REM-2, REM-3)', () => {
    let w: SittingDto;
    const opens = () => `${dayFromNow(t, 7)}T09:00`;

    afterAll(async () => {
      await setClock(new Date());
    });

    it('REM-1: in a written deliberation, only "remote" or "absent" can be answered', async () => {
      w = await createSitting(sec, {
        kind: 'POLICY',
        mode: 'WRITTEN',
        startsAtLocal: opens(),
        opensAtLocal: opens(),
        earliestCloseAtLocal: `${dayFromNow(t, 10)}T17:00`,
      });
      await addPolicyItem(sec, w.id, 'Avis sur le projet de stratégie');
      w = await convene(sec, w.id);
      expect(w.quorum.rule).toBe('REM-2');
      expectFieldError(await answer(member, w.id, { answer: 'PRESENT' }), 'answer', /seules les réponses « à distance » ou « absent » sont possibles \(REM-1\)/);
      expectFieldError(await answer(member, w.id, { answer: 'MANDATE', mandateHolderId: id['prefet'] }), 'answer');
      expectOk(await answer(member, w.id, { answer: 'REMOTE' }));
    });

    it('REM-3: it cannot open before its announced opening; REM-2: participation from activity; it cannot close before the earliest closing', async () => {
      const opensAt = new Date(w.opensAt as string);
      const closesAt = new Date(w.earliestCloseAt as string);
      await setClock(new Date(opensAt.getTime() - 30 * 60_000));
      const early = await sec.post<SittingBody>(`/sittings/${w.id}/open`);
      expect(early.status).toBe(409);
      expect(early.body.message).toBe("La délibération écrite ne peut pas s'ouvrir avant l'heure annoncée (REM-3).");

      await setClock(new Date(opensAt.getTime() + 30 * 60_000));
      const opened = expectOk(await sec.post<SittingBody>(`/sittings/${w.id}/open`));
      expect(opened.state).toBe('OPEN');
      expect(opened.quorum).toMatchObject({ rule: 'REM-2', base: 17, required: 9, counted: 0, reached: false });

      // REM-1: taking part is recorded from activity (reading, commenting, voting).
      const entity = await t.ds.getRepository(SittingEntity).findOneByOrFail({ id: w.id });
      for (const k of ['prefet', 'magistrat', 'ddfe', 'ddets', 'dipn', 'pj', 'gendarmerie', 'etrangers']) {
        await t.inScope('86', () => t.app.get(AttendanceService).recordActivity(entity, id[k]));
      }
      expect((await get(sec, w.id)).quorum).toMatchObject({ counted: 8, reached: false });
      await t.inScope('86', () => t.app.get(AttendanceService).recordActivity(entity, id['travail']));
      const enough = await get(sec, w.id);
      expect(enough.quorum).toMatchObject({ rule: 'REM-2', counted: 9, reached: true });
      expect(enough.quorum.text).toBe('9 membres ont pris part sur 17 : participation suffisante (9 requis, REM-2)');

      await setClock(new Date(closesAt.getTime() - 60_000));
      const tooEarly = await sec.post<SittingBody>(`/sittings/${w.id}/close`);
      expect(tooEarly.status).toBe(409);
      expect(tooEarly.body.message).toBe('Une délibération écrite ne peut pas être close avant la date de clôture annoncée (REM-3).');

      await setClock(new Date(closesAt.getTime() + 60_000));
      expect(expectOk(await sec.post<SittingBody>(`/sittings/${w.id}/close`)).state).toBe('CLOSED');
    });
  });
});
