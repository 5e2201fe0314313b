import { DataSource } from 'typeorm';
import { MIGRATIONS, MIGRATIONS_TABLE } from '@cdlp/migrations';
import type { AppConfig } from '../config/config';
import { ENTITIES } from './entities';

/** The role the application works as (TENANT-1); created and granted by the migrations. */
export const APP_DB_ROLE = 'cdlp_app';

export interface DataSourceOptions {
  /** Take this role at connection time (a development install that only has the owner's URL). */
  role?: string;
  poolSize?: number;
}

/** The one way the portal builds a data source: the api, the CLI and the tests. Never synchronize. */
export function createDataSource(databaseUrl: string, opts: DataSourceOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // The application's role may not create extensions; migrations did what was needed.
    installExtensions: false,
    extra: {
      max: opts.poolSize ?? 10,
      // `-c role=…` makes every pooled connection act as the application's role from its
      // first statement, so row-level security applies to all of them.
      ...(opts.role ? { options: `-c role=${opts.role}` } : {}),
    },
  });
}

/** The application's own data source: the non-owner role that row-level security applies to. */
export function createAppDataSource(config: AppConfig): DataSource {
  return config.databaseAppUrl
    ? createDataSource(config.databaseAppUrl, { poolSize: config.databasePoolSize })
    : createDataSource(config.databaseUrl, { role: APP_DB_ROLE, poolSize: config.databasePoolSize });
}

/** A single connection as the application's role (LISTEN for live pages). */
export function appClientConfig(config: AppConfig): { connectionString: string; options?: string } {
  return config.databaseAppUrl
    ? { connectionString: config.databaseAppUrl }
    : { connectionString: config.databaseUrl, options: `-c role=${APP_DB_ROLE}` };
}

/** TENANT-1: the application's connection would bypass row-level security; retrying cannot help. */
export class RowLevelSecurityBypassError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RowLevelSecurityBypassError';
  }
}

/**
 * TENANT-1: refuses to run when the application's connection would bypass row-level
 * security (a superuser, a BYPASSRLS role, or the owner of the tables).
 */
export async function assertRowLevelSecurityApplies(ds: DataSource): Promise<void> {
  const rows: { rolname: string; rolsuper: boolean; rolbypassrls: boolean; owns: boolean }[] = await ds.query(
    `SELECT r.rolname, r.rolsuper, r.rolbypassrls,
            EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'psp_request'
                     AND pg_has_role(current_user, t.tableowner, 'USAGE')) AS owns
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const role = rows[0];
  if (!role) throw new Error('Rôle de connexion introuvable.');
  if (role.rolsuper || role.rolbypassrls || role.owns) {
    throw new RowLevelSecurityBypassError(
      `La connexion de l'application (rôle « ${role.rolname} ») contourne la sécurité au niveau des lignes ` +
        `(${role.rolsuper ? 'superutilisateur' : role.rolbypassrls ? 'BYPASSRLS' : 'propriétaire des tables'}) : ` +
        `utilisez un rôle membre de ${APP_DB_ROLE} dans DATABASE_APP_URL (voir README, « Instance nationale »).`,
    );
  }
}
