import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { NATIONAL_SCOPE, isDepartementCode } from '@cdlp/shared';

/** The département whose rows a unit of work may see, and the transaction it runs in. */
interface TenantScope {
  departement: string;
  manager: EntityManager;
}

const scopes = new AsyncLocalStorage<TenantScope>();

/** The scope of an account: its département, or the national scope for national accounts. */
export function scopeOf(departementCode: string | null): string {
  return departementCode ?? NATIONAL_SCOPE;
}

/** Raised when code reaches the database outside a tenant scope: a bug, never a user error. */
export class NoTenantScopeError extends Error {
  constructor() {
    super('Database access outside a tenant scope (TENANT-1): wrap the call in TenantDb.run().');
    this.name = 'NoTenantScopeError';
  }
}

/**
 * TENANT-1: the only way the application reaches business tables. Every unit of work
 * (an HTTP request, one département's share of a job, a snapshot of a live page) runs
 * in one transaction whose first statement sets `app.departement` with SET LOCAL
 * semantics; PostgreSQL's row-level security then shows and accepts only that
 * département's rows. The setting ends with the transaction, so a pooled connection
 * never carries a département over to the next unit of work.
 *
 * Inside a scope, `transaction()` nests (a savepoint), so a service can keep its own
 * transaction boundaries while the request stays atomic.
 */
@Injectable()
export class TenantDb {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in a new transaction scoped to a département (or to the national scope). */
  async run<T>(departement: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (departement !== NATIONAL_SCOPE && !isDepartementCode(departement)) {
      throw new Error(`Invalid tenant scope: ${JSON.stringify(departement)}`);
    }
    const current = scopes.getStore();
    if (current && current.departement === departement) return current.manager.transaction(work);
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query(`SELECT set_config('app.departement', $1, true)`, [departement]);
      const result = await scopes.run({ departement, manager: runner.manager }, () => work(runner.manager));
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs `work` inside the current transaction, in a savepoint whose scope is another
   * département, then comes back to the current scope. Only the national administration
   * uses it: opening a département writes the département, its configuration, its first
   * account and both audit rows (the département's chain and the national one) atomically,
   * which two scopes on two connections could not. A failure rolls the savepoint back, and
   * with it the change of `app.departement`.
   */
  async switchTo<T>(departement: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (departement !== NATIONAL_SCOPE && !isDepartementCode(departement)) {
      throw new Error(`Invalid tenant scope: ${JSON.stringify(departement)}`);
    }
    const current = scopes.getStore();
    if (!current) throw new NoTenantScopeError();
    return current.manager.transaction(async (m) => {
      await m.query(`SELECT set_config('app.departement', $1, true)`, [departement]);
      const result = await scopes.run({ departement, manager: m }, () => work(m));
      await m.query(`SELECT set_config('app.departement', $1, true)`, [current.departement]);
      return result;
    });
  }

  /** Runs `work` once per active département, each in its own scope (jobs). */
  async forEachDepartement(work: (departement: string, m: EntityManager) => Promise<void>): Promise<void> {
    for (const code of await this.activeDepartements()) await this.run(code, (m) => work(code, m));
  }

  /** The départements served by the instance (a national table, readable without scope). */
  async activeDepartements(): Promise<string[]> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT code FROM departement WHERE active ORDER BY code`);
    return rows.map((r) => r.code);
  }

  get inScope(): boolean {
    return scopes.getStore() !== undefined;
  }

  /** The département of the current scope. */
  get departement(): string {
    const scope = scopes.getStore();
    if (!scope) throw new NoTenantScopeError();
    return scope.departement;
  }

  /** The transaction of the current scope. */
  get manager(): EntityManager {
    const scope = scopes.getStore();
    if (!scope) throw new NoTenantScopeError();
    return scope.manager;
  }

  getRepository<E extends ObjectLiteral>(target: EntityTarget<E>): Repository<E> {
    return this.manager.getRepository(target);
  }

  /** Raw SQL in the current scope. */
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T> {
    return this.manager.query(sql, params) as Promise<T>;
  }

  /** A nested transaction (savepoint) in the current scope. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.manager.transaction(work);
  }

  /**
   * The data source without any scope, for what is not tenant data: the national
   * registry of départements, reference data, health checks and the few SECURITY
   * DEFINER lookups that resolve a scope (session cookie, login e-mail).
   */
  get unscoped(): DataSource {
    return this.dataSource;
  }
}
