import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login and password-reset rate limits shared by every api instance behind the load
 * balancer (the @nestjs/throttler storage of api/src/core/auth/pg-throttler-storage.ts).
 * The table is UNLOGGED: it holds only short-lived counters, which may be lost in a crash
 * without harm, and it is not tenant data. Its key is a SHA-256 of the route, the client
 * address and the login e-mail, never the address or the e-mail themselves.
 */
export class LoginThrottle1765300000000 implements MigrationInterface {
  name = 'LoginThrottle1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE login_throttle (
        key char(64) NOT NULL,
        throttler varchar(40) NOT NULL,
        hits timestamptz[] NOT NULL,
        blocked_until timestamptz,
        expires_at timestamptz NOT NULL,
        CONSTRAINT login_throttle_pk PRIMARY KEY (key, throttler)
      )`);
    await q.query(`CREATE INDEX login_throttle_expires_idx ON login_throttle (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_throttle`);
  }
}
