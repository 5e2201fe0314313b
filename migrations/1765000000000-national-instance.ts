import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  EXISTING_TENANT_COLUMNS,
  GUARDED,
  NATIONAL_TABLES,
  NEW_TENANT_COLUMNS,
  PARENTS,
  SAME_TENANT_REFERENCES,
  TENANT_TABLES,
} from './1765000000000-national-instance.tables';

export { TENANT_TABLES };

/**
 * One national instance for every département (TENANT-1).
 *
 * Every business table carries the département it belongs to (`departement_code`), and
 * PostgreSQL row-level security lets a connection see only the rows of the département
 * named by `app.departement`, a setting the application sets with SET LOCAL inside each
 * transaction. The application connects as `cdlp_app`, a role that owns nothing, is not a
 * superuser and cannot bypass RLS; migrations run as the schema owner.
 *
 * Existing data belongs to the only département the single-département version served
 * (the one row of `departement`): child rows take the département of their parent.
 *
 * A few lookups must cross départements before a tenant is known: the session cookie, the
 * login e-mail, a password-reset link, the public verification of a signed PDF. They are
 * SECURITY DEFINER functions that return only what the caller needs.
 */

/** National pseudo-scope: national accounts (SUPERVISOR, NATIONAL_ADMIN) and their audit chain. */
const NATIONAL = 'NAT';


const fkName = (r: { table: string; column: string }) => `${r.table}_${r.column}_same_dep_fk`;

export class NationalInstance1765000000000 implements MigrationInterface {
  name = 'NationalInstance1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // The application's role. Roles belong to the whole cluster: several databases (the
    // tests create one per suite) may run this at once, hence the duplicate_object guard.
    // In production the DBA creates it beforehand (see README) and this is a no-op.
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cdlp_app') THEN
          CREATE ROLE cdlp_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);

    // --- départements: the national registry of tenants -----------------------------
    await q.query(`ALTER TABLE departement ADD COLUMN mail_sender_name text NULL`);
    await q.query(`ALTER TABLE departement ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE departement ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE departement SET mail_sender_name = 'CDLP ' || CASE WHEN name ~* '^[aeiouyh]' THEN 'de l''' ELSE 'de la ' END || name`);
    await q.query(`ALTER TABLE departement ADD CONSTRAINT departement_code_format CHECK (code ~ '^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$')`);

