import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ProConnect, the State's login for its agents (OpenID Connect).
 * - app_user: the invitation by an administrator and the ProConnect identity (`sub`) linked at the
 *   first ProConnect login whose e-mail matches. A `sub` belongs to one account at most.
 * - proconnect_login_attempt: a login in progress (state, nonce, PKCE verifier, return path), kept
 *   in the database so that any instance behind the load balancer can finish it; short-lived and
 *   single use. Only hashes of the state and of the browser-binding cookie are stored.
 * - proconnect_session: the ID token of a session opened with ProConnect (encrypted, DP-1), needed
 *   as id_token_hint to end the ProConnect session at logout.
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
        id_token bytea NOT NULL,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
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
