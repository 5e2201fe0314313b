import { ConflictException } from '@nestjs/common';
import type { PspRequestDto } from '@cdlp/shared';
import { PathwaysService } from '../../src/pathways/pathways.service';
import { PspRequestsService } from '../../src/psp-requests/psp-requests.service';
import { ErrorBody, auditRows, completeRequest, countRows, createDraft, demoRequestId, fullDossier, getRequest as get, inTx, startPspRequestsApp, stateOf, submitRequest as submit, upload, uploadAll, userId, withdrawRequest as withdraw } from '../psp-fixtures';
import { DEMO, TestApp, TestClient } from '../test-app';

type Dto = PspRequestDto & ErrorBody;

/**
 * PSP-4, PSP-5, PSP-3: the lifecycle of a request through the services and its withdrawal,
 * and the waiver of the proof of nationality.
 */
describe('PSP requests: filing, completeness, documents, lifecycle', () => {
  let t: TestApp, asso: TestClient, sec: TestClient;

  beforeAll(async () => {
    ({ t, asso, sec } = await startPspRequestsApp());
  });

  afterAll(() => t?.close());

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
});


function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
