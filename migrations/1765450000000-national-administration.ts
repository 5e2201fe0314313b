import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The aggregates of the national statistics for the year `year` (an SQL expression), one
 * row per département and figure. Exported so that the tests and the benchmark can run
 * the very same query in one département's scope (row-level security then keeps only that
 * département's rows) and compare it with the SECURITY DEFINER function.
 */
export const nationalStatisticsQuery = (year: string): string => `
        WITH y AS (SELECT make_date(${year}, 1, 1) AS y0, make_date(${year}, 12, 31) AS y1),
        r AS (
          SELECT r.departement_code, r.kind, r.opinion, r.decision,
                 (r.submitted_at AT TIME ZONE 'Europe/Paris')::date AS submitted,
                 (r.completed_at AT TIME ZONE 'Europe/Paris')::date AS completed,
                 (r.opinion_at AT TIME ZONE 'Europe/Paris')::date AS opined,
                 (r.decided_at AT TIME ZONE 'Europe/Paris')::date AS decided
            FROM psp_request r
        )
        SELECT r.departement_code AS departement_code, 'REQUESTS_' || r.kind AS metric, count(*)::numeric AS value, NULL::int AS sample
          FROM r, y WHERE r.submitted BETWEEN y.y0 AND y.y1 GROUP BY 1, 2
        UNION ALL
        SELECT r.departement_code, 'OPINIONS_' || r.opinion, count(*)::numeric, NULL::int
          FROM r, y WHERE r.opinion IS NOT NULL AND r.opined BETWEEN y.y0 AND y.y1 GROUP BY 1, 2
        UNION ALL
        SELECT r.departement_code, 'DECISIONS_' || r.decision, count(*)::numeric, NULL::int
          FROM r, y WHERE r.decision IS NOT NULL AND r.decided BETWEEN y.y0 AND y.y1 GROUP BY 1, 2
        UNION ALL
        SELECT r.departement_code, 'MEDIAN_DAYS_TO_OPINION',
               round(percentile_cont(0.5) WITHIN GROUP (ORDER BY (r.opined - r.completed))::numeric, 1), count(*)::int
          FROM r, y WHERE r.opinion IS NOT NULL AND r.completed IS NOT NULL AND r.opined BETWEEN y.y0 AND y.y1
         GROUP BY GROUPING SETS ((r.departement_code), ())
        UNION ALL
        SELECT p.departement_code, 'ACTIVE_PATHWAYS', count(DISTINCT p.id)::numeric, NULL::int
          FROM pathway p JOIN pathway_period pp ON pp.pathway_id = p.id, y
         WHERE pp.start_date <= y.y1 AND pp.end_date >= y.y0
           AND (p.end_effective_date IS NULL OR p.end_effective_date >= y.y0)
         GROUP BY 1
        UNION ALL
        SELECT p.departement_code, 'ENDINGS_' || p.end_reason, count(*)::numeric, NULL::int
          FROM pathway p, y WHERE p.state = 'ENDED' AND p.end_effective_date BETWEEN y.y0 AND y.y1 GROUP BY 1, 2
        UNION ALL
        SELECT s.departement_code, 'SITTINGS_HELD', count(*)::numeric, NULL::int
          FROM sitting s, y
         WHERE s.state IN ('CLOSED', 'MINUTES_DRAFTED', 'MINUTES_SIGNED')
           AND (coalesce(s.closed_at, s.starts_at) AT TIME ZONE 'Europe/Paris')::date BETWEEN y.y0 AND y.y1
         GROUP BY 1
        UNION ALL
        SELECT a.departement_code, 'PURGED_' || a.record_type, count(*)::numeric, NULL::int
          FROM anonymised_statistic a WHERE a.year = ${year} GROUP BY 1, 2
`;

/**
 * The national administration of the instance (TENANT-1) and the certificate of each
 * département (SIG-1).
 *
 * National accounts see no département's data. What they need across départements is
 * given by SECURITY DEFINER functions that return aggregates only, never a row:
 * - `cdlp_departement_accounts()`: the number of accounts per département, role and state;
 * - `cdlp_national_statistics(year)`: counts and medians per département (and the national
 *   median), the anonymised statistics of the national supervision. Small counts are hidden
 *   by the application before they are shown (shared/src/rules/disclosure.ts).
 * One query answers for every département: measured against one scope per département with
 * 101 départements (bench/national-statistics.bench.ts), and the national median needs
 * every value, which one scope per département would have to hand to the application.
 *
 * The signing certificate of a département may be a demo certificate, created on first use
 * in demo mode: it is marked, so that the instance's certificate (SIGNING_P12_PATH) comes
 * before it and an uploaded certificate replaces it.
 */
export class NationalAdministration1765450000000 implements MigrationInterface {
  name = 'NationalAdministration1765450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE departement_signing_certificate ADD COLUMN demo boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE departement_signing_certificate ADD COLUMN valid_from timestamptz NULL`);

    await q.query(`
      CREATE FUNCTION cdlp_departement_accounts()
      RETURNS TABLE (departement_code varchar(3), role varchar(20), active boolean, accounts integer)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT u.departement_code, u.role, u.active, count(*)::int FROM app_user u
         WHERE u.departement_code IS NOT NULL
         GROUP BY u.departement_code, u.role, u.active
      $$`);

    // Dates are days in Europe/Paris, as everywhere in the portal. `sample` is the number of
    // values behind a median; a row with a NULL département is the national median.
    await q.query(`
      CREATE FUNCTION cdlp_national_statistics(p_year integer)
      RETURNS TABLE (departement_code varchar(3), metric text, value numeric, sample integer)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
${nationalStatisticsQuery('p_year')}      $$`);

    // Functions are executable by PUBLIC by default: these are for the application only.
    for (const f of ['cdlp_departement_accounts()', 'cdlp_national_statistics(integer)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${f} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${f} TO cdlp_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION cdlp_national_statistics(integer)`);
    await q.query(`DROP FUNCTION cdlp_departement_accounts()`);
    await q.query(`ALTER TABLE departement_signing_certificate DROP COLUMN valid_from`);
    await q.query(`ALTER TABLE departement_signing_certificate DROP COLUMN demo`);
  }
}
