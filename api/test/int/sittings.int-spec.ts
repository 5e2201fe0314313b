import type { CalendarDto, PspRequestDto, SittingDto, WrittenDeliberationProposalDto } from '@cdlp/shared';
import {
  ACCOUNT_PASSWORD,
  completeRequest,
  createAccount,
  demoRequestId,
  stateOf,
  uploadAll,
} from '../psp-fixtures';
import {
  PLACE,
  SittingBody,
  addPolicyItem,
  convene,
  createSitting,
  dayFromNow,
  expectFieldError,
  memberId,
  parisInstant,
  pdfText,
  sittingBody,
  sittingMails,
  unfoldIcs,
} from '../sitting-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

const live = (s: SittingDto) => s.agenda.filter((i) => !i.removed);
const liveRequestIds = (s: SittingDto) => live(s).map((i) => i.requestId);

describe('sittings: planning, agenda, calendar (PSP-4, COMP-3, MEET-1, CONV-1, REM-3)', () => {
  let t: TestApp;
  let sec: TestClient;
  let member: TestClient;
  let asso: TestClient;
  let admin: TestClient;
  /** The first examination sitting, built from the demo's complete requests. */
  let first: SittingDto;
  let mensah: string;
  let garnier: string;
  let wei: string;

  const reference = async (requestId: string): Promise<string> => {
    const rows: { reference: string }[] = await t.ds.query(`SELECT reference FROM psp_request WHERE id = $1`, [requestId]);
    return rows[0].reference;
  };
  const get = async (c: TestClient, id: string): Promise<SittingDto> => {
    const r = await c.get<SittingBody>(`/sittings/${id}`);
    if (r.status !== 200) throw new Error(`get sitting: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    [sec, member, asso, admin] = await Promise.all([
      t.login(DEMO.secretariat),
      t.login(DEMO.member),
      t.login(DEMO.association),
      t.login(DEMO.admin),
    ]);
    mensah = await demoRequestId(t, 'Mensah');
    garnier = await demoRequestId(t, 'Garnier');
    wei = await demoRequestId(t, 'Wei');
  });

  afterAll(async () => {
    await t?.close();
  });

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

  describe('PSP-4: reactivity, written deliberation proposals (REM-1, REM-3)', () => {
    let request: PspRequestDto;
    const proposals = async () => {
      const r = await sec.get<WrittenDeliberationProposalDto[]>('/sittings/proposals');
      expect(r.status).toBe(200);
      return r.body;
    };

    it('PSP-4: a complete request with no examination sitting within 15 days is proposed for a written deliberation', async () => {
      request = await completeRequest(t, asso);
      const list = await proposals();
      const mine = list.find((p) => p.requestId === request.id);
      expect(mine).toMatchObject({ reference: request.reference, daysWaiting: 0 });
      expect(mine?.message).toMatch(/une délibération électronique écrite permet de rendre l'avis/i);
      expect(mine?.message).toContain('(PSP-4)');
      // The proposals are for the secretariat and the president only.
      expect((await member.get('/sittings/proposals')).status).toBe(403);
    });

    it('PSP-4: no proposal while an examination sitting is planned within 15 days', async () => {
      const soon = await createSitting(sec, sittingBody('EXAMINATION', dayFromNow(t, 10)));
      expect(liveRequestIds(soon)).toContain(request.id);
      const item = live(soon).find((i) => i.requestId === request.id);
      await sec.post(`/sittings/${soon.id}/agenda/${item?.id}/remove`, { reason: 'Présentation par écrit' });
      expect(await stateOf(t, request.id)).toBe('COMPLETE');
      expect(await proposals()).toEqual([]);
      // Once that sitting is cancelled, the proposal comes back.
      expect((await sec.post(`/sittings/${soon.id}/cancel`, { reason: 'Report' })).status).toBe(200);
      expect((await proposals()).map((p) => p.requestId)).toContain(request.id);
    });

    it('REM-3: one click creates a written deliberation whose window respects the minimum duration and the convocation delay', async () => {
      const r = await sec.post<SittingBody>('/sittings/written-deliberation', { requestIds: [request.id] });
      expect(r.status).toBe(201);
      const s = r.body;
      expect(s).toMatchObject({ kind: 'EXAMINATION', mode: 'WRITTEN', state: 'PLANNED', title: 'Délibération électronique écrite' });
      expect(liveRequestIds(s)).toEqual([request.id]);
      expect(await stateOf(t, request.id)).toBe('ON_AGENDA');
      const opens = new Date(s.opensAt as string).getTime();
      const closes = new Date(s.earliestCloseAt as string).getTime();
      expect(closes - opens).toBeGreaterThanOrEqual(48 * 3_600_000);
      expect(s.startsAt).toBe(s.opensAt);
      expect(s.opensAt).toBe(parisInstant(`${dayFromNow(t, 5)}T09:00`).toISOString());
      // CONV-2: convening now is on time.
      expect(s.convocationOnTime).toBe(true);
      expect(s.quorum.rule).toBe('REM-2');
      // Only complete requests, not on another agenda.
      expectFieldError(await sec.post('/sittings/written-deliberation', { requestIds: [request.id] }), 'requestIds');
      expectFieldError(await sec.post('/sittings/written-deliberation', { requestIds: [] }), 'requestIds');
    });
  });

  describe('validation (400 with fields)', () => {
    const lastSundayOfMarch = (year: number) => {
      const d = new Date(Date.UTC(year, 2, 31));
      d.setUTCDate(31 - d.getUTCDay());
      return d.toISOString().slice(0, 10);
    };

    it('a sitting in the past is refused', async () => {
      const r = await sec.post('/sittings', sittingBody('POLICY', dayFromNow(t, -1)));
      expectFieldError(r, 'startsAtLocal', 'La séance ne peut pas être programmée dans le passé.');
    });

    it('REM-3: a written deliberation cannot open in the past', async () => {
      const r = await sec.post('/sittings', {
        kind: 'POLICY',
        mode: 'WRITTEN',
        startsAtLocal: `${dayFromNow(t, 10)}T09:00`,
        opensAtLocal: `${dayFromNow(t, -2)}T09:00`,
        earliestCloseAtLocal: `${dayFromNow(t, 10)}T17:00`,
      });
      expectFieldError(r, 'opensAtLocal', 'La délibération écrite ne peut pas s’ouvrir dans le passé.');
    });

    it('a time that does not exist in Paris (spring DST change) is refused', async () => {
      const day = lastSundayOfMarch(Number(dayFromNow(t, 0).slice(0, 4)) + 1);
      const r = await sec.post('/sittings', { ...sittingBody('POLICY', day), startsAtLocal: `${day}T02:30` });
      expectFieldError(r, 'startsAtLocal', `L’heure 02:30 n’existe pas le ${day} à Paris (passage à l’heure d’été).`);
    });

    it('REM-3: a written deliberation shorter than 48 hours is refused', async () => {
      const r = await sec.post('/sittings', {
        kind: 'POLICY',
        mode: 'WRITTEN',
        startsAtLocal: `${dayFromNow(t, 10)}T09:00`,
        opensAtLocal: `${dayFromNow(t, 10)}T09:00`,
        earliestCloseAtLocal: `${dayFromNow(t, 12)}T08:59`,
      });
      expectFieldError(r, 'earliestCloseAtLocal', 'Une délibération écrite dure au moins 48 heures entre son ouverture et sa clôture au plus tôt (REM-3).');
      const missing = await sec.post('/sittings', { kind: 'POLICY', mode: 'WRITTEN', startsAtLocal: `${dayFromNow(t, 10)}T09:00` });
      expect(missing.status).toBe(400);
      expect(new Set((missing.body as { errors: { field: string }[] }).errors.map((e) => e.field))).toEqual(
        new Set(['opensAtLocal', 'earliestCloseAtLocal']),
      );
    });

    it('an in-person sitting needs a place; a video sitting needs a link', async () => {
      expectFieldError(await sec.post('/sittings', sittingBody('POLICY', dayFromNow(t, 10), { place: '  ' })), 'place', 'Indiquez le lieu de la séance.');
      expectFieldError(
        await sec.post('/sittings', sittingBody('POLICY', dayFromNow(t, 10), { mode: 'VIDEO', place: null })),
        'videoLink',
        'Indiquez le lien de visioconférence.',
      );
    });

    it('a malformed date, kind or mode is refused', async () => {
      expectFieldError(await sec.post('/sittings', sittingBody('POLICY', dayFromNow(t, 10), { startsAtLocal: '10/06/2030 14:00' })), 'startsAtLocal');
      expectFieldError(await sec.post('/sittings', { ...sittingBody('POLICY', dayFromNow(t, 10)), kind: 'AUTRE' }), 'kind');
      expectFieldError(await sec.post('/sittings', { ...sittingBody('POLICY', dayFromNow(t, 10)), mode: 'TELEPATHIE' }), 'mode');
    });

    it('nothing is created by a refused request', async () => {
      const rows: { n: number }[] = await t.ds.query(`SELECT count(*)::int AS n FROM sitting WHERE starts_at < now()`);
      expect(rows[0].n).toBe(0);
    });
  });

  describe('cancellation', () => {
    it('cancelling releases the agenda (requests back to COMPLETE) and notifies the convened members with a calendar cancellation', async () => {
      const r = await completeRequest(t, asso);
      const s = await createSitting(sec, sittingBody('EXAMINATION', dayFromNow(t, 25)));
      const requestIds = liveRequestIds(s) as string[];
      expect(requestIds).toContain(r.id);
      await convene(sec, s.id);
      const convened = (await get(sec, s.id)).members.map((m) => m.memberId);

      expectFieldError(await sec.post(`/sittings/${s.id}/cancel`, {}), 'reason', "Le motif de l'annulation est obligatoire.");
      expectFieldError(await sec.post(`/sittings/${s.id}/cancel`, { reason: ' ' }), 'reason', "Le motif de l'annulation est obligatoire.");
      const cancelled = await sec.post<SittingBody>(`/sittings/${s.id}/cancel`, { reason: 'Préfète indisponible' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.state).toBe('CANCELLED');
      expect(live(cancelled.body)).toEqual([]);
      expect(cancelled.body.agenda.every((i) => i.removedReason === 'Séance annulée : Préfète indisponible')).toBe(true);
      for (const id of requestIds) expect(await stateOf(t, id)).toBe('COMPLETE');

      const mails = await sittingMails(t, s.id, 'sitting-cancelled');
      const emails: { email: string }[] = await t.ds.query(`SELECT email FROM member WHERE id = ANY($1)`, [convened]);
      expect(mails.map((m) => m.recipient).sort()).toEqual(emails.map((e) => e.email).sort());
      expect(mails[0].subject).toMatch(new RegExp(`^Annulation : séance n° ${s.number} du `));
      expect(mails[0].text_body).toContain('Motif : Préfète indisponible');
      const ics = unfoldIcs(Buffer.from(mails[0].attachments[0].content, 'base64').toString('utf8'));
      expect(ics).toContain('METHOD:CANCEL');
      expect(ics).toContain('STATUS:CANCELLED');
      expect(ics).toContain(`UID:sitting-${s.id}@cdlp`);

      expect((await sec.post(`/sittings/${s.id}/cancel`, { reason: 'Encore' })).status).toBe(409);
      expect((await sec.post(`/sittings/${s.id}/convocation`, { urgent: false })).status).toBe(409);
    });

    it('cancelling a sitting that was never convened sends nothing', async () => {
      const s = await createSitting(sec, sittingBody('POLICY', dayFromNow(t, 26)));
      await addPolicyItem(sec, s.id, 'Point unique');
      expect((await sec.post(`/sittings/${s.id}/cancel`, { reason: 'Doublon' })).status).toBe(200);
      expect(await sittingMails(t, s.id)).toEqual([]);
    });
  });

  describe('PSP-4: renewals due before the sitting', () => {
    it('PSP-4: a renewal whose period ends before the sitting comes before earlier-completed initial requests; otherwise by completion date', async () => {
      const initial = await completeRequest(t, asso);
      const pathway: { id: string; end_date: string }[] = await t.ds.query(
        `SELECT p.id, pp.end_date::text AS end_date FROM pathway p JOIN pathway_period pp ON pp.pathway_id = p.id
          WHERE p.initial_request_id = $1 ORDER BY pp.idx DESC LIMIT 1`,
        [await demoRequestId(t, 'Nkemelu')],
      );
      const filed = await asso.post<PspRequestDto>(`/pathways/${pathway[0].id}/renewals`, { dossier: { progressReport: 'Bilan : engagements tenus.' } });
      expect(filed.status).toBe(201);
      await uploadAll(t, asso, filed.body.id, 'RENEWAL');
      const renewal = await asso.post<PspRequestDto>(`/psp-requests/${filed.body.id}/submit`);
      expect(renewal.body.state).toBe('COMPLETE');

      const periodEnd = pathway[0].end_date;
      const addDaysTo = (date: string, n: number) => new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
      const order = (s: SittingDto) => liveRequestIds(s).filter((id) => id === initial.id || id === renewal.body.id);

      // Sitting before the end of the period: by completion date, the initial request first.
      const before = await createSitting(sec, sittingBody('EXAMINATION', addDaysTo(periodEnd, -10)));
      expect(order(before)).toEqual([initial.id, renewal.body.id]);
      await sec.post(`/sittings/${before.id}/cancel`, { reason: 'Test' });
      // Sitting after the end of the period: the renewal is due and comes first.
      const after = await createSitting(sec, sittingBody('EXAMINATION', addDaysTo(periodEnd, 5)));
      expect(order(after)).toEqual([renewal.body.id, initial.id]);
      expect(live(after).find((i) => i.requestId === renewal.body.id)?.requestKind).toBe('RENEWAL');
    });
  });
});
