import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ProConnect, the State's login for its agents (OpenID Connect).
 * - app_user: the invitation by an administrator and the ProConnect identity (`sub`) linked at the
 *   first ProConnect login whose e-mail matches. A `sub` belongs to one account at most.
 * - proconnect_login_attempt: a login in progress (state, nonce, PKCE verifier, return path), kept
 *   in the database so that any instance behind the load balancer can finish it; short-lived and
 *   single use. Only hashes of the state and of the browser-binding cookie are stored.
 * - proconnect_session: the ID token of a session opened with ProConnect (encrypted, DP-1), needed
 *   as id_token_hint to end the ProConnect session at logout. It belongs to the session's
 *   département, under row-level security like the session itself (TENANT-1).
 * - Two SECURITY DEFINER functions, because the callback names an identity before any
 *   département is known: the account of a (sub, e-mail) and the clean-up of ended sessions'
 *   tokens.
 */
export class ProConnect1765200000000 implements MigrationInterface {
  name = 'ProConnect1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN proconnect_invited_at timestamptz NULL,
        ADD COLUMN proconnect_sub text NULL,
        ADD COLUMN proconnect_linked_at timestamptz NULL,
        ADD CONSTRAINT app_user_proconnect_sub_uq UNIQUE (proconnect_sub),
        ADD CONSTRAINT app_user_proconnect_link CHECK ((proconnect_sub IS NULL) = (proconnect_linked_at IS NULL)),
        ADD CONSTRAINT app_user_proconnect_sub_length CHECK (proconnect_sub IS NULL OR length(proconnect_sub) BETWEEN 1 AND 255)`);

    await q.query(`
      CREATE TABLE proconnect_login_attempt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        state_hash char(64) NOT NULL UNIQUE,
        browser_hash char(64) NOT NULL,
        nonce text NOT NULL,
        code_verifier text NULL,
        return_path text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        CONSTRAINT proconnect_login_attempt_expiry CHECK (expires_at > created_at)
      )`);
    await q.query(`CREATE INDEX proconnect_login_attempt_expiry_idx ON proconnect_login_attempt (expires_at)`);

    await q.query(`
      CREATE TABLE proconnect_session (
        session_id uuid PRIMARY KEY REFERENCES user_session(id) ON DELETE CASCADE,
        departement_code varchar(3) NULL REFERENCES departement(code)
          DEFAULT nullif(current_setting('app.departement'), 'NAT'),
        id_token bytea NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    const scope = `(departement_code = current_setting('app.departement', true) OR (departement_code IS NULL AND current_setting('app.departement', true) = 'NAT'))`;
    await q.query(`ALTER TABLE proconnect_session ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE proconnect_session FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON proconnect_session USING (${scope}) WITH CHECK (${scope})`);
    await q.query(`
      DO $$ BEGIN
        EXECUTE format('CREATE POLICY schema_owner ON proconnect_session TO %I USING (true) WITH CHECK (true)', current_user);
      END $$`);

    // The account of a ProConnect identity: the one linked to `sub`, else the one with the e-mail.
    await q.query(`
      CREATE FUNCTION cdlp_proconnect_account(p_sub text, p_email text)
      RETURNS TABLE (user_id uuid, departement_code varchar(3), matched_by text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT u.id, u.departement_code, 'sub' FROM app_user u WHERE u.proconnect_sub = p_sub
        UNION ALL
        SELECT u.id, u.departement_code, 'email' FROM app_user u
         WHERE p_email IS NOT NULL AND lower(u.email) = lower(trim(p_email))
           AND NOT EXISTS (SELECT 1 FROM app_user x WHERE x.proconnect_sub = p_sub)
        LIMIT 1
      $$`);
    // The ID tokens of sessions that can no longer log out (revoked, or idle past the limit).
    await q.query(`
      CREATE FUNCTION cdlp_proconnect_housekeeping(p_idle_before timestamptz) RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DELETE FROM proconnect_session ps USING user_session s
         WHERE s.id = ps.session_id AND (s.revoked_at IS NOT NULL OR s.last_seen_at < p_idle_before)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION cdlp_proconnect_housekeeping(timestamptz)`);
    await q.query(`DROP FUNCTION cdlp_proconnect_account(text, text)`);
    await q.query(`DROP TABLE proconnect_session`);
    await q.query(`DROP TABLE proconnect_login_attempt`);
    await q.query(`
      ALTER TABLE app_user
        DROP CONSTRAINT app_user_proconnect_sub_length,
        DROP CONSTRAINT app_user_proconnect_link,
        DROP CONSTRAINT app_user_proconnect_sub_uq,
        DROP COLUMN proconnect_linked_at,
        DROP COLUMN proconnect_sub,
        DROP COLUMN proconnect_invited_at`);
  }
}
