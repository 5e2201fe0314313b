import { ConflictException } from '@nestjs/common';
import type { PageDto, PspRequestDto, PspRequestListItemDto } from '@cdlp/shared';
import { addDays, parisDate } from '@cdlp/shared';
import { PathwaysService } from '../../src/pathways/pathways.service';
import { PspRequestsService } from '../../src/psp-requests/psp-requests.service';
import {
  ACCOUNT_PASSWORD,
  CIDFF,
  ErrorBody,
  HORIZONS,
  INITIAL_CODES,
  PASSERELLES,
  associationId,
  auditRows,
  completeRequest,
  countRows,
  createAccount,
  createDraft,
  demoRequestId,
  fullDossier,
  inTx,
  outbox,
  parisNoon,
  pdf,
  png,
  specFor,
  stateOf,
  upload,
  uploadAll,
  userId,
} from '../psp-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Dto = PspRequestDto & ErrorBody;

describe('PSP requests: filing, completeness, documents, lifecycle', () => {
  let t: TestApp;
  let asso: TestClient;
  let sec: TestClient;
  let horizons: TestClient;
  let passerellesId: string;
  let horizonsId: string;
  let cidffId: string;

  beforeAll(async () => {
    t = await startTestApp();
    asso = await t.login(DEMO.association);
    sec = await t.login(DEMO.secretariat);
    passerellesId = await associationId(t, PASSERELLES);
    horizonsId = await associationId(t, HORIZONS);
    cidffId = await associationId(t, CIDFF);
    const admin = await t.login(DEMO.admin);
    horizons = await t.login(
      await createAccount(t, admin, { role: 'ASSOCIATION', associationId: horizonsId }),
      ACCOUNT_PASSWORD,
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  const today = () => parisDate(t.clock.now());
  const get = (c: TestClient, id: string) => c.get<Dto>(`/psp-requests/${id}`);
  const submit = (c: TestClient, id: string) => c.post<Dto>(`/psp-requests/${id}/submit`);
  const withdraw = (c: TestClient, id: string, reason = 'La personne a quitté le département.') =>
    c.post<Dto>(`/psp-requests/${id}/withdraw`, { reason });

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

  describe('lifecycle (PSP-4, PSP-5)', () => {
    it('PSP-4: submitting twice is refused with a 409 and a French message', async () => {
      const req = await completeRequest(t, asso);
      const r = await submit(asso, req.id);
      expect(r.status).toBe(409);
      expect(r.body.message).toBe(
        `${req.reference} : Impossible de déposer la demande : la demande est à l'état « Complète ».`,
      );
    });

    it('PSP-4 / PSP-5: every step of the lifecycle through the services, each audited', async () => {
      const req = await completeRequest(t, asso, { lastName: 'Cyclevie' });
      const requests = t.app.get(PspRequestsService);
      await inTx(t, (m) => requests.putOnAgenda(m, req.id));
      expect((await get(sec, req.id)).body).toMatchObject({
        state: 'ON_AGENDA',
        allowedActions: ['REMOVE_FROM_AGENDA', 'GIVE_OPINION', 'WITHDRAW'],
      });
      await inTx(t, (m) => requests.removeFromAgenda(m, req.id));
      expect(await stateOf(t, req.id)).toBe('COMPLETE');
      await inTx(t, (m) => requests.putOnAgenda(m, req.id));
      await inTx(t, (m) => requests.giveOpinion(m, req.id, 'FAVOURABLE'));
      const opinion = await get(sec, req.id);
      expect(opinion.body).toMatchObject({
        state: 'OPINION_GIVEN',
        opinion: 'FAVOURABLE',
        decision: null,
        allowedActions: ['DECIDE'],
      });
      expect(opinion.body.opinionAt).not.toBeNull();
      expect(opinion.body.daysWaiting).toBeNull();
      await inTx(t, (m) => t.app.get(PathwaysService).decide(m, req.id, 'REFUSED'));
      const decided = await get(sec, req.id);
      expect(decided.body).toMatchObject({
        state: 'DECIDED',
        opinion: 'FAVOURABLE',
        decision: 'REFUSED',
        pathwayId: null,
        allowedActions: [],
      });
      const events = (await auditRows(t, 'psp_request.transition', req.id)).map((a) => a.details['event']);
      expect(events).toEqual([
        'SUBMIT',
        'MARK_COMPLETE',
        'PUT_ON_AGENDA',
        'REMOVE_FROM_AGENDA',
        'PUT_ON_AGENDA',
        'GIVE_OPINION',
        'DECIDE',
      ]);

      // PSP-5: a decided request can no longer be withdrawn, edited or receive pieces.
      const w = await withdraw(asso, req.id);
      expect(w.status).toBe(409);
      expect(w.body.message).toBe(
        `${req.reference} : Impossible de retirer la demande : la demande est à l'état « Décision prise ».`,
      );
      expect((await asso.put<Dto>(`/psp-requests/${req.id}`, { dossier: fullDossier() })).status).toBe(409);
      const up = await upload(asso, req.id, { itemCode: 'SITUATION' });
      expect(up.status).toBe(409);
      expect(up.body.message).toBe(`La demande ${req.reference} ne reçoit plus de pièces.`);
    });

    it('PSP-4: only a COMPLETE request goes on an agenda; illegal service transitions are 409 and change nothing', async () => {
      const requests = t.app.get(PspRequestsService);
      const incomplete = await createDraft(asso, fullDossier());
      await asso.post(`/psp-requests/${incomplete.id}/submit`);
      expect(await stateOf(t, incomplete.id)).toBe('INCOMPLETE');
      const complete = await completeRequest(t, asso);
      const cases: [string, () => Promise<unknown>, string][] = [
        [
          incomplete.id,
          () => inTx(t, (m) => requests.putOnAgenda(m, incomplete.id)),
          "Impossible d'inscrire la demande à l'ordre du jour : la demande est à l'état « Incomplète ».",
        ],
        [
          complete.id,
          () => inTx(t, (m) => requests.giveOpinion(m, complete.id, 'FAVOURABLE')),
          "Impossible de rendre l'avis de la commission : la demande est à l'état « Complète ».",
        ],
        [
          complete.id,
          () => inTx(t, (m) => requests.removeFromAgenda(m, complete.id)),
          "Impossible de retirer la demande de l'ordre du jour : la demande est à l'état « Complète ».",
        ],
        [
          complete.id,
          () => inTx(t, (m) => t.app.get(PathwaysService).decide(m, complete.id, 'AUTHORISED')),
          "Impossible d'enregistrer la décision du préfet : la demande est à l'état « Complète ».",
        ],
      ];
      for (const [id, call, message] of cases) {
        const before = await stateOf(t, id);
        const err = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ConflictException);
        expect((err as ConflictException).getStatus()).toBe(409);
        expect(((err as ConflictException).getResponse() as { message: string }).message).toMatch(
          new RegExp(`: ${escape(message)}$`),
        );
        expect(await stateOf(t, id)).toBe(before);
      }
      expect(await countRows(t, 'pathway', 'initial_request_id = $1', [complete.id])).toBe(0);
      // On the agenda, the decision must still wait for the opinion.
      await inTx(t, (m) => requests.putOnAgenda(m, complete.id));
      const early = await inTx(t, (m) =>
        t.app.get(PathwaysService).decide(m, complete.id, 'AUTHORISED'),
      ).catch((e: unknown) => e);
      expect(early).toBeInstanceOf(ConflictException);
      expect(await stateOf(t, complete.id)).toBe('ON_AGENDA');
    });

    it('PSP-5: a request can be withdrawn from a draft, an incomplete, a complete or an on-agenda state, with a reason', async () => {
      const draft = await createDraft(asso, { lastName: 'Retrait' });
      const incomplete = await createDraft(asso, fullDossier());
      await submit(asso, incomplete.id);
      const complete = await completeRequest(t, asso);
      const onAgenda = await completeRequest(t, asso);
      await inTx(t, (m) => t.app.get(PspRequestsService).putOnAgenda(m, onAgenda.id));

      for (const blank of ['', ' \n ']) {
        const noReason = await asso.post<Dto>(`/psp-requests/${draft.id}/withdraw`, { reason: blank });
        expect(noReason.status).toBe(400);
        expect(noReason.body.errors).toEqual([
          { field: 'reason', message: 'Le motif du retrait est obligatoire.' },
        ]);
      }
      expect(await stateOf(t, draft.id)).toBe('DRAFT');

      for (const [req, client] of [
        [draft, asso],
        [incomplete, asso],
        [complete, sec],
        [onAgenda, asso],
      ] as const) {
        const r = await withdraw(client, req.id, 'La personne ne souhaite plus poursuivre.');
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({
          state: 'WITHDRAWN',
          withdrawnReason: 'La personne ne souhaite plus poursuivre.',
          allowedActions: [],
        });
      }
      // The reason is encrypted at rest (DP-1).
      const raw: { withdrawn_reason_enc: Buffer }[] = await t.ds.query(
        `SELECT withdrawn_reason_enc FROM psp_request WHERE id = $1`,
        [draft.id],
      );
      expect(raw[0].withdrawn_reason_enc.toString('latin1')).not.toContain('poursuivre');

      const twice = await withdraw(asso, draft.id);
      expect(twice.status).toBe(409);
      expect(twice.body.message).toBe(
        `${draft.reference} : Impossible de retirer la demande : la demande est à l'état « Retirée ».`,
      );
      const docs = await countRows(t, 'supporting_document', 'request_id = $1', [complete.id]);
      const up = await upload(asso, complete.id, { itemCode: 'SITUATION' });
      expect(up.status).toBe(409);
      expect(up.body.message).toBe(`La demande ${complete.reference} ne reçoit plus de pièces.`);
      expect(await countRows(t, 'supporting_document', 'request_id = $1', [complete.id])).toBe(docs);
      const del = await asso.delete<Dto>(
        `/psp-requests/${complete.id}/documents/${complete.documents[0].id}`,
      );
      expect(del.status).toBe(409);
      const edit = await asso.put<Dto>(`/psp-requests/${draft.id}`, { dossier: {} });
      expect(edit.status).toBe(409);
      expect(edit.body.message).toBe(`La demande ${draft.reference} ne peut plus être modifiée.`);
    });

    it('PSP-5: a request with the opinion of the commission can no longer be withdrawn', async () => {
      const id = await demoRequestId(t, 'Lopes');
      const r = await withdraw(asso, id);
      expect(r.status).toBe(409);
      expect(r.body.message).toMatch(
        /Impossible de retirer la demande : la demande est à l'état « Avis rendu »\.$/,
      );
      expect(await stateOf(t, id)).toBe('OPINION_GIVEN');
    });
  });

  describe('nationality waiver (PSP-3)', () => {
    it('PSP-3: the secretariat accepts several concordant documents instead of a proof of nationality, with a reason kept in the audit', async () => {
      const draft = await createDraft(asso, fullDossier({ lastName: 'Sanspapiers' }));
      await uploadAll(t, asso, draft.id, 'INITIAL', ['NATIONALITE']);
      const early = await sec.post<Dto>(`/psp-requests/${draft.id}/nationality-waiver`, {
        accepted: true,
        reason: 'Trop tôt',
      });
      expect(early.status).toBe(409);
      const submitted = await submit(asso, draft.id);
      expect(submitted.body.state).toBe('INCOMPLETE');
      expect(submitted.body.completeness.items.find((i) => i.code === 'NATIONALITE')?.status).toBe('MISSING');

      const byAsso = await asso.post<Dto>(`/psp-requests/${draft.id}/nationality-waiver`, {
        accepted: true,
        reason: 'x',
      });
      expect(byAsso.status).toBe(403);
      for (const blank of ['', '   ']) {
        const noReason = await sec.post<Dto>(`/psp-requests/${draft.id}/nationality-waiver`, {
          accepted: true,
          reason: blank,
        });
        expect(noReason.status).toBe(400);
        expect(noReason.body.errors).toEqual([{ field: 'reason', message: 'Le motif est obligatoire.' }]);
      }

      const reason = 'Acte de naissance et attestation de l’ambassade concordants.';
      const r = await sec.post<Dto>(`/psp-requests/${draft.id}/nationality-waiver`, {
        accepted: true,
        reason,
      });
      expect(r.status).toBe(200);
      expect(r.body.state).toBe('COMPLETE');
      expect(r.body.completeness.complete).toBe(true);
      expect(r.body.completeness.items.find((i) => i.code === 'NATIONALITE')).toMatchObject({
        status: 'WAIVED',
        rule: 'PSP-3',
      });
      expect(r.body.nationalityWaiver).toMatchObject({ accepted: true, reason });
      const [audit] = await auditRows(t, 'psp_request.nationality_waiver', draft.id);
      expect(audit.details).toEqual({ accepted: true, reason, rule: 'PSP-3' });
      expect(audit.actor_user_id).toBe(await userId(t, DEMO.secretariat));

      const revoked = await sec.post<Dto>(`/psp-requests/${draft.id}/nationality-waiver`, {
        accepted: false,
        reason: 'Documents non concordants.',
      });
      expect(revoked.body.state).toBe('INCOMPLETE');
      expect(revoked.body.completeness.items.find((i) => i.code === 'NATIONALITE')?.status).toBe('MISSING');
    });
  });

  describe('uploads', () => {
    let draftId: string;
    beforeAll(async () => {
      draftId = (await createDraft(asso, fullDossier({ lastName: 'Pièces' }))).id;
    });
    const docCount = () => countRows(t, 'supporting_document', 'request_id = $1', [draftId]);

    it('PSP-3: a file named .pdf whose content is a PNG is stored as image/png (magic bytes, not the name)', async () => {
      const content = png('scan');
      const r = await upload(asso, draftId, {
        itemCode: 'ETAT_CIVIL',
        content,
        filename: 'acte-naissance.pdf',
      });
      expect(r.status).toBe(201);
      const d = r.body.documents.find((x) => x.itemCode === 'ETAT_CIVIL');
      expect(d).toMatchObject({
        contentType: 'image/png',
        size: content.length,
        filename: 'acte-naissance.pdf.png',
      });
      const dl = await asso.request('GET', `/psp-requests/${draftId}/documents/${d?.id}/content`);
      expect(dl.status).toBe(200);
      expect(dl.headers.get('content-type')).toBe('image/png');
      expect(dl.headers.get('cache-control')).toBe('no-store');
    });

    it('PSP-3: a text file renamed .pdf is refused (400, field file) and nothing is written', async () => {
      const before = await docCount();
      const r = await upload(asso, draftId, {
        itemCode: 'SITUATION',
        content: Buffer.from('Ceci est un texte, pas un PDF.'),
        filename: 'faux.pdf',
      });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        {
          field: 'file',
          message:
            'Format refusé : seuls les fichiers PDF, JPEG et PNG sont acceptés (le contenu du fichier a été vérifié).',
        },
      ]);
      expect(await docCount()).toBe(before);
    });

    it('PSP-3: a file over 10 MB is refused (400, field file) and nothing is written', async () => {
      const before = await docCount();
      const big = Buffer.concat([pdf('gros'), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
      const r = await upload(asso, draftId, { itemCode: 'SITUATION', content: big });
      expect(r.status).toBe(400);
      expect(r.body.errors?.[0].field).toBe('file');
      expect(r.body.message).toContain('10 Mo');
      expect(await docCount()).toBe(before);
    });

    it('PSP-3: a file of exactly 10 MB is accepted', async () => {
      const head = pdf('limite');
      const exact = Buffer.concat([head, Buffer.alloc(10 * 1024 * 1024 - head.length, 0x20)]);
      const r = await upload(asso, draftId, { itemCode: 'SITUATION', content: exact });
      expect(r.status).toBe(201);
      expect(r.body.documents.find((d) => d.itemCode === 'SITUATION')?.size).toBe(10 * 1024 * 1024);
    });

    it('PSP-3: an empty file or no file is refused', async () => {
      const before = await docCount();
      const empty = await upload(asso, draftId, { itemCode: 'SITUATION', content: Buffer.alloc(0) });
      expect(empty.status).toBe(400);
      expect(empty.body.errors?.[0].field).toBe('file');
      const form = new FormData();
      form.append('itemCode', 'SITUATION');
      const none = await asso.post<Dto>(`/psp-requests/${draftId}/documents`, form);
      expect(none.status).toBe(400);
      expect(none.body.errors).toEqual([
        { field: 'file', message: 'Joignez un fichier (PDF, JPEG ou PNG).' },
      ]);
      expect(await docCount()).toBe(before);
    });

    it('PSP-3: a piece that is not on the checklist of the request is refused (400, field itemCode)', async () => {
      const before = await docCount();
      for (const itemCode of ['INCONNU', 'BILAN_ETAPE']) {
        const r = await upload(asso, draftId, { itemCode });
        expect(r.status).toBe(400);
        expect(r.body.errors).toEqual([
          {
            field: 'itemCode',
            message: `La pièce « ${itemCode} » ne fait pas partie de la liste des pièces de cette demande.`,
          },
        ]);
      }
      const badFormat = await upload(asso, draftId, { itemCode: 'pas-un-code' });
      expect(badFormat.status).toBe(400);
      expect(badFormat.body.errors?.[0]).toEqual({
        field: 'itemCode',
        message: 'La pièce attendue est invalide.',
      });
      expect(await docCount()).toBe(before);
    });

    it('PSP-3: the proof of nationality needs an accepted type, the proof of address an issue date not in the future', async () => {
      const before = await docCount();
      const noType = await upload(asso, draftId, { itemCode: 'NATIONALITE' });
      expect(noType.status).toBe(400);
      expect(noType.body.errors?.[0].field).toBe('docType');
      expect(noType.body.errors?.[0].message).toContain('PASSEPORT');
      const wrongType = await upload(asso, draftId, { itemCode: 'NATIONALITE', docType: 'PERMIS_CONDUIRE' });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.errors?.[0].field).toBe('docType');
      const noDate = await upload(asso, draftId, { itemCode: 'DOMICILE' });
      expect(noDate.status).toBe(400);
      expect(noDate.body.errors?.[0].field).toBe('issueDate');
      const future = await upload(asso, draftId, { itemCode: 'DOMICILE', issueDate: addDays(today(), 1) });
      expect(future.status).toBe(400);
      expect(future.body.errors).toEqual([
        { field: 'issueDate', message: "La date d'émission ne peut pas être dans le futur." },
      ]);
      const inverted = await upload(asso, draftId, {
        itemCode: 'NATIONALITE',
        docType: 'PASSEPORT',
        issueDate: '2024-01-01',
        expiryDate: '2023-01-01',
      });
      expect(inverted.status).toBe(400);
      expect(inverted.body.errors?.[0].field).toBe('expiryDate');
      expect(await docCount()).toBe(before);
    });

    it('PSP-3: a proof of address issued after the submission date completes an incomplete request', async () => {
      const draft = await createDraft(asso, fullDossier({ lastName: 'Tardive' }));
      await uploadAll(t, asso, draft.id, 'INITIAL', ['DOMICILE']);
      expect((await submit(asso, draft.id)).body.state).toBe('INCOMPLETE');
      const submittedOn = today();
      try {
        t.clock.setNow(parisNoon(addDays(submittedOn, 10)));
        // Sessions follow the clock: a jump of 10 days is a long idle time, hence a fresh login.
        const later = await t.login(DEMO.association);
        const r = await upload(later, draft.id, { itemCode: 'DOMICILE', issueDate: addDays(submittedOn, 5) });
        expect(r.status).toBe(201);
        expect(r.body.completeness.referenceDate).toBe(submittedOn);
        expect(r.body.completeness.items.find((i) => i.code === 'DOMICILE')?.status).toBe('PRESENT');
        expect(r.body.state).toBe('COMPLETE');
      } finally {
        t.clock.setNow(new Date());
      }
    });
  });

  describe('reads are audited (DP-2)', () => {
    it('DP-2: reading the dossier writes psp_request.read; downloading a document writes supporting_document.read', async () => {
      const req = await completeRequest(t, asso, { lastName: 'Lecture' });
      const president = await t.login(DEMO.president);
      for (const [client, email] of [
        [sec, DEMO.secretariat],
        [president, DEMO.president],
        [asso, DEMO.association],
      ] as const) {
        const before = (await auditRows(t, 'psp_request.read', req.id)).length;
        const r = await get(client, req.id);
        expect(r.status).toBe(200);
        expect(r.body.dossier.lastName).toBe('Lecture');
        const rows = await auditRows(t, 'psp_request.read', req.id);
        expect(rows).toHaveLength(before + 1);
        expect(rows[rows.length - 1].actor_user_id).toBe(await userId(t, email));
      }
      const content = pdf('contenu-à-télécharger');
      const up = await upload(asso, req.id, {
        itemCode: 'SITUATION',
        content,
        filename: 'situation sociale.pdf',
      });
      const doc = up.body.documents.find((d) => d.filename === 'situation sociale.pdf');
      expect(doc).toBeDefined();
      const res = await fetch(`${t.baseUrl}/psp-requests/${req.id}/documents/${doc?.id}/content`, {
        headers: {
          cookie: Object.entries(sec.cookies)
            .map(([k, v]) => `${k}=${v}`)
            .join('; '),
        },
      });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename*=UTF-8''situation%20sociale.pdf`,
      );
      const reads = await auditRows(t, 'supporting_document.read', req.id);
      expect(reads).toHaveLength(1);
      expect(reads[0].details).toEqual({ documentId: doc?.id });
      expect(reads[0].actor_user_id).toBe(await userId(t, DEMO.secretariat));
      const unknown = await sec.get<Dto>(`/psp-requests/${req.id}/documents/${req.id}/content`);
      expect(unknown.status).toBe(404);
      expect(await auditRows(t, 'supporting_document.read', req.id)).toHaveLength(1);
    });
  });

  describe('list (PSP-4 service measure)', () => {
    type Page = PageDto<PspRequestListItemDto>;
    const list = (c: TestClient, q: string) => c.get<Page>(`/psp-requests?${q}`);

    it('PSP-4: filters by state', async () => {
      const r = await list(sec, 'state=COMPLETE&pageSize=200');
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeGreaterThan(0);
      expect(r.body.items.every((i) => i.state === 'COMPLETE')).toBe(true);
      expect(r.body.total).toBe(await countRows(t, 'psp_request', `state = 'COMPLETE'`));
      const bad = await list(sec, 'state=PERDUE');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        errors: [{ field: 'state', message: "L'état demandé est invalide." }],
      });
    });

    it('PSP-4: filters by association; an association only ever sees its own', async () => {
      const r = await list(sec, `associationId=${cidffId}&pageSize=200`);
      expect(r.body.total).toBe(await countRows(t, 'psp_request', 'association_id = $1', [cidffId]));
      expect(r.body.total).toBeGreaterThan(0);
      expect(r.body.items.every((i) => i.associationId === cidffId && i.associationName === CIDFF)).toBe(
        true,
      );
      const own = await list(asso, `associationId=${cidffId}&pageSize=200`);
      expect(own.body.total).toBe(await countRows(t, 'psp_request', 'association_id = $1', [passerellesId]));
      expect(own.body.items.every((i) => i.associationId === passerellesId)).toBe(true);
    });

    it('PSP-4: minDaysWaiting finds the demo request complete for 40 days, whatever the time of day', async () => {
      const garnier = await demoRequestId(t, 'Garnier');
      try {
        // Early in the morning in Paris: the demo request was completed at 10:00, 40 calendar days ago.
        t.clock.setNow(new Date(`${today()}T05:30:00Z`));
        const early = await t.login(DEMO.secretariat);
        const r = await list(early, 'minDaysWaiting=40&pageSize=200');
        expect(r.status).toBe(200);
        const item = r.body.items.find((i) => i.id === garnier);
        expect(item).toMatchObject({ state: 'COMPLETE', daysWaiting: 40 });
        expect(
          r.body.items.every(
            (i) => (i.daysWaiting ?? -1) >= 40 && ['COMPLETE', 'ON_AGENDA'].includes(i.state),
          ),
        ).toBe(true);
        const later = await list(early, 'minDaysWaiting=41&pageSize=200');
        expect(later.body.items.map((i) => i.id)).not.toContain(garnier);
        // Every request waiting 3 days or more, and only those.
        const three = await list(early, 'minDaysWaiting=3&pageSize=200');
        const all = await list(early, 'pageSize=200');
        const expected = all.body.items
          .filter((i) => (i.daysWaiting ?? -1) >= 3)
          .map((i) => i.id)
          .sort();
        expect(three.body.items.map((i) => i.id).sort()).toEqual(expected);
        expect(expected.length).toBeGreaterThanOrEqual(3);
      } finally {
        t.clock.setNow(new Date());
      }
    });

    it('PSP-4: sorts by days waiting (longest first) and by reference, and pages', async () => {
      const waiting = await list(sec, 'state=COMPLETE&sort=daysWaiting&order=desc&pageSize=200');
      const days = waiting.body.items.map((i) => i.daysWaiting as number);
      expect(days).toEqual([...days].sort((a, b) => b - a));
      expect(days[0]).toBe(40);

      const all = await list(sec, 'sort=reference&order=asc&pageSize=200');
      const refs = all.body.items.map((i) => i.reference);
      expect(refs).toEqual([...refs].sort());
      expect(all.body.total).toBe(await countRows(t, 'psp_request'));
      const p1 = await list(sec, 'sort=reference&order=asc&pageSize=5&page=1');
      const p2 = await list(sec, 'sort=reference&order=asc&pageSize=5&page=2');
      expect(p1.body).toMatchObject({ page: 1, pageSize: 5, total: all.body.total });
      expect(p1.body.items.map((i) => i.reference)).toEqual(refs.slice(0, 5));
      expect(p2.body.items.map((i) => i.reference)).toEqual(refs.slice(5, 10));
      const desc = await list(sec, 'sort=reference&order=desc&pageSize=3');
      expect(desc.body.items.map((i) => i.reference)).toEqual([...refs].reverse().slice(0, 3));
      const past = await list(sec, 'pageSize=200&page=50');
      expect(past.body.items).toEqual([]);
    });

    it('DP-2: the list carries no identity', async () => {
      const r = await list(sec, 'pageSize=200');
      expect(JSON.stringify(r.body)).not.toMatch(/Garnier|Mélanie|Okafor|lastName|birthDate/);
    });
  });

  describe('references (DP-2)', () => {
    it('DP-2: references follow PSP-86-<year>-NNNN, one sequence per year, and are unique even when filed at once', async () => {
      const year = today().slice(0, 4);
      const created = await Promise.all(
        Array.from({ length: 6 }, () => createDraft(asso, { lastName: 'Simultanée' })),
      );
      const refs: { reference: string }[] = await t.ds.query(`SELECT reference FROM psp_request`);
      const all = refs.map((r) => r.reference);
      expect(new Set(all).size).toBe(all.length);
      for (const ref of all) expect(ref).toMatch(new RegExp(`^PSP-86-${year}-\\d{4}$`));
      const numbers = all.map((r) => Number(r.slice(-4))).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      const mine = created.map((c) => Number(c.reference.slice(-4))).sort((a, b) => a - b);
      expect(mine[mine.length - 1] - mine[0]).toBe(5);
    });
  });

  it('PSP-3: the checklist of a request lists the nine initial pieces and the optional complaint', async () => {
    const draft = await createDraft(asso, {});
    const r = await get(asso, draft.id);
    expect(r.body.completeness.items.map((i) => i.code)).toEqual([...INITIAL_CODES, 'PLAINTE']);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
