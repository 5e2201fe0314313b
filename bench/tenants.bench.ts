import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { TENANT_TABLES } from '../migrations/1765000000000-national-instance';
import { adminUrl, createTestDatabase } from '../api/test/test-db';
import { Figures, alternated, benchApiEnv, conveneOneSitting, ensureBuilt, freePort, load, login, medianFigures, root, startProcess } from './http-load';
import { DEPARTEMENTS, LOAD_SQL, VOLUMES } from './tenants-data';
import { SuiteResult, compareRatio, out, timed } from './report';

export const about = `TENANT-1: 101 départements × (${VOLUMES.requests} requests, ${VOLUMES.sittings} sittings, ${VOLUMES.members} members): main reads with and without row-level security`;

/**
 * The cost of row-level security on the national instance. One database is loaded with the
 * demo and 101 départements of realistic volumes, then copied; the copy has row-level
 * security disabled on every tenant table (the application's queries still filter by
 * département, so both answer the same). The same built api runs on each, both up at once,
 * and the main reads are measured with autocannon, one api loaded at a time, the runs
 * alternated between them. Target: RLS costs under 20 %.
 * BENCH_SECONDS sets each run's duration (default 4), BENCH_ROUNDS the alternated runs per side
 * (default 3, the median is kept), BENCH_CONNECTIONS the load (default 50).
 */
const SECONDS = Math.max(2, Number(process.env['BENCH_SECONDS'] ?? 4));
const CONNECTIONS = Math.max(1, Number(process.env['BENCH_CONNECTIONS'] ?? 50));
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));

