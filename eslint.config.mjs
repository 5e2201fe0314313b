// One flat config for the whole workspace. Module boundaries are enforced with
// Nx tags: web and api may depend on shared (and api on templates and migrations),
// never on each other; migrations depend on nothing.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.angular', '**/.nx', '.data/**', 'coverage/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:migrations', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:templates', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:templates', 'scope:migrations'],
            },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // shared/ is the contract between api and web: no framework, no ORM, no I/O.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'pg', '@angular/*', 'node:*', 'fs', 'path'], message: 'shared/ must stay framework-free and pure.' },
          ],
        },
      ],
    },
  },
  {
    // The pure entry of shared (everything but shared/src/dto) holds types, enums, state machines
    // and rules: no decorator library, so that the web bundles it as is.
    files: ['shared/**/*.ts'],
    ignores: ['shared/src/dto/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'pg', '@angular/*', 'node:*', 'fs', 'path'], message: 'shared/ must stay framework-free and pure.' },
            {
              group: ['class-validator', 'class-transformer', '@nestjs/swagger', '**/dto', '**/dto/*', '@cdlp/shared/dto'],
              message: 'The pure entry @cdlp/shared holds no decorator: DTO classes live in shared/src/dto (@cdlp/shared/dto).',
            },
          ],
        },
      ],
    },
  },
  {
    // The web imports the pure entry only: the DTO classes and their decorator libraries are the API's.
    files: ['web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@cdlp/shared/*', 'class-validator', 'class-validator/*', 'class-transformer', 'class-transformer/*', '**/shared/src/**'],
              message: 'The web imports @cdlp/shared only (types, enums and rules); the DTO classes of @cdlp/shared/dto are the API\'s.',
            },
          ],
        },
      ],
    },
  },
  {
    // Migrations are hand-reviewed SQL and never import application code.
    files: ['migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../api/*', '../shared/*', '@cdlp/*'], message: 'Migrations never import application code.' }] }],
    },
  },
  prettier,
];
