import { ConflictException } from '@nestjs/common';
import type { PageDto, PathwayDto, PspRequestDto } from '@cdlp/shared';
import { addDays, daysBetween, parisDate, periodEnd } from '@cdlp/shared';
import { UserEntity } from '../../src/core/auth/user.entity';
import { PathwaysService } from '../../src/pathways/pathways.service';
import { PspRequestsService } from '../../src/psp-requests/psp-requests.service';
import { ErrorBody, PASSERELLES, RENEWAL_CODES, associationId, auditRows, completeRequest, countRows, fullDossier, inTx, outbox, parisNoon, stateOf, upload, uploadAll } from '../psp-fixtures';
import { OWN_PERSON, RECIPIENTS, authorise as authoriseIn, fileRenewal as fileRenewalIn, getPathway, startPathwaysApp } from '../pathway-fixtures';
import { DEMO, TestApp, TestClient } from '../test-app';

type Dto = PspRequestDto & ErrorBody;

/**
 * Pathways (PSP-6, PSP-7, AFIS-1): the expiry alerts of the demo pathways, then a pathway
 * opened for a French person with two children, and the renewals; the residence permit and
 * the end of a pathway are pathways-end.int-spec's.
 */
describe('pathways (PSP-6, PSP-7, PSP-8, AFIS-1, APS-1)', () => {
  let t: TestApp, asso: TestClient, sec: TestClient;
  /** Demo pathways: Rose (first period, foreigner) and Nadia (4 periods, near the 24-month limit). */
  let rosePathway: string, nadiaPathway: string;
  /** The pathway opened in these tests (French person, two children). */
  let ownPathway: string;
  let ownRequest: PspRequestDto;
  const today = () => parisDate(t.clock.now());
  const authorise = (requestId: string, startDate?: string) => authoriseIn(t, requestId, startDate);
  const fileRenewal = (pathwayId: string, progressReport?: string) => fileRenewalIn(t, asso, pathwayId, progressReport);

  beforeAll(async () => {
    ({ t, asso, sec, rosePathway, nadiaPathway } = await startPathwaysApp());
  });

  afterAll(() => t?.close());

  describe('expiry alerts (PSP-6)', () => {
    it('PSP-6: the demo pathways: one in its first period, one at 24 months ending within the alert window', async () => {
      const rose = await getPathway(sec, rosePathway);
      expect(rose.body).toMatchObject({
        state: 'ACTIVE',
        totalMonths: 6,
        remainingMonths: 18,
        canRenew: true,
        foreigner: true,
      });
      expect(rose.body.periods).toHaveLength(1);
      expect(rose.body.periods[0].endDate).toBe(periodEnd(rose.body.startDate, 6));
      const nadia = await getPathway(sec, nadiaPathway);
      expect(nadia.body).toMatchObject({
        state: 'ACTIVE',
        totalMonths: 24,
        remainingMonths: 0,
        canRenew: false,
      });
      expect(nadia.body.periods.map((p) => p.index)).toEqual([1, 2, 3, 4]);
      expect(nadia.body.daysToPeriodEnd).toBeGreaterThanOrEqual(39);
      expect(nadia.body.daysToPeriodEnd).toBeLessThanOrEqual(40);
      expect(nadia.body.renewalBlockedReason).toContain('24 mois');
      const expiring = await sec.get<PageDto<PathwayDto>>('/pathways?expiringWithinDays=45');
      expect(expiring.body.items.map((p) => p.id)).toEqual([nadiaPathway]);
    });

    it('PSP-6: sendExpiryAlerts queues pathway-expiry mails for the pathway ending within 45 days, naming only the reference, and not twice', async () => {
      const service = t.app.get(PathwaysService);
      expect(await t.inScope('86', () => service.sendExpiryAlerts())).toBe(1);
      const nadia = (await getPathway(sec, nadiaPathway)).body;
      const mails = await outbox(t, 'pathway-expiry', nadiaPathway);
      expect(mails.map((m) => m.recipient).sort()).toEqual(RECIPIENTS);
      for (const m of mails) {
        expect(m.subject).toBe(`Parcours ${nadia.reference} : fin de période le ${nadia.currentPeriodEnd}`);
        expect(m.text_body).toContain(`dans ${nadia.daysToPeriodEnd} jour(s)`);
        // At 24 months the mail says the pathway cannot be renewed (PSP-6).
        expect(m.text_body).toContain('durée maximale de 24 mois (PSP-6)');
        expect(m.text_body + m.html_body + m.subject).not.toMatch(/Haddou|Nadia|Marocaine|1987-12-01/);
      }
      expect(await outbox(t, 'pathway-expiry', rosePathway)).toEqual([]);
      const [audit] = await auditRows(t, 'pathway.expiry_alert_sent', nadiaPathway);
      expect(audit.details).toEqual({ period: 4, periodEnd: nadia.currentPeriodEnd, rule: 'PSP-6' });
      // Not twice for the same period.
      expect(await t.inScope('86', () => service.sendExpiryAlerts())).toBe(0);
      expect(await outbox(t, 'pathway-expiry', nadiaPathway)).toHaveLength(3);
    });

    it('PSP-6: the alert is due 45 days before the end of the period, not 46 (clock moved)', async () => {
      const service = t.app.get(PathwaysService);
      const end = (await getPathway(sec, rosePathway)).body.currentPeriodEnd;
      try {
        t.clock.setNow(parisNoon(addDays(end, -46)));
        expect(await t.inScope('86', () => service.sendExpiryAlerts())).toBe(0);
        expect(await outbox(t, 'pathway-expiry', rosePathway)).toEqual([]);
        t.clock.setNow(parisNoon(addDays(end, -45)));
        expect(await t.inScope('86', () => service.sendExpiryAlerts())).toBe(1);
        const mails = await outbox(t, 'pathway-expiry', rosePathway);
        expect(mails).toHaveLength(3);
        expect(mails[0].text_body).toContain('dans 45 jour(s)');
        // Still renewable: the mail asks for the renewal with the progress report (PSP-7).
        expect(mails[0].text_body).toContain('PSP-7');
        t.clock.setNow(parisNoon(addDays(end, -10)));
        expect(await t.inScope('86', () => service.sendExpiryAlerts())).toBe(0);
      } finally {
        t.clock.setNow(new Date());
      }
    });

    it('PSP-6: the window is dated configuration (60 days from today)', async () => {
      const rows: { n: number }[] = await t.ds.query(
        `SELECT count(*)::int AS n FROM parameter WHERE key = 'pathway.expiry_alert_days'`,
      );
      expect(rows[0].n).toBe(1);
      const end = (await getPathway(sec, rosePathway)).body.currentPeriodEnd;
      const service = t.app.get(PathwaysService);
      // A fresh period end further away: reset Rose's alert and widen the window.
      await t.ds.query(`UPDATE pathway SET last_alert_period = 0 WHERE id = $1`, [rosePathway]);
      await t.ds.query(
        `INSERT INTO parameter (key, valid_from, value, description) VALUES ('pathway.expiry_alert_days', $1, 60, 'test')`,
        [addDays(end, -100)],
      );
      try {
        t.clock.setNow(parisNoon(addDays(end, -61)));
        expect(await t.inScope('86', () => service.sendExpiryAlerts())).toBe(0);
        t.clock.setNow(parisNoon(addDays(end, -60)));
        expect(await t.inScope('86', () => service.sendExpiryAlerts())).toBe(1);
        expect(await outbox(t, 'pathway-expiry', rosePathway)).toHaveLength(6);
      } finally {
        t.clock.setNow(new Date());
        await t.ds.query(
          `DELETE FROM parameter WHERE key = 'pathway.expiry_alert_days' AND description = 'test'`,
        );
      }
    });
  });

  describe('opening and renewing (PSP-6, PSP-7)', () => {
    it('PSP-6: an authorisation opens a pathway with one 6-month period', async () => {
      ownRequest = await completeRequest(t, asso, OWN_PERSON);
      await authorise(ownRequest.id, today());
      const r = await sec.get<Dto>(`/psp-requests/${ownRequest.id}`);
      expect(r.body).toMatchObject({ state: 'DECIDED', decision: 'AUTHORISED' });
      expect(r.body.pathwayId).not.toBeNull();
      ownPathway = r.body.pathwayId as string;
      const p = await getPathway(asso, ownPathway);
      expect(p.status).toBe(200);
      const end = periodEnd(today(), 6);
      expect(p.body).toMatchObject({
        reference: ownRequest.reference,
        associationName: PASSERELLES,
        state: 'ACTIVE',
        startDate: today(),
        currentPeriodEnd: end,
        totalMonths: 6,
        remainingMonths: 18,
        canRenew: true,
        renewalBlockedReason: null,
        foreigner: false,
        residencePermitStatus: 'NOT_APPLICABLE',
        endReason: null,
        daysToPeriodEnd: daysBetween(today(), end),
        pendingRenewalRequestId: null,
      });
      expect(p.body.periods).toEqual([
        { index: 1, startDate: today(), endDate: end, requestReference: ownRequest.reference },
      ]);
      const [opened] = await auditRows(t, 'pathway.opened', ownPathway);
      expect(opened.details).toEqual({
        requestId: ownRequest.id,
        startDate: today(),
        endDate: end,
        rule: 'PSP-6',
      });
    });

    it('PSP-6: a pathway starting on 31 August runs to the last day of February', async () => {
      const req = await completeRequest(t, asso, { lastName: 'Findemois' });
      const year = Number(today().slice(0, 4)) - 1;
      await authorise(req.id, `${year}-08-31`);
      const id = (await sec.get<Dto>(`/psp-requests/${req.id}`)).body.pathwayId as string;
      const p = await getPathway(sec, id);
      const feb = (year + 1) % 4 === 0 ? 29 : 28;
      expect(p.body.periods[0]).toMatchObject({
        startDate: `${year}-08-31`,
        endDate: `${year + 1}-02-${feb}`,
      });
    });

    it('AFIS-1: the pathway shows the monthly AFIS amount: 343.20 EUR plus 106.08 EUR per child, from dated parameters', async () => {
      expect((await getPathway(sec, ownPathway)).body.afisMonthlyAmount).toBe(555.36);
      expect((await getPathway(sec, rosePathway)).body.afisMonthlyAmount).toBe(343.2);
      await t.ds.query(
        `INSERT INTO parameter (key, valid_from, value, description) VALUES ('afis.monthly_base', $1, 360, 'test')`,
        [today()],
      );
      try {
        expect((await getPathway(sec, ownPathway)).body.afisMonthlyAmount).toBe(572.16);
        await t.ds.query(
          `UPDATE parameter SET valid_from = $1 WHERE key = 'afis.monthly_base' AND description = 'test'`,
          [addDays(today(), 1)],
        );
        expect((await getPathway(sec, ownPathway)).body.afisMonthlyAmount).toBe(555.36);
      } finally {
        await t.ds.query(`DELETE FROM parameter WHERE description = 'test'`);
      }
    });

    it('PSP-7: a renewal filed from the pathway carries the identity over and needs the progress report at submission', async () => {
      const r = await asso.post<Dto>(`/pathways/${ownPathway}/renewals`, {
        dossier: { housing: 'LOGEMENT_ACCOMPAGNE' },
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        kind: 'RENEWAL',
        state: 'DRAFT',
        pathwayId: ownPathway,
        associationId: ownRequest.associationId,
      });
      expect(r.body.reference).not.toBe(ownRequest.reference);
      expect(r.body.dossier).toMatchObject({
        lastName: 'Parcourue',
        firstName: 'Eulalie',
        birthDate: '1994-05-17',
        childrenCount: 2,
      });
      expect(r.body.dossier.housing).toBe('LOGEMENT_ACCOMPAGNE');
      expect(r.body.completeness.items.map((i) => i.code)).toEqual([...RENEWAL_CODES]);
      // An initial piece is not on a renewal's checklist.
      expect((await upload(asso, r.body.id, { itemCode: 'FORMULAIRE_DEMANDE' })).status).toBe(400);
      await uploadAll(t, asso, r.body.id, 'RENEWAL');

      const refused = await asso.post<Dto>(`/psp-requests/${r.body.id}/submit`);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        {
          field: 'dossier.progressReport',
          message: 'Le bilan de la période écoulée est obligatoire pour un renouvellement (PSP-7).',
        },
      ]);
      expect(await stateOf(t, r.body.id)).toBe('DRAFT');
      const p = await getPathway(sec, ownPathway);
      expect(p.body.pendingRenewalRequestId).toBe(r.body.id);

      const saved = await asso.put<Dto>(`/psp-requests/${r.body.id}`, {
        dossier: { ...r.body.dossier, progressReport: 'Bilan : hébergement trouvé, formation commencée.' },
      });
      expect(saved.status).toBe(200);
      const submitted = await asso.post<Dto>(`/psp-requests/${r.body.id}/submit`);
      expect(submitted.status).toBe(200);
      expect(submitted.body.state).toBe('COMPLETE');
    });

    it('PSP-7: a second renewal is refused while one is pending (409)', async () => {
      const pending = (await getPathway(sec, ownPathway)).body.pendingRenewalRequestId as string;
      const reference = (
        (await t.ds.query(`SELECT reference FROM psp_request WHERE id = $1`, [pending])) as {
          reference: string;
        }[]
      )[0].reference;
      const before = await countRows(t, 'psp_request');
      const r = await asso.post<Dto>(`/pathways/${ownPathway}/renewals`, { dossier: {} });
      expect(r.status).toBe(409);
      expect(r.body.message).toBe(`Une demande de renouvellement est déjà en cours (${reference}).`);
      expect(await countRows(t, 'psp_request')).toBe(before);
    });

    it('PSP-6: authorising the renewal adds the next period, right after the first', async () => {
      const pending = (await getPathway(sec, ownPathway)).body.pendingRenewalRequestId as string;
      await authorise(pending);
      const p = await getPathway(sec, ownPathway);
      const firstEnd = periodEnd(today(), 6);
      const secondStart = addDays(firstEnd, 1);
      expect(p.body.periods.map((x) => [x.index, x.startDate, x.endDate])).toEqual([
        [1, today(), firstEnd],
        [2, secondStart, periodEnd(secondStart, 6)],
      ]);
      expect(p.body).toMatchObject({
        totalMonths: 12,
        remainingMonths: 12,
        canRenew: true,
        currentPeriodEnd: periodEnd(secondStart, 6),
        pendingRenewalRequestId: null,
      });
      const renewed = await auditRows(t, 'pathway.renewed', ownPathway);
      expect(renewed).toHaveLength(1);
      expect(renewed[0].details).toMatchObject({ requestId: pending, startDate: secondStart, rule: 'PSP-6' });
      expect((await sec.get<Dto>(`/psp-requests/${pending}`)).body).toMatchObject({
        state: 'DECIDED',
        decision: 'AUTHORISED',
        pathwayId: ownPathway,
      });
    });

    it('PSP-6: the demo pathway at 24 months refuses a renewal (409, 24 mois) and nothing is created', async () => {
      const before = await countRows(t, 'psp_request');
      const r = await asso.post<Dto>(`/pathways/${nadiaPathway}/renewals`, {
        dossier: { progressReport: 'Bilan.' },
      });
      expect(r.status).toBe(409);
      expect(r.body.message).toBe(
        'Renouvellement impossible : le parcours atteindrait 30 mois, au-delà de la durée maximale de 24 mois (PSP-6).',
      );
      expect(await countRows(t, 'psp_request')).toBe(before);
    });

    it('PSP-6: an authorisation that would pass 24 months is refused and the whole decision rolls back', async () => {
      const requests = t.app.get(PspRequestsService);
      const user = await t.ds.getRepository(UserEntity).findOneByOrFail({ email: DEMO.association });
      const passerelles = await associationId(t, PASSERELLES);
      const before = await countRows(t, 'psp_request');
      const err = await inTx(t, async (m) => {
        // A renewal forced past the api checks, straight to the préfet's decision.
        const r = await requests.insertDraft(
          m,
          user,
          'RENEWAL',
          passerelles,
          nadiaPathway,
          fullDossier({ progressReport: 'Bilan.' }),
        );
        r.submittedAt = t.clock.now();
        await requests.applyEvent(m, r, 'SUBMIT');
        r.completedAt = t.clock.now();
        await requests.applyEvent(m, r, 'MARK_COMPLETE');
        await requests.putOnAgenda(m, r.id);
        await requests.giveOpinion(m, r.id, 'FAVOURABLE');
        await t.app.get(PathwaysService).decide(m, r.id, 'AUTHORISED');
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictException);
      expect(((err as ConflictException).getResponse() as { message: string }).message).toContain(
        'durée maximale de 24 mois (PSP-6)',
      );
      expect(await countRows(t, 'psp_request')).toBe(before);
      expect(await countRows(t, 'pathway_period', 'pathway_id = $1', [nadiaPathway])).toBe(4);
    });

    it('PSP-6: a new period re-arms the expiry alert (each period is alerted once)', async () => {
      // Rose was alerted for period 1 above; her renewal adds period 2, alerted in its own window.
      const renewal = await fileRenewal(rosePathway);
      await authorise(renewal.id);
      const p = (await getPathway(sec, rosePathway)).body;
      expect(p.periods).toHaveLength(2);
      const before = (await outbox(t, 'pathway-expiry', rosePathway)).length;
      const service = t.app.get(PathwaysService);
      try {
        t.clock.setNow(parisNoon(addDays(p.currentPeriodEnd, -30)));
        await t.inScope('86', () => service.sendExpiryAlerts());
        const mails = await outbox(t, 'pathway-expiry', rosePathway);
        expect(mails).toHaveLength(before + 3);
        expect(mails[mails.length - 1].subject).toContain(p.currentPeriodEnd);
        await t.inScope('86', () => service.sendExpiryAlerts());
        expect(await outbox(t, 'pathway-expiry', rosePathway)).toHaveLength(before + 3);
      } finally {
        t.clock.setNow(new Date());
      }
      const audits = await auditRows(t, 'pathway.expiry_alert_sent', rosePathway);
      expect(audits[audits.length - 1].details).toMatchObject({ period: 2, periodEnd: p.currentPeriodEnd });
    });
  });
});