export async function run(): Promise<SuiteResult> {
  ensureBuilt();
  const withRls = await createTestDatabase('cdlp_bench_rls');
  const dataDir = mkdtempSync(join(tmpdir(), 'cdlp-bench-tenants-'));
  let withoutRls: { url: string; name: string; drop(): Promise<void> } | null = null;
  const children: ChildProcess[] = [];
  const env = (url: string, port: number) => benchApiEnv(url, port, dataDir);
  try {
    // 1. Migrations and the demo, by the api itself; then the volumes of 101 départements.
    const setupPort = await freePort();
    const setup = await startProcess(process.execPath, [join(root, 'dist/api/main.js')], env(withRls.url, setupPort), 'Portail CDLP prêt');
    const api0 = `http://127.0.0.1:${setupPort}/api`;
    await conveneOneSitting(api0, await login(api0, 'secretariat@demo.cdlp.fr'));
    setup.kill('SIGTERM');
    await new Promise((r) => setup.once('exit', r));
    const loaded = await timed(() => loadVolumes(withRls.url));
    out(`  loaded ${DEPARTEMENTS.length} départements in ${(loaded.ms / 1000).toFixed(1)} s: ${loaded.value}`);

    // 2. The same data without row-level security.
    withoutRls = await copyWithoutRls(withRls.name);

    // 3. The main reads on each, one api at a time.
    const endpoints: { label: string; path: (ids: Ids) => string; account: string }[] = [
      { label: 'GET /api/sittings (member)', path: () => '/sittings', account: 'membre@demo.cdlp.fr' },
      { label: 'GET /api/sittings/:id (member)', path: (ids) => `/sittings/${ids.sittingId}`, account: 'membre@demo.cdlp.fr' },
      { label: 'GET /api/psp-requests (secretariat)', path: () => '/psp-requests', account: 'secretariat@demo.cdlp.fr' },
      { label: 'GET /api/psp-requests?state=COMPLETE', path: () => '/psp-requests?state=COMPLETE', account: 'secretariat@demo.cdlp.fr' },
      { label: 'GET /api/members (secretariat)', path: () => '/members', account: 'secretariat@demo.cdlp.fr' },
      { label: 'GET /api/pathways (secretariat)', path: () => '/pathways', account: 'secretariat@demo.cdlp.fr' },
    ];
    // Both apis stay up and only one is loaded at a time, the runs alternated between them
    // endpoint by endpoint (`alternated`): measured one whole side after the other, the drift of
    // a 2-core machine over minutes weighed as much as RLS (−23 % to +26 % for the same code).
    const sides = {} as Record<'rls' | 'none', { api: string; cookies: Map<string, string>; ids: Ids }>;
    for (const side of ['rls', 'none'] as const) {
      const url = side === 'rls' ? withRls.url : withoutRls.url;
      const port = await freePort();
      children.push(await startProcess(process.execPath, [join(root, 'dist/api/main.js')], { ...env(url, port), RUN_MIGRATIONS_ON_START: 'false' }, 'Portail CDLP prêt'));
      const api = `http://127.0.0.1:${port}/api`;
      const cookies = new Map<string, string>();
      for (const e of endpoints) if (!cookies.has(e.account)) cookies.set(e.account, await login(api, e.account));
      sides[side] = { api, cookies, ids: await idsOf(api, cookies.get('membre@demo.cdlp.fr') ?? '') };
    }
    const results = new Map<string, { rls: Figures; none: Figures }>();
    for (const e of endpoints) {
      const run = (side: 'rls' | 'none', seconds: number) => () =>
        load(`${sides[side].api}${e.path(sides[side].ids)}`, sides[side].cookies.get(e.account), CONNECTIONS, seconds);
      // A short warm-up of each, so that no figure includes JIT compilation and pool growth.
      await run('rls', 1)();
      await run('none', 1)();
      const pairs = await alternated(run('rls', SECONDS), run('none', SECONDS), ROUNDS);
      const runs = { rls: pairs.map((p) => p.a), none: pairs.map((p) => p.b) };
      results.set(e.label, { rls: medianFigures(runs.rls), none: medianFigures(runs.none) });
    }

    out(`  ${CONNECTIONS} connections, median of ${ROUNDS} alternated runs of ${SECONDS} s (same data, same api; RLS on | off):`);
    out(`    ${'endpoint'.padEnd(40)}${'req/s'.padStart(14)}${'p50 ms'.padStart(14)}${'p99 ms'.padStart(14)}`);
    const ratios = [];
    for (const [label, r] of results) {
      const pair = (a: number, b: number) => `${a.toFixed(0)} | ${b.toFixed(0)}`.padStart(14);
      out(`    ${label.padEnd(40)}${pair(r.rls.rps, r.none.rps)}${pair(r.rls.p50, r.none.p50)}${pair(r.rls.p99, r.none.p99)}${r.rls.errors + r.none.errors ? `  (${r.rls.errors + r.none.errors} errors)` : ''}`);
      const cost = r.none.rps / r.rls.rps;
      ratios.push(compareRatio(`${label}: req/s without / with RLS (target ≤ 1.20)`, r.none.rps, r.rls.rps, `RLS costs ${((cost - 1) * 100).toFixed(0)} %${cost > 1.2 ? ' — OVER 20 %' : ''}`));
    }
    return { ratios };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await withoutRls?.drop();
    await withRls.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Ids {
  sittingId: string;
}

async function idsOf(api: string, cookie: string): Promise<Ids> {
  const list = (await (await fetch(`${api}/sittings?pageSize=1`, { headers: { cookie } })).json()) as { items: { id: string }[] };
  if (!list.items[0]) throw new Error('the member sees no sitting');
  return { sittingId: list.items[0].id };
}

async function loadVolumes(url: string): Promise<string> {
  const c = new Client({ connectionString: url, options: '-c app.departement=86' });
  await c.connect();
  try {
    for (const sql of LOAD_SQL) await c.query(sql, sql.includes('$1') ? [DEPARTEMENTS] : []);
    // As in production, where autovacuum keeps the planner's statistics.
    await c.query('ANALYZE');
    const counts = await c.query<{ requests: string; sittings: string; members: string }>(
      `SELECT (SELECT count(*) FROM psp_request) AS requests, (SELECT count(*) FROM sitting) AS sittings, (SELECT count(*) FROM member) AS members`,
    );
    const n = counts.rows[0];
    return `${n.requests} requests, ${n.sittings} sittings, ${n.members} members in all`;
  } finally {
    await c.end();
  }
}

/** A copy of the loaded database (CREATE DATABASE … TEMPLATE) with row-level security off on every tenant table. */
async function copyWithoutRls(source: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${source}_norls`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const c = new Client({ connectionString: url.toString() });
  await c.connect();
  try {
    for (const t of TENANT_TABLES) await c.query(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY`);
    await c.query(`ALTER TABLE proconnect_session NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY`);
  } finally {
    await c.end();
  }
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const a = new Client({ connectionString: adminUrl() });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}
