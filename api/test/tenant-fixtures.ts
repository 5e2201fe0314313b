import { RouteCtx, buildRouteContext } from './route-matrix';
import { TestApp, setUpOn, startTestApp } from './test-app';

/** The tables, the two départements and the markers of the TENANT-1 suite (tenant-isolation.int-spec). */

/** Every table that holds a département's rows. A new one must be added here, with its policy. */
export const TENANT_TABLES = [
  'agenda_document',
  'agenda_item',
  'anonymised_statistic',
  'app_user',
  'association',
  'audit_event',
  'ballot',
  'ballot_log',
  'decision',
  'deliberation_comment',
  'departement_signing_certificate',
  'dissent',
  'interest_declaration',
  'member',
  'minutes',
  'outbox_message',
  'parameter',
  'password_reset_token',
  'pathway',
  'pathway_period',
  'physical_sitting_request',
  'proconnect_session',
  'psp_checklist_item',
  'psp_reference_counter',
  'psp_request',
  'signed_document',
  'sitting',
  'sitting_counter',
  'sitting_member',
  'strategy',
  'strategy_action_progress',
  'strategy_comment',
  'strategy_indicator_value',
  'strategy_version',
  'supporting_document',
  'user_session',
];

/** Tables that also hold national rows (département NULL, visible in the scope 'NAT'). */
export const NATIONAL_CAPABLE = ['app_user', 'audit_event', 'outbox_message', 'password_reset_token', 'proconnect_session', 'user_session'];

/** National tables, without any département's data (reference data, the registry of départements, technical tables). */
export const NATIONAL_TABLES = [
  'departement',
  'job_run',
  'login_throttle',
  'member_category',
  'national_axis',
  'parameter_default',
  'proconnect_login_attempt',
  'psp_checklist_default',
  'schema_migration',
  'strategy_axis',
  'strategy_recommendation',
  'strategy_reference',
];

/**
 * Tables whose BEFORE triggers refuse a write before row-level security is evaluated (votes
 * only while open, append-only and immutable records): a refusal by the trigger (or by a
 * missing privilege) is accepted for them; their policy is checked by the catalogue test.
 */
export const GUARDED_INSERT = ['ballot', 'ballot_log'];
export const GUARDED_UPDATE = ['audit_event', 'ballot', 'ballot_log', 'signed_document', 'strategy_version'];

/** Tenant tables the setup below leaves without any row of 79 (votes, minutes, ProConnect). */
export const EMPTY_IN_SETUP = [
  'ballot',
  'ballot_log',
  'decision',
  'deliberation_comment',
  'dissent',
  'minutes',
  'physical_sitting_request',
  'proconnect_session',
];

export const RLS_REFUSAL = /row-level security/;
export const GUARD_REFUSAL = /row-level security|permission denied|append-only|is immutable|is not open/;

/**
 * The app with the same resources in the Vienne (86) and the Deux-Sèvres (79), so that most
 * tenant tables hold rows of both départements.
 */
export async function startTwoDepartements(): Promise<{ t: TestApp; ctx86: RouteCtx; ctx79: RouteCtx }> {
  const t = await startTestApp();
  return setUpOn(t, async () => {
    // Both départements get the same resources, so that most tenant tables hold rows of both.
    const ctx86 = await buildRouteContext(t, '86');
    const ctx79 = await buildRouteContext(t, '79');
    // More tenant tables with rows in both départements: comments, follow-up, declarations of interest.
    for (const ctx of [ctx86, ctx79]) {
      const member = await ctx.login('MEMBER');
      await member.post(`/strategies/${ctx.strategyId}/comments`, { targetType: 'RECOMMENDATION', targetKey: '1', body: 'Remarque' });
      await member.post(`/sittings/${ctx.convenedSittingId}/items/${ctx.convenedItemId}/interests`, { reason: 'Lien personnel' });
      await ctx.secretariat.put(`/strategies/${ctx.strategyId}/indicator-values`, { indicatorKey: ctx.manualIndicatorKey, year: 2026, value: 50 });
      await ctx.secretariat.put(`/strategies/${ctx.strategyId}/action-progress`, { actionKey: ctx.actionKey, year: 2026, status: 'IN_PROGRESS' });
      // DP-3: what a purge leaves behind (written by the owner, as the purge job's result would be).
      await t.ownerDs.query(
        `INSERT INTO anonymised_statistic (record_type, departement_code, year, kind, outcome, purged_at) VALUES ('PSP_REQUEST', $1, 2024, 'INITIAL', 'WITHDRAWN', now())`,
        [ctx.departement],
      );
    }
    return { t, ctx86, ctx79 };
  });
}

/** Everything that would betray a row of 79 in an answer: its ids, references and e-mail addresses. */
export async function markersOf79(t: TestApp): Promise<string[]> {
  const tables: { table_name: string }[] = await t.ownerDs.query(
    `SELECT c.table_name FROM information_schema.columns c
      WHERE c.table_schema = 'public' AND c.column_name = 'id' AND c.data_type = 'uuid'
        AND EXISTS (SELECT 1 FROM information_schema.columns d WHERE d.table_schema = 'public'
                     AND d.table_name = c.table_name AND d.column_name = 'departement_code')`,
  );
  const ids: { v: string }[] = await t.ownerDs.query(
    tables.map((x) => `SELECT id::text AS v FROM ${x.table_name} WHERE departement_code = '79'`).join(' UNION ALL '),
  );
  const refs: { v: string }[] = await t.ownerDs.query(
    `SELECT reference AS v FROM psp_request WHERE departement_code = '79'
     UNION ALL SELECT reference FROM pathway WHERE departement_code = '79'
     UNION ALL SELECT email FROM app_user WHERE departement_code = '79'
     UNION ALL SELECT email FROM member WHERE departement_code = '79'`,
  );
  return [...ids, ...refs].map((r) => r.v).concat(['PSP-79-', 'Deux-Sèvres', 'Niort']);
}

/** A digest of every row of 79 (owner's view), to prove that a call changed nothing there. */
export async function digestOf79(t: TestApp): Promise<Record<string, string>> {
  const rows: { t: string; d: string }[] = await t.ownerDs.query(
    TENANT_TABLES.map(
      (table) =>
        `SELECT '${table}' AS t, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d
           FROM ${table} x WHERE departement_code = '79'`,
    ).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.d]));
}
