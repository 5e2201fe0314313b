import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation: reference data (département, member categories), the commission registry
 * (members, associations), accounts and sessions, the append-only hash-chained audit
 * trail and the e-mail outbox.
 */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    // Accent- and case-insensitive search without depending on the unaccent extension,
    // which embedded PostgreSQL builds may lack.
    await q.query(`
      CREATE FUNCTION unaccent_ci(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(translate(s,
          'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŒ',
          'aaaaaaceeeeiiiinooooouuuuyyoAAAAAACEEEEIIIINOOOOOUUUUYO'))
      $$`);
    await q.query(`
      CREATE TABLE departement (
        code varchar(3) PRIMARY KEY,
        name text NOT NULL,
        prefecture text NOT NULL
      )`);
    await q.query(`
      INSERT INTO departement (code, name, prefecture) VALUES
        ('86', 'Vienne', 'Poitiers')`);

    // COMP-2 / COMP-3: member categories are dated configuration, not code.
    await q.query(`
      CREATE TABLE member_category (
        code varchar(40) PRIMARY KEY,
        label text NOT NULL,
        excluded_from_psp_by_default boolean NOT NULL DEFAULT false,
        valid_from date NOT NULL,
        valid_to date NULL,
        sort_order integer NOT NULL,
        CONSTRAINT member_category_validity CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`
      INSERT INTO member_category (code, label, excluded_from_psp_by_default, valid_from, sort_order) VALUES
        ('PRESIDENCE', 'Présidence : préfet ou son représentant', false, '2016-04-13', 10),
        ('MAGISTRAT', 'Magistrat désigné par les chefs de la cour d''appel', false, '2016-04-13', 20),
        ('ETAT_DROITS_FEMMES', 'Services de l''État : droits des femmes et égalité', false, '2016-04-13', 30),
        ('ETAT_COHESION_SOCIALE', 'Services de l''État : cohésion sociale', false, '2016-04-13', 40),
        ('ETAT_SECURITE_PUBLIQUE', 'Services de l''État : sécurité publique', false, '2016-04-13', 50),
        ('ETAT_POLICE_JUDICIAIRE', 'Services de l''État : police judiciaire', false, '2016-04-13', 60),
        ('ETAT_GENDARMERIE', 'Services de l''État : gendarmerie', false, '2016-04-13', 70),
        ('ETAT_ETRANGERS', 'Préfecture : service des étrangers', false, '2016-04-13', 80),
        ('ETAT_TRAVAIL_EMPLOI', 'Services de l''État : travail et emploi', false, '2016-04-13', 90),
        ('ETAT_EDUCATION', 'Éducation nationale', false, '2016-04-13', 100),
        ('ETAT_SANTE', 'Agence régionale de santé', false, '2016-04-13', 110),
        ('COLLECTIVITE', 'Collectivités territoriales', false, '2016-04-13', 120),
        ('PROFESSIONNEL_SANTE', 'Professionnels de santé', false, '2016-04-13', 130),
        ('ASSOCIATION', 'Associations, dont associations agréées', false, '2016-04-13', 140),
        ('PROTECTION_ENFANCE', 'Protection de l''enfance (mineurs victimes)', true, '2025-12-31', 150),
        ('PRESIDENT_CONSEIL_DEPARTEMENTAL', 'Président du conseil départemental ou son représentant', true, '2025-12-31', 160)`);

    await q.query(`
      CREATE TABLE association (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        email text NOT NULL,
        phone text NULL,
        address text NULL,
        approval_order_ref text NOT NULL,
        approval_start date NOT NULL,
        approval_end date NOT NULL,
        departement_codes text[] NOT NULL,
        ended_at date NULL,
        end_reason text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT association_approval_dates CHECK (approval_end >= approval_start),
        CONSTRAINT association_end_reason CHECK ((ended_at IS NULL) = (end_reason IS NULL))
      )`);

    await q.query(`
      CREATE TABLE member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        departement_code varchar(3) NOT NULL REFERENCES departement(code),
        civility varchar(3) NOT NULL CHECK (civility IN ('MME', 'M')),
        first_name text NOT NULL,
        last_name text NOT NULL,
        category_code varchar(40) NOT NULL REFERENCES member_category(code),
        organisation text NOT NULL,
        function text NOT NULL,
        email text NOT NULL,
        phone text NULL,
        appointing_order_ref text NOT NULL,
        term_start date NOT NULL,
        term_end date NULL,
        voting_right boolean NOT NULL DEFAULT true,
        seat varchar(10) NOT NULL CHECK (seat IN ('TITULAIRE', 'SUPPLEANT')),
        appointment_kind varchar(20) NOT NULL
          CHECK (appointment_kind IN ('EX_OFFICIO', 'ELECTED', 'QUALIFIED_PERSON', 'REPRESENTATIVE')),
        titulaire_id uuid NULL REFERENCES member(id),
        excluded_from_psp boolean NOT NULL DEFAULT false,
        ended_at date NULL,
        end_reason text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT member_term CHECK (term_end IS NULL OR term_end >= term_start),
        CONSTRAINT member_substitute_seat CHECK (seat = 'SUPPLEANT' OR titulaire_id IS NULL),
        CONSTRAINT member_end_reason CHECK ((ended_at IS NULL) = (end_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX member_titulaire_idx ON member (titulaire_id)`);
    await q.query(
      `CREATE UNIQUE INDEX member_active_email_uq ON member (departement_code, lower(email)) WHERE ended_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        first_name text NOT NULL,
        last_name text NOT NULL,
        role varchar(20) NOT NULL CHECK (role IN ('SECRETARIAT', 'PRESIDENT', 'MEMBER', 'ASSOCIATION', 'ADMIN')),
        departement_code varchar(3) NOT NULL REFERENCES departement(code),
        member_id uuid NULL REFERENCES member(id),
        association_id uuid NULL REFERENCES association(id),
        active boolean NOT NULL DEFAULT true,
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz NULL,
        last_login_at timestamptz NULL,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_association_role CHECK (role <> 'ASSOCIATION' OR association_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_email_uq ON app_user (lower(email))`);

    await q.query(`
      CREATE TABLE user_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        token_hash char(64) NOT NULL UNIQUE,
        csrf_token char(64) NOT NULL,
        user_agent text NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        revoked_at timestamptz NULL,
        revoke_reason text NULL
      )`);
    await q.query(`CREATE INDEX user_session_user_idx ON user_session (user_id) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE password_reset_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL
      )`);

    // Audit trail: append-only, hash-chained. The trigger makes every UPDATE, DELETE
    // and TRUNCATE fail for the application's database user.
    await q.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_user_id uuid NULL,
        actor_role varchar(20) NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NULL,
        request_id text NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX audit_event_entity_idx ON audit_event (entity_type, entity_id)`);
    await q.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$`);
    await q.query(`
      CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);

    // Outbox: nothing is lost. A message is written in the same transaction as the
    // change that causes it, and a worker sends it with retries.
    await q.query(`
      CREATE TABLE outbox_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template text NOT NULL,
        recipient text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
        status varchar(10) NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'SENT', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text NULL,
        related_type text NULL,
        related_id text NULL,
        created_at timestamptz NOT NULL,
        sent_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX outbox_message_due_idx ON outbox_message (next_attempt_at) WHERE status = 'QUEUED'`);
    await q.query(`CREATE INDEX outbox_message_related_idx ON outbox_message (related_type, related_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_message`);
    await q.query(`DROP TRIGGER audit_event_no_truncate ON audit_event`);
    await q.query(`DROP TRIGGER audit_event_no_update ON audit_event`);
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION audit_event_append_only()`);
    await q.query(`DROP TABLE password_reset_token`);
    await q.query(`DROP TABLE user_session`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE member`);
    await q.query(`DROP TABLE association`);
    await q.query(`DROP TABLE member_category`);
    await q.query(`DROP TABLE departement`);
    await q.query(`DROP FUNCTION unaccent_ci(text)`);
  }
}
