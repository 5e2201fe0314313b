import { Client } from 'pg';
import { hasPermission } from '@cdlp/shared';
import { APP_DB_ROLE } from '../../src/core/database/data-source';
import { TenantDb } from '../../src/core/database/tenant-db';
import { TestApp, TestClient } from '../test-app';
import {
  DEPARTEMENT_ROLES,
  DepartementRole,
  ROUTE_MATRIX,
  RouteCtx,
  RouteRequest,
  callRoute,
  departementAccounts,
  tenantAddressing,
} from '../route-matrix';
import {
  EMPTY_IN_SETUP,
  GUARDED_INSERT,
  GUARDED_UPDATE,
  GUARD_REFUSAL,
  NATIONAL_CAPABLE,
  NATIONAL_TABLES,
  RLS_REFUSAL,
  TENANT_TABLES,
  digestOf79,
  markersOf79,
  startTwoDepartements,
} from '../tenant-fixtures';

/**
 * TENANT-1: one national instance, and no département sees another's data. Proven twice,
 * as the application's own database role (`cdlp_app`):
 * - in the database: every tenant table is under row-level security, enabled and forced,
 *   with a policy that reads `app.departement`; without the setting nothing is visible, in
 *   the Vienne's scope nothing of the Deux-Sèvres is visible, writable or movable;
 * - through the api: every route of the table shared with the authorisation matrix, called
 *   by every role of the Vienne (86) that holds its permission, aimed at the Deux-Sèvres'
 *   (79) resources, is refused and changes nothing there; routes without an id answer only
 *   the Vienne's data.
 */

let t: TestApp;
let ctx86: RouteCtx;
let ctx79: RouteCtx;

/** A connection as the application's role, with or without a département set for the session. */
async function appClient(departement?: string): Promise<Client> {
  const c = new Client({
    connectionString: t.db.url,
    options: `-c role=${APP_DB_ROLE}${departement ? ` -c app.departement=${departement}` : ''}`,
  });
  await c.connect();
  return c;
}

async function count(c: Client, sql: string): Promise<number> {
  const r = await c.query<{ n: number }>(sql);
  return r.rows[0].n;
}

/** The error PostgreSQL raises for a statement run in a savepoint (null when it succeeds). */
async function attempt(c: Client, sql: string): Promise<string | null> {
  await c.query('SAVEPOINT attempt');
  try {
    await c.query(sql);
    await c.query('RELEASE SAVEPOINT attempt');
    return null;
  } catch (err) {
    await c.query('ROLLBACK TO SAVEPOINT attempt');
    return err instanceof Error ? err.message : String(err);
  }
}

beforeAll(async () => {
  ({ t, ctx86, ctx79 } = await startTwoDepartements());
}, 180_000);

afterAll(async () => {
  await t.close();
});

