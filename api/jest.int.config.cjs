const base = require('../jest.swc.cjs');
// Integration suites run against real PostgreSQL; each suite creates and drops its own database.
module.exports = {
  ...base,
  displayName: 'api-int',
  roots: ['<rootDir>/api/src', '<rootDir>/api/test'],
  testMatch: ['**/*.int-spec.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
  // As in main.ts and cli.ts: decorators of the shared DTOs need the Reflect metadata API.
  setupFiles: ['reflect-metadata'],
  // One migrated database per run, copied by each suite (api/test/int-global-setup.ts).
  globalSetup: '<rootDir>/api/test/int-global-setup.ts',
  globalTeardown: '<rootDir>/api/test/int-global-teardown.ts',
};
