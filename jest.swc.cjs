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
    '^@cdlp/shared/dto$': path.join(__dirname, 'shared/src/dto/index.ts'),
    '^@cdlp/templates$': path.join(__dirname, 'templates/index.ts'),
    '^@cdlp/migrations$': path.join(__dirname, 'migrations/index.ts'),
  },
  // openid-client 6 and its dependencies are ESM-only. Node 20.19+ loads them from the compiled
  // CommonJS api (require of ES modules), but Jest's own module loader cannot: SWC turns them into
  // CommonJS for the tests.
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  testEnvironment: 'node',
  rootDir: __dirname,
};