describe('TENANT-1: row-level security, as the application role', () => {
  it('TENANT-1: the tenant tables are exactly the tables with a departement_code column, and every table is classified', async () => {
    const tables: { relname: string; tenant: boolean }[] = await t.ownerDs.query(
      `SELECT c.relname,
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'departement_code' AND NOT a.attisdropped) AS tenant
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    );
    expect(tables.filter((x) => x.tenant).map((x) => x.relname)).toEqual([...TENANT_TABLES].sort());
    expect(tables.filter((x) => !x.tenant).map((x) => x.relname)).toEqual([...NATIONAL_TABLES].sort());
  });

  it('TENANT-1: every tenant table has row-level security enabled and forced', async () => {
    const rows: { relname: string; enabled: boolean; forced: boolean }[] = await t.ownerDs.query(
      `SELECT c.relname, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname = ANY($1)`,
      [TENANT_TABLES],
    );
    expect(rows).toHaveLength(TENANT_TABLES.length);
    expect(rows.filter((r) => !r.enabled || !r.forced).map((r) => r.relname)).toEqual([]);
  });

  it('TENANT-1: the only policy that applies to the application role reads app.departement, for reads and writes', async () => {
    const policies: {
      tablename: string;
      policyname: string;
      roles: string[];
      cmd: string;
      permissive: string;
      qual: string;
      with_check: string;
    }[] = await t.ownerDs.query(
      `SELECT tablename, policyname, roles::text[] AS roles, cmd, permissive, qual, with_check FROM pg_policies
          WHERE schemaname = 'public' ORDER BY tablename, policyname`,
    );
    const [{ owner }]: { owner: string }[] = await t.ownerDs.query(
      `SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'psp_request'`,
    );
    for (const table of TENANT_TABLES) {
      const own = policies.filter((p) => p.tablename === table);
      const expected = NATIONAL_CAPABLE.includes(table)
        ? `(((departement_code)::text = current_setting('app.departement'::text, true)) OR ((departement_code IS NULL) AND (current_setting('app.departement'::text, true) = 'NAT'::text)))`
        : `((departement_code)::text = current_setting('app.departement'::text, true))`;
      const tenant = own.find((p) => p.policyname === 'tenant_isolation');
      expect({
        table,
        qual: tenant?.qual,
        check: tenant?.with_check,
        cmd: tenant?.cmd,
        roles: tenant?.roles,
      }).toEqual({
        table,
        qual: expected,
        check: expected,
        cmd: 'ALL',
        roles: ['public'],
      });
      // Any other policy is the schema owner's own (the SECURITY DEFINER lookups), never the application's.
      for (const p of own.filter((x) => x.policyname !== 'tenant_isolation'))
        expect({ table, roles: p.roles }).toEqual({ table, roles: [owner] });
    }
    // No policy anywhere else names the application's role or PUBLIC with another expression.
    expect(policies.filter((p) => !TENANT_TABLES.includes(p.tablename)).map((p) => p.tablename)).toEqual([]);
  });

  it('TENANT-1: without app.departement the application role sees 0 rows of every tenant table', async () => {
    const c = await appClient();
    try {
      const seen: Record<string, number> = {};
      for (const table of TENANT_TABLES)
        seen[table] = await count(c, `SELECT count(*)::int AS n FROM ${table}`);
      expect(seen).toEqual(Object.fromEntries(TENANT_TABLES.map((x) => [x, 0])));
      // The setting is absent, not merely empty: current_setting(…, true) is NULL.
      expect((await c.query(`SELECT current_setting('app.departement', true) AS v`)).rows[0].v).toBeNull();
    } finally {
      await c.end();
    }
    // The rows are there: the owner sees both départements in the core tables.
    for (const table of [
      'app_user',
      'member',
      'association',
      'psp_request',
      'sitting',
      'audit_event',
      'outbox_message',
      'signed_document',
    ]) {
      const rows: { d: string }[] = await t.ownerDs.query(
        `SELECT DISTINCT departement_code AS d FROM ${table} WHERE departement_code IS NOT NULL ORDER BY 1`,
      );
      expect({ table, deps: rows.map((r) => r.d) }).toEqual({ table, deps: ['79', '86'] });
    }
  });

  it('TENANT-1: in the scope 86 no row of 79 (or national) is visible in any tenant table, and every row of 86 is', async () => {
    const c = await appClient('86');
    try {
      const empty: string[] = [];
      for (const table of TENANT_TABLES) {
        const foreign = await count(
          c,
          `SELECT count(*)::int AS n FROM ${table} WHERE departement_code IS DISTINCT FROM '86'`,
        );
        const visible = await count(c, `SELECT count(*)::int AS n FROM ${table}`);
        const [{ n: own }]: { n: number }[] = await t.ownerDs.query(
          `SELECT count(*)::int AS n FROM ${table} WHERE departement_code = '86'`,
        );
        const [{ n: of79 }]: { n: number }[] = await t.ownerDs.query(
          `SELECT count(*)::int AS n FROM ${table} WHERE departement_code = '79'`,
        );
        expect({ table, foreign, visible }).toEqual({ table, foreign: 0, visible: own });
        if (of79 === 0) empty.push(table);
      }
      // Every other table holds rows of 79 that stayed invisible; these stay empty in this
      // setup (no vote, no minutes) and are covered by the policy and WITH CHECK tests.
      expect(empty).toEqual(EMPTY_IN_SETUP);
    } finally {
      await c.end();
    }
  });

  it('TENANT-1: in the scope 86, inserting a row of another département (or a national row) is refused by WITH CHECK', async () => {
    const c = await appClient('86');
    const refusals: Record<string, string> = {};
    try {
      await c.query('BEGIN');
      for (const table of TENANT_TABLES) {
        const attempts = [`'79'`, ...(NATIONAL_CAPABLE.includes(table) ? ['NULL'] : [])];
        for (const dep of attempts) {
          const error = await attempt(c, `INSERT INTO ${table} (departement_code) VALUES (${dep})`);
          const expected = GUARDED_INSERT.includes(table) ? GUARD_REFUSAL : RLS_REFUSAL;
          refusals[`${table} ${dep}`] =
            error && expected.test(error) ? 'refused' : `not refused by the policy: ${error}`;
        }
      }
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
    expect(Object.entries(refusals).filter(([, v]) => v !== 'refused')).toEqual([]);
    expect(Object.keys(refusals).length).toBe(TENANT_TABLES.length + NATIONAL_CAPABLE.length);
  });

  it('TENANT-1: in the scope 86, no row can be moved to another département (WITH CHECK on update)', async () => {
    const c = await appClient('86');
    const outcomes: Record<string, string> = {};
    try {
      await c.query('BEGIN');
      for (const table of TENANT_TABLES) {
        if ((await count(c, `SELECT count(*)::int AS n FROM ${table}`)) === 0) continue;
        for (const dep of [`'79'`, ...(NATIONAL_CAPABLE.includes(table) ? ['NULL'] : [])]) {
          const error = await attempt(
            c,
            `UPDATE ${table} SET departement_code = ${dep} WHERE ctid = (SELECT ctid FROM ${table} ORDER BY ctid LIMIT 1)`,
          );
          const expected = GUARDED_UPDATE.includes(table) ? GUARD_REFUSAL : RLS_REFUSAL;
          outcomes[`${table} ${dep}`] =
            error && expected.test(error) ? 'refused' : `not refused by the policy: ${error}`;
        }
      }
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
    expect(Object.entries(outcomes).filter(([, v]) => v !== 'refused')).toEqual([]);
    expect(Object.keys(outcomes).length).toBeGreaterThanOrEqual(25);
    // Nothing moved: the owner still counts no 86 row gone to 79 (every refusal rolled back).
    const [{ n }]: { n: number }[] = await t.ownerDs.query(
      `SELECT count(*)::int AS n FROM member WHERE departement_code = '86'`,
    );
    expect(n).toBeGreaterThan(0);
  });

  it('TENANT-1: the application role is not superuser, not BYPASSRLS, owns nothing and is no member of the owner', async () => {
    const [role]: {
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcreaterole: boolean;
      rolcreatedb: boolean;
    }[] = await t.ownerDs.query(
      `SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1`,
      [APP_DB_ROLE],
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const [owns]: { relations: number; functions: number; types: number; schemas: number }[] =
      await t.ownerDs.query(
        `SELECT (SELECT count(*)::int FROM pg_class WHERE relowner = $1::regrole) AS relations,
              (SELECT count(*)::int FROM pg_proc WHERE proowner = $1::regrole) AS functions,
              (SELECT count(*)::int FROM pg_type WHERE typowner = $1::regrole) AS types,
              (SELECT count(*)::int FROM pg_namespace WHERE nspowner = $1::regrole) AS schemas`,
        [APP_DB_ROLE],
      );
    expect(owns).toEqual({ relations: 0, functions: 0, types: 0, schemas: 0 });
    const [{ member }]: { member: boolean }[] = await t.ownerDs.query(
      `SELECT bool_or(pg_has_role($1, t.tableowner, 'USAGE')) AS member FROM pg_tables t WHERE t.schemaname = 'public'`,
      [APP_DB_ROLE],
    );
    expect(member).toBe(false);
    // The running api itself works as that role.
    const [{ who }]: { who: string }[] = await t.app
      .get(TenantDb)
      .unscoped.query(`SELECT current_user AS who`);
    expect(who).toBe(APP_DB_ROLE);
  });
});

describe('TENANT-1: every route, called by every role of 86, aimed at the data of 79', () => {
  const clients = new Map<DepartementRole, TestClient>();
  const accounts86 = departementAccounts('86');

  beforeAll(async () => {
    for (const role of DEPARTEMENT_ROLES) clients.set(role, await t.login(accounts86[role]));
  });

  it('TENANT-1: the route table lists every route of the api', async () => {
    const doc = await t.anon().get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json');
    const routes = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(Object.keys(ROUTE_MATRIX).sort());
  });

  for (const [route, entry] of Object.entries(ROUTE_MATRIX)) {
    const addressing = tenantAddressing(route, entry);
    const roles = DEPARTEMENT_ROLES.filter(
      (r) => entry.access === 'public' || hasPermission(r, entry.access),
    );
    const client = async (role: DepartementRole) =>
      entry.freshSession ? t.login(accounts86[role]) : clients.get(role)!;

    if (addressing === 'national') {
      it(`TENANT-1: ${route} is national: every role of 86 gets 403`, async () => {
        expect(roles).toEqual([]);
        for (const role of DEPARTEMENT_ROLES) {
          const r = await callRoute(await client(role), route, entry, await entry.request(ctx86, role));
          expect({ role, status: r.status }).toEqual({ role, status: 403 });
        }
      });
      continue;
    }

    const aimed = addressing === 'path-id' || addressing === 'body-id';
    const expected = addressing === 'path-id' ? [403, 404] : [400, 403, 404];
    it(`TENANT-1: ${route} ${aimed ? `with ${addressing === 'path-id' ? 'an id' : 'a body naming a resource'} of 79: ${expected.join(' or ')}` : 'without id: only data of 86'} for ${roles.join(', ')}`, async () => {
      expect(roles.length).toBeGreaterThan(0);
      const prepared: [DepartementRole, RouteRequest][] = [];
      for (const role of roles) {
        prepared.push([
          role,
          aimed ? await (entry.foreign ?? entry.request)(ctx79, role) : await entry.request(ctx86, role),
        ]);
      }
      const markers = await markersOf79(t);
      // The request really names a resource of 79 (an id of one of its rows).
      if (aimed) {
        for (const [role, req] of prepared) {
          const named = markers.some((m) =>
            `${req.path} ${req.body instanceof FormData ? '' : JSON.stringify(req.body ?? '')}`.includes(m),
          );
          expect({ role, path: req.path, named }).toEqual({ role, path: req.path, named: true });
        }
      }
      const before = await digestOf79(t);
      for (const [role, req] of prepared) {
        const r = await callRoute(await client(role), route, entry, req);
        if (aimed && !expected.includes(r.status)) {
          throw new Error(
            `${route} as ${role} of 86 on ${req.path}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`,
          );
        }
        if (r.status >= 500)
          throw new Error(`${route} as ${role} of 86: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? '');
        const leaked = markers.filter((m) => text.includes(m));
        expect({ route, role, leaked }).toEqual({ route, role, leaked: [] });
      }
      expect(await digestOf79(t)).toEqual(before);
    });
  }
});
