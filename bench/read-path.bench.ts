import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../api/test/test-db';
import { Figures, analyze, conveneOneSitting, ensureBuilt, freePort, load, login, root, startProcess } from './http-load';
import { SuiteResult, compareRatio, out, targetRatio } from './report';

export const about =
  'read endpoints of the built api (sittings, a sitting, PSP requests, health) against a bare NestJS + pg endpoint, autocannon at 50 and 200 connections';

/**
 * The read path (issue "the read path is ten times slower than the stack allows"): the built
 * api (dist/api/main.js, as in production: its own process, pino at info, sessions in
 * PostgreSQL, row-level security, one transaction per request) with the demo data, and,
 * started in the same run on the same database, a bare NestJS + pg application answering one
 * query (bench/servers/bare-nest.cjs) and, for information, a bare Node http + pg one.
 * Targets: each endpoint at least 50 % of the bare NestJS endpoint's requests per second, and
 * p99 under 50 ms at 200 connections. BENCH_SECONDS sets each run's duration (default 8).
 */
const SECONDS = Math.max(2, Number(process.env['BENCH_SECONDS'] ?? 8));
const CONNECTIONS = [50, 200];

export async function run(): Promise<SuiteResult> {
  ensureBuilt();
  const db = await createTestDatabase('cdlp_bench');
  const dataDir = mkdtempSync(join(tmpdir(), 'cdlp-bench-'));
  const children: ChildProcess[] = [];
  try {
    const apiPort = await freePort();
    children.push(
      await startProcess(process.execPath, [join(root, 'dist/api/main.js')], {
        DATABASE_URL: db.url,
        PORT: String(apiPort),
        DEMO_MODE: 'true',
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        RUN_JOBS: 'false',
        DATA_DIR: dataDir,
        WEB_DIST: join(dataDir, 'no-web'),
        LOGIN_RATE_PER_MINUTE: '1000',
      }, `Portail CDLP prêt`),
    );
    const api = `http://127.0.0.1:${apiPort}/api`;
    const member = await login(api, 'membre@demo.cdlp.fr');
    const secretariat = await login(api, 'secretariat@demo.cdlp.fr');
    const sittingId = await conveneOneSitting(api, secretariat);
    // As in production, where autovacuum keeps the planner's statistics: a database just
    // loaded has none, and the plans would not be the ones users get.
    await analyze(db.url);

    const barePort = await freePort();
    children.push(await startProcess(process.execPath, [join(__dirname, 'servers/bare-nest.cjs')], { DATABASE_URL: db.url, PORT: String(barePort) }, 'ready'));
    const httpPort = await freePort();
    children.push(await startProcess(process.execPath, [join(__dirname, 'servers/bare-http.cjs')], { DATABASE_URL: db.url, PORT: String(httpPort) }, 'ready'));

    const endpoints: { label: string; url: string; cookie?: string }[] = [
      { label: 'bare NestJS + pg (reference)', url: `http://127.0.0.1:${barePort}/bare/sittings` },
      { label: 'bare Node http + pg (information)', url: `http://127.0.0.1:${httpPort}/` },
      { label: 'GET /api/sittings (member)', url: `${api}/sittings`, cookie: member },
      { label: 'GET /api/sittings/:id (member)', url: `${api}/sittings/${sittingId}`, cookie: member },
      { label: 'GET /api/psp-requests (secretariat)', url: `${api}/psp-requests`, cookie: secretariat },
      { label: 'GET /api/health', url: `${api}/health` },
    ];
    const ratios = [];
    for (const connections of CONNECTIONS) {
      out(`  ${connections} connections, ${SECONDS} s each:`);
      out(`    ${'endpoint'.padEnd(40)}${'req/s'.padStart(9)}${'p50'.padStart(8)}${'p99'.padStart(8)}${'vs bare'.padStart(9)}`);
      let bare: Figures | null = null;
      for (const e of endpoints) {
        // A short warm-up, so that the first figures do not include JIT compilation and pool growth.
        await load(e.url, e.cookie, connections, 1);
        const f = await load(e.url, e.cookie, connections, SECONDS);
        bare ??= f;
        const share = f.rps / bare.rps;
        out(
          `    ${e.label.padEnd(40)}${f.rps.toFixed(0).padStart(9)}${`${f.p50} ms`.padStart(8)}${`${f.p99} ms`.padStart(8)}${`${(share * 100).toFixed(0)} %`.padStart(9)}${f.errors ? `  (${f.errors} errors or non-2xx)` : ''}`,
        );
        if (e.url.includes('/api/')) {
          ratios.push(compareRatio(`${e.label} @${connections}: bare / portal req/s (target ≤ 2)`, bare.rps, f.rps, `${f.rps.toFixed(0)} vs ${bare.rps.toFixed(0)} req/s${share < 0.5 ? ' — UNDER 50 %' : ''}`));
          if (connections === 200) ratios.push(targetRatio(`${e.label} p99 @200 / target`, f.p99, 50));
        }
      }
    }
    return { ratios };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

