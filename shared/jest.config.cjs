const base = require('../jest.swc.cjs');
module.exports = { ...base, displayName: 'shared', roots: ['<rootDir>/shared/src'], testMatch: ['**/*.spec.ts'] };