    // --- accounts: national roles, and a département that may be NULL for them -------
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_role_check`);
    await q.query(`
      ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN
        ('SECRETARIAT', 'PRESIDENT', 'MEMBER', 'ASSOCIATION', 'ADMIN', 'SUPERVISOR', 'NATIONAL_ADMIN'))`);
    await q.query(`ALTER TABLE app_user ALTER COLUMN departement_code DROP NOT NULL`);
    await q.query(`
      ALTER TABLE app_user ADD CONSTRAINT app_user_national_role CHECK
        ((role IN ('SUPERVISOR', 'NATIONAL_ADMIN')) = (departement_code IS NULL))`);

    // --- the tenant column on every business table -----------------------------------
    for (const t of GUARDED) await q.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    for (const t of NEW_TENANT_COLUMNS) {
      await q.query(`ALTER TABLE ${t.table} ADD COLUMN departement_code varchar(3) NULL REFERENCES departement(code)`);
      await q.query(`UPDATE ${t.table} t SET departement_code = ${t.backfill}`);
      if (!t.national) await q.query(`ALTER TABLE ${t.table} ALTER COLUMN departement_code SET NOT NULL`);
    }
    for (const t of GUARDED) await q.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    // A row written without a département fails (current_setting raises when unset); a
    // national table takes NULL in the national scope.
    for (const t of [...EXISTING_TENANT_COLUMNS, ...NEW_TENANT_COLUMNS.map((x) => x.table)]) {
      const national = NATIONAL_TABLES.includes(t);
      await q.query(
        `ALTER TABLE ${t} ALTER COLUMN departement_code SET DEFAULT ${
          national ? `nullif(current_setting('app.departement'), '${NATIONAL}')` : `current_setting('app.departement')`
        }`,
      );
    }
    await q.query(`ALTER TABLE app_user ALTER COLUMN departement_code SET DEFAULT nullif(current_setting('app.departement'), '${NATIONAL}')`);

    // Keys and uniqueness that were national and are now per département.
    await q.query(`ALTER TABLE parameter DROP CONSTRAINT parameter_pkey`);
    await q.query(`ALTER TABLE parameter ADD PRIMARY KEY (departement_code, key, valid_from)`);
    await q.query(`ALTER TABLE psp_checklist_item DROP CONSTRAINT psp_checklist_item_uq`);
    await q.query(`ALTER TABLE psp_checklist_item ADD CONSTRAINT psp_checklist_item_uq UNIQUE (departement_code, kind, code, valid_from)`);
    await q.query(`ALTER TABLE sitting DROP CONSTRAINT sitting_number_key`);
    await q.query(`ALTER TABLE sitting ADD CONSTRAINT sitting_number_uq UNIQUE (departement_code, number)`);

    // Indexes for the reads of one département (RLS adds departement_code = … to every query).
    await q.query(`CREATE INDEX audit_event_dep_idx ON audit_event (departement_code, id)`);
    await q.query(`CREATE INDEX outbox_message_dep_idx ON outbox_message (departement_code, created_at)`);
    await q.query(`CREATE INDEX sitting_member_member_idx ON sitting_member (member_id, sitting_id)`);

    // Composite same-département foreign keys.
    for (const p of PARENTS) await q.query(`ALTER TABLE ${p} ADD CONSTRAINT ${p}_dep_id_uq UNIQUE (departement_code, id)`);
    for (const r of SAME_TENANT_REFERENCES) {
      await q.query(
        `ALTER TABLE ${r.table} ADD CONSTRAINT ${fkName(r)} FOREIGN KEY (departement_code, ${r.column})
           REFERENCES ${r.parent} (departement_code, id)`,
      );
    }

    // --- per-département signing certificate (SIG-1: each préfet signs with their own) --
    await q.query(`
      CREATE TABLE departement_signing_certificate (
        departement_code varchar(3) PRIMARY KEY REFERENCES departement(code)
          DEFAULT current_setting('app.departement'),
        p12_enc bytea NOT NULL,
        password_enc bytea NOT NULL,
        key_id varchar(40) NOT NULL,
        subject text NOT NULL,
        valid_to timestamptz NULL,
        uploaded_by uuid NULL REFERENCES app_user(id),
        uploaded_at timestamptz NOT NULL
      )`);

    // --- row-level security ---------------------------------------------------------
    // current_setting(…, true) is NULL when the setting is absent: such a connection sees
    // nothing and can write nothing. The owner's own policy keeps the SECURITY DEFINER
    // lookups below working when the owner is not a superuser (FORCE applies to it).
    for (const t of TENANT_TABLES) {
      const scope = NATIONAL_TABLES.includes(t)
        ? // Written as an OR (not coalesce) so that an index on departement_code still serves it.
          `(departement_code = current_setting('app.departement', true) OR (departement_code IS NULL AND current_setting('app.departement', true) = '${NATIONAL}'))`
        : `departement_code = current_setting('app.departement', true)`;
      await q.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${t} USING (${scope}) WITH CHECK (${scope})`);
      await q.query(`
        DO $$ BEGIN
          EXECUTE format('CREATE POLICY schema_owner ON ${t} TO %I USING (true) WITH CHECK (true)', current_user);
        END $$`);
    }

    // --- lookups that cross départements ----------------------------------------------
    // The session cookie names its account before any département is known.
    await q.query(`
      CREATE FUNCTION cdlp_session_lookup(p_token_hash text)
      RETURNS TABLE (
        session_id uuid, csrf_token char(64), session_user_agent text, session_created_at timestamptz,
        last_seen_at timestamptz, user_id uuid, email text, password_hash text, first_name text, last_name text,
        role varchar(20), departement_code varchar(3), member_id uuid, association_id uuid, active boolean,
        failed_login_count integer, locked_until timestamptz, last_login_at timestamptz,
        password_changed_at timestamptz, user_created_at timestamptz, user_updated_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT s.id, s.csrf_token, s.user_agent, s.created_at, s.last_seen_at, u.id, u.email, u.password_hash,
               u.first_name, u.last_name, u.role, u.departement_code, u.member_id, u.association_id, u.active,
               u.failed_login_count, u.locked_until, u.last_login_at, u.password_changed_at, u.created_at, u.updated_at
          FROM user_session s JOIN app_user u ON u.id = s.user_id
         WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL
      $$`);
    // The login form and the reset request name an e-mail; only the département comes back.
    await q.query(`
      CREATE FUNCTION cdlp_account_scope(p_email text)
      RETURNS TABLE (user_id uuid, departement_code varchar(3))
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT u.id, u.departement_code FROM app_user u WHERE lower(u.email) = lower(trim(p_email))
      $$`);
    await q.query(`
      CREATE FUNCTION cdlp_reset_token_scope(p_token_hash text)
      RETURNS TABLE (user_id uuid, departement_code varchar(3))
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT t.user_id, t.departement_code FROM password_reset_token t WHERE t.token_hash = p_token_hash
      $$`);
    // SIG-2: anyone holding a PDF may ask whether the portal signed it; the answer names
    // the document and its signer, never its content.
    await q.query(`
      CREATE FUNCTION cdlp_signed_document_scope(p_sha256 text, p_id uuid)
      RETURNS TABLE (document_id uuid, departement_code varchar(3), same_bytes boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT d.id, d.departement_code, d.sha256 = p_sha256 FROM signed_document d
         WHERE d.sha256 = p_sha256 OR d.id = p_id
         ORDER BY d.sha256 = p_sha256 DESC LIMIT 1
      $$`);
    // The outbox worker claims due messages of every département, then sends each one in
    // its département's scope.
    await q.query(`
      CREATE FUNCTION cdlp_outbox_due(p_now timestamptz, p_limit integer)
      RETURNS TABLE (message_id uuid, departement_code varchar(3))
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT o.id, o.departement_code FROM outbox_message o
         WHERE o.status = 'QUEUED' AND o.next_attempt_at <= p_now
         ORDER BY o.next_attempt_at LIMIT p_limit
      $$`);

    // National defaults: the reference values, copied from the existing département.
    await q.query(`CREATE TABLE parameter_default (LIKE parameter INCLUDING DEFAULTS)`);
    await q.query(`ALTER TABLE parameter_default DROP COLUMN departement_code`);
    await q.query(`ALTER TABLE parameter_default ADD PRIMARY KEY (key, valid_from)`);
    await q.query(`
      INSERT INTO parameter_default (key, valid_from, value, description)
      SELECT key, valid_from, value, description FROM parameter WHERE departement_code = (SELECT min(code) FROM departement)`);
    await q.query(`
      CREATE TABLE psp_checklist_default (LIKE psp_checklist_item INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await q.query(`ALTER TABLE psp_checklist_default DROP COLUMN departement_code`);
    await q.query(`ALTER TABLE psp_checklist_default ADD PRIMARY KEY (id)`);
    await q.query(`ALTER TABLE psp_checklist_default ADD CONSTRAINT psp_checklist_default_uq UNIQUE (kind, code, valid_from)`);
    await q.query(`
      INSERT INTO psp_checklist_default
        (kind, code, label, required, one_of, max_age_months, expired_needs_second, never_required_reason,
         alternative, sort_order, valid_from, valid_to)
      SELECT kind, code, label, required, one_of, max_age_months, expired_needs_second, never_required_reason,
             alternative, sort_order, valid_from, valid_to
        FROM psp_checklist_item WHERE departement_code = (SELECT min(code) FROM departement)`);

    // A new département starts from the national defaults of its dated parameters and
    // checklist; a later national change is a migration that adds a dated row for each.
    await q.query(`
      CREATE FUNCTION cdlp_seed_departement_configuration() RETURNS void
      LANGUAGE sql SECURITY INVOKER SET search_path = public, pg_temp AS $$
        INSERT INTO parameter (key, valid_from, value, description)
        SELECT key, valid_from, value, description FROM parameter_default;
        INSERT INTO psp_checklist_item
          (kind, code, label, required, one_of, max_age_months, expired_needs_second, never_required_reason,
           alternative, sort_order, valid_from, valid_to)
        SELECT kind, code, label, required, one_of, max_age_months, expired_needs_second, never_required_reason,
               alternative, sort_order, valid_from, valid_to FROM psp_checklist_default;
      $$`);
    // --- jobs that run once per slot whichever instance gets there first -------------
    await q.query(`
      CREATE TABLE job_run (
        job text NOT NULL,
        slot timestamptz NOT NULL,
        instance text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NULL,
        error text NULL,
        PRIMARY KEY (job, slot)
      )`);

    // --- what the application's role may do ------------------------------------------
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC`);
    await q.query(`GRANT USAGE ON SCHEMA public TO cdlp_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO cdlp_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO cdlp_app`);
    // Append-only records stay append-only for the application (the triggers also refuse).
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_event, ballot_log FROM cdlp_app`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migration FROM cdlp_app`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON member_category, strategy_reference, national_axis,
      strategy_axis, strategy_recommendation, parameter_default, psp_checklist_default FROM cdlp_app`);
    await q.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO cdlp_app`);
    // Later migrations' tables and sequences get the same rights (a new tenant table must
    // still enable RLS itself: the TENANT-1 suite checks every table with the column).
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cdlp_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO cdlp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM cdlp_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM cdlp_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM cdlp_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM cdlp_app`);
    await q.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM cdlp_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM cdlp_app`);
    await q.query(`DROP TABLE job_run`);
    await q.query(`DROP FUNCTION cdlp_seed_departement_configuration()`);
    await q.query(`DROP TABLE psp_checklist_default`);
    await q.query(`DROP TABLE parameter_default`);
    await q.query(`DROP FUNCTION cdlp_outbox_due(timestamptz, integer)`);
    await q.query(`DROP FUNCTION cdlp_signed_document_scope(text, uuid)`);
    await q.query(`DROP FUNCTION cdlp_reset_token_scope(text)`);
    await q.query(`DROP FUNCTION cdlp_account_scope(text)`);
    await q.query(`DROP FUNCTION cdlp_session_lookup(text)`);
    for (const t of TENANT_TABLES) {
      await q.query(`DROP POLICY schema_owner ON ${t}`);
      await q.query(`DROP POLICY tenant_isolation ON ${t}`);
      await q.query(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP TABLE departement_signing_certificate`);
    for (const r of [...SAME_TENANT_REFERENCES].reverse()) await q.query(`ALTER TABLE ${r.table} DROP CONSTRAINT ${fkName(r)}`);
    for (const p of PARENTS) await q.query(`ALTER TABLE ${p} DROP CONSTRAINT ${p}_dep_id_uq`);
    await q.query(`DROP INDEX sitting_member_member_idx`);
    await q.query(`DROP INDEX outbox_message_dep_idx`);
    await q.query(`DROP INDEX audit_event_dep_idx`);
    // Going back to one département keeps that département's rows only.
    await q.query(`ALTER TABLE sitting DROP CONSTRAINT sitting_number_uq`);
    await q.query(`ALTER TABLE sitting ADD CONSTRAINT sitting_number_key UNIQUE (number)`);
    await q.query(`ALTER TABLE psp_checklist_item DROP CONSTRAINT psp_checklist_item_uq`);
    await q.query(`DELETE FROM psp_checklist_item WHERE departement_code <> (SELECT min(code) FROM departement)`);
    await q.query(`ALTER TABLE psp_checklist_item ADD CONSTRAINT psp_checklist_item_uq UNIQUE (kind, code, valid_from)`);
    await q.query(`ALTER TABLE parameter DROP CONSTRAINT parameter_pkey`);
    await q.query(`DELETE FROM parameter WHERE departement_code <> (SELECT min(code) FROM departement)`);
    await q.query(`ALTER TABLE parameter ADD PRIMARY KEY (key, valid_from)`);
    for (const t of EXISTING_TENANT_COLUMNS) await q.query(`ALTER TABLE ${t} ALTER COLUMN departement_code DROP DEFAULT`);
    for (const t of GUARDED) await q.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    for (const t of [...NEW_TENANT_COLUMNS].reverse()) await q.query(`ALTER TABLE ${t.table} DROP COLUMN departement_code`);
    for (const t of GUARDED) await q.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    await q.query(`ALTER TABLE app_user ALTER COLUMN departement_code DROP DEFAULT`);
    await q.query(`DELETE FROM app_user WHERE departement_code IS NULL`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_national_role`);
    await q.query(`ALTER TABLE app_user ALTER COLUMN departement_code SET NOT NULL`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_role_check`);
    await q.query(`
      ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('SECRETARIAT', 'PRESIDENT', 'MEMBER', 'ASSOCIATION', 'ADMIN'))`);
    await q.query(`ALTER TABLE departement DROP CONSTRAINT departement_code_format`);
    await q.query(`ALTER TABLE departement DROP COLUMN created_at`);
    await q.query(`ALTER TABLE departement DROP COLUMN active`);
    await q.query(`ALTER TABLE departement DROP COLUMN mail_sender_name`);
    // The role cdlp_app is left in place: other databases of the cluster may use it.
  }
}
