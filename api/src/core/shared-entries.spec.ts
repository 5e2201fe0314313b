import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Lints `code` as if it were the file `filePath` and returns the no-restricted-imports messages by line. */
function restrictedImports(files: Record<string, string>): Record<string, number[]> {
  // ESLint's flat config is ES modules, which Jest's CommonJS runtime cannot load: a child Node
  // runs it. Only no-restricted-imports is run, without type information (fast, and the
  // fixture files need not exist).
  const script = `
    import { ESLint } from 'eslint';
    const files = JSON.parse(process.argv[1]);
    const eslint = new ESLint({
      overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
      ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
    });
    const out = {};
    for (const [filePath, code] of Object.entries(files)) {
      const [result] = await eslint.lintText(code, { filePath });
      out[filePath] = result.messages.map((m) => (m.ruleId === 'no-restricted-imports' ? m.line : -1));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const stdout = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(files)],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120000,
    },
  );
  return JSON.parse(stdout) as Record<string, number[]>;
}

const FIXTURE = [
  "import type { CreateMemberDto } from '@cdlp/shared/dto';",
  "import { IsString } from 'class-validator';",
  "import { Type } from 'class-transformer';",
  "import type { MemberDto } from '@cdlp/shared';",
  'export type X = CreateMemberDto | MemberDto;',
  'export const y = [IsString, Type];',
  '',
].join('\n');

describe('the two entries of shared (lint)', () => {
  it('the web and the pure entry of shared may not import @cdlp/shared/dto, class-validator or class-transformer; the api and shared/src/dto may', () => {
    const lines = restrictedImports({
      'web/src/app/members/fixture.ts': FIXTURE,
      'shared/src/rules/fixture.ts': FIXTURE,
      'shared/src/dto/fixture.ts': FIXTURE.replace("'@cdlp/shared/dto'", "'./registry.dto'"),
      'api/src/registry/fixture.ts': FIXTURE,
    });
    expect(lines).toEqual({
      'web/src/app/members/fixture.ts': [1, 2, 3],
      'shared/src/rules/fixture.ts': [1, 2, 3],
      'shared/src/dto/fixture.ts': [],
      'api/src/registry/fixture.ts': [],
    });
  }, 120000);
});
