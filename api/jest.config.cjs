const base = require('../jest.swc.cjs');
module.exports = {
  ...base, displayName: 'api-unit', roots: ['<rootDir>/api/src', '<rootDir>/templates'], testMatch: ['**/*.spec.ts'],
  // As in main.ts and cli.ts: decorators of the shared DTOs need the Reflect metadata API.
  setupFiles: ['reflect-metadata'],
};
