/**
 * The tables of the national-instance migration (1765000000000), as they were when it was
 * written: a migration's data, frozen with it (never the application's entity list).
 */

/**
 * Tables that gain the column, with the expression that finds the département of an
 * existing row. `national` tables also hold national rows (département NULL).
 */
export const NEW_TENANT_COLUMNS: { table: string; backfill: string; national?: boolean }[] = [
  { table: 'association', backfill: `(SELECT min(code) FROM departement)` },
  { table: 'user_session', backfill: `(SELECT u.departement_code FROM app_user u WHERE u.id = t.user_id)`, national: true },
  { table: 'password_reset_token', backfill: `(SELECT u.departement_code FROM app_user u WHERE u.id = t.user_id)`, national: true },
  { table: 'audit_event', backfill: `(SELECT min(code) FROM departement)`, national: true },
  { table: 'outbox_message', backfill: `(SELECT min(code) FROM departement)`, national: true },
  { table: 'parameter', backfill: `(SELECT min(code) FROM departement)` },
  { table: 'psp_checklist_item', backfill: `(SELECT min(code) FROM departement)` },
  { table: 'supporting_document', backfill: `(SELECT r.departement_code FROM psp_request r WHERE r.id = t.request_id)` },
  { table: 'pathway_period', backfill: `(SELECT p.departement_code FROM pathway p WHERE p.id = t.pathway_id)` },
  { table: 'agenda_item', backfill: `(SELECT s.departement_code FROM sitting s WHERE s.id = t.sitting_id)` },
  {
    table: 'agenda_document',
    backfill: `(SELECT s.departement_code FROM agenda_item ai JOIN sitting s ON s.id = ai.sitting_id WHERE ai.id = t.agenda_item_id)`,
  },
  { table: 'sitting_member', backfill: `(SELECT s.departement_code FROM sitting s WHERE s.id = t.sitting_id)` },
  { table: 'ballot', backfill: `(SELECT s.departement_code FROM sitting s WHERE s.id = t.sitting_id)` },
  {
    table: 'ballot_log',
    backfill: `(SELECT s.departement_code FROM agenda_item ai JOIN sitting s ON s.id = ai.sitting_id WHERE ai.id = t.agenda_item_id)`,
  },
  {
    table: 'interest_declaration',
    backfill: `(SELECT s.departement_code FROM agenda_item ai JOIN sitting s ON s.id = ai.sitting_id WHERE ai.id = t.agenda_item_id)`,
  },
  {
    table: 'dissent',
    backfill: `(SELECT s.departement_code FROM agenda_item ai JOIN sitting s ON s.id = ai.sitting_id WHERE ai.id = t.agenda_item_id)`,
  },
  { table: 'deliberation_comment', backfill: `(SELECT s.departement_code FROM sitting s WHERE s.id = t.sitting_id)` },
  {
    table: 'physical_sitting_request',
    backfill: `(SELECT s.departement_code FROM agenda_item ai JOIN sitting s ON s.id = ai.sitting_id WHERE ai.id = t.agenda_item_id)`,
  },
  { table: 'signed_document', backfill: `(SELECT u.departement_code FROM app_user u WHERE u.id = t.signer_user_id)` },
  { table: 'minutes', backfill: `(SELECT s.departement_code FROM sitting s WHERE s.id = t.sitting_id)` },
  { table: 'decision', backfill: `(SELECT r.departement_code FROM psp_request r WHERE r.id = t.request_id)` },
  { table: 'strategy_version', backfill: `(SELECT s.departement_code FROM strategy s WHERE s.id = t.strategy_id)` },
  { table: 'strategy_comment', backfill: `(SELECT s.departement_code FROM strategy s WHERE s.id = t.strategy_id)` },
  { table: 'strategy_indicator_value', backfill: `(SELECT s.departement_code FROM strategy s WHERE s.id = t.strategy_id)` },
  { table: 'strategy_action_progress', backfill: `(SELECT s.departement_code FROM strategy s WHERE s.id = t.strategy_id)` },
];

/** Tables that already had the column (the single-département version filtered on it). */
export const EXISTING_TENANT_COLUMNS = [
  'member',
  'psp_reference_counter',
  'psp_request',
  'pathway',
  'anonymised_statistic',
  'sitting_counter',
  'sitting',
  'strategy',
];

