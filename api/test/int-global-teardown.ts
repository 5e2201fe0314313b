import { Client } from 'pg';
import { MIGRATED_TEMPLATE_ENV, adminUrl } from './test-db';

/** Drops the run's migrated template (api/test/int-global-setup.ts). */
export default async function globalTeardown(): Promise<void> {
  const name = process.env[MIGRATED_TEMPLATE_ENV];
  if (!name || !/^[a-z0-9_]+$/.test(name)) return;
  const c = new Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
