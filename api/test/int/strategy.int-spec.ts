import { randomUUID } from 'node:crypto';
import type {
  ApiErrorDto,
  AutoIndicatorValuesDto,
  DeliberationDto,
  FollowUpDto,
  MinutesDto,
  SectionDiffDto,
  SittingDto,
  StrategyActionDto,
  StrategyCommentViewDto,
  StrategyContentDto,
  StrategyDto,
  YearActionStatusesDto,
  StrategyIndicatorDto,
  StrategyReferenceDto,
  VerificationResultDto,
} from '@cdlp/shared';
import { addDays, daysBetween, instantToParisLocal, parisDate, parisLocalToInstant } from '@cdlp/shared';
import { count } from '../fixtures';
import {
  DIAGNOSTIC_AXES,
  action,
  copy,
  download,
  indicator,
  key,
  normalise,
  ok,
  pdfWords,
  planOf,
  poppler,
} from '../strategy-fixtures';
import { SittingBody, convene, createSitting, expectFieldError, sittingBody } from '../sitting-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Body<T> = T & ApiErrorDto;

/** The error a database statement raises, or null when it succeeds. */
async function sqlError(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * STRAT-1 from the first draft to the signed document: reference data, versions and
 * their differences, comments, yearly follow-up, the portal's automatic indicators on
 * the demo data, adoption by vote at a policy sitting (MEET-1, VOTE-1) and the préfet's
 * signature (SIG-1). One app; the tests of a block run in order.
 */
describe('departmental strategy (STRAT-1, MEET-1, VOTE-1, SIG-1)', () => {
  let t: TestApp;
  let sec: TestClient;
  let pres: TestClient;
  let member: TestClient;
  let asso: TestClient;
  let admin: TestClient;
  let today: string;
  let Y: number;

  beforeAll(async () => {
    t = await startTestApp();
    // The policy sitting is held later today at 23:30; late in the evening the day moves
    // to the next morning (before any login: sessions idle out after a jump of the clock).
    const local = instantToParisLocal(t.clock.now());
    if (local.slice(11) >= '22:30') {
      const next = parisLocalToInstant(`${addDays(local.slice(0, 10), 1)}T08:00`);
      if (!next.ok) throw new Error(next.message);
      t.clock.setNow(next.instant);
    }
    today = parisDate(t.clock.now());
    Y = Number(today.slice(0, 4));
    [sec, pres, member, asso, admin] = await Promise.all([
      t.login(DEMO.secretariat),
      t.login(DEMO.president),
      t.login(DEMO.member),
      t.login(DEMO.association),
      t.login(DEMO.admin),
    ]);
  });

  afterAll(async () => {
    await t?.close();
  });

  const save = (c: TestClient, id: string, content: StrategyContentDto, baseVersion: number, note?: string) =>
    c.post<Body<StrategyDto>>(`/strategies/${id}/versions`, {
      content,
      baseVersion,
      ...(note ? { note } : {}),
    });
  const getStrategy = async (id: string, version?: number) =>
    ok(
      await sec.get<Body<StrategyDto>>(`/strategies/${id}${version ? `?version=${version}` : ''}`),
      'GET strategy',
    );
  const createStrategy = async (title: string) =>
    ok(
      await sec.post<Body<StrategyDto>>('/strategies', { title, periodStart: Y, periodEnd: Y + 2 }),
      'create strategy',
    );

  describe('reference data and drafting', () => {
    /** The strategy written through versions 1 to 3 and adopted further down. */
    let S: StrategyDto;
    let v1: StrategyContentDto;
    let v2: StrategyContentDto;
    let v3: StrategyContentDto;
    /** Actions and indicators of version 2 (kept in version 3). */
    let comite: StrategyActionDto;
    let cartographie: StrategyActionDto;
    let formation: StrategyActionDto;
    let annuaire: StrategyActionDto;
    let journee: StrategyActionDto;
    let abandonnee: StrategyActionDto;
    let formes: StrategyIndicatorDto;
    let attente: StrategyIndicatorDto;
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
      const yesterday = addDays(today, -1);
      comite = action({
        title: 'Réunir le comité de pilotage partenarial trois fois par an',
        lead: { name: 'Association Passerelles Vienne' },
        partners: [{ name: 'DDETS de la Vienne' }, { name: 'SIAO 86' }],
        startDate: `${Y - 1}-01-15`,
        deadline: addDays(today, 30),
        budget: 0,
        status: 'IN_PROGRESS',
      });
      cartographie = action({
        title: 'Cartographier les acteurs de l’amont du parcours',
        lead: { name: 'DDETS de la Vienne' },
        deadline: yesterday,
        status: 'NOT_STARTED',
      });
      formation = action({
        title: 'Former 200 professionnels au repérage',
        lead: { name: 'CIDFF de la Vienne' },
        startDate: `${Y - 1}-03-01`,
        deadline: yesterday,
        budget: 12000,
        fundingSource: 'Programme 137',
        status: 'IN_PROGRESS',
      });
      annuaire = action({
        title: 'Publier un annuaire départemental des ressources',
        lead: { name: 'Préfecture de la Vienne' },
        deadline: yesterday,
        status: 'IN_PROGRESS',
      });
      abandonnee = action({
        title: 'Ouvrir une ligne d’écoute dédiée',
        lead: null,
        deadline: yesterday,
        status: 'DROPPED',
      });
      journee = action({
        title: 'Organiser une journée départementale',
        deadline: `${Y + 2}-06-30`,
        status: 'NOT_STARTED',
      });
      formes = indicator({
        name: 'Professionnels formés',
        unit: 'personnes',
        direction: 'UP',
        baselineValue: 40,
        baselineYear: Y - 1,
        targetValue: 200,
        targetYear: Y + 2,
      });
      attente = indicator({
        name: 'Délai d’accès à un hébergement',
        unit: 'jours',
        direction: 'DOWN',
        baselineValue: 60,
        baselineYear: Y - 1,
        targetValue: 30,
        targetYear: Y + 2,
      });
      demandes = indicator({
        name: 'Demandes de parcours de sortie déposées',
        unit: 'demandes',
        automatic: 'PSP_REQUESTS',
        direction: 'UP',
        baselineValue: 6,
        baselineYear: Y - 1,
        targetValue: 15,
        targetYear: Y + 2,
      });
      v2 = copy(v1);
      v2.introduction = 'La présente stratégie décline la stratégie nationale du 2 mai 2024.';
      v2.diagnosticText = 'Une prostitution peu visible, largement organisée par Internet.';
      v2.figures = [
        {
          key: '8f1d4c8e-3f1b-4f57-9a51-0d3c3c1f0a01',
          label: 'Situations décrites par les professionnels (2020-2023)',
          value: 188,
          unit: 'situations',
          source: 'Diagnostic départemental',
          year: 2024,
        },
        {
          key: '8f1d4c8e-3f1b-4f57-9a51-0d3c3c1f0a02',
          label: 'Annonces relevées en deux mois',
          value: 420,
          unit: 'annonces',
          source: 'Diagnostic départemental',
          year: 2023,
        },
      ];
      Object.assign(planOf(v2, 1), {
        priority: 'HIGH',
        findings: 'Le comité de pilotage a été relancé en 2022.',
        actions: [comite, cartographie],
      });
      Object.assign(planOf(v2, 4), { priority: 'HIGH', indicators: [demandes] });
      Object.assign(planOf(v2, 5), { priority: 'MEDIUM', actions: [formation], indicators: [formes] });
      Object.assign(planOf(v2, 14), { indicators: [attente] });
      v2.localActions = [annuaire, abandonnee, journee];

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
      v3 = copy(v2);
      v3.figures[0].value = 190;
      v3.figures.push({
        key: '8f1d4c8e-3f1b-4f57-9a51-0d3c3c1f0a03',
        label: 'Logements mis à disposition',
        value: 8,
        unit: 'places',
        source: 'Diagnostic départemental',
        year: 2024,
      });
      planOf(v3, 1).findings = 'Le comité de pilotage a été relancé en 2022 ; l’amont reste peu coordonné.';
      planOf(v3, 1).actions[0].partners = [{ name: 'DDETS de la Vienne' }];
      planOf(v3, 5).priority = 'HIGH';
      planOf(v3, 7).actions = [
        action({
          title: 'Intervenir dans les collèges et lycées',
          lead: { name: 'Éducation nationale' },
          deadline: `${Y + 1}-06-30`,
        }),
      ];
      v3.localActions = v3.localActions.filter((a) => a.key !== journee.key);
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

    describe('comments', () => {
      it('STRAT-1: members and associations comment on a recommendation and on an action; comments are listed with their author', async () => {
        const a = await member.post<Body<StrategyCommentViewDto[]>>(`/strategies/${S.id}/comments`, {
          targetType: 'RECOMMENDATION',
          targetKey: '1',
          body: '  Associer la gendarmerie au comité de pilotage.  ',
        });
        expect(a.status).toBe(201);
        const b = await asso.post<Body<StrategyCommentViewDto[]>>(`/strategies/${S.id}/comments`, {
          targetType: 'ACTION',
          targetKey: formation.key,
          body: 'Nous pouvons accueillir deux sessions dans nos locaux.',
        });
        expect(b.status).toBe(201);
        ok(
          await pres.post(`/strategies/${S.id}/comments`, {
            targetType: 'GENERAL',
            targetKey: 'ignored',
            body: 'Projet à présenter en séance.',
          }),
          'general comment',
        );

        const list = ok(
          await sec.get<Body<StrategyCommentViewDto[]>>(`/strategies/${S.id}/comments`),
          'comments',
        );
        expect(
          list.map(({ targetType, targetKey, version, authorName, authorRole, body }) => ({
            targetType,
            targetKey,
            version,
            authorName,
            authorRole,
            body,
          })),
        ).toEqual([
          {
            targetType: 'RECOMMENDATION',
            targetKey: '1',
            version: 3,
            authorName: 'Marc Delorme',
            authorRole: 'MEMBER',
            body: 'Associer la gendarmerie au comité de pilotage.',
          },
          {
            targetType: 'ACTION',
            targetKey: formation.key,
            version: 3,
            authorName: 'Léa Moreau',
            authorRole: 'ASSOCIATION',
            body: 'Nous pouvons accueillir deux sessions dans nos locaux.',
          },
          {
            targetType: 'GENERAL',
            targetKey: null,
            version: 3,
            authorName: 'Claire Morvan',
            authorRole: 'PRESIDENT',
            body: 'Projet à présenter en séance.',
          },
        ]);
        // Members read the comments too.
        expect(
          ok(
            await asso.get<StrategyCommentViewDto[]>(`/strategies/${S.id}/comments`),
            'comments (association)',
          ),
        ).toHaveLength(3);
      });

      it('STRAT-1: a comment on an unknown recommendation or action, or an empty comment, is refused (400); the administrator does not comment (403)', async () => {
        const post = (c: TestClient, body: Record<string, unknown>) =>
          c.post(`/strategies/${S.id}/comments`, body);
        expectFieldError(
          await post(member, { targetType: 'RECOMMENDATION', targetKey: '17', body: 'Hors référentiel.' }),
          'targetKey',
        );
        expectFieldError(
          await post(member, { targetType: 'RECOMMENDATION', body: 'Sans cible.' }),
          'targetKey',
        );
        expectFieldError(
          await post(asso, {
            targetType: 'ACTION',
            targetKey: journee.key,
            body: 'Action retirée en version 3.',
          }),
          'targetKey',
        );
        expectFieldError(
          await post(asso, { targetType: 'ACTION', targetKey: 'not-an-action', body: 'Inconnue.' }),
          'targetKey',
        );
        expectFieldError(
          await post(asso, { targetType: 'AXIS', targetKey: '1', body: 'Cible invalide.' }),
          'targetType',
        );
        expectFieldError(await post(member, { targetType: 'GENERAL', body: '' }), 'body');
        expect((await post(admin, { targetType: 'GENERAL', body: 'Administrateur.' })).status).toBe(403);
        expect(await count(t, 'strategy_comment', 'strategy_id = $1', [S.id])).toBe(3);
      });
    });

    describe('yearly follow-up', () => {
      it('STRAT-1: indicator values are entered per year; an automatic indicator is computed by the portal and refused (400)', async () => {
        const put = (c: TestClient, body: Record<string, unknown>) =>
          c.put<Body<StrategyDto>>(`/strategies/${S.id}/indicator-values`, body);
        let s = ok(await put(sec, { indicatorKey: formes.key, year: Y - 1, value: 40 }), 'value Y-1');
        s = ok(await put(sec, { indicatorKey: formes.key, year: Y, value: 50 }), 'value Y');
        expect(s.indicatorValues[formes.key]).toEqual({ [String(Y - 1)]: 40, [String(Y)]: 50 });
        // A new entry for the same year replaces the previous one.
        s = ok(await put(sec, { indicatorKey: attente.key, year: Y, value: 70 }), 'value');
        s = ok(await put(sec, { indicatorKey: attente.key, year: Y, value: 45.5 }), 'value corrected');
        expect(s.indicatorValues[attente.key]).toEqual({ [String(Y)]: 45.5 });
        // An empty value removes the entry.
        ok(await put(sec, { indicatorKey: attente.key, year: Y + 1, value: 40 }), 'value Y+1');
        s = ok(await put(sec, { indicatorKey: attente.key, year: Y + 1, value: null }), 'value Y+1 removed');
        expect(s.indicatorValues[attente.key]).toEqual({ [String(Y)]: 45.5 });
        expect(await count(t, 'strategy_indicator_value', 'strategy_id = $1', [S.id])).toBe(3);

        expectFieldError(
          await put(sec, { indicatorKey: demandes.key, year: Y, value: 12 }),
          'indicatorKey',
          'Cet indicateur est calculé par le portail : il ne se saisit pas.',
        );
        expectFieldError(
          await put(sec, { indicatorKey: comite.key, year: Y, value: 1 }),
          'indicatorKey',
          'Indicateur introuvable dans la stratégie.',
        );
        expectFieldError(await put(sec, { indicatorKey: formes.key, year: 1999, value: 1 }), 'year');
        expect((await put(member, { indicatorKey: formes.key, year: Y, value: 99 })).status).toBe(403);
        expect(await count(t, 'strategy_indicator_value', 'strategy_id = $1', [S.id])).toBe(3);
      });

      it('STRAT-1: action progress is entered per year and changes the dashboard status; a later year does not change an earlier one', async () => {
        const put = (body: Record<string, unknown>) =>
          sec.put<Body<StrategyDto>>(`/strategies/${S.id}/action-progress`, body);
        let s = await getStrategy(S.id);
        // Before any follow-up, the status written in the version.
        expect(s.actionStatus[formation.key]).toBe('IN_PROGRESS');
        expect(s.actionStatus[cartographie.key]).toBe('NOT_STARTED');

        s = ok(
          await put({
            actionKey: formation.key,
            year: Y - 1,
            status: 'IN_PROGRESS',
            note: 'Programme établi.',
          }),
          'progress Y-1',
        );
        s = ok(
          await put({
            actionKey: formation.key,
            year: Y,
            status: 'DONE',
            note: '210 professionnels formés.',
          }),
          'progress Y',
        );
        expect(s.actionStatus[formation.key]).toBe('DONE');
        // Next year's entry does not count for this year's dashboard.
        s = ok(await put({ actionKey: cartographie.key, year: Y + 1, status: 'DONE' }), 'progress Y+1');
        expect(s.actionStatus[cartographie.key]).toBe('NOT_STARTED');
        const rows: { year: number; status: string; note: string | null }[] = await t.ds.query(
          `SELECT year, status, note FROM strategy_action_progress WHERE strategy_id = $1 AND action_key = $2 ORDER BY year`,
          [S.id, formation.key],
        );
        expect(rows).toEqual([
          { year: Y - 1, status: 'IN_PROGRESS', note: 'Programme établi.' },
          { year: Y, status: 'DONE', note: '210 professionnels formés.' },
        ]);

        expectFieldError(
          await put({ actionKey: formes.key, year: Y, status: 'DONE' }),
          'actionKey',
          'Action introuvable dans la stratégie.',
        );
        expectFieldError(await put({ actionKey: journee.key, year: Y, status: 'DONE' }), 'actionKey');
        expectFieldError(await put({ actionKey: comite.key, year: Y, status: 'FINISHED' }), 'status');
        expect(
          (
            await asso.put(`/strategies/${S.id}/action-progress`, {
              actionKey: comite.key,
              year: Y,
              status: 'DONE',
            })
          ).status,
        ).toBe(403);
      });

      it('STRAT-1: the statuses of a past year are read and corrected without changing the later years', async () => {
        const statuses = async (year: number) =>
          ok(await sec.get<Body<YearActionStatusesDto>>(`/strategies/${S.id}/action-statuses?year=${year}`), `statuses ${year}`);
        let past = await statuses(Y - 1);
        expect(past.year).toBe(Y - 1);
        expect(past.statuses[formation.key]).toBe('IN_PROGRESS');
        expect(past.statuses[cartographie.key]).toBe('NOT_STARTED');
        expect(past.entered).toEqual([formation.key]);
        expect((await statuses(Y)).statuses[formation.key]).toBe('DONE');
        expect((await statuses(Y + 1)).statuses[cartographie.key]).toBe('DONE');
        // A correction of the past year: the later years keep their own entries.
        ok(await sec.put(`/strategies/${S.id}/action-progress`, { actionKey: formation.key, year: Y - 1, status: 'DROPPED' }), 'correct Y-1');
        past = await statuses(Y - 1);
        expect(past.statuses[formation.key]).toBe('DROPPED');
        expect((await statuses(Y)).statuses[formation.key]).toBe('DONE');
        ok(await sec.put(`/strategies/${S.id}/action-progress`, { actionKey: formation.key, year: Y - 1, status: 'IN_PROGRESS', note: 'Programme établi.' }), 'restore Y-1');
        expectFieldError(await sec.get(`/strategies/${S.id}/action-statuses?year=1999`), 'year');
        expect((await sec.get(`/strategies/${randomUUID()}/action-statuses?year=${Y}`)).status).toBe(404);
      });

      it('STRAT-1: the follow-up of the year: late actions (deadline passed, neither done nor dropped), progress per recommendation, indicators off track', async () => {
        const stats = ok(
          await sec.get<Body<AutoIndicatorValuesDto>>(`/statistics/indicators?from=${Y}&to=${Y}`),
          'statistics',
        );
        const f = ok(
          await member.get<Body<FollowUpDto>>(`/strategies/${S.id}/follow-up?year=${Y}`),
          'follow-up',
        );
        expect(f).toMatchObject({ strategyId: S.id, year: Y });
        expect(f.lateActions).toEqual([
          {
            key: cartographie.key,
            title: cartographie.title,
            deadline: addDays(today, -1),
            lead: 'DDETS de la Vienne',
            recommendationNumber: 1,
          },
          {
            key: annuaire.key,
            title: annuaire.title,
            deadline: addDays(today, -1),
            lead: 'Préfecture de la Vienne',
            recommendationNumber: null,
          },
        ]);
        // 6 actions: comité (in progress), cartographie (late), formation (done), collèges (not started), annuaire (late), ligne d'écoute (dropped).
        expect(f.totals).toEqual({ actions: 6, done: 1, inProgress: 2, late: 2 });
        expect(f.recommendations.map((r) => r.number)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
        const byNumber = (n: number) => f.recommendations.find((r) => r.number === n);
        expect(byNumber(1)).toEqual({
          number: 1,
          title: DIAGNOSTIC_AXES[0].recommendations[0].title,
          axisNumber: 1,
          priority: 'HIGH',
          actions: 2,
          done: 0,
          inProgress: 1,
          notStarted: 1,
          late: 1,
          dropped: 0,
        });
        expect(byNumber(5)).toMatchObject({
          axisNumber: 2,
          priority: 'HIGH',
          actions: 1,
          done: 1,
          inProgress: 0,
          notStarted: 0,
          late: 0,
        });
        expect(byNumber(7)).toMatchObject({ axisNumber: 3, actions: 1, notStarted: 1, late: 0 });
        expect(byNumber(16)).toMatchObject({ axisNumber: 6, priority: null, actions: 0, done: 0, late: 0 });

        const ind = (key: string) => f.indicators.find((i) => i.key === key);
        // UP: 40 in Y-1 towards 200 in Y+2: 93.33 expected in Y; 50 is behind.
        expect(ind(formes.key)).toEqual({
          key: formes.key,
          recommendationNumber: 5,
          name: 'Professionnels formés',
          unit: 'personnes',
          value: 50,
          expected: 93.33,
          target: 200,
          targetYear: Y + 2,
          offTrack: true,
        });
        // DOWN: 60 towards 30: 50 expected; 45.5 is ahead.
        expect(ind(attente.key)).toMatchObject({
          recommendationNumber: 14,
          value: 45.5,
          expected: 50,
          offTrack: false,
        });
        // Automatic: the portal's own count of the year; 9 expected (6 towards 15).
        expect(ind(demandes.key)).toMatchObject({
          recommendationNumber: 4,
          value: stats.values.PSP_REQUESTS,
          expected: 9,
          offTrack: (stats.values.PSP_REQUESTS ?? 0) < 9,
        });

        // Next year: cartographie is done (entered for Y+1); no value yet, so nothing to judge.
        const next = ok(
          await sec.get<Body<FollowUpDto>>(`/strategies/${S.id}/follow-up?year=${Y + 1}`),
          'follow-up Y+1',
        );
        expect(next.lateActions.map((a) => a.key)).toEqual([annuaire.key]);
        expect(next.indicators.find((i) => i.key === formes.key)).toMatchObject({
          value: null,
          expected: 146.67,
          offTrack: null,
        });
        expect((await sec.get(`/strategies/${S.id}/follow-up?year=abc`)).status).toBe(400);
      });
    });

    describe('automatic indicators on the demo data', () => {
      interface Expected {
        values: AutoIndicatorValuesDto['values'];
        endingsByReason: Record<string, number>;
      }

      /** The six indicators of year y computed by hand from the records (Paris calendar days). */
      async function handComputed(y: number): Promise<Expected> {
        const first = `${y}-01-01`;
        const last = `${y}-12-31`;
        const inYear = (d: string | null) => d !== null && d >= first && d <= last;
        const requests: {
          submitted_at: Date | null;
          completed_at: Date | null;
          opinion: string | null;
          opinion_at: Date | null;
        }[] = await t.ds.query(
          `SELECT submitted_at, completed_at, opinion, opinion_at FROM psp_request WHERE departement_code = '86'`,
        );
        const submitted = requests.filter((r) => r.submitted_at && inYear(parisDate(r.submitted_at)));
        const opinions = requests.filter((r) => r.opinion && r.opinion_at && inYear(parisDate(r.opinion_at)));
        const favourable = opinions.filter((r) => r.opinion === 'FAVOURABLE').length;
        const days = opinions
          .filter((r) => r.completed_at)
          .map((r) => daysBetween(parisDate(r.completed_at as Date), parisDate(r.opinion_at as Date)))
          .sort((a, b) => a - b);
        const mid = Math.floor(days.length / 2);
        const medianDays =
          days.length === 0
            ? null
            : days.length % 2
              ? days[mid]
              : Math.round(((days[mid - 1] + days[mid]) / 2) * 10) / 10;

        const pathways: { id: string; state: string; end_reason: string | null; end_date: string | null }[] =
          await t.ds.query(
            `SELECT id, state, end_reason, end_effective_date::text AS end_date FROM pathway WHERE departement_code = '86'`,
          );
        const periods: { pathway_id: string; idx: number; start_date: string; end_date: string }[] =
          await t.ds.query(
            `SELECT pathway_id, idx, start_date::text AS start_date, end_date::text AS end_date FROM pathway_period`,
          );
        const ids = new Set(pathways.map((p) => p.id));
        const active = pathways.filter(
          (p) =>
            (p.end_date === null || p.end_date >= first) &&
            periods.some((pp) => pp.pathway_id === p.id && pp.start_date <= last && pp.end_date >= first),
        );
        const renewals = periods.filter(
          (pp) => ids.has(pp.pathway_id) && pp.idx > 1 && inYear(pp.start_date),
        );
        const ended = pathways.filter((p) => p.state === 'ENDED' && inYear(p.end_date));
        const endingsByReason: Record<string, number> = {};
        for (const p of ended)
          endingsByReason[p.end_reason as string] = (endingsByReason[p.end_reason as string] ?? 0) + 1;
        return {
          values: {
            PSP_REQUESTS: submitted.length,
            FAVOURABLE_SHARE: opinions.length ? Math.round((favourable / opinions.length) * 1000) / 10 : null,
            MEDIAN_DAYS_TO_OPINION: medianDays,
            ACTIVE_PATHWAYS: active.length,
            RENEWALS: renewals.length,
            PATHWAY_ENDINGS: ended.length,
          },
          endingsByReason,
        };
      }

      const indicators = async (from: number, to: number) =>
        ok(
          await member.get<Body<AutoIndicatorValuesDto>>(`/statistics/indicators?from=${from}&to=${to}`),
          'statistics',
        );

      it('STRAT-1: the six automatic indicators of the year match the values computed by hand from the demo records', async () => {
        const expected = await handComputed(Y);
        // The demo data has requests, opinions and two pathways in progress (one of them renewed three times).
        expect(expected.values.PSP_REQUESTS).toBeGreaterThan(0);
        expect(expected.values.FAVOURABLE_SHARE).not.toBeNull();
        expect(expected.values.ACTIVE_PATHWAYS).toBe(2);
        expect(expected.values.PATHWAY_ENDINGS).toBe(0);
        const got = await indicators(Y, Y);
        expect(got).toEqual({ fromYear: Y, toYear: Y, ...expected });
        // The strategy's automatic indicator carries the same figure for the year.
        expect((await getStrategy(S.id)).indicatorValues[demandes.key]?.[String(Y)]).toBe(
          expected.values.PSP_REQUESTS,
        );
      });

      it('STRAT-1: the year is the Paris calendar year: a request submitted at 00:30 on 1 January (Paris) counts for that year, not the previous one', async () => {
        const [beforePrev, beforeThis] = [await indicators(Y - 1, Y - 1), await indicators(Y, Y)];
        const row: { id: string }[] = await t.ds.query(
          `SELECT id FROM psp_request WHERE departement_code = '86' AND state = 'DRAFT' ORDER BY created_at LIMIT 1`,
        );
        // 00:30 in Paris on 1 January is still 31 December (23:30) in UTC.
        await t.ds.query(`UPDATE psp_request SET submitted_at = $2 WHERE id = $1`, [
          row[0].id,
          `${Y}-01-01T00:30:00+01:00`,
        ]);
        try {
          const [prev, cur] = [await indicators(Y - 1, Y - 1), await indicators(Y, Y)];
          expect(cur.values.PSP_REQUESTS).toBe((beforeThis.values.PSP_REQUESTS ?? 0) + 1);
          expect(prev.values.PSP_REQUESTS).toBe(beforePrev.values.PSP_REQUESTS);
          expect(cur.values).toEqual((await handComputed(Y)).values);
          expect(prev.values).toEqual((await handComputed(Y - 1)).values);
        } finally {
          await t.ds.query(`UPDATE psp_request SET submitted_at = NULL WHERE id = $1`, [row[0].id]);
        }
      });

      it('STRAT-1: ending a pathway (PSP-8) adds to PATHWAY_ENDINGS by reason; the pathway still counts as active during the year', async () => {
        const before = await indicators(Y, Y);
        const rows: { id: string }[] = await t.ds.query(
          `SELECT id FROM pathway WHERE state = 'ACTIVE' ORDER BY start_date DESC LIMIT 1`,
        );
        ok(
          await sec.post(`/pathways/${rows[0].id}/end`, {
            reason: 'WITHDRAWN_BY_PERSON',
            effectiveDate: today,
            comment: 'Départ du département.',
          }),
          'end pathway',
        );
        const after = await indicators(Y, Y);
        expect(after.values.PATHWAY_ENDINGS).toBe((before.values.PATHWAY_ENDINGS ?? 0) + 1);
        expect(after.endingsByReason).toEqual({ WITHDRAWN_BY_PERSON: 1 });
        expect(after.values.ACTIVE_PATHWAYS).toBe(before.values.ACTIVE_PATHWAYS);
        expect(after).toEqual({ fromYear: Y, toYear: Y, ...(await handComputed(Y)) });
        // The next year, the ended pathway is no longer active and its ending is not counted again.
        const nextYear = await indicators(Y + 1, Y + 1);
        expect(nextYear.values).toMatchObject({
          PATHWAY_ENDINGS: 0,
          ACTIVE_PATHWAYS: (await handComputed(Y + 1)).values.ACTIVE_PATHWAYS,
        });
        expect(nextYear.values.ACTIVE_PATHWAYS).toBeLessThan(after.values.ACTIVE_PATHWAYS ?? 0);
      });

      it('STRAT-1: a period of several years sums the counts; a year without data gives 0 and null', async () => {
        const two = await indicators(Y - 1, Y);
        const [a, b] = [await handComputed(Y - 1), await handComputed(Y)];
        expect(two.values.PSP_REQUESTS).toBe((a.values.PSP_REQUESTS ?? 0) + (b.values.PSP_REQUESTS ?? 0));
        expect(two.values.PATHWAY_ENDINGS).toBe(
          (a.values.PATHWAY_ENDINGS ?? 0) + (b.values.PATHWAY_ENDINGS ?? 0),
        );
        // from > to is read as the same period.
        expect((await indicators(Y, Y - 1)).values).toEqual(two.values);
        expect((await indicators(2001, 2001)).values).toEqual({
          PSP_REQUESTS: 0,
          FAVOURABLE_SHARE: null,
          MEDIAN_DAYS_TO_OPINION: null,
          ACTIVE_PATHWAYS: 0,
          RENEWALS: 0,
          PATHWAY_ENDINGS: 0,
        });
        expect((await member.get('/statistics/indicators?from=1999&to=2001')).status).toBe(400);
      });
    });

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
