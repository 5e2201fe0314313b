import type { ApiErrorDto, SectionDiffDto, StrategyActionDto, StrategyContentDto, StrategyDto, StrategyIndicatorDto, StrategyReferenceDto } from '@cdlp/shared';
import { count } from '../fixtures';
import { sqlError } from '../signed-documents-fixtures';
import { DIAGNOSTIC_AXES, DraftPlan, copy, draftPlan, ok, planOf, readStrategy, saveVersion as save, startStrategyApp, version2, version3 } from '../strategy-fixtures';
import { expectFieldError } from '../sitting-fixtures';
import { DEMO, TestApp, TestClient } from '../test-app';

type Body<T> = T & ApiErrorDto;

/**
 * STRAT-1 from the first draft to the signed document: reference data, versions and
 * their differences, comments, yearly follow-up, the portal's automatic indicators on
 * the demo data, adoption by vote at a policy sitting (MEET-1, VOTE-1) and the préfet's
 * signature (SIG-1). This suite writes the strategy through versions 1 to 3 step by step;
 * the later ones start from it as draftStrategy (strategy-fixtures) writes it:
 * strategy-comments-followup, strategy-indicators and strategy-adoption.int-spec.
 * One app; the tests of a block run in order.
 */
describe('departmental strategy (STRAT-1, MEET-1, VOTE-1, SIG-1)', () => {
  let t: TestApp, sec: TestClient, pres: TestClient, member: TestClient, asso: TestClient, admin: TestClient;
  let today: string, Y: number;

  beforeAll(async () => {
    ({ t, sec, pres, member, asso, admin, today, Y } = await startStrategyApp());
  });

  afterAll(() => t?.close());

  const getStrategy = (id: string, version?: number) => readStrategy(sec, id, version);

  describe('reference data and drafting', () => {
    /** The strategy written through versions 1 to 3. */
    let S: StrategyDto;
    let v1: StrategyContentDto;
    let v2: StrategyContentDto;
    let v3: StrategyContentDto;
    /** Actions and indicators of version 2 (kept in version 3). */
    let plan: DraftPlan;
    let comite: StrategyActionDto;
    let cartographie: StrategyActionDto;
    let journee: StrategyActionDto;
    let formes: StrategyIndicatorDto;
    let demandes: StrategyIndicatorDto;

    it('STRAT-1 reference data: all 16 recommendations in 6 axes (recommendations.json), each mapped to one of the 4 national axes', async () => {
      const ref = ok(await member.get<Body<StrategyReferenceDto>>('/strategy/reference'), 'reference');
      expect(ref).toMatchObject({ code: 'DIAGNOSTIC_86_2024', version: 1 });
      expect(ref.axes.map((a) => [a.number, a.title])).toEqual(
        DIAGNOSTIC_AXES.map((a) => [a.number, a.title]),
      );
      expect(ref.axes.flatMap((a) => a.recommendations.map((r) => r.number))).toEqual(
        Array.from({ length: 16 }, (_, i) => i + 1),
      );
      for (const axis of DIAGNOSTIC_AXES) {
        const got = ref.axes.find((a) => a.number === axis.number);
        expect(
          got?.recommendations.map(({ number, title, levers, axisNumber }) => ({
            number,
            title,
            levers,
            axisNumber,
          })),
        ).toEqual(axis.recommendations.map((r) => ({ ...r, axisNumber: axis.number })));
      }
      expect(ref.nationalAxes.map((n) => n.number)).toEqual([1, 2, 3, 4]);
      for (const n of ref.nationalAxes) expect(n.title.length).toBeGreaterThan(10);
      const national = ref.axes.flatMap((a) => a.recommendations.map((r) => r.nationalAxisNumber));
      for (const n of national) expect([1, 2, 3, 4]).toContain(n);
      // Each national axis carries at least one recommendation.
      expect([...new Set(national)].sort()).toEqual([1, 2, 3, 4]);
      // Every role reads the reference; anonymous users do not.
      for (const c of [sec, pres, asso, admin]) expect((await c.get('/strategy/reference')).status).toBe(200);
      expect((await t.anon().get('/strategy/reference')).status).toBe(401);
    });

    it('STRAT-1: the secretariat creates a strategy: version 1 holds one empty section for each of the 16 recommendations', async () => {
      const r = await sec.post<Body<StrategyDto>>('/strategies', {
        title: 'Stratégie départementale de test',
        periodStart: Y,
        periodEnd: Y + 2,
      });
      expect(r.status).toBe(201);
      S = r.body;
      expect(S).toMatchObject({
        state: 'DRAFT',
        currentVersion: 1,
        adoptedVersion: null,
        signedDocumentId: null,
        periodStart: Y,
        periodEnd: Y + 2,
        editable: true,
      });
      expect(S.versions).toEqual([
        expect.objectContaining({
          number: 1,
          note: 'Version initiale',
          savedBy: 'Sophie Lemaire',
          frozen: false,
        }),
      ]);
      v1 = S.content;
      expect(v1.figures).toEqual([]);
      expect(v1.localActions).toEqual([]);
      expect(v1.recommendations).toEqual(
        Array.from({ length: 16 }, (_, i) => ({
          recommendationNumber: i + 1,
          findings: '',
          priority: null,
          actions: [],
          indicators: [],
        })),
      );
      const listed = ok(await member.get<StrategyDto[]>('/strategies'), 'list');
      expect(listed.map((s) => s.id)).toContain(S.id);

      // Only the secretariat writes the strategy; a period is checked.
      expect(
        (await member.post('/strategies', { title: 'X', periodStart: Y, periodEnd: Y + 1 })).status,
      ).toBe(403);
      expect((await asso.post('/strategies', { title: 'X', periodStart: Y, periodEnd: Y + 1 })).status).toBe(
        403,
      );
      expectFieldError(
        await sec.post('/strategies', { title: 'X', periodStart: Y, periodEnd: Y - 1 }),
        'periodEnd',
      );
      expectFieldError(
        await sec.post('/strategies', { title: 'X', periodStart: Y, periodEnd: Y + 11 }),
        'periodEnd',
      );
    });

    it('STRAT-1: saving a version: the next number, with findings, actions (lead, partners, deadline, budget), indicators (baseline, target) and key figures', async () => {
      plan = draftPlan(today, Y);
      ({ comite, cartographie, journee, formes, demandes } = plan);
      v2 = version2(v1, plan);

      const r = await save(sec, S.id, v2, 1, 'Premier projet issu du diagnostic');
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ currentVersion: 2, state: 'DRAFT', editable: true });
      expect(r.body.versions.map((v) => [v.number, v.note])).toEqual([
        [2, 'Premier projet issu du diagnostic'],
        [1, 'Version initiale'],
      ]);
      expect(planOf(r.body.content, 1).actions).toEqual([comite, cartographie]);
      expect(planOf(r.body.content, 5).indicators).toEqual([formes]);
      expect(r.body.content.figures.map((f) => f.value)).toEqual([188, 420]);
    });

    it('STRAT-1: a save from a stale version is refused (409), and nothing is written', async () => {
      const r = await save(sec, S.id, v2, 1);
      expect(r.status).toBe(409);
      expect(r.body.message).toContain('Une version plus récente (2)');
      expect(await count(t, 'strategy_version', 'strategy_id = $1', [S.id])).toBe(2);
    });

    it('STRAT-1: invalid content is refused (400) with the path of the field at fault', async () => {
      const noTitle = copy(v2);
      planOf(noTitle, 1).actions[1].title = '';
      expectFieldError(
        await save(sec, S.id, noTitle, 2),
        'content.recommendations.0.actions.1.title',
        "Le titre de l'action est obligatoire.",
      );

      const badDate = copy(v2);
      badDate.localActions[0].deadline = '31/12/2026';
      expectFieldError(
        await save(sec, S.id, badDate, 2),
        'content.localActions.0.deadline',
        "L'échéance doit être au format AAAA-MM-JJ.",
      );

      const badDirection = copy(v2);
      (planOf(badDirection, 5).indicators[0] as { direction: string }).direction = 'SIDEWAYS';
      expectFieldError(
        await save(sec, S.id, badDirection, 2),
        'content.recommendations.4.indicators.0.direction',
      );

      const before = copy(v2);
      planOf(before, 1).actions[0] = {
        ...planOf(before, 1).actions[0],
        startDate: `${Y}-06-01`,
        deadline: `${Y}-05-01`,
      };
      expectFieldError(
        await save(sec, S.id, before, 2),
        'content.recommendations.0.actions.0.deadline',
        /précède son début/,
      );

      const twice = copy(v2);
      twice.localActions.push({ ...twice.localActions[0], title: 'Doublon' });
      expectFieldError(
        await save(sec, S.id, twice, 2),
        'content.localActions.3.key',
        'Deux actions portent la même clé.',
      );

      const badTarget = copy(v2);
      planOf(badTarget, 5).indicators[0].targetYear = Y - 1;
      expectFieldError(
        await save(sec, S.id, badTarget, 2),
        'content.recommendations.4.indicators.0.targetYear',
      );

      expect(await count(t, 'strategy_version', 'strategy_id = $1', [S.id])).toBe(2);
    });

    it('STRAT-1: a recommendation unknown to the reference (17) or given twice is refused (400)', async () => {
      const unknown = copy(v2);
      unknown.recommendations.push({
        recommendationNumber: 17,
        findings: '',
        priority: null,
        actions: [],
        indicators: [],
      });
      expectFieldError(
        await save(sec, S.id, unknown, 2),
        'content.recommendations.16.recommendationNumber',
        "La préconisation 17 n'existe pas dans le référentiel.",
      );

      const twice = copy(v2);
      twice.recommendations.push({
        recommendationNumber: 3,
        findings: '',
        priority: null,
        actions: [],
        indicators: [],
      });
      expectFieldError(
        await save(sec, S.id, twice, 2),
        'content.recommendations.16.recommendationNumber',
        'La préconisation 3 apparaît deux fois.',
      );
      expect(await count(t, 'strategy_version', 'strategy_id = $1', [S.id])).toBe(2);
    });

    it('STRAT-1: every version is kept: GET ?version=1 still returns the old content; the diff is given section by section, in French', async () => {
      v3 = version3(v2, plan, Y);
      const r = await save(sec, S.id, v3, 2, 'Après la réunion du comité technique');
      expect(r.status).toBe(201);
      expect(r.body.currentVersion).toBe(3);

      const old = await getStrategy(S.id, 1);
      expect(old.content).toEqual(v1);
      expect(old.editable).toBe(false);
      expect((await getStrategy(S.id, 2)).content).toEqual(v2);
      const current = await getStrategy(S.id);
      expect(current.content).toEqual(v3);
      expect(current.versions.map((v) => v.number)).toEqual([3, 2, 1]);
      expect((await sec.get(`/strategies/${S.id}?version=9`)).status).toBe(404);

      const diff = ok(
        await member.get<Body<SectionDiffDto[]>>(`/strategies/${S.id}/diff?from=2&to=3`),
        'diff 2-3',
      );
      expect(diff).toEqual([
        {
          section: 'diagnostic',
          label: 'Diagnostic',
          changes: [
            'Chiffre clé modifié : Situations décrites par les professionnels (2020-2023) (188 → 190).',
            'Chiffre clé ajouté : Logements mis à disposition (8).',
          ],
        },
        {
          section: 'recommendation-1',
          label: `Préconisation 1 — ${DIAGNOSTIC_AXES[0].recommendations[0].title}`,
          changes: ['Constats locaux modifiés.', `Action modifiée : ${comite.title}.`],
        },
        {
          section: 'recommendation-5',
          label: `Préconisation 5 — ${DIAGNOSTIC_AXES[1].recommendations[0].title}`,
          changes: ['Priorité : Importante → Prioritaire.'],
        },
        {
          section: 'recommendation-7',
          label: `Préconisation 7 — ${DIAGNOSTIC_AXES[2].recommendations[0].title}`,
          changes: ['Action ajoutée : Intervenir dans les collèges et lycées.'],
        },
        {
          section: 'local',
          label: 'Actions locales hors préconisations',
          changes: [`Action retirée : ${journee.title}.`],
        },
      ]);

      const first = ok(
        await sec.get<Body<SectionDiffDto[]>>(`/strategies/${S.id}/diff?from=1&to=2`),
        'diff 1-2',
      );
      expect(first.map((s) => s.section)).toEqual([
        'introduction',
        'diagnostic',
        'recommendation-1',
        'recommendation-4',
        'recommendation-5',
        'recommendation-14',
        'local',
      ]);
      expect(first.find((s) => s.section === 'recommendation-1')?.changes).toEqual([
        'Constats locaux modifiés.',
        'Priorité : aucune → Prioritaire.',
        `Action ajoutée : ${comite.title}.`,
        `Action ajoutée : ${cartographie.title}.`,
      ]);
      expect(first.find((s) => s.section === 'recommendation-4')?.changes).toEqual([
        'Priorité : aucune → Prioritaire.',
        `Indicateur ajouté : ${demandes.name}.`,
      ]);
      // The same version on both sides: no change; the diff of a version with itself read back from jsonb too.
      expect(ok(await sec.get<SectionDiffDto[]>(`/strategies/${S.id}/diff?from=3&to=3`), 'diff 3-3')).toEqual(
        [],
      );
      expect((await sec.get(`/strategies/${S.id}/diff?from=1&to=8`)).status).toBe(404);
    });

    it('STRAT-1: saved versions are immutable in the database (trigger): content, note, author, date, deletion', async () => {
      const where = `strategy_id = '${S.id}' AND number = 1`;
      expect(
        await sqlError(() => t.ds.query(`UPDATE strategy_version SET content = '{}'::jsonb WHERE ${where}`)),
      ).toMatch(/strategy_version is immutable/);
      expect(
        await sqlError(() => t.ds.query(`UPDATE strategy_version SET number = 7 WHERE ${where}`)),
      ).toMatch(/strategy_version is immutable/);
      expect(
        await sqlError(() => t.ds.query(`UPDATE strategy_version SET note = 'Note réécrite' WHERE ${where}`)),
      ).toMatch(/strategy_version is immutable/);
      expect(
        await sqlError(() =>
          t.ds.query(`UPDATE strategy_version SET saved_at = saved_at - interval '1 day' WHERE ${where}`),
        ),
      ).toMatch(/strategy_version is immutable/);
      expect(
        await sqlError(() =>
          t.ds.query(
            `UPDATE strategy_version SET saved_by = (SELECT id FROM app_user WHERE email = $1) WHERE ${where}`,
            [DEMO.admin],
          ),
        ),
      ).toMatch(/strategy_version is immutable/);
      expect(await sqlError(() => t.ds.query(`DELETE FROM strategy_version WHERE ${where}`))).toMatch(
        /strategy_version is immutable/,
      );
      expect((await getStrategy(S.id, 1)).content).toEqual(v1);
      expect((await getStrategy(S.id, 1)).versions.find((v) => v.number === 1)?.note).toBe(
        'Version initiale',
      );
    });
  });
});
