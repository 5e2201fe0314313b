import { randomUUID } from 'node:crypto';
import type { ApiErrorDto, AutoIndicatorValuesDto, FollowUpDto, StrategyActionDto, StrategyCommentViewDto, StrategyDto, StrategyIndicatorDto, YearActionStatusesDto } from '@cdlp/shared';
import { addDays } from '@cdlp/shared';
import { count } from '../fixtures';
import { DIAGNOSTIC_AXES, ok, readStrategy, startDraftedStrategy } from '../strategy-fixtures';
import { expectFieldError } from '../sitting-fixtures';
import { TestApp, TestClient } from '../test-app';

type Body<T> = T & ApiErrorDto;

/**
 * STRAT-1 on the drafted strategy (version 3, as strategy-drafting.int-spec writes it):
 * the comments of the members and associations, then the yearly follow-up of its actions
 * and indicators. One app; the tests of a block run in order.
 */
describe('departmental strategy (STRAT-1, MEET-1, VOTE-1, SIG-1)', () => {
  let t: TestApp, sec: TestClient, pres: TestClient, member: TestClient, asso: TestClient, admin: TestClient;
  let today: string, Y: number;
  let S: StrategyDto;
  let comite: StrategyActionDto, cartographie: StrategyActionDto, formation: StrategyActionDto;
  let annuaire: StrategyActionDto, journee: StrategyActionDto;
  let formes: StrategyIndicatorDto, attente: StrategyIndicatorDto, demandes: StrategyIndicatorDto;

  beforeAll(async () => {
    const s = await startDraftedStrategy();
    ({ t, sec, pres, member, asso, admin, today, Y, S } = s);
    ({ comite, cartographie, formation, annuaire, journee, formes, attente, demandes } = s);
  });

  afterAll(() => t?.close());

  const getStrategy = (id: string, version?: number) => readStrategy(sec, id, version);

  describe('reference data and drafting', () => {
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
  });
});
