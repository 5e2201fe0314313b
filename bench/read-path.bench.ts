import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { createTestDatabase } from '../api/test/test-db';
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
const root = resolve(__dirname, '..');

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

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

async function load(url: string, cookie: string | undefined, connections: number, seconds: number): Promise<Figures> {
  const r = await autocannon({ url, connections, duration: seconds, headers: cookie ? { cookie } : {} });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

function ensureBuilt(): void {
  out('  building the api (Nx cache)…');
  const build = spawnSync('npx', ['nx', 'run', 'api:build', '--output-style=static'], {
    cwd: root,
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0 || !existsSync(join(root, 'dist/api/main.js'))) throw new Error('api build failed');
}

function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

function startProcess(cmd: string, args: string[], env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  return new Promise((resolveChild, reject) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start: ${seen.slice(-2000)}`)), 120_000);
    const onData = (chunk: Buffer) => {
      if (seen.length < 100_000) seen += chunk.toString();
      if (seen.includes(readyText)) {
        clearTimeout(timer);
        // Keep draining the output (the api logs every request at info), without keeping it.
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolveChild(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (seen += c.toString()));
    child.on('exit', (code) => reject(new Error(`${args[0]} exited (${code}): ${seen.slice(-2000)}`)));
  });
}

async function analyze(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('ANALYZE');
  } finally {
    await c.end();
  }
}

async function login(api: string, email: string): Promise<string> {
  const res = await fetch(`${api}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'Demo-CDLP-2026!' }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** The demo's strategy sitting, convened, so that the member sees it in the list and on its page. */
async function conveneOneSitting(api: string, cookie: string): Promise<string> {
  const csrf = /cdlp_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
  const list = (await (await fetch(`${api}/sittings`, { headers: { cookie } })).json()) as { items: { id: string; kind: string }[] };
  const sitting = list.items.find((s) => s.kind === 'POLICY');
  if (!sitting) throw new Error('no demo policy sitting');
  const res = await fetch(`${api}/sittings/${sitting.id}/convocation`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify({ urgent: false }),
  });
  if (res.status >= 300) throw new Error(`convocation: ${res.status} ${await res.text()}`);
  return sitting.id;
}