/** Every tenant table: row-level security on each. */
export const TENANT_TABLES = ['app_user', ...EXISTING_TENANT_COLUMNS, ...NEW_TENANT_COLUMNS.map((t) => t.table), 'departement_signing_certificate'];

/** Tables that also hold national rows (département NULL, seen in the national scope). */
export const NATIONAL_TABLES = ['app_user', ...NEW_TENANT_COLUMNS.filter((t) => t.national).map((t) => t.table)];

/** Tables whose triggers refuse the backfill UPDATE (append-only or immutable records). */
export const GUARDED = ['audit_event', 'ballot', 'ballot_log', 'signed_document', 'strategy_version', 'agenda_item'];

/**
 * Same-département references, enforced by composite foreign keys: a row can only point
 * to a parent of its own département, even if the application had a bug.
 */
export const PARENTS = ['psp_request', 'pathway', 'sitting', 'agenda_item', 'member', 'strategy', 'association', 'signed_document'];
export const SAME_TENANT_REFERENCES: { table: string; column: string; parent: string }[] = [
  { table: 'psp_request', column: 'association_id', parent: 'association' },
  { table: 'psp_request', column: 'pathway_id', parent: 'pathway' },
  { table: 'supporting_document', column: 'request_id', parent: 'psp_request' },
  { table: 'pathway', column: 'initial_request_id', parent: 'psp_request' },
  { table: 'pathway', column: 'association_id', parent: 'association' },
  { table: 'pathway_period', column: 'pathway_id', parent: 'pathway' },
  { table: 'pathway_period', column: 'request_id', parent: 'psp_request' },
  { table: 'agenda_item', column: 'sitting_id', parent: 'sitting' },
  { table: 'agenda_item', column: 'request_id', parent: 'psp_request' },
  { table: 'agenda_item', column: 'strategy_id', parent: 'strategy' },
  { table: 'agenda_document', column: 'agenda_item_id', parent: 'agenda_item' },
  { table: 'sitting_member', column: 'sitting_id', parent: 'sitting' },
  { table: 'sitting_member', column: 'member_id', parent: 'member' },
  { table: 'sitting_member', column: 'mandate_holder_id', parent: 'member' },
  { table: 'sitting_member', column: 'substitute_id', parent: 'member' },
  { table: 'sitting', column: 'chair_member_id', parent: 'member' },
  { table: 'sitting', column: 'second_convocation_of', parent: 'sitting' },
  { table: 'member', column: 'titulaire_id', parent: 'member' },
  { table: 'member', column: 'association_id', parent: 'association' },
  { table: 'ballot', column: 'agenda_item_id', parent: 'agenda_item' },
  { table: 'ballot', column: 'sitting_id', parent: 'sitting' },
  { table: 'ballot', column: 'voter_member_id', parent: 'member' },
  { table: 'ballot', column: 'represented_member_id', parent: 'member' },
  { table: 'ballot_log', column: 'agenda_item_id', parent: 'agenda_item' },
  { table: 'interest_declaration', column: 'agenda_item_id', parent: 'agenda_item' },
  { table: 'interest_declaration', column: 'member_id', parent: 'member' },
  { table: 'dissent', column: 'agenda_item_id', parent: 'agenda_item' },
  { table: 'dissent', column: 'member_id', parent: 'member' },
  { table: 'deliberation_comment', column: 'sitting_id', parent: 'sitting' },
  { table: 'deliberation_comment', column: 'agenda_item_id', parent: 'agenda_item' },
  { table: 'physical_sitting_request', column: 'agenda_item_id', parent: 'agenda_item' },
  { table: 'physical_sitting_request', column: 'member_id', parent: 'member' },
  { table: 'minutes', column: 'sitting_id', parent: 'sitting' },
  { table: 'minutes', column: 'signed_document_id', parent: 'signed_document' },
  { table: 'decision', column: 'request_id', parent: 'psp_request' },
  { table: 'decision', column: 'signed_document_id', parent: 'signed_document' },
  { table: 'strategy', column: 'agenda_item_id', parent: 'agenda_item' },
  { table: 'strategy', column: 'signed_document_id', parent: 'signed_document' },
  { table: 'strategy_version', column: 'strategy_id', parent: 'strategy' },
  { table: 'strategy_comment', column: 'strategy_id', parent: 'strategy' },
  { table: 'strategy_indicator_value', column: 'strategy_id', parent: 'strategy' },
  { table: 'strategy_action_progress', column: 'strategy_id', parent: 'strategy' },
];
