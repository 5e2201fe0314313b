import type { CalendarDto, SittingDto } from '@cdlp/shared';
import { ACCOUNT_PASSWORD, createAccount, stateOf } from '../psp-fixtures';
import { PLACE, SittingBody, addPolicyItem, convene, createSitting, dayFromNow, expectFieldError, memberId, parisInstant, pdfText, readSitting as get, sittingBody, sittingMails, startSittingsApp } from '../sitting-fixtures';
import { TestApp, TestClient } from '../test-app';

const live = (s: SittingDto) => s.agenda.filter((i) => !i.removed);
const liveRequestIds = (s: SittingDto) => live(s).map((i) => i.requestId);

/**
 * Sittings (PSP-4, COMP-3, CONV-1, MEET-1): examination sittings and their agenda, policy
 * sittings, and the yearly calendar; the proposals, the validation, the cancellation and
 * the renewals due are sittings-lifecycle.int-spec's.
 */
describe('sittings: planning, agenda, calendar (PSP-4, COMP-3, MEET-1, CONV-1, REM-3)', () => {
  let t: TestApp, sec: TestClient, member: TestClient, admin: TestClient;
  /** The first examination sitting, built from the demo's complete requests. */
  let first: SittingDto;
  let mensah: string, garnier: string, wei: string;

  const reference = async (requestId: string): Promise<string> => {
    const rows: { reference: string }[] = await t.ds.query(`SELECT reference FROM psp_request WHERE id = $1`, [requestId]);
    return rows[0].reference;
  };

  beforeAll(async () => {
    ({ t, sec, member, admin, mensah, garnier, wei } = await startSittingsApp());
  });

  afterAll(() => t?.close());

  describe('examination sittings and their agenda (PSP-4)', () => {
    it('PSP-4: an EXAMINATION sitting fills its agenda with the COMPLETE requests, urgent first then by completion date, and they become ON_AGENDA', async () => {
      expect(await Promise.all([mensah, garnier, wei].map((id) => stateOf(t, id)))).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE']);
      first = await createSitting(sec, sittingBody('EXAMINATION', dayFromNow(t, 20)));
      expect(first).toMatchObject({ kind: 'EXAMINATION', mode: 'IN_PERSON', state: 'PLANNED', place: PLACE, agendaLocked: false, itemCount: 3 });
      expect(first.number).toMatch(/^\d{4}-\d{2}$/);
      expect(first.startsAt).toBe(parisInstant(`${dayFromNow(t, 20)}T14:00`).toISOString());
      // Mensah is urgent (completed 3 days ago); then Garnier (40 days ago) before Wei (8 days ago).
      expect(first.agenda.map((i) => [i.position, i.kind, i.requestId, i.urgent])).toEqual([
        [1, 'PSP_REQUEST', mensah, true],
        [2, 'PSP_REQUEST', garnier, false],
        [3, 'PSP_REQUEST', wei, false],
      ]);
      // DP-2: items are named by their pseudonymous reference.
      for (const item of first.agenda) {
        expect(item.reference).toBe(await reference(item.requestId as string));
        expect(item.title).toBe(item.reference);
        expect(item.associationName).toBe('Association Passerelles Vienne');
      }
      expect(await Promise.all([mensah, garnier, wei].map((id) => stateOf(t, id)))).toEqual(['ON_AGENDA', 'ON_AGENDA', 'ON_AGENDA']);
    });

    it('COMP-3: the members excluded from individual examinations are not convened to a sitting made only of PSP requests', async () => {
      const [ase, pcd] = await Promise.all([memberId(t, 'ase'), memberId(t, 'pcd')]);
      expect(first.members.map((m) => m.memberId)).not.toEqual(expect.arrayContaining([ase]));
      expect(first.members.map((m) => m.memberId)).not.toEqual(expect.arrayContaining([pcd]));
      expect(first.members).toHaveLength(15);
      expect(first.members.every((m) => m.seat === 'TITULAIRE' && !m.excludedFromPsp)).toBe(true);
      const rows: { member_id: string; convened: boolean }[] = await t.ds.query(
        `SELECT member_id, convened FROM sitting_member WHERE sitting_id = $1 AND member_id = ANY($2)`,
        [first.id, [ase, pcd]],
      );
      expect(rows.map((r) => r.convened)).toEqual([false, false]);

      const convened = await convene(sec, first.id);
      expect(convened).toMatchObject({ state: 'CONVENED', agendaLocked: true, urgent: false, agendaChangedSinceConvocation: false });
      const recipients = (await sittingMails(t, first.id, 'sitting-convocation')).map((m) => m.recipient);
      expect(recipients).toHaveLength(15);
      expect(recipients).not.toContain('ase@demo.cdlp.fr');
      expect(recipients).not.toContain('pcd@demo.cdlp.fr');
      expect(recipients).toContain('ddets@demo.cdlp.fr');
    });

    it('CONV-1: after convocation the agenda is locked (409) until reopened, and reopening requires a new convocation', async () => {
      const itemId = first.agenda[1].id;
      const locked = [
        await sec.post<SittingBody>(`/sittings/${first.id}/agenda`, { kind: 'POLICY', title: 'Point divers' }),
        await sec.post<SittingBody>(`/sittings/${first.id}/agenda/${itemId}/remove`, { reason: 'Dossier à compléter' }),
        await sec.put<SittingBody>(`/sittings/${first.id}/agenda/order`, { itemIds: [...first.agenda.map((i) => i.id)].reverse() }),
      ];
      expect(locked.map((r) => r.status)).toEqual([409, 409, 409]);
      expect(locked[0].body.message).toContain('verrouillé');
      // Nothing was sent again: the convocation is unchanged.
      const again = await sec.post<SittingBody>(`/sittings/${first.id}/convocation`, { urgent: false });
      expect(again.status).toBe(409);

      const reopened = await sec.post<SittingBody>(`/sittings/${first.id}/agenda/reopen`);
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({ state: 'CONVENED', agendaLocked: false, agendaChangedSinceConvocation: true });

      // Removing needs a reason; the request goes back to COMPLETE, then back on the agenda.
      expectFieldError(await sec.post(`/sittings/${first.id}/agenda/${itemId}/remove`, {}), 'reason', 'Le motif du retrait est obligatoire.');
      expectFieldError(await sec.post(`/sittings/${first.id}/agenda/${itemId}/remove`, { reason: '' }), 'reason');
      expectFieldError(await sec.post(`/sittings/${first.id}/agenda/${itemId}/remove`, { reason: '   ' }), 'reason', 'Le motif du retrait est obligatoire.');
      const removed = await sec.post<SittingBody>(`/sittings/${first.id}/agenda/${itemId}/remove`, { reason: 'Pièce à vérifier' });
      expect(removed.status).toBe(200);
      expect(liveRequestIds(removed.body)).toEqual([mensah, wei]);
      expect(live(removed.body).map((i) => i.position)).toEqual([1, 2]);
      expect(removed.body.agenda.find((i) => i.id === itemId)).toMatchObject({ removed: true, removedReason: 'Pièce à vérifier' });
      expect(await stateOf(t, garnier)).toBe('COMPLETE');
      const readded = await sec.post<SittingBody>(`/sittings/${first.id}/agenda`, { kind: 'PSP_REQUEST', requestId: garnier });
      expect(readded.status).toBe(201);
      expect(liveRequestIds(readded.body)).toEqual([mensah, wei, garnier]);
      expect(await stateOf(t, garnier)).toBe('ON_AGENDA');

      // A new convocation goes to every member, and locks the agenda again.
      const before = (await sittingMails(t, first.id, 'sitting-convocation')).length;
      const reconvened = await convene(sec, first.id);
      expect(reconvened).toMatchObject({ state: 'CONVENED', agendaLocked: true, agendaChangedSinceConvocation: false });
      const mails = await sittingMails(t, first.id, 'sitting-convocation');
      expect(mails.length - before).toBe(15);
      expect(mails.slice(before).every((m) => m.subject.startsWith('Nouvelle convocation : séance n° '))).toBe(true);
      expect((await sec.post(`/sittings/${first.id}/convocation`, { urgent: false })).status).toBe(409);
      first = reconvened;
    });

    it('COMP-3: on a mixed sitting the excluded members are convened, but a member excluded sees no PSP item (GET and agenda PDF)', async () => {
      await sec.post(`/sittings/${first.id}/agenda/reopen`);
      const mixed = await addPolicyItem(sec, first.id, 'Bilan annuel de la coordination mineurs', 'Conseil départemental');
      const ase = await memberId(t, 'ase');
      expect(mixed.members.find((m) => m.memberId === ase)).toMatchObject({ name: 'Mme Agnès Collet', excludedFromPsp: true });
      expect(mixed.members).toHaveLength(17);
      first = await convene(sec, first.id);
      const recipients = (await sittingMails(t, first.id, 'sitting-convocation')).map((m) => m.recipient);
      expect(recipients).toContain('ase@demo.cdlp.fr');
      expect(recipients).toContain('pcd@demo.cdlp.fr');

      const aseEmail = await createAccount(t, admin, { role: 'MEMBER', memberId: ase });
      const aseClient = await t.login(aseEmail, ACCOUNT_PASSWORD);
      const seenByExcluded = await get(aseClient, first.id);
      expect(seenByExcluded.agenda.map((i) => i.kind)).toEqual(['POLICY']);
      expect(seenByExcluded.agenda[0].title).toBe('Bilan annuel de la coordination mineurs');
      expect(seenByExcluded.myMemberId).toBe(ase);
      const seenByMember = await get(member, first.id);
      expect(seenByMember.agenda.map((i) => i.kind)).toEqual(['PSP_REQUEST', 'PSP_REQUEST', 'PSP_REQUEST', 'POLICY']);
      // Removed items are not shown to members.
      expect(seenByMember.agenda.every((i) => !i.removed)).toBe(true);

      const refs = await Promise.all([mensah, garnier, wei].map(reference));
      const pdfOf = async (c: TestClient) => {
        const res = await fetch(`${t.baseUrl}/sittings/${first.id}/agenda.pdf`, {
          headers: { cookie: Object.entries(c.cookies).map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        expect(res.status).toBe(200);
        return pdfText(Buffer.from(await res.arrayBuffer()));
      };
      const excludedPdf = await pdfOf(aseClient);
      expect(excludedPdf).toContain('Bilan annuel de la coordination mineurs');
      for (const ref of refs) expect(excludedPdf).not.toContain(ref);
      const memberPdf = await pdfOf(member);
      for (const ref of refs) expect(memberPdf).toContain(ref);

      // The convocations sent: the same filtering in the attached agenda PDF.
      const mails = await sittingMails(t, first.id, 'sitting-convocation');
      const latest = (email: string) => pdfText(Buffer.from(mails.filter((m) => m.recipient === email).slice(-1)[0].attachments[0].content, 'base64'));
      const asePdf = latest('ase@demo.cdlp.fr');
      expect(asePdf).toContain('Bilan annuel de la coordination mineurs');
      for (const ref of refs) expect(asePdf).not.toContain(ref);
      const ddetsPdf = latest('ddets@demo.cdlp.fr');
      expect(ddetsPdf).toContain('Bilan annuel de la coordination mineurs');
      for (const ref of refs) expect(ddetsPdf).toContain(ref);
    });
  });

  describe('policy sittings: free items until the convocation', () => {
    it('POLICY: items are added, removed with a reason and reordered until the convocation, then locked', async () => {
      const s = await createSitting(sec, sittingBody('POLICY', dayFromNow(t, 30), { title: 'Stratégie départementale' }));
      expect(s).toMatchObject({ kind: 'POLICY', state: 'PLANNED', title: 'Stratégie départementale', itemCount: 0, agenda: [] });
      // Everyone sits on a policy sitting, the COMP-3 members included.
      expect(s.members).toHaveLength(17);
      await addPolicyItem(sec, s.id, 'Diagnostic départemental', 'DDETS');
      await addPolicyItem(sec, s.id, 'Axe 1 : repérage');
      const three = await addPolicyItem(sec, s.id, 'Axe 2 : accompagnement');
      expect(three.agenda.map((i) => [i.position, i.title, i.presenter])).toEqual([
        [1, 'Diagnostic départemental', 'DDETS'],
        [2, 'Axe 1 : repérage', null],
        [3, 'Axe 2 : accompagnement', null],
      ]);

      const psp = await sec.post(`/sittings/${s.id}/agenda`, { kind: 'PSP_REQUEST', requestId: garnier });
      expectFieldError(psp, 'kind', "Les demandes de parcours ne s'examinent qu'en séance d'examen.");
      expectFieldError(await sec.post(`/sittings/${s.id}/agenda`, { kind: 'POLICY', title: '  ' }), 'title', 'Le titre du point est obligatoire.');
      expectFieldError(await sec.post(`/sittings/${s.id}/agenda`, { kind: 'POLICY' }), 'title', 'Le titre du point est obligatoire.');

      const [a, b, c] = three.agenda.map((i) => i.id);
      expectFieldError(await sec.post(`/sittings/${s.id}/agenda/${b}/remove`, {}), 'reason', 'Le motif du retrait est obligatoire.');
      const removed = await sec.post<SittingBody>(`/sittings/${s.id}/agenda/${b}/remove`, { reason: 'Reporté à la prochaine séance' });
      expect(removed.status).toBe(200);
      expect(live(removed.body).map((i) => [i.position, i.id])).toEqual([
        [1, a],
        [2, c],
      ]);
      expect(removed.body.itemCount).toBe(2);
      const audit: { details: Record<string, unknown> }[] = await t.ds.query(
        `SELECT details FROM audit_event WHERE action = 'agenda.item_removed' AND entity_id = $1`,
        [s.id],
      );
      expect(audit.map((x) => x.details)).toEqual([expect.objectContaining({ itemId: b, reason: 'Reporté à la prochaine séance' })]);
      expect((await sec.post(`/sittings/${s.id}/agenda/${b}/remove`, { reason: 'Encore' })).status).toBe(404);

      expectFieldError(await sec.put(`/sittings/${s.id}/agenda/order`, { itemIds: [c] }), 'itemIds');
      expectFieldError(await sec.put(`/sittings/${s.id}/agenda/order`, { itemIds: [c, c] }), 'itemIds');
      expectFieldError(await sec.put(`/sittings/${s.id}/agenda/order`, { itemIds: [c, b] }), 'itemIds');
      const reordered = await sec.put<SittingBody>(`/sittings/${s.id}/agenda/order`, { itemIds: [c, a] });
      expect(reordered.status).toBe(200);
      expect(live(reordered.body).map((i) => [i.position, i.id])).toEqual([
        [1, c],
        [2, a],
      ]);

      await convene(sec, s.id);
      expect((await sec.post(`/sittings/${s.id}/agenda`, { kind: 'POLICY', title: 'Point tardif' })).status).toBe(409);
      expect((await sec.put(`/sittings/${s.id}/agenda/order`, { itemIds: [a, c] })).status).toBe(409);
      expect((await sec.post(`/sittings/${s.id}/agenda/${a}/remove`, { reason: 'Trop tard' })).status).toBe(409);
      // A member cannot edit the agenda at all.
      expect((await member.post(`/sittings/${s.id}/agenda/reopen`)).status).toBe(403);
    });

    it('CONV-1: an empty agenda cannot be convened', async () => {
      const s = await createSitting(sec, sittingBody('MINORS', dayFromNow(t, 31)));
      const r = await sec.post<SittingBody>(`/sittings/${s.id}/convocation`, { urgent: false });
      expect(r.status).toBe(409);
      expect(r.body.message).toContain("L'ordre du jour est vide");
    });
  });

  describe('MEET-1: at least two policy sittings a year', () => {
    it('MEET-1: the calendar warns with fewer than two policy sittings in the year, not with two', async () => {
      // A year no other test plans sittings in.
      const year = Number(dayFromNow(t, 0).slice(0, 4)) + 2;
      const calendar = async () => {
        const r = await sec.get<CalendarDto>(`/sittings/calendar?year=${year}`);
        expect(r.status).toBe(200);
        return r.body;
      };
      expect(await calendar()).toMatchObject({
        year,
        sittings: [],
        policySittings: 0,
        meet1Warning: `Aucune séance consacrée à la stratégie n'est prévue en ${year} : la commission doit en tenir au moins deux par an (MEET-1).`,
      });
      await createSitting(sec, sittingBody('POLICY', `${year}-03-12`));
      // A sitting of another kind does not count.
      await createSitting(sec, sittingBody('MINORS', `${year}-05-20`));
      expect(await calendar()).toMatchObject({
        policySittings: 1,
        meet1Warning: `Une seule séance consacrée à la stratégie n'est prévue en ${year} : la commission doit en tenir au moins deux par an (MEET-1).`,
      });
      const second = await createSitting(sec, sittingBody('POLICY', `${year}-11-19`));
      const two = await calendar();
      expect(two).toMatchObject({ policySittings: 2, meet1Warning: null });
      expect(two.sittings.map((s) => s.kind)).toEqual(['POLICY', 'MINORS', 'POLICY']);
      // A cancelled sitting does not count.
      expect((await sec.post(`/sittings/${second.id}/cancel`, { reason: 'Salle indisponible' })).status).toBe(200);
      expect(await calendar()).toMatchObject({ policySittings: 1, meet1Warning: expect.stringContaining('(MEET-1)') });
    });
  });
});
