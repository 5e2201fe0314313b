import type { PageDto, PspRequestDto, PspRequestListItemDto } from '@cdlp/shared';
import { parisDate } from '@cdlp/shared';
import { CIDFF, ErrorBody, INITIAL_CODES, PASSERELLES, auditRows, completeRequest, countRows, createDraft, fullDossier, getRequest as get, outbox, specFor, startPspRequestsApp, stateOf, submitRequest as submit, upload, uploadAll } from '../psp-fixtures';
import { TestApp, TestClient } from '../test-app';

type Dto = PspRequestDto & ErrorBody;

/**
 * PSP-1, PSP-2, PSP-3, DP-2: filing a request, by an association or on its behalf, its
 * dossier and its pieces; the lifecycle is psp-requests-lifecycle.int-spec's, the uploads
 * and the list psp-requests-documents.int-spec's.
 */
describe('PSP requests: filing, completeness, documents, lifecycle', () => {
  let t: TestApp, asso: TestClient, sec: TestClient, horizons: TestClient;
  let passerellesId: string, horizonsId: string, cidffId: string;

  beforeAll(async () => {
    ({ t, asso, sec, horizons, passerellesId, horizonsId, cidffId } = await startPspRequestsApp());
  });

  afterAll(() => t?.close());

  const today = () => parisDate(t.clock.now());

  describe('filing (PSP-1, PSP-3)', () => {
    it('PSP-1: the association files a draft and autosaves it; the dossier is replaced as a whole', async () => {
      const r = await asso.post<Dto>('/psp-requests', {
        dossier: { lastName: 'Brouillonne', firstName: 'Alba' },
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        kind: 'INITIAL',
        state: 'DRAFT',
        associationId: passerellesId,
        associationName: PASSERELLES,
      });
      expect(r.body.reference).toMatch(/^PSP-86-\d{4}-\d{4}$/);
      expect(r.body.dossier).toEqual({ lastName: 'Brouillonne', firstName: 'Alba' });
      expect(r.body.allowedActions).toEqual(['SUBMIT', 'WITHDRAW']);
      expect(r.body.submittedAt).toBeNull();

      const saved = await asso.put<Dto>(`/psp-requests/${r.body.id}`, {
        dossier: { lastName: 'Brouillonne', birthDate: '1990-02-03', childrenCount: 1, firstName: '  ' },
      });
      expect(saved.status).toBe(200);
      expect(saved.body.state).toBe('DRAFT');
      // Blank strings are dropped: "missing" means missing.
      expect(saved.body.dossier).toEqual({
        lastName: 'Brouillonne',
        birthDate: '1990-02-03',
        childrenCount: 1,
      });
      expect((await get(asso, r.body.id)).body.dossier).toEqual(saved.body.dossier);
      expect(await auditRows(t, 'psp_request.updated', r.body.id)).toHaveLength(1);
    });

    it('PSP-3: a dossier field in the wrong format is refused at autosave with a French message', async () => {
      const draft = await createDraft(asso, { lastName: 'Formatée' });
      const r = await asso.put<Dto>(`/psp-requests/${draft.id}`, {
        dossier: { birthDate: '03/02/1990', housing: 'CHATEAU' },
      });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'dossier.birthDate', message: 'La date de naissance doit être au format AAAA-MM-JJ.' },
          { field: 'dossier.housing', message: 'La situation de logement est invalide.' },
        ]),
      );
    });

    it('PSP-3: submitting with missing dossier fields is refused (400) listing every missing field, and the draft stays a draft', async () => {
      const draft = await createDraft(asso, {
        lastName: 'Incomplète',
        firstName: 'Berthe',
        nationality: 'Française',
      });
      const r = await submit(asso, draft.id);
      expect(r.status).toBe(400);
      expect(r.body.message).toBe('Certains champs sont invalides. Corrigez-les puis réessayez.');
      expect(r.body.errors?.map((e) => e.field)).toEqual([
        'dossier.birthDate',
        'dossier.nationalityGroup',
        'dossier.foreigner',
        'dossier.housing',
        'dossier.administrativeStatus',
        'dossier.evaluation',
        'dossier.associationOpinion',
        'dossier.supportPlan',
      ]);
      expect(r.body.errors).toContainEqual({
        field: 'dossier.birthDate',
        message: 'La date de naissance est obligatoire.',
      });
      expect(await stateOf(t, draft.id)).toBe('DRAFT');
      expect(await auditRows(t, 'psp_request.transition', draft.id)).toEqual([]);
    });

    it('PSP-3 / DP-2: a full dossier with missing pieces becomes INCOMPLETE at submission, and the association is told by a mail naming only the reference', async () => {
      const draft = await createDraft(
        asso,
        fullDossier({ lastName: 'Quenouillard', firstName: 'Berthilde' }),
      );
      await uploadAll(t, asso, draft.id, 'INITIAL', ['ATTESTATION_ARRET', 'DOMICILE']);
      const r = await submit(asso, draft.id);
      expect(r.status).toBe(200);
      expect(r.body.state).toBe('INCOMPLETE');
      expect(r.body.submittedAt).not.toBeNull();
      expect(r.body.completedAt).toBeNull();
      expect(r.body.completeness.complete).toBe(false);
      expect(r.body.completeness.referenceDate).toBe(today());
      const notPresent = r.body.completeness.items.filter((i) => i.status !== 'PRESENT');
      expect(notPresent.map((i) => [i.code, i.status])).toEqual([
        ['ATTESTATION_ARRET', 'MISSING'],
        ['DOMICILE', 'MISSING'],
        ['PLAINTE', 'OPTIONAL'],
      ]);
      expect(r.body.allowedActions).toEqual(['MARK_COMPLETE', 'WITHDRAW']);
      const transitions = await auditRows(t, 'psp_request.transition', draft.id);
      expect(transitions.map((a) => a.details['event'])).toEqual(['SUBMIT', 'MARK_INCOMPLETE']);

      const mails = await outbox(t, 'psp-missing-items', draft.id);
      expect(mails.map((m) => m.recipient).sort()).toEqual([
        'association@demo.cdlp.fr',
        'contact@passerelles86.demo',
      ]);
      for (const m of mails) {
        expect(m.subject).toBe(`Demande ${draft.reference} : pièces manquantes`);
        expect(m.text_body).toContain(draft.reference);
        expect(m.text_body).toContain(
          "Pièce manquante : Attestation sur l'honneur d'arrêt de l'activité de prostitution.",
        );
        expect(m.text_body).toContain('Pièce manquante : Justificatif de domicile (ou de domiciliation).');
        for (const part of [m.subject, m.text_body, m.html_body]) {
          expect(part).not.toMatch(/Quenouillard|Berthilde|1994-05-17|Nigériane/);
        }
      }

      // PSP-4: the last piece makes the request COMPLETE, with the completion time.
      const attest = await upload(asso, draft.id, specFor('ATTESTATION_ARRET', today()));
      expect(attest.status).toBe(201);
      expect(attest.body.state).toBe('INCOMPLETE');
      const before = Date.now();
      const last = await upload(asso, draft.id, specFor('DOMICILE', today()));
      expect(last.status).toBe(201);
      expect(last.body.state).toBe('COMPLETE');
      expect(last.body.completeness.complete).toBe(true);
      expect(new Date(last.body.completedAt as string).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(last.body.daysWaiting).toBe(0);
      expect(last.body.allowedActions).toEqual(['MARK_INCOMPLETE', 'PUT_ON_AGENDA', 'WITHDRAW']);
      const completeMails = await outbox(t, 'psp-complete', draft.id);
      expect(completeMails).toHaveLength(2);
      expect(completeMails[0].subject).toBe(`Demande ${draft.reference} complète`);
      const completed = await auditRows(t, 'psp_request.transition', draft.id);
      expect(completed.map((a) => a.details['event'])).toEqual([
        'SUBMIT',
        'MARK_INCOMPLETE',
        'MARK_COMPLETE',
      ]);
      expect(completed[2].details).toMatchObject({ from: 'INCOMPLETE', to: 'COMPLETE', rule: 'PSP-3' });

      // Deleting a required piece sends it back to INCOMPLETE; the row is kept, flagged deleted.
      const domicile = last.body.documents.find((d) => d.itemCode === 'DOMICILE');
      const del = await asso.delete<Dto>(`/psp-requests/${draft.id}/documents/${domicile?.id}`);
      expect(del.status).toBe(200);
      expect(del.body.state).toBe('INCOMPLETE');
      expect(del.body.completedAt).toBeNull();
      expect(del.body.documents.map((d) => d.itemCode)).not.toContain('DOMICILE');
      expect(del.body.completeness.items.find((i) => i.code === 'DOMICILE')?.status).toBe('MISSING');
      expect(
        await countRows(t, 'supporting_document', 'id = $1 AND deleted_at IS NOT NULL', [domicile?.id]),
      ).toBe(1);
      expect(await outbox(t, 'psp-missing-items', draft.id)).toHaveLength(4);
      expect((await asso.delete<Dto>(`/psp-requests/${draft.id}/documents/${domicile?.id}`)).status).toBe(
        404,
      );

      const again = await upload(asso, draft.id, specFor('DOMICILE', today()));
      expect(again.body.state).toBe('COMPLETE');
    });

    it('PSP-3: once submitted, an autosave cannot remove a required dossier field', async () => {
      const req = await completeRequest(t, asso, { lastName: 'Verrouillée' });
      const r = await asso.put<Dto>(`/psp-requests/${req.id}`, { dossier: fullDossier({ evaluation: '' }) });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        { field: 'dossier.evaluation', message: "L'évaluation de l'association est obligatoire." },
      ]);
      expect(await stateOf(t, req.id)).toBe('COMPLETE');
    });

    it('PSP-2: an association whose approval has expired cannot submit (400, French message, field associationId)', async () => {
      const draft = await createDraft(horizons, fullDossier({ lastName: 'Horizonne' }));
      expect(draft.associationId).toBe(horizonsId);
      await uploadAll(t, horizons, draft.id);
      const r = await submit(horizons, draft.id);
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(
        /^Dépôt refusé : L'agrément de l'association a expiré le \d{4}-\d{2}-\d{2} \(PSP-2\)\.$/,
      );
      expect(r.body.errors).toEqual([{ field: 'associationId', message: r.body.message }]);
      expect(await stateOf(t, draft.id)).toBe('DRAFT');
      expect(await auditRows(t, 'psp_request.transition', draft.id)).toEqual([]);
    });

    it('PSP-2: the secretariat cannot submit on behalf of an association whose approval has expired either', async () => {
      const draft = await createDraft(sec, fullDossier(), horizonsId);
      await uploadAll(t, sec, draft.id);
      const r = await submit(sec, draft.id);
      expect(r.status).toBe(400);
      expect(r.body.errors?.[0].field).toBe('associationId');
      expect(r.body.message).toContain('PSP-2');
    });

    it('PSP-1: the secretariat files on behalf of an association, which must be named', async () => {
      const missing = await sec.post<Dto>('/psp-requests', { dossier: fullDossier() });
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([
        { field: 'associationId', message: "Choisissez l'association pour laquelle la demande est déposée." },
      ]);
      const unknown = await sec.post<Dto>('/psp-requests', {
        associationId: '3f1c4b7e-9a2d-4c1e-8f00-000000000000',
        dossier: {},
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([{ field: 'associationId', message: 'Association introuvable.' }]);

      const r = await sec.post<Dto>('/psp-requests', {
        associationId: cidffId,
        dossier: fullDossier({ lastName: 'Déléguée' }),
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ associationId: cidffId, associationName: CIDFF, state: 'DRAFT' });
      const [created] = await auditRows(t, 'psp_request.created', r.body.id);
      expect(created.details).toMatchObject({ associationId: cidffId, onBehalf: true, kind: 'INITIAL' });
      expect(created.actor_role).toBe('SECRETARIAT');
      await uploadAll(t, sec, r.body.id);
      const s = await submit(sec, r.body.id);
      expect(s.body.state).toBe('COMPLETE');
      // Another association never sees it.
      const other = await get(asso, r.body.id);
      expect(other.status).toBe(403);
      expect(other.body.message).toBe("Vous n'avez pas accès à ce dossier (DP-2).");
    });

    it('PSP-1: an association cannot file for another association', async () => {
      const r = await asso.post<Dto>('/psp-requests', { associationId: cidffId, dossier: {} });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        { field: 'associationId', message: 'Vous ne pouvez déposer une demande que pour votre association.' },
      ]);
    });

    it("DP-2: an association can neither read nor change another association's request (403)", async () => {
      const mine = await completeRequest(t, asso, { lastName: 'Privée' });
      const docId = mine.documents[0].id;
      const calls = [
        () => horizons.get<Dto>(`/psp-requests/${mine.id}`),
        () => horizons.put<Dto>(`/psp-requests/${mine.id}`, { dossier: fullDossier() }),
        () => horizons.post<Dto>(`/psp-requests/${mine.id}/submit`),
        () => horizons.post<Dto>(`/psp-requests/${mine.id}/withdraw`, { reason: 'x' }),
        () => horizons.get<Dto>(`/psp-requests/${mine.id}/documents/${docId}/content`),
        () => horizons.delete<Dto>(`/psp-requests/${mine.id}/documents/${docId}`),
        () => upload(horizons, mine.id, { itemCode: 'SITUATION' }),
      ];
      for (const call of calls) {
        const r = await call();
        expect(r.status).toBe(403);
        expect(r.body.message).toBe("Vous n'avez pas accès à ce dossier (DP-2).");
      }
      const list = await horizons.get<PageDto<PspRequestListItemDto>>(
        `/psp-requests?associationId=${passerellesId}&pageSize=200`,
      );
      expect(list.body.items.every((i) => i.associationId === horizonsId)).toBe(true);
      expect(await stateOf(t, mine.id)).toBe('COMPLETE');
      expect(
        await countRows(t, 'supporting_document', 'request_id = $1 AND deleted_at IS NULL', [mine.id]),
      ).toBe(9);
    });
  });

  it('PSP-3: the checklist of a request lists the nine initial pieces and the optional complaint', async () => {
    const draft = await createDraft(asso, {});
    const r = await get(asso, draft.id);
    expect(r.body.completeness.items.map((i) => i.code)).toEqual([...INITIAL_CODES, 'PLAINTE']);
  });
});
