import type { ApiErrorDto, DeliberationDto, MinutesDto, SittingDto, StrategyActionDto, StrategyContentDto, StrategyDto, VerificationResultDto } from '@cdlp/shared';
import { count } from '../fixtures';
import { sqlError } from '../signed-documents-fixtures';
import { download, key, normalise, ok, pdfWords, poppler, readStrategy, saveVersion as save, startDraftedStrategy } from '../strategy-fixtures';
import { SittingBody, convene, createSitting, expectFieldError, sittingBody } from '../sitting-fixtures';
import { TestApp, TestClient } from '../test-app';

type Body<T> = T & ApiErrorDto;

/**
 * STRAT-1, MEET-1, VOTE-1, SIG-1: the drafted strategy (version 3, as
 * strategy-drafting.int-spec writes it) put on the agenda of a policy sitting held later
 * today at 23:30, adopted by vote, and signed by the préfet. One app; the tests run in order.
 */
describe('departmental strategy (STRAT-1, MEET-1, VOTE-1, SIG-1)', () => {
  let t: TestApp, sec: TestClient, pres: TestClient, member: TestClient, asso: TestClient, admin: TestClient;
  let today: string, Y: number;
  let S: StrategyDto, v3: StrategyContentDto, comite: StrategyActionDto;

  beforeAll(async () => {
    ({ t, sec, pres, member, asso, admin, today, Y, S, v3, comite } = await startDraftedStrategy());
  });

  afterAll(() => t?.close());

  const getStrategy = (id: string, version?: number) => readStrategy(sec, id, version);
  const createStrategy = async (title: string) =>
    ok(
      await sec.post<Body<StrategyDto>>('/strategies', { title, periodStart: Y, periodEnd: Y + 2 }),
      'create strategy',
    );

  describe('reference data and drafting', () => {
    describe('adoption at a policy sitting and signature', () => {
      let sitting: SittingDto;
      /** A second strategy, rejected by the vote. */
      let R: StrategyDto;
      /** A third one, on the agenda but never voted. */
      let W: StrategyDto;
      let adoptItemId: string;
      let rejectItemId: string;
      let signedDocumentId: string;

      const vote = async (itemId: string, choice: 'FAVOURABLE' | 'UNFAVOURABLE') => {
        const url = `/sittings/${sitting.id}/items/${itemId}`;
        ok(await pres.post<Body<DeliberationDto>>(`${url}/vote/open`), 'open vote');
        ok(
          await pres.post<Body<DeliberationDto>>(`${url}/ballots`, {
            choice,
            capacity: 'OWN',
            clientKey: key(),
          }),
          'ballot',
        );
        return ok(await pres.post<Body<DeliberationDto>>(`${url}/vote/close`), 'close vote');
      };

      it('MEET-1: a strategy is put on the agenda of a policy sitting only (400 otherwise); on the agenda it can no longer be edited (409)', async () => {
        R = await createStrategy('Stratégie rejetée');
        const minors: { id: string }[] = await t.ds.query(
          `SELECT id FROM sitting WHERE kind = 'MINORS' LIMIT 1`,
        );
        expectFieldError(
          await sec.post(`/strategies/${S.id}/agenda`, { sittingId: minors[0].id, version: 3 }),
          'sittingId',
          /MEET-1/,
        );
        expect(
          (await pres.post(`/strategies/${S.id}/agenda`, { sittingId: minors[0].id, version: 3 })).status,
        ).toBe(403);

        sitting = await createSitting(
          sec,
          sittingBody('POLICY', today, {
            startsAtLocal: `${today}T23:30`,
            title: 'Adoption de la stratégie départementale',
          }),
        );
        expect(
          (await sec.post(`/strategies/${S.id}/agenda`, { sittingId: sitting.id, version: 9 })).status,
        ).toBe(404);
        const on = ok(
          await sec.post<Body<StrategyDto>>(`/strategies/${S.id}/agenda`, {
            sittingId: sitting.id,
            version: 3,
          }),
          'agenda S',
        );
        expect(on).toMatchObject({ state: 'ON_AGENDA', agendaSittingId: sitting.id, editable: false });
        ok(await sec.post(`/strategies/${R.id}/agenda`, { sittingId: sitting.id, version: 1 }), 'agenda R');
        // Before the convocation, a strategy is withdrawn from the agenda: back to drafting, its item removed.
        W = await createStrategy('Stratégie non examinée');
        ok(await sec.post(`/strategies/${W.id}/agenda`, { sittingId: sitting.id, version: 1 }), 'agenda W');
        const withdrawn = ok(
          await sec.post<Body<StrategyDto>>(`/strategies/${W.id}/agenda/withdraw`),
          'withdraw W',
        );
        expect(withdrawn).toMatchObject({ state: 'DRAFT', agendaSittingId: null, editable: true });
        expect((await sec.post(`/strategies/${W.id}/agenda/withdraw`)).status).toBe(409);
        ok(
          await sec.post(`/strategies/${W.id}/agenda`, { sittingId: sitting.id, version: 1 }),
          'agenda W again',
        );
        // Twice on an agenda: refused.
        expect(
          (await sec.post(`/strategies/${S.id}/agenda`, { sittingId: sitting.id, version: 3 })).status,
        ).toBe(409);

        const refused = await save(sec, S.id, v3, 3);
        expect(refused.status).toBe(409);
        expect(refused.body.message).toContain("inscrite à l'ordre du jour");

        sitting = ok(await sec.get<SittingBody>(`/sittings/${sitting.id}`), 'sitting');
        const items = sitting.agenda.filter(
          (i) => !i.removed && i.title.startsWith('Adoption de la stratégie départementale'),
        );
        expect(items.map((i) => [i.kind, i.title])).toEqual([
          [
            'POLICY',
            `Adoption de la stratégie départementale « Stratégie départementale de test » ${Y}-${Y + 2} (version 3)`,
          ],
          [
            'POLICY',
            `Adoption de la stratégie départementale « Stratégie rejetée » ${Y}-${Y + 2} (version 1)`,
          ],
          [
            'POLICY',
            `Adoption de la stratégie départementale « Stratégie non examinée » ${Y}-${Y + 2} (version 1)`,
          ],
        ]);
        expect(sitting.agenda.filter((i) => i.removed).map((i) => i.title)).toEqual([
          `Adoption de la stratégie départementale « Stratégie non examinée » ${Y}-${Y + 2} (version 1)`,
        ]);
        [adoptItemId, rejectItemId] = items.map((i) => i.id);
        const rows: { strategy_id: string; strategy_version: number }[] = await t.ds.query(
          `SELECT strategy_id, strategy_version FROM agenda_item WHERE id = ANY($1) ORDER BY position`,
          [[adoptItemId, rejectItemId]],
        );
        expect(rows).toEqual([
          { strategy_id: S.id, strategy_version: 3 },
          { strategy_id: R.id, strategy_version: 1 },
        ]);
      });

      it('VOTE-1: the sitting is convened and opened; a FAVOURABLE vote adopts the strategy: ADOPTED, the version frozen, a new version refused (409)', async () => {
        await convene(sec, sitting.id, {
          urgent: true,
          urgencyReason: 'Adoption de la stratégie avant la fin de l’exercice budgétaire',
        });
        sitting = ok(await sec.get<SittingBody>(`/sittings/${sitting.id}`), 'sitting');
        expect(sitting.members.length).toBeGreaterThan(0);
        for (const m of sitting.members)
          ok(
            await sec.post(`/sittings/${sitting.id}/attendance`, { answer: 'PRESENT', memberId: m.memberId }),
            `attendance ${m.name}`,
          );
        ok(await pres.post(`/sittings/${sitting.id}/open`), 'open sitting');
        // In the open sitting, the agenda is locked: the strategy stays on it.
        expect((await sec.post(`/strategies/${W.id}/agenda/withdraw`)).status).toBe(409);

        // Signing before adoption is refused.
        expect((await pres.post(`/strategies/${S.id}/sign`)).status).toBe(409);

        const d = await vote(adoptItemId, 'FAVOURABLE');
        expect(d.items.find((i) => i.itemId === adoptItemId)?.result?.opinion).toBe('FAVOURABLE');
        const s = await getStrategy(S.id);
        expect(s).toMatchObject({
          state: 'ADOPTED',
          adoptedVersion: 3,
          currentVersion: 3,
          editable: false,
          agendaSittingId: sitting.id,
        });
        expect(s.versions.map((v) => [v.number, v.frozen])).toEqual([
          [3, true],
          [2, false],
          [1, false],
        ]);
        const refused = await save(sec, S.id, v3, 3);
        expect(refused.status).toBe(409);
        expect(refused.body.message).toContain('La stratégie est adoptée');
        expect(await count(t, 'strategy_version', 'strategy_id = $1', [S.id])).toBe(3);
        // The frozen flag cannot be taken back in the database.
        expect(
          await sqlError(() =>
            t.ds.query(`UPDATE strategy_version SET frozen = false WHERE strategy_id = $1 AND number = 3`, [
              S.id,
            ]),
          ),
        ).toMatch(/strategy_version is immutable/);
        const audit: { details: { version: number; agendaItemId: string } }[] = await t.ds.query(
          `SELECT details FROM audit_event WHERE action = 'strategy.adopted' AND entity_id = $1`,
          [S.id],
        );
        expect(audit.map((a) => a.details)).toEqual([
          expect.objectContaining({ version: 3, agendaItemId: adoptItemId, rule: 'STRAT-1' }),
        ]);
        // The follow-up goes on after adoption.
        ok(
          await sec.put(`/strategies/${S.id}/action-progress`, {
            actionKey: comite.key,
            year: Y,
            status: 'IN_PROGRESS',
          }),
          'progress after adoption',
        );
      });

      it('VOTE-1: an UNFAVOURABLE vote sends the strategy back to DRAFT: it is edited again', async () => {
        const d = await vote(rejectItemId, 'UNFAVOURABLE');
        expect(d.items.find((i) => i.itemId === rejectItemId)?.result?.opinion).toBe('UNFAVOURABLE');
        const r = await getStrategy(R.id);
        expect(r).toMatchObject({
          state: 'DRAFT',
          adoptedVersion: null,
          agendaSittingId: null,
          editable: true,
        });
        expect(r.versions.map((v) => v.frozen)).toEqual([false]);
        const again = await save(sec, R.id, r.content, 1, 'Version revue après le vote');
        expect(again.status).toBe(201);
        expect(again.body.currentVersion).toBe(2);
        // The president cannot sign a strategy that was not adopted.
        expect((await pres.post(`/strategies/${R.id}/sign`)).status).toBe(409);
      });

      it('MEET-1: the minutes of the closed sitting report the adoption item and its outcome', async () => {
        ok(await pres.post(`/sittings/${sitting.id}/close`), 'close sitting');
        const minutes = ok(await sec.post<Body<MinutesDto>>(`/sittings/${sitting.id}/minutes`), 'minutes');
        const adopted = minutes.items.find((i) => i.itemId === adoptItemId);
        expect(adopted).toMatchObject({
          kind: 'POLICY',
          title: `Adoption de la stratégie départementale « Stratégie départementale de test » ${Y}-${Y + 2} (version 3)`,
          opinion: 'FAVOURABLE',
        });
        expect(adopted?.resultText).toBeTruthy();
        expect(minutes.items.find((i) => i.itemId === rejectItemId)).toMatchObject({
          opinion: 'UNFAVOURABLE',
        });
        const draft = await download(t, sec, `/sittings/${sitting.id}/minutes/draft.pdf`);
        expect(draft.status).toBe(200);
        expect(normalise(pdfWords(draft.body))).toContain(
          normalise(
            `Adoption de la stratégie départementale « Stratégie départementale de test » ${Y}-${Y + 2} (version 3)`,
          ),
        );
      });

      it('STRAT-1: a strategy left unvoted when the sitting closed is withdrawn from the agenda and drafted again', async () => {
        expect((await getStrategy(W.id)).state).toBe('ON_AGENDA');
        const r = await sec.post<Body<StrategyDto>>(`/strategies/${W.id}/agenda/withdraw`);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ state: 'DRAFT', agendaSittingId: null, editable: true });
        expect((await save(sec, W.id, r.body.content, 1, 'Reprise après la séance')).status).toBe(201);
        // The record of the closed sitting is not touched: the item stays, never voted.
        const item: { vote_state: string }[] = await t.ds.query(
          `SELECT vote_state FROM agenda_item WHERE strategy_id = $1 AND removed_at IS NULL`,
          [W.id],
        );
        expect(item).toEqual([{ vote_state: 'NOT_OPENED' }]);
      });

      it('SIG-1: only the president (the préfet) signs the adopted strategy (403 otherwise)', async () => {
        for (const c of [sec, member, asso, admin])
          expect((await c.post(`/strategies/${S.id}/sign`)).status).toBe(403);
        const r = await pres.post<Body<StrategyDto>>(`/strategies/${S.id}/sign`);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ state: 'SIGNED', adoptedVersion: 3 });
        signedDocumentId = r.body.signedDocumentId as string;
        expect(signedDocumentId).toMatch(/^[0-9a-f-]{36}$/);
        // Signed once.
        expect((await pres.post(`/strategies/${S.id}/sign`)).status).toBe(409);
        const docs: { kind: string; subject_id: string; version: number; signer_name: string }[] =
          await t.ds.query(
            `SELECT kind, subject_id, version, signer_name FROM signed_document WHERE id = $1`,
            [signedDocumentId],
          );
        expect(docs).toEqual([
          { kind: 'STRATEGY', subject_id: S.id, version: 1, signer_name: 'Claire Morvan' },
        ]);
      });

      it('SIG-1: pdfsig validates the PAdES signature of the downloaded strategy (whole document signed); the portal says GENUINE', async () => {
        const r = await download(t, member, `/documents/${signedDocumentId}/content`);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toContain('application/pdf');
        const sig = poppler('pdfsig', r.body);
        expect(sig.code).toBe(0);
        expect(sig.out).toContain('Signature is Valid');
        expect(sig.out).toContain('Total document signed');

        const text = pdfWords(r.body);
        expect(text).toContain('Signé électroniquement par Claire Morvan');
        expect(text).toContain('Signée par le préfet');
        expect(text).toMatch(/adoptée lors de la séance n° \S+ du/);
        expect(text).toContain('Version 3');
        expect(text).not.toContain('PROJET');

        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(r.body)], { type: 'application/pdf' }), 'strategie.pdf');
        const verified = await member.post<Body<VerificationResultDto>>('/documents/verify', form);
        expect(verified.status).toBe(200);
        expect(verified.body).toMatchObject({
          status: 'GENUINE',
          document: { id: signedDocumentId, kind: 'STRATEGY' },
        });

        const s = await getStrategy(S.id);
        expect(s).toMatchObject({ state: 'SIGNED', signedDocumentId });
        expect((await save(sec, S.id, v3, 3)).status).toBe(409);
      });
    });
  });
});
