// Unit tests of the Angular app: jest-preset-angular (CommonJS preset), zoneless, jsdom.
const path = require('node:path');
const { createCjsPreset } = require('jest-preset-angular/presets');

const root = path.join(__dirname, '..');

module.exports = {
  ...createCjsPreset({ tsconfig: path.join(__dirname, 'tsconfig.spec.json') }),
  displayName: 'web',
  rootDir: root,
  roots: ['<rootDir>/web/src'],
  testMatch: ['**/*.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/web/src/test-setup.ts'],
  moduleNameMapper: {
    // The pure entry only: @cdlp/shared/dto (the API's validation classes) is not mapped for the web.
    '^@cdlp/shared$': '<rootDir>/shared/src/index.ts',
  },
  // The bundle-only DSFR loader is not part of the unit-tested code.
  coveragePathIgnorePatterns: ['/node_modules/', 'web/src/dsfr-loader.ts', 'web/src/main.ts'],
};
