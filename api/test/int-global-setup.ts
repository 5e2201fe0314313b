import { DataSource } from 'typeorm';
// A relative import: a global setup runs outside jest's module map, without the @cdlp/*
// aliases (the migrations import nothing but TypeORM).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { MIGRATIONS, MIGRATIONS_TABLE } from '../../migrations';
import { MIGRATED_TEMPLATE_ENV, createTestDatabase } from './test-db';

/**
 * Once per run of the integration suites: a database with every migration applied, which each
 * suite's test app copies (CREATE DATABASE … TEMPLATE) instead of migrating its own; the
 * api's runMigrations then finds nothing pending. The suites that test the migrations
 * themselves create empty databases.
 */
export default async function globalSetup(): Promise<void> {
  const template = await createTestDatabase('cdlp_tpl');
  const ds = new DataSource({ type: 'postgres', url: template.url, migrations: MIGRATIONS, migrationsTableName: MIGRATIONS_TABLE });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  } catch (err) {
    if (ds.isInitialized) await ds.destroy();
    await template.drop();
    throw err;
  }
  await ds.destroy();
  // The workers start after this and inherit the environment; the teardown runs in this process.
  process.env[MIGRATED_TEMPLATE_ENV] = template.name;
}
