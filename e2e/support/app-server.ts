import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Entry point of the built API (`nx run api:build`); it also serves dist/web/browser at `/`. */
export const API_ENTRY = 'dist/api/main.js';
export const WORKSPACE_ROOT = join(__dirname, '..', '..');

/** Admin connection: the test runner's database server, DATABASE_URL, or the local service. */
export function adminDatabaseUrl(): string {
  return (
    process.env['CDLP_TEST_ADMIN_URL'] ||
    process.env['DATABASE_URL'] ||
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

export interface RunningApp {
  baseUrl: string;
  databaseName: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createDatabase(): Promise<{ name: string; url: string }> {
  const name = `cdlp_e2e_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropDatabase(name: string): Promise<void> {
  if (!/^cdlp_e2e_[0-9a-f]+$/.test(name)) throw new Error(`Refusing to drop ${name}`);
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app stopped (exit ${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok && ((await res.json()) as { status?: string }).status === 'ok') return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The app did not answer GET /api/health within ${timeoutMs / 1000} s:\n${output()}`);
}

export interface StartOptions {
  /** Extra environment variables (SMTP_URL, OUTBOX_POLL_MS…), on top of the demo defaults. */
  env?: Record<string, string>;
  /** A port chosen beforehand, when another server must know the app's address first (ProConnect). */
  port?: number;
}

/** Starts the built app in demo mode on a free port with its own database and data folder. */
export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const db = await createDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'cdlp-e2e-'));
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, [API_ENTRY], {
    cwd: WORKSPACE_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      DEMO_MODE: 'true',
      DATA_DIR: dataDir,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const output = () => log;
  try {
    await waitForHealth(baseUrl, child, output);
  } catch (err) {
    child.kill('SIGKILL');
    await dropDatabase(db.name).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return { baseUrl, databaseName: db.name, dataDir, process: child, output };
}

export async function stopApp(app: RunningApp): Promise<void> {
  const child = app.process;
  if (child.exitCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await dropDatabase(app.databaseName);
  rmSync(app.dataDir, { recursive: true, force: true });
}
