// Shared @swc/jest transform for the Node projects (shared, api, templates, migrations, e2e).
// Decorator metadata is needed by NestJS dependency injection and class-validator.
const path = require('node:path');

module.exports = {
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    '^@cdlp/shared$': path.join(__dirname, 'shared/src/index.ts'),
    '^@cdlp/templates$': path.join(__dirname, 'templates/index.ts'),
    '^@cdlp/migrations$': path.join(__dirname, 'migrations/index.ts'),
  },
  testEnvironment: 'node',
  rootDir: __dirname,
};
