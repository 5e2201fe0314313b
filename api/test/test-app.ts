import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource, EntityManager } from 'typeorm';
import { CSRF_COOKIE, SESSION_COOKIE } from '@cdlp/shared';
import { createApp, runMigrations } from '../src/bootstrap';
import { Clock } from '../src/core/clock/clock';
import { AppConfig, loadConfig } from '../src/core/config/config';
import { DemoSeeder } from '../src/demo/demo-seed';
import { APP_DB_ROLE } from '../src/core/database/data-source';
import { ENTITIES } from '../src/core/database/entities';
import { TenantDb } from '../src/core/database/tenant-db';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import { TestDatabase, createTestDatabase } from './test-db';

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A logged-in (or anonymous) HTTP client holding its session and CSRF cookies. */
export class TestClient {
  constructor(
    private readonly baseUrl: string,
    public cookies: Record<string, string> = {},
  ) {}

  get csrf(): string | undefined {
    return this.cookies[CSRF_COOKIE];
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    opts: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const cookie = Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    if (cookie) headers['cookie'] = cookie;
    if (opts.csrf !== false && this.csrf && !['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] = this.csrf;
    let payload: RequestInit['body'] | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const idx = pair.indexOf('=');
      const k = pair.slice(0, idx);
      const v = pair.slice(idx + 1);
      if (v === '' || /Expires=Thu, 01 Jan 1970/i.test(c)) delete this.cookies[k];
      else this.cookies[k] = v;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** Opens a streaming GET (server-sent events), reads the status and closes it. */
  async status(path: string): Promise<HttpResult<null>> {
    const cookie = Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const controller = new AbortController();
    const res = await fetch(`${this.baseUrl}${path}`, { headers: cookie ? { cookie } : {}, signal: controller.signal });
    controller.abort();
    return { status: res.status, body: null, headers: res.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body?: unknown, opts?: { csrf?: boolean }) {
    return this.request<T>('POST', path, body ?? {}, opts);
  }
  put<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body ?? {});
  }
  delete<T = unknown>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  db: TestDatabase;
  /**
   * Raw SQL as the application's role in the Vienne's scope (row-level security applies,
   * rows written without a département belong to 86): what the tests of one département see.
   */
  ds: DataSource;
  /** Raw SQL as the schema owner, bypassing row-level security (a DBA's view, TENANT-1 checks). */
  ownerDs: DataSource;
  /** Runs service code in a département's scope, as a request or a job would. */
  inScope<T>(departement: string, work: (m: EntityManager) => Promise<T>): Promise<T>;
  clock: Clock;
  config: AppConfig;
  dataDir: string;
  anon(): TestClient;
  login(email: string, password?: string): Promise<TestClient>;
  close(): Promise<void>;
}

/** Starts the real api on a random port against a fresh database, with the demo data loaded. */
export async function startTestApp(opts: { seedDemo?: boolean; env?: Record<string, string>; serveWeb?: boolean } = {}): Promise<TestApp> {
  // A copy of the run's migrated database; the migrations below then find nothing to apply.
  const db = await createTestDatabase('cdlp_test', { migrated: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'cdlp-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DEMO_MODE: 'true',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // Suites log in many times from one address; the limiter has its own test.
    LOGIN_RATE_PER_MINUTE: '10000',
    ...(opts.env ?? {}),
  });
  const clock = new Clock();
  await runMigrations(config);
  const app = await createApp(config, { clock, serveWeb: opts.serveWeb === true });
  if (opts.seedDemo !== false) await app.get(DemoSeeder).seed({ postalMembers: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}/api`;
  const ds = await scopedDataSource(db.url, '86').initialize();
  const ownerDs = await new DataSource({ type: 'postgres', url: db.url, entities: ENTITIES, extra: { max: 3 } }).initialize();
  const tenantDb = app.get(TenantDb);
  return {
    app,
    baseUrl,
    db,
    ds,
    ownerDs,
    inScope: (departement, work) => tenantDb.run(departement, work),
    clock,
    config,
    dataDir,
    anon: () => new TestClient(baseUrl),
    login: async (email: string, password = DEMO_PASSWORD) => {
      const c = new TestClient(baseUrl);
      const r = await c.post('/auth/login', { email, password });
      if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
      if (!c.cookies[SESSION_COOKIE]) throw new Error('no session cookie');
      return c;
    },
    close: async () => {
      await ds.destroy();
      await ownerDs.destroy();
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the rest of a suite's setup on a started app and returns what it gives; when that
 * setup fails, the app is closed (its database dropped) before the error goes on, as the
 * suite's afterAll could not do it.
 */
export async function setUpOn<T>(t: TestApp, setup: () => Promise<T>): Promise<T> {
  try {
    return await setup();
  } catch (err) {
    await t.close();
    throw err;
  }
}

/** Another api instance on a test app's database: what a second server behind the load balancer is. */
export interface TestInstance {
  app: NestExpressApplication;
  baseUrl: string;
  /** Its own clock, as each server has its own; tests move every instance's clock together. */
  clock: Clock;
  config: AppConfig;
  anon(): TestClient;
  /** The same browser (the same cookie jar) reaching this instance. */
  sameBrowser(c: TestClient): TestClient;
  close(): Promise<void>;
}

/**
 * Starts one more instance of the real api on the database of `t` (its own Nest app, Clock,
 * connection pools, LISTEN connection, outbox worker and job scheduler), without running
 * the migrations or seeding the demo again. `env` is added to the test configuration; give
 * it what `t` was started with that matters (SMTP_URL, limits).
 */
export async function startInstance(
  t: { db: { url: string }; clock: Clock },
  opts: { env?: Record<string, string> } = {},
): Promise<TestInstance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cdlp-test-b-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: t.db.url,
    DEMO_MODE: 'true',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    LOGIN_RATE_PER_MINUTE: '10000',
    RUN_MIGRATIONS_ON_START: 'false',
    ...(opts.env ?? {}),
  });
  const clock = new Clock();
  clock.setNow(t.clock.now());
  const app = await createApp(config, { clock, serveWeb: false });
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api`;
  return {
    app,
    baseUrl,
    clock,
    config,
    anon: () => new TestClient(baseUrl),
    sameBrowser: (c) => new TestClient(baseUrl, c.cookies),
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A data source as the application's role with a département set for the whole session (tests only). */
export function scopedDataSource(url: string, departement: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    extra: { max: 4, options: `-c role=${APP_DB_ROLE} -c app.departement=${departement}` },
  });
}

export const DEMO = {
  secretariat: 'secretariat@demo.cdlp.fr',
  president: 'president@demo.cdlp.fr',
  member: 'membre@demo.cdlp.fr',
  association: 'association@demo.cdlp.fr',
  admin: 'admin@demo.cdlp.fr',
  supervisor: 'supervision@demo.cdlp.fr',
  nationalAdmin: 'admin.national@demo.cdlp.fr',
} as const;
