import type { PageDto, PathwayDto, PspRequestDto } from '@cdlp/shared';
import { addDays, parisDate } from '@cdlp/shared';
import { PathwaysService } from '../../src/pathways/pathways.service';
import { ErrorBody, auditRows, completeRequest, outbox } from '../psp-fixtures';
import { OWN_PERSON, Pathway, RECIPIENTS, authorise as authoriseIn, getPathway, startPathwaysApp } from '../pathway-fixtures';
import { TestApp, TestClient } from '../test-app';

type Dto = PspRequestDto & ErrorBody;

/**
 * Pathways (APS-1, PSP-8): the residence permit and the end of a pathway, on the demo
 * pathways and on a pathway opened for a French person with two children; the expiry alerts
 * and the renewals are pathways-renewals.int-spec's.
 */
describe('pathways (PSP-6, PSP-7, PSP-8, AFIS-1, APS-1)', () => {
  let t: TestApp, asso: TestClient, sec: TestClient;
  /** The demo pathway of Rose (first period, foreigner). */
  let rosePathway: string;
  /** The pathway opened for these tests (French person, two children), from today. */
  let ownPathway: string;
  let ownRequest: PspRequestDto;
  const today = () => parisDate(t.clock.now());

  beforeAll(async () => {
    ({ t, asso, sec, rosePathway } = await startPathwaysApp());
    ownRequest = await completeRequest(t, asso, OWN_PERSON);
    await authoriseIn(t, ownRequest.id, today());
    ownPathway = (await sec.get<Dto>(`/psp-requests/${ownRequest.id}`)).body.pathwayId as string;
    // As after pathways-renewals' alerts: Nadia's pathway, ending within 45 days, was alerted.
    expect(await t.inScope('86', () => t.app.get(PathwaysService).sendExpiryAlerts())).toBe(1);
  });

  afterAll(() => t?.close());

  describe('residence permit (APS-1)', () => {
    it('APS-1: a person who is not a foreigner has no APS: any other status is refused (400)', async () => {
      const r = await asso.put<Pathway>(`/pathways/${ownPathway}/residence-permit`, { status: 'REQUESTED' });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        { field: 'status', message: "La personne n'est pas étrangère : l'APS est sans objet (APS-1)." },
      ]);
      const ok = await asso.put<Pathway>(`/pathways/${ownPathway}/residence-permit`, {
        status: 'NOT_APPLICABLE',
      });
      expect(ok.status).toBe(200);
      expect(ok.body.residencePermitStatus).toBe('NOT_APPLICABLE');
    });

    it('APS-1: the APS of a foreign person is followed through the pathway', async () => {
      expect((await getPathway(sec, rosePathway)).body.residencePermitStatus).toBe('TO_REQUEST');
      const validUntil = addDays(today(), 180);
      const r = await sec.put<Pathway>(`/pathways/${rosePathway}/residence-permit`, {
        status: 'GRANTED',
        validUntil,
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        residencePermitStatus: 'GRANTED',
        residencePermitValidUntil: validUntil,
      });
      expect((await getPathway(asso, rosePathway)).body.residencePermitValidUntil).toBe(validUntil);
      const [audit] = await auditRows(t, 'pathway.residence_permit_updated', rosePathway);
      expect(audit.details).toEqual({ status: 'GRANTED', rule: 'APS-1' });
      const bad = await sec.put<Pathway>(`/pathways/${rosePathway}/residence-permit`, { status: 'PERDU' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.[0]).toEqual({ field: 'status', message: "Le statut de l'APS est invalide." });
    });
  });

  describe('end of pathway (PSP-8)', () => {
    const endBody = (over: Record<string, unknown> = {}) => ({
      reason: 'COMPLETED',
      effectiveDate: today(),
      ...over,
    });

    it('PSP-8: only the secretariat ends a pathway, with a valid reason and an effective date not before the start', async () => {
      expect((await asso.post<Pathway>(`/pathways/${ownPathway}/end`, endBody())).status).toBe(403);
      const bad = await sec.post<Pathway>(
        `/pathways/${ownPathway}/end`,
        endBody({ reason: 'LASSITUDE', effectiveDate: '31/12/2026' }),
      );
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['effectiveDate', 'reason']);
      const early = await sec.post<Pathway>(
        `/pathways/${ownPathway}/end`,
        endBody({ effectiveDate: addDays(today(), -1) }),
      );
      expect(early.status).toBe(400);
      expect(early.body.errors).toEqual([
        { field: 'effectiveDate', message: 'La date de fin ne peut pas précéder le début du parcours.' },
      ]);
      expect((await getPathway(sec, ownPathway)).body.state).toBe('ACTIVE');
      expect(await outbox(t, 'pathway-ended', ownPathway)).toEqual([]);
    });

    it('PSP-8 / AFIS-1: the end is recorded with its reason and date, and the association and the secretariat are told to stop the AFIS', async () => {
      const effectiveDate = addDays(today(), 3);
      const r = await sec.post<Pathway>(
        `/pathways/${ownPathway}/end`,
        endBody({ effectiveDate, comment: 'Emploi stable trouvé.' }),
      );
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        state: 'ENDED',
        endReason: 'COMPLETED',
        endEffectiveDate: effectiveDate,
        endComment: 'Emploi stable trouvé.',
        canRenew: false,
        renewalBlockedReason: 'Le parcours est terminé.',
        daysToPeriodEnd: null,
      });
      const mails = await outbox(t, 'pathway-ended', ownPathway);
      expect(mails.map((m) => m.recipient).sort()).toEqual(RECIPIENTS);
      for (const m of mails) {
        expect(m.subject).toBe(`Fin du parcours ${ownRequest.reference}`);
        expect(m.text_body).toContain(`prend fin le ${effectiveDate}`);
        expect(m.text_body).toContain('Motif : Parcours mené à son terme (PSP-8).');
        expect(m.text_body).toContain('AFIS');
        expect(m.text_body).toContain('AFIS-1');
        // Not a foreigner: the foreigners' service is not concerned.
        expect(m.text_body).not.toContain('service des étrangers');
        expect(m.text_body + m.html_body + m.subject).not.toMatch(
          /Parcourue|Eulalie|1994-05-17|Emploi stable/,
        );
      }
      const [audit] = await auditRows(t, 'pathway.ended', ownPathway);
      expect(audit.details).toEqual({ reason: 'COMPLETED', effectiveDate, rule: 'PSP-8' });

      const twice = await sec.post<Pathway>(`/pathways/${ownPathway}/end`, endBody());
      expect(twice.status).toBe(409);
      expect(twice.body.message).toBe('Ce parcours a déjà pris fin.');
      const renewal = await asso.post<Dto>(`/pathways/${ownPathway}/renewals`, { dossier: {} });
      expect(renewal.status).toBe(409);
      expect(renewal.body.message).toBe('Le parcours est terminé : il ne peut pas être renouvelé.');
    });

    it('PSP-8 / APS-1: for a foreign person, the mail also names the service des étrangers, with the reference only', async () => {
      const rose = (await getPathway(sec, rosePathway)).body;
      const r = await sec.post<Pathway>(
        `/pathways/${rosePathway}/end`,
        endBody({ reason: 'WITHDRAWN_BY_PERSON' }),
      );
      expect(r.status).toBe(200);
      const mails = await outbox(t, 'pathway-ended', rosePathway);
      expect(mails.map((m) => m.recipient).sort()).toEqual(RECIPIENTS);
      for (const m of mails) {
        expect(m.subject).toBe(`Fin du parcours ${rose.reference}`);
        expect(m.text_body).toContain('Motif : Sortie à la demande de la personne (PSP-8).');
        expect(m.text_body).toContain('AFIS');
        expect(m.text_body).toContain('service des étrangers');
        expect(m.text_body).toContain('APS-1');
        expect(m.text_body + m.html_body + m.subject).not.toMatch(/Nkemelu|Rose|Camerounaise|1995-06-21/);
      }
      // An ended pathway is no longer alerted.
      expect(await t.inScope('86', () => t.app.get(PathwaysService).sendExpiryAlerts())).toBe(0);
      const active = await sec.get<PageDto<PathwayDto>>('/pathways?state=ACTIVE&pageSize=200');
      expect(active.body.items.map((p) => p.id)).not.toContain(rosePathway);
      const ended = await sec.get<PageDto<PathwayDto>>('/pathways?state=ENDED&pageSize=200');
      expect(ended.body.items.map((p) => p.id).sort()).toEqual([ownPathway, rosePathway].sort());
    });
  });
});
