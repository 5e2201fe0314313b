import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient, QueryResult } from 'pg';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryRunner, Repository } from 'typeorm';
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

function assertScope(departement: string): void {
  // Also what makes a scope safe to write as a literal in SQL.
  if (departement !== NATIONAL_SCOPE && !isDepartementCode(departement)) {
    throw new Error(`Invalid tenant scope: ${JSON.stringify(departement)}`);
  }
}

/** A transaction opened by TenantDb.begin(): `run` does the work in its scope and ends it; `abandon` rolls it back. */
export class OpenTransaction {
  private done = false;

  constructor(private readonly runner: QueryRunner) {}

  /** The transaction's manager, before `run` (its scope is the one its first statement set). */
  get manager(): EntityManager {
    return this.runner.manager;
  }

  async run<T>(departement: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    assertScope(departement);
    if (this.done) throw new Error('Transaction already finished');
    try {
      const result = await scopes.run({ departement, manager: this.runner.manager }, () =>
        work(this.runner.manager),
      );
      await this.runner.commitTransaction();
      return result;
    } catch (err) {
      if (this.runner.isTransactionActive) await this.runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await this.finish();
    }
  }

  /** Rolls back and releases, if `run` did not (a refused request). Safe to call twice. */
  async abandon(): Promise<void> {
    if (this.done) return;
    if (this.runner.isTransactionActive) await this.runner.rollbackTransaction().catch(() => undefined);
    await this.finish();
  }

  private async finish(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.runner.release();
  }
}

/**
 * Runs a hot read as a named prepared statement of its connection: PostgreSQL parses and
 * plans it once per pooled connection instead of at every request (the sitting page's
 * query plans in milliseconds and runs in a fraction of that). Row-level security still
 * applies: the policies read app.departement when the statement executes. The name is a
 * hash of the text, so a different text is a different statement.
 */
export async function preparedQuery<T>(m: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = m.queryRunner;
  if (!runner) return m.query(text, values) as Promise<T[]>;
  const client = (await runner.connect()) as PoolClient;
  const result = await client.query({ name: statementName(text), text, values });
  return result.rows as T[];
}

// The names of the statements already seen: hashing the text again at every request cost more
// than looking it up. The texts are the application's own (a few per list filter combination).
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `cdlp_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (statementNames.size >= 2000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

const REQUEST_TX = Symbol('request transaction');

/** The transaction the session guard opened for a request, handed to the tenant interceptor. */
export function attachRequestTransaction(req: object, tx: OpenTransaction): void {
  (req as { [REQUEST_TX]?: OpenTransaction })[REQUEST_TX] = tx;
}

export function takeRequestTransaction(req: object): OpenTransaction | null {
  const holder = req as { [REQUEST_TX]?: OpenTransaction };
  const tx = holder[REQUEST_TX] ?? null;
  delete holder[REQUEST_TX];
  return tx;
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
    assertScope(departement);
    const current = scopes.getStore();
    if (current && current.departement === departement) return current.manager.transaction(work);
    const { tx } = await this.begin(`SELECT set_config('app.departement', '${departement}', true)`);
    return tx.run(departement, work);
  }

  /**
   * Opens a transaction whose first statement is `select`, sent with START TRANSACTION in
   * one round trip (the read path counts round trips: each costs a write and a read on
   * both sides). `select` must be a trusted string (no user input: values are validated
   * literals); it is expected to set `app.departement` with set_config(…, true). Returns
   * its rows and the transaction, which `tx.run()` then finishes.
   */
  async begin(
    select: string,
    opts: { genericPlans?: boolean } = {},
  ): Promise<{ tx: OpenTransaction; rows: Record<string, unknown>[] }> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      // genericPlans (the read path): the transaction's prepared statements run on the plan
      // made once per connection. Left to itself PostgreSQL re-plans a statement whose LIMIT is
      // a parameter at every execution (its generic plan, costed for an unknown LIMIT, never
      // looks cheaper than a custom one): the sittings list cost 0.63 ms a call instead of 0.28.
      // SET LOCAL: the connection goes back to the pool with the default.
      const setup = opts.genericPlans
        ? 'START TRANSACTION; SET LOCAL plan_cache_mode = force_generic_plan;'
        : 'START TRANSACTION;';
      const results = (await client.query(`${setup} ${select}`)) as unknown as QueryResult[];
      // TypeORM's runner did not send START TRANSACTION itself: tell it a transaction is open,
      // so that nested transactions become savepoints and commit/rollback end this one.
      const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
      state.isTransactionActive = true;
      state.transactionDepth = 1;
      return { tx: new OpenTransaction(runner), rows: results[results.length - 1]?.rows ?? [] };
    } catch (err) {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
      throw err;
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
    const rows: { code: string }[] = await this.dataSource.query(
      `SELECT code FROM departement WHERE active ORDER BY code`,
    );
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
