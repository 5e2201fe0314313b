// Runs the TypeScript benchmarks of bench/ with the repository's swc setup (the transform
// and path aliases of jest.swc.cjs), without jest: a benchmark prints figures, it is not a test.
//   node bench/run.mjs            every bench/*.bench.ts
//   node bench/run.mjs minutes    bench/minutes.bench.ts
// PostgreSQL: CDLP_TEST_ADMIN_URL or DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres
// (a fresh database is created and dropped, as for the integration tests).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

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

const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();
if (files.length === 0) {
  process.stderr.write(`No benchmark matches ${wanted.join(', ')} in bench/.\n`);
  process.exit(2);
}
let code = 0;
for (const file of files) {
  const { run } = require(join(here, file));
  try {
    await run();
  } catch (err) {
    process.stderr.write(`${file}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    code = 1;
  }
}
process.exit(code);
