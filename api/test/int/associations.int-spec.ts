import { randomUUID } from 'node:crypto';
import { AssociationDto, PageDto, addDays, addYears, parisDate } from '@cdlp/shared';
import { count, lastAuditId } from '../fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

interface ErrorBody {
  statusCode: number;
  message: string;
  errors?: { field: string; message: string }[];
}

const body = (over: Record<string, unknown> = {}) => ({
  name: `Association ${randomUUID().slice(0, 8)}`,
  email: `contact-${randomUUID().slice(0, 8)}@example.fr`,
  phone: '05 49 00 00 00',
  address: '1 rue de la Paix, 86000 Poitiers',
  approvalOrderRef: 'Arrêté préfectoral n° 2026-DDETS-100',
  approvalStart: '2026-01-01',
  departementCodes: ['86'],
  ...over,
});

describe('approved associations (PSP-2)', () => {
  let t: TestApp;
  let sec: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    sec = await t.login(DEMO.secretariat);
  });

  afterAll(async () => {
    await t.close();
  });

  const today = () => parisDate(t.clock.now());
  const list = (query = '') => sec.get<PageDto<AssociationDto>>(`/associations${query}`);

  async function expectRefused(send: unknown, errors: { field: string; message: string }[]): Promise<ErrorBody> {
    const rows = await count(t, 'association');
    const audit = await lastAuditId(t);
    const r = await sec.post<ErrorBody>('/associations', send);
    expect(r.status).toBe(400);
    for (const e of errors) expect(r.body.errors).toContainEqual(e);
    expect(await count(t, 'association')).toBe(rows);
    expect(await lastAuditId(t)).toBe(audit);
    return r.body;
  }

  describe('approval period', () => {
    it.each([
      ['2026-01-01', '2028-12-31'],
      ['2025-07-15', '2028-07-14'],
      ['2024-02-29', '2027-02-28'],
      ['2025-03-01', '2028-02-29'],
    ])('PSP-2: an approval starting %s ends %s (start + 3 years - 1 day), computed and stored', async (start, end) => {
      const r = await sec.post<AssociationDto>('/associations', body({ approvalStart: start }));
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ approvalStart: start, approvalEnd: end });
      const rows: { approval_end: string }[] = await t.ds.query(
        `SELECT approval_end::text AS approval_end FROM association WHERE id = $1`,
        [r.body.id],
      );
      expect(rows[0].approval_end).toBe(end);
    });

    it('PSP-2: the end of the approval cannot be typed in', async () => {
      await expectRefused(body({ approvalEnd: '2099-12-31' }), [
        { field: 'approvalEnd', message: "Le champ « approvalEnd » n'est pas attendu." },
      ]);
    });

    it('PSP-2: the end is computed again when the start changes', async () => {
      const created = await sec.post<AssociationDto>('/associations', body());
      const r = await sec.put<AssociationDto>(`/associations/${created.body.id}`, body({ name: created.body.name, approvalStart: '2026-04-15' }));
      expect(r.status).toBe(200);
      expect(r.body.approvalEnd).toBe('2029-04-14');
      expect((await sec.get<AssociationDto>(`/associations/${created.body.id}`)).body.approvalEnd).toBe('2029-04-14');
    });

    it('PSP-2: the demo association "Horizons Solidaires", approved more than 3 years ago, is not valid today', async () => {
      const r = await list('?search=horizons');
      expect(r.body.items).toHaveLength(1);
      const h = r.body.items[0];
      expect(h.name).toBe('Horizons Solidaires');
      expect(h.approvalValidToday).toBe(false);
      expect(h.approvalEnd < today()).toBe(true);
      // Expired is not ended: it stays in the active list, with its history.
      expect(h.active).toBe(true);
      expect(h.endedAt).toBeNull();
    });

    it('PSP-2: the other demo associations are valid today', async () => {
      const r = await list('?pageSize=50');
      const valid = Object.fromEntries(r.body.items.map((a) => [a.name, a.approvalValidToday]));
      expect(valid['Association Passerelles Vienne']).toBe(true);
      expect(valid['CIDFF de la Vienne']).toBe(true);
    });

    it('PSP-2: an approval that starts tomorrow is not valid yet', async () => {
      const r = await sec.post<AssociationDto>('/associations', body({ approvalStart: addDays(today(), 1) }));
      expect(r.body.approvalValidToday).toBe(false);
    });

    it('PSP-2: an approval is valid on its last day and no longer the day after', async () => {
      const start = addDays(addYears(today(), -3), 1);
      const r = await sec.post<AssociationDto>('/associations', body({ approvalStart: start }));
      expect(r.body.approvalEnd).toBe(today());
      expect(r.body.approvalValidToday).toBe(true);
      t.clock.advance(86_400_000);
      sec = await t.login(DEMO.secretariat);
      expect((await sec.get<AssociationDto>(`/associations/${r.body.id}`)).body.approvalValidToday).toBe(false);
    });

    it('PSP-2: "today" is the day in Paris, not in UTC', async () => {
      const r = await sec.post<AssociationDto>('/associations', body({ approvalStart: '2024-01-10' }));
      expect(r.body.approvalEnd).toBe('2027-01-09');
      try {
        // 22:30 UTC on 9 January is 23:30 in Paris: still the last day.
        t.clock.setNow(new Date('2027-01-09T22:30:00Z'));
        sec = await t.login(DEMO.secretariat);
        expect((await sec.get<AssociationDto>(`/associations/${r.body.id}`)).body.approvalValidToday).toBe(true);
        // 23:30 UTC is already 10 January in Paris.
        t.clock.setNow(new Date('2027-01-09T23:30:00Z'));
        sec = await t.login(DEMO.secretariat);
        expect((await sec.get<AssociationDto>(`/associations/${r.body.id}`)).body.approvalValidToday).toBe(false);
      } finally {
        t.clock.setNow(new Date());
        sec = await t.login(DEMO.secretariat);
      }
    });
  });

  describe('end of approval (history kept)', () => {
    it('ends an approval: the association leaves the active list, stays readable, nothing is deleted', async () => {
      const created = await sec.post<AssociationDto>('/associations', body({ name: 'Association Retirée' }));
      const rows = await count(t, 'association');
      const r = await sec.post<AssociationDto>(`/associations/${created.body.id}/end`, { endDate: today(), reason: 'Retrait de l’agrément' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ endedAt: today(), endReason: 'Retrait de l’agrément', active: false, approvalValidToday: false });
      expect(await count(t, 'association')).toBe(rows);
      expect((await list('?search=retiree')).body.total).toBe(0);
      expect((await list('?status=ended&search=retiree')).body.items.map((a) => a.id)).toEqual([created.body.id]);
      expect((await list('?status=all&search=retiree')).body.total).toBe(1);
      expect((await sec.get<AssociationDto>(`/associations/${created.body.id}`)).body.endedAt).toBe(today());
      expect(await count(t, 'audit_event', `action = 'association.approval_ended' AND entity_id = $1`, [created.body.id])).toBe(1);
    });

    it('refuses to end an approval twice (409) or before it starts (400, field endDate)', async () => {
      const created = await sec.post<AssociationDto>('/associations', body({ approvalStart: '2026-03-01' }));
      const early = await sec.post<ErrorBody>(`/associations/${created.body.id}/end`, { endDate: '2026-02-28', reason: 'Erreur' });
      expect(early.status).toBe(400);
      expect(early.body.errors).toEqual([{ field: 'endDate', message: "La date de fin ne peut pas précéder le début de l'agrément." }]);
      expect((await sec.post(`/associations/${created.body.id}/end`, { endDate: '2026-06-30', reason: 'Dissolution' })).status).toBe(200);
      const twice = await sec.post<ErrorBody>(`/associations/${created.body.id}/end`, { endDate: '2026-07-30', reason: 'Dissolution' });
      expect(twice.status).toBe(409);
      expect(twice.body.message).toBe("L'agrément de cette association a déjà pris fin.");
    });
  });

  describe('validation and reading', () => {
    it('refuses an empty body with French messages naming every field', async () => {
      const r = await expectRefused({}, [
        { field: 'name', message: "Le nom de l'association est obligatoire." },
        { field: 'email', message: "L'adresse électronique n'est pas valide." },
        { field: 'approvalOrderRef', message: "La référence de l'arrêté d'agrément est obligatoire." },
        { field: 'approvalStart', message: "La date de début de l'agrément doit être une date au format AAAA-MM-JJ." },
        { field: 'departementCodes', message: 'Indiquez au moins un département couvert.' },
      ]);
      expect(r.message).toBe('Certains champs sont invalides. Corrigez-les puis réessayez.');
    });

    it.each([
      [[], 'Indiquez au moins un département couvert.'],
      [['860'], 'Un code de département est invalide.'],
      [['86', 'XX'], 'Un code de département est invalide.'],
      [['75'], "L'agrément doit couvrir au moins un département géré par le portail (reçu : 75)."],
    ])('refuses the départements %j', async (codes, message) => {
      await expectRefused(body({ departementCodes: codes }), [{ field: 'departementCodes', message }]);
    });

    it('refuses a malformed start date, phone or e-mail', async () => {
      await expectRefused(body({ approvalStart: '01/01/2026', phone: 'abc', email: 'contact' }), [
        { field: 'approvalStart', message: "La date de début de l'agrément doit être une date au format AAAA-MM-JJ." },
        { field: 'phone', message: "Le numéro de téléphone n'est pas valide." },
        { field: 'email', message: "L'adresse électronique n'est pas valide." },
      ]);
    });

    it('accepts neighbouring départements, removes duplicates and sorts the codes', async () => {
      const r = await sec.post<AssociationDto>('/associations', body({ departementCodes: ['86', '79', '86', '2A'] }));
      expect(r.status).toBe(201);
      expect(r.body.departementCodes).toEqual(['2A', '79', '86']);
    });

    it('searches names without regard to accents or case', async () => {
      await sec.post('/associations', body({ name: 'Équipe Éducative de Châtellerault' }));
      const r = await list(`?search=${encodeURIComponent('equipe educative de chatellerault')}`);
      expect(r.body.items.map((a) => a.name)).toEqual(['Équipe Éducative de Châtellerault']);
      expect((await list('?search=CIDFF')).body.items.map((a) => a.name)).toEqual(['CIDFF de la Vienne']);
    });

    it('answers 404 with a French message for an unknown association', async () => {
      const r = await sec.get<ErrorBody>(`/associations/${randomUUID()}`);
      expect(r.status).toBe(404);
      expect(r.body.message).toBe('Association introuvable.');
    });
  });
});
