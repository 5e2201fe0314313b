import type { ApiErrorDto, AutoIndicatorValuesDto, StrategyDto, StrategyIndicatorDto } from '@cdlp/shared';
import { daysBetween, parisDate } from '@cdlp/shared';
import { ok, readStrategy, startDraftedStrategy } from '../strategy-fixtures';
import { TestApp, TestClient } from '../test-app';

type Body<T> = T & ApiErrorDto;

/**
 * STRAT-1: the portal's automatic indicators on the demo data, checked against the records
 * by hand, and the drafted strategy's automatic indicator (version 3, as
 * strategy-drafting.int-spec writes it). One app; the tests run in order.
 */
describe('departmental strategy (STRAT-1, MEET-1, VOTE-1, SIG-1)', () => {
  let t: TestApp, sec: TestClient, member: TestClient;
  let today: string, Y: number;
  let S: StrategyDto, demandes: StrategyIndicatorDto;

  beforeAll(async () => {
    ({ t, sec, member, today, Y, S, demandes } = await startDraftedStrategy());
  });

  afterAll(() => t?.close());

  const getStrategy = (id: string, version?: number) => readStrategy(sec, id, version);

  describe('reference data and drafting', () => {
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
  });
});
