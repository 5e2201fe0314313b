const base = require('../jest.swc.cjs');
module.exports = { ...base, displayName: 'api-unit', roots: ['<rootDir>/api/src', '<rootDir>/templates'], testMatch: ['**/*.spec.ts'] };
