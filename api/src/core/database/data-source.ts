import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@cdlp/migrations';
import { ENTITIES } from './entities';

/** The one data source of the portal: the api, the CLI and the tests all build it here. Never synchronize. */
export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 10 },
  });
}
