import type { PspRequestDto, SittingDto, WrittenDeliberationProposalDto } from '@cdlp/shared';
import { completeRequest, demoRequestId, stateOf, uploadAll } from '../psp-fixtures';
import { SittingBody, addPolicyItem, convene, createSitting, dayFromNow, expectFieldError, parisInstant, readSitting as get, sittingBody, sittingMails, startSittingsApp, unfoldIcs } from '../sitting-fixtures';
import { TestApp, TestClient } from '../test-app';

const live = (s: SittingDto) => s.agenda.filter((i) => !i.removed);
const liveRequestIds = (s: SittingDto) => live(s).map((i) => i.requestId);

/**
 * Sittings (PSP-4, REM-1, REM-3): the proposals of written deliberations, the validation of
 * a sitting, its cancellation, and the renewals due before a sitting; the agenda and the
 * calendar are sittings-agenda.int-spec's.
 */
describe('sittings: planning, agenda, calendar (PSP-4, COMP-3, MEET-1, CONV-1, REM-3)', () => {
  let t: TestApp, sec: TestClient, member: TestClient, asso: TestClient;

  beforeAll(async () => {
    ({ t, sec, member, asso } = await startSittingsApp());
    // As in sittings-agenda: the demo's complete requests are on the agenda of an examination sitting in 20 days.
    await createSitting(sec, sittingBody('EXAMINATION', dayFromNow(t, 20)));
  });

  afterAll(() => t?.close());

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
