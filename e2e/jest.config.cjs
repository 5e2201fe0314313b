// Browser tests: the built app (dist/api + dist/web) against a fresh PostgreSQL database,
// driven by the Debian Chromium through playwright-core. See e2e/support/.
const base = require('../jest.swc.cjs');

module.exports = {
  ...base,
  displayName: 'e2e',
  roots: ['<rootDir>/e2e'],
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  globalSetup: '<rootDir>/e2e/support/global-setup.ts',
  globalTeardown: '<rootDir>/e2e/support/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};
