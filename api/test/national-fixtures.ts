import { DataSource, EntityManager } from 'typeorm';
import { isDepartementCode } from '@cdlp/shared';
import { nationalStatisticsQuery } from '@cdlp/migrations';
import type { StatisticRow } from '../src/national/national-statistics.mapper';

/**
 * Helpers of the national suites and of the national statistics benchmark (TENANT-1):
 * many départements with synthetic activity, and the statistics computed the other way,
 * one département's scope at a time.
 */

/** Valid département codes that the demo does not use, in order. */
export function freeDepartementCodes(): string[] {
  const all = [
    ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0')),
    '2A',
    '2B',
    '971',
    '972',
    '973',
    '974',
    '976',
  ];
  return all.filter((c) => isDepartementCode(c) && c !== '20' && c !== '79' && c !== '86');
}

/**
 * Opens départements directly in the database (as the owner, bypassing row-level security,
 * as a data load would) with a year of synthetic activity: `size(i)` requests each, of which
 * a quarter decided (pathways for the authorised ones, some ended), a quarter with an
 * opinion, sittings held and purged records. No personal data: references and counts only.
 */
export async function seedSyntheticDepartements(
  owner: DataSource,
  codes: string[],
  year: number,
  size: (index: number) => number,
): Promise<void> {
  const sizes = codes.map((_, i) => size(i));
  const params = [codes, sizes, year];
  const deps = `SELECT c, n FROM unnest($1::text[], $2::int[]) AS x(c, n)`;
  await owner.query(
    `INSERT INTO departement (code, name, prefecture, mail_sender_name)
     SELECT c, 'Département ' || c, 'Chef-lieu ' || c, 'CDLP ' || c FROM (${deps}) d`,
    [codes, sizes],
  );
  await owner.query(
    `INSERT INTO association (departement_code, name, email, approval_order_ref, approval_start, approval_end, departement_codes)
     SELECT c, 'Association ' || c, 'asso' || c || '@example.fr', 'Arrêté ' || c, make_date($3::int, 1, 1) - 300, make_date($3::int, 1, 1) + 800, ARRAY[c]
       FROM (${deps}) d`,
    params,
  );
  await owner.query(
    `INSERT INTO app_user (email, password_hash, first_name, last_name, role, departement_code)
     SELECT 'synthetique-' || lower(c) || '@example.fr', 'not-a-hash', 'Compte', 'Synthétique', 'SECRETARIAT', c FROM (${deps}) d`,
    [codes, sizes],
  );
  // g % 4: 0 decided, 1 opinion given, 2 complete, 3 submitted; opinions favourable unless g % 3 = 0.
  await owner.query(
    `INSERT INTO psp_request
       (reference, departement_code, kind, state, association_id, created_by, submitted_at, completed_at,
        opinion, opinion_at, decision, decided_at, created_at, updated_at)
     SELECT 'PSP-' || d.c || '-' || $3::int || '-' || lpad(g::text, 4, '0'), d.c, 'INITIAL',
            CASE g % 4 WHEN 0 THEN 'DECIDED' WHEN 1 THEN 'OPINION_GIVEN' WHEN 2 THEN 'COMPLETE' ELSE 'SUBMITTED' END,
            a.id, u.id, s.at, CASE WHEN g % 4 < 3 THEN s.at + interval '3 days' END,
            CASE WHEN g % 4 < 2 THEN CASE WHEN g % 3 = 0 THEN 'UNFAVOURABLE' ELSE 'FAVOURABLE' END END,
            CASE WHEN g % 4 < 2 THEN s.at + ((3 + g % 40) || ' days')::interval END,
            CASE WHEN g % 4 = 0 THEN CASE WHEN g % 3 = 0 THEN 'REFUSED' ELSE 'AUTHORISED' END END,
            CASE WHEN g % 4 = 0 THEN s.at + ((10 + g % 40) || ' days')::interval END,
            s.at, s.at
       FROM (${deps}) d
       JOIN association a ON a.departement_code = d.c
       JOIN app_user u ON u.departement_code = d.c AND u.email LIKE 'synthetique-%'
       CROSS JOIN LATERAL generate_series(1, d.n) g
       CROSS JOIN LATERAL (SELECT make_timestamptz($3::int, 1, 1, 9, 0, 0, 'Europe/Paris') + ((g * 7 % 280) || ' days')::interval AS at) s`,
    params,
  );
  await owner.query(
    `INSERT INTO pathway (reference, departement_code, association_id, initial_request_id, state, start_date, foreigner,
                          end_reason, end_effective_date, created_at, updated_at)
     SELECT 'PAR-' || substr(r.reference, 5), r.departement_code, r.association_id, r.id,
            CASE WHEN row_number() OVER w % 3 = 0 THEN 'ENDED' ELSE 'ACTIVE' END,
            (r.decided_at AT TIME ZONE 'Europe/Paris')::date, true,
            CASE WHEN row_number() OVER w % 3 = 0 THEN 'COMPLETED' END,
            CASE WHEN row_number() OVER w % 3 = 0 THEN (r.decided_at AT TIME ZONE 'Europe/Paris')::date + 60 END,
            r.decided_at, r.decided_at
       FROM psp_request r WHERE r.departement_code = ANY($1) AND r.decision = 'AUTHORISED'
     WINDOW w AS (PARTITION BY r.departement_code ORDER BY r.reference)`,
    [codes],
  );
  await owner.query(
    `INSERT INTO pathway_period (departement_code, pathway_id, idx, start_date, end_date, request_id)
     SELECT p.departement_code, p.id, 1, p.start_date, p.start_date + 182, p.initial_request_id
       FROM pathway p WHERE p.departement_code = ANY($1)`,
    [codes],
  );
  await owner.query(
    `INSERT INTO sitting (departement_code, number, kind, mode, state, starts_at, closed_at, created_by, created_at, updated_at)
     SELECT d.c, $3::int || '-S' || g, 'EXAMINATION', 'IN_PERSON', 'CLOSED', at, at + interval '2 hours', u.id, at, at
       FROM (${deps}) d
       JOIN app_user u ON u.departement_code = d.c AND u.email LIKE 'synthetique-%'
       CROSS JOIN LATERAL generate_series(1, 1 + d.n / 10) g
       CROSS JOIN LATERAL (SELECT make_timestamptz($3::int, 2, 1, 14, 0, 0, 'Europe/Paris') + ((g * 20) || ' days')::interval AS at) s`,
    params,
  );
  await owner.query(
    `INSERT INTO anonymised_statistic (record_type, departement_code, year, kind, outcome, days_completion_to_opinion, purged_at)
     SELECT 'PSP_REQUEST', d.c, $3::int, 'INITIAL', 'WITHDRAWN', NULL, now()
       FROM (${deps}) d CROSS JOIN LATERAL generate_series(1, d.n / 5) g`,
    params,
  );
}

/**
 * The same aggregates as cdlp_national_statistics, computed in the current scope: row-level
 * security keeps the département's rows only (the national median row is then the
 * département's own, and is dropped).
 */
export async function statisticsInScope(m: EntityManager, year: number): Promise<StatisticRow[]> {
  const rows: StatisticRow[] = await m.query(nationalStatisticsQuery('$1::int'), [year]);
  return rows.filter((r) => r.departement_code !== null);
}

/** Rows in a stable order, values as numbers, for comparisons. */
export function normalised(rows: StatisticRow[]): { departement_code: string | null; metric: string; value: number; sample: number | null }[] {
  return rows
    .map((r) => ({ departement_code: r.departement_code, metric: r.metric, value: Number(r.value), sample: r.sample }))
    .sort((a, b) => `${a.departement_code ?? ''}:${a.metric}`.localeCompare(`${b.departement_code ?? ''}:${b.metric}`));
}
