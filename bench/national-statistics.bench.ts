import { NATIONAL_SCOPE, NationalStatisticsDto, parisDate } from '@cdlp/shared';
import { TenantDb } from '../api/src/core/database/tenant-db';
import { NationalStatisticsService } from '../api/src/national/national-statistics.service';
import { StatisticRow, buildNationalStatistics } from '../api/src/national/national-statistics.mapper';
import { freeDepartementCodes, seedSyntheticDepartements, statisticsInScope } from '../api/test/national-fixtures';
import { DEMO, startTestApp } from '../api/test/test-app';
import { SuiteResult, compareRatio, ms, out, stats, targetRatio, timed } from './report';

export const about = 'TENANT-1: national statistics of 101 départements, one SECURITY DEFINER query against one scope per département';

/**
 * TENANT-1: the national statistics need every département's aggregates while the national
 * scope sees none of their rows. Two ways that do not bypass row-level security in the
 * application: one SECURITY DEFINER function answering aggregates for all départements (what
 * the portal does), or the same query run in each département's scope (TenantDb.run: one
 * transaction each, sequentially as forEachDepartement does, or 10 at a time, the pool size).
 * 101 départements: the two demo ones and 99 with a year of synthetic activity (40 to 200
 * requests each, pathways, sittings, purged records). Target for the page's answer: 1 s.
 * BENCH_RUNS sets the number of measured runs (default 7).
 */
const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 7));
const TARGET_MS = 1000;

export async function run(): Promise<SuiteResult> {
  const t = await startTestApp();
  try {
    const year = Number(parisDate(t.clock.now()).slice(0, 4));
    const codes = freeDepartementCodes().slice(0, 99);
    const seeded = await timed(() => seedSyntheticDepartements(t.ownerDs, codes, year, (i) => 40 + ((i * 37) % 161)));
    const db = t.app.get(TenantDb);
    const service = t.app.get(NationalStatisticsService);
    const [{ requests }] = (await t.ownerDs.query(`SELECT count(*)::int AS requests FROM psp_request`)) as { requests: number }[];
    out(`  ${(await db.activeDepartements()).length} départements, ${requests} requests (seeded in ${ms(seeded.ms)})`);
    await t.ownerDs.query('ANALYZE');

    const departements = async () => t.ownerDs.query(`SELECT code, name, active FROM departement ORDER BY code`) as Promise<{ code: string; name: string; active: boolean }[]>;
    const definer = () => t.inScope(NATIONAL_SCOPE, () => service.forYear(year));
    const sequential = async () => {
      const rows: StatisticRow[] = [];
      await db.forEachDepartement(async (_d, m) => void rows.push(...(await statisticsInScope(m, year))));
      return buildNationalStatistics(year, await departements(), rows);
    };
    const parallel = async () => {
      const codesNow = await db.activeDepartements();
      const rows: StatisticRow[] = [];
      for (let i = 0; i < codesNow.length; i += 10) {
        const batch = await Promise.all(codesNow.slice(i, i + 10).map((c) => db.run(c, (m) => statisticsInScope(m, year))));
        for (const b of batch) rows.push(...b);
      }
      return buildNationalStatistics(year, await departements(), rows);
    };
    const supervision = await t.login(DEMO.supervisor);
    const http = async () => {
      const r = await supervision.get<NationalStatisticsDto>(`/national/statistics?year=${year}`);
      if (r.status !== 200) throw new Error(`statistics: ${r.status}`);
      return r.body;
    };

    const measure = async (label: string, fn: () => Promise<unknown>) => {
      await fn();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push((await timed(fn)).ms);
      const s = stats(times);
      out(`  ${label.padEnd(58)} median ${ms(s.median)} (min ${ms(s.min)}, max ${ms(s.max)})`);
      return s.median;
    };
    const a = await measure('SECURITY DEFINER function, one query (service)', definer);
    const b = await measure('one scope per département, sequential (forEachDepartement)', sequential);
    const c = await measure('one scope per département, 10 at a time', parallel);
    const h = await measure('GET /api/national/statistics as the supervision (HTTP)', http);
    // The per-scope figures agree with the function's, except the national median, which
    // needs every value: per scope, only each département's median comes back.
    const [fromDefiner, fromScopes] = [await definer(), await sequential()];
    const same = JSON.stringify(fromDefiner.departements) === JSON.stringify(fromScopes.departements);
    out(`  per-département figures identical both ways: ${same ? 'yes' : 'NO'}`);
    return {
      ratios: [
        targetRatio('statistics page (HTTP) / target', h, TARGET_MS),
        compareRatio('definer function / one scope per département (sequential)', a, b, `${ms(a)} against ${ms(b)}`),
        compareRatio('definer function / one scope per département (10 at a time)', a, c, `${ms(a)} against ${ms(c)}`),
      ],
    };
  } finally {
    await t.close();
  }
}
