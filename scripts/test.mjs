// npm test: everything, in order, with one closing line "N passed, N failed".
//   1. lint and typecheck of every project;
//   2. unit tests (shared, api, templates);
//   3. build of the api and the web (the e2e tests run the built app);
//   4. integration tests against real PostgreSQL (each suite creates and drops its database);
//   5. web unit tests;
//   6. e2e tests in Chromium.
// PostgreSQL: DATABASE_URL if set, else the local service on 127.0.0.1:5432, else an
// embedded server under .data/test-pg.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: '0' };
const only = process.argv.slice(2); // e.g. `npm test -- int e2e` runs only those steps.
const results = [];
let passed = 0;
let failed = 0;

function run(cmd, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function check(name, cmd, args) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const code = await run(cmd, args);
  const ok = code === 0;
  if (ok) passed++;
  else failed++;
  results.push({ name, ok, detail: ok ? 'ok' : `exit ${code}`, ms: Date.now() - started });
  return ok;
}

async function jestSuite(name, config, extraEnv = {}, extraArgs = []) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  mkdirSync('tmp', { recursive: true });
  const out = join('tmp', `jest-${name}.json`);
  rmSync(out, { force: true });
  const code = await run('npx', ['jest', '-c', config, '--json', `--outputFile=${out}`, '--ci', ...extraArgs], extraEnv);
  let p = 0;
  let f = 0;
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    p = r.numPassedTests;
    f = r.numFailedTests + r.numRuntimeErrorTestSuites;
    if (r.numTotalTests === 0) f += 1; // A suite that ran no test is a failure.
  } else {
    f = 1;
  }
  if (code !== 0 && f === 0) f = 1;
  passed += p;
  failed += f;
  results.push({ name, ok: f === 0, detail: `${p} passed, ${f} failed`, ms: Date.now() - started });
}

function canConnect(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    s.setTimeout(1000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

async function resolveDatabase() {
  if (env.DATABASE_URL) return { adminUrl: env.DATABASE_URL, stop: async () => {} };
  if (await canConnect(5432)) return { adminUrl: 'postgres://postgres@127.0.0.1:5432/postgres', stop: async () => {} };
  const { startEmbeddedPostgres } = await import('./embedded-db.mjs');
  process.stdout.write('Aucun PostgreSQL local : démarrage de PostgreSQL embarqué pour les tests (.data/test-pg)…\n');
  const db = await startEmbeddedPostgres({ quiet: true, name: 'test-pg' });
  return { adminUrl: db.adminUrl, stop: db.stop };
}

const want = (step) => only.length === 0 || only.includes(step);
const nx = (target) => ['nx', 'run', target, '--output-style=static', '--skip-nx-cache'];
const t0 = Date.now();
let db = null;
try {
  if (want('lint')) {
    // One ESLint process for every project: the TypeScript program is built once (the Nx
    // lint targets run the same configuration, project by project).
    // The module-boundary rule reads Nx's project graph and silently skips itself when
    // none is cached (a fresh clone): compute the graph first.
    await run('npx', ['nx', 'show', 'projects']);
    await check('lint (all projects, module boundaries)', 'npx', ['eslint', 'shared', 'migrations', 'templates', 'api', 'web', 'e2e', 'bench']);
  }
  if (want('typecheck')) {
    for (const p of ['shared', 'api', 'web', 'e2e']) await check(`typecheck ${p}`, 'npx', nx(`${p}:typecheck`));
  }
  if (want('unit')) {
    await jestSuite('unit-shared', 'shared/jest.config.cjs');
    await jestSuite('unit-api', 'api/jest.config.cjs');
  }
  let built = true;
  if (want('build') || want('e2e')) {
    built = await check('build api+web', 'npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'web', '--output-style=static']);
  }
  if (want('int') || want('e2e')) {
    db = await resolveDatabase();
    env.CDLP_TEST_ADMIN_URL = db.adminUrl;
  }
  if (want('int')) await jestSuite('int-api', 'api/jest.int.config.cjs');
  if (want('web')) await jestSuite('unit-web', 'web/jest.config.cjs');
  if (want('e2e')) {
    if (built) await jestSuite('e2e', 'e2e/jest.config.cjs');
    else {
      failed++;
      results.push({ name: 'e2e', ok: false, detail: 'not run: the build failed', ms: 0 });
    }
  }
} finally {
  if (db) await db.stop();
}

process.stdout.write('\n=== Summary ===\n');
for (const r of results) {
  process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(22)} ${r.detail}  (${(r.ms / 1000).toFixed(1)} s)\n`);
}
process.stdout.write(`Total time: ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
