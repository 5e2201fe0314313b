import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Each integration suite gets its own freshly created PostgreSQL database, dropped
 * at the end. The admin URL comes from the test runner (CDLP_TEST_ADMIN_URL, set by
 * scripts/test.mjs from DATABASE_URL, the local service or an embedded server).
 */
export function adminUrl(): string {
  return (
    process.env['CDLP_TEST_ADMIN_URL'] || process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Where a run of the integration suites keeps a database with every migration applied (api/test/int-global-setup.ts). */
export const MIGRATED_TEMPLATE_ENV = 'CDLP_TEST_MIGRATED_TEMPLATE';

/**
 * A fresh database. `migrated`: a copy of the run's migrated template when there is one (the
 * schema, roles' grants and reference rows as the migrations leave them: a copy takes a tenth
 * of the 0.8 s the migrations take on each suite), else an empty one the caller migrates.
 */
export async function createTestDatabase(prefix = 'cdlp_test', opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const template = opts.migrated ? process.env[MIGRATED_TEMPLATE_ENV] : undefined;
  if (template !== undefined && !/^[a-z0-9_]+$/.test(template)) throw new Error(`${MIGRATED_TEMPLATE_ENV} is not a database name`);
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => dropTestDatabase(name),
  };
}

/** Drops a database of the tests (their names are made by createTestDatabase: safe as identifiers). */
export async function dropTestDatabase(name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Not a test database name: ${name}`);
  const c = new Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/**
 * A direct connection, as a DBA would have, for tampering tests: the schema owner, whom
 * row-level security does not restrict; rows it writes default to the Vienne (86).
 */
export async function rawClient(url: string): Promise<Client> {
  const c = new Client({ connectionString: url, options: '-c app.departement=86' });
  await c.connect();
  return c;
}
