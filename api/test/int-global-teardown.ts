import { MIGRATED_TEMPLATE_ENV, dropTestDatabase } from './test-db';

/** Drops the run's migrated template (api/test/int-global-setup.ts). */
export default async function globalTeardown(): Promise<void> {
  const name = process.env[MIGRATED_TEMPLATE_ENV];
  if (name) await dropTestDatabase(name);
}
