// After tsc has compiled api/ (with shared/, templates/ and migrations/ beside it) into
// dist/api, make the @cdlp/* path aliases resolvable at run time with tiny packages,
// and add dist/api/main.js as the one entry point.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = 'dist/api';
// '@cdlp/shared/dto' (the DTO classes) is a folder of the @cdlp/shared package.
const aliases = {
  shared: 'shared/src/index.js',
  'shared/dto': 'shared/src/dto/index.js',
  templates: 'templates/index.js',
  migrations: 'migrations/index.js',
};
for (const [name, target] of Object.entries(aliases)) {
  const dir = join(dist, 'node_modules', '@cdlp', name);
  mkdirSync(dir, { recursive: true });
  const up = '../'.repeat(name.split('/').length + 2);
  writeFileSync(join(dir, 'index.js'), `module.exports = require('${up}${target}');\n`);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@cdlp/${name}`, main: 'index.js' }) + '\n');
}
writeFileSync(join(dist, 'main.js'), "require('./api/src/main.js');\n");
writeFileSync(join(dist, 'cli.js'), "require('./api/src/cli/cli.js').cliMain();\n");
