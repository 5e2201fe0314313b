import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { out } from './report';

/** What the HTTP benchmarks share: the built api in its own process, logins, autocannon runs. */
export const root = resolve(__dirname, '..');

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export function medianOf(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** The median of each figure over several runs (each figure on its own); errors are summed. */
export function medianFigures(runs: Figures[]): Figures {
  return {
    rps: medianOf(runs.map((r) => r.rps)),
    p50: medianOf(runs.map((r) => r.p50)),
    p99: medianOf(runs.map((r) => r.p99)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

/**
 * Runs `a` and `b` in turn, `rounds` times, the order flipping each round (a b, b a, a b…):
 * on a small shared machine a server's figure drifts by tens of percent over a minute, so two
 * servers are only compared on runs taken side by side.
 */
export async function alternated(a: () => Promise<Figures>, b: () => Promise<Figures>, rounds: number): Promise<{ a: Figures; b: Figures }[]> {
  const pairs: { a: Figures; b: Figures }[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      const fa = await a();
      pairs.push({ a: fa, b: await b() });
    } else {
      const fb = await b();
      pairs.push({ a: await a(), b: fb });
    }
  }
  return pairs;
}

export async function load(url: string, cookie: string | undefined, connections: number, seconds: number): Promise<Figures> {
  const r = await autocannon({ url, connections, duration: seconds, headers: cookie ? { cookie } : {} });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** The built api's environment in the benches: demo data, pino at info, no jobs, no web, a generous login limit. */
export function benchApiEnv(databaseUrl: string, port: number, dataDir: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    DEMO_MODE: 'true',
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    RUN_JOBS: 'false',
    DATA_DIR: dataDir,
    WEB_DIST: join(dataDir, 'no-web'),
    LOGIN_RATE_PER_MINUTE: '1000',
  };
}

export function ensureBuilt(): void {
  out('  building the api (Nx cache)…');
  const build = spawnSync('npx', ['nx', 'run', 'api:build', '--output-style=static'], {
    cwd: root,
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0 || !existsSync(join(root, 'dist/api/main.js'))) throw new Error('api build failed');
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

export function startProcess(cmd: string, args: string[], env: Record<string, string>, readyText: string): Promise<ChildProcess> {
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

export async function analyze(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('ANALYZE');
  } finally {
    await c.end();
  }
}

export async function login(api: string, email: string): Promise<string> {
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
export async function conveneOneSitting(api: string, cookie: string): Promise<string> {
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
