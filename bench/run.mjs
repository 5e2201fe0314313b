// Runs the benchmark suites of bench/ with the repository's swc setup (the transform and
// path aliases of jest.swc.cjs), without jest: a benchmark prints figures, it is not a test.
//   npm run bench                          every suite, in the order below
//   npm run bench -- convocations minutes  the named suites only
//   npm run bench -- --list                the suites and what they measure
// A suite is bench/<name>.bench.ts exporting `about` (one line) and `run()`; run() may return
// { ratios } (bench/report.ts) for the summary printed at the end. A suite file that is not in
// SUITES still runs, after them, under its file name.
// PostgreSQL: CDLP_TEST_ADMIN_URL or DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres
// (each suite creates and drops a fresh database, as the integration tests do).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

/** The suites in the order `npm run bench` runs them (national-statistics runs after them, by its file name). */
const SUITES = ['convocations', 'minutes', 'read-path', 'tenants', 'web'];

const Module = require('node:module');
const swc = require('@swc/core');
const jestSwc = require(join(root, 'jest.swc.cjs'));
const [, swcOptions] = jestSwc.transform['^.+\\.(t|j)s$'];
const aliases = Object.entries(jestSwc.moduleNameMapper).map(([pattern, target]) => [
  new RegExp(pattern),
  target,
]);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [pattern, target] of aliases)
    if (pattern.test(request)) return resolveFilename.call(this, target, ...rest);
  return resolveFilename.call(this, request, ...rest);
};
Module._extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    ...swcOptions,
    filename,
    swcrc: false,
    configFile: false,
  });
  module._compile(code, filename);
};
// As in main.ts and cli.ts: decorators of the shared DTOs need the Reflect metadata API.
require('reflect-metadata');

const fileOf = (name) => join(here, `${name}.bench.ts`);
const present = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const known = [...SUITES, ...present.filter((n) => !SUITES.includes(n)).sort()];

const args = process.argv.slice(2);
if (args.includes('--list')) {
  for (const name of known) {
    const about = existsSync(fileOf(name)) ? require(fileOf(name)).about : '(not on this branch yet)';
    process.stdout.write(`${name.padEnd(14)}${about ?? ''}\n`);
  }
  process.exit(0);
}
const unknown = args.filter((a) => !known.includes(a));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark suite: ${unknown.join(', ')}. Suites: ${known.join(', ')}.\n`);
  process.exit(2);
}
const wanted = args.length > 0 ? known.filter((n) => args.includes(n)) : known;

let code = 0;
const summary = [];
for (const name of wanted) {
  if (!existsSync(fileOf(name))) {
    process.stdout.write(`\n== ${name}: no bench/${name}.bench.ts on this branch, skipped\n`);
    continue;
  }
  const suite = require(fileOf(name));
  process.stdout.write(`\n== ${name}${suite.about ? ` — ${suite.about}` : ''}\n`);
  const t0 = performance.now();
  try {
    const result = await suite.run();
    for (const r of result?.ratios ?? []) summary.push({ suite: name, ...r });
    process.stdout.write(`  (${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s in all)\n`);
  } catch (err) {
    process.stderr.write(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    code = 1;
  }
}
if (summary.length > 0) {
  process.stdout.write('\n== ratios (under 1: within target, or first figure smaller)\n');
  for (const r of summary)
    process.stdout.write(`  ${`${r.suite}: ${r.label}`.padEnd(60)}${r.value.toFixed(2).padStart(8)}   ${r.detail}\n`);
}
process.exit(code);
