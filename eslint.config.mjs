// Flat ESLint config for every project: type-aware rules as errors on TypeScript, the
// recommended rules on plain JavaScript (configs, scripts, bench preloads), and the module
// boundaries of docs/contract.md §2 (apps import only @ioc/shared; shared imports nothing
// app-specific). The boundaries are import rules, not Nx tags: no @nx/eslint-plugin release
// matches Nx 24 yet (the latest, 23.x, pins @nx/devkit and @nx/js 23).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const appImports = ['@ioc/server', '@ioc/client', '@ioc/simulators'];
const boundary = (forbidden) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: appImports
        .filter((p) => forbidden.includes(p))
        .map((name) => ({ name, message: 'apps import only @ioc/shared' })),
      patterns: forbidden
        .filter((p) => !p.startsWith('@'))
        .map((group) => ({
          group: [group],
          message: 'apps import only @ioc/shared; shared imports no app',
        })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', 'data/**', '.nx/**'],
  },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.nodeBuiltin } },
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: boundary([...appImports, '**/server/**', '**/client/**', '**/simulators/**']),
  },
  {
    files: ['server/**/*.ts'],
    rules: boundary([
      '@ioc/client',
      '@ioc/simulators',
      '**/client/**',
      '**/simulators/**',
      '**/shared/src/**',
    ]),
  },
  {
    files: ['client/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: boundary([
      '@ioc/server',
      '@ioc/simulators',
      '**/server/**',
      '**/simulators/**',
      '**/shared/src/**',
    ]),
  },
  {
    files: ['simulators/**/*.ts'],
    rules: boundary([
      '@ioc/server',
      '@ioc/client',
      '**/server/**',
      '**/client/**',
      '**/shared/src/**',
    ]),
  },
  {
    // NestJS decorators need the runtime class of injected types, so type-only imports
    // would break dependency injection.
    files: ['server/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'server/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // ---- Server internal boundaries (owned by the server; docs/architecture.md) ----
  // Its own rule name (the typescript-eslint twin of no-restricted-imports), so it adds to
  // the app boundaries above instead of replacing them.
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/database/**', 'server/src/**/*.repository.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['typeorm', 'typeorm/*'],
              message: 'TypeORM only in server/src/database/ and *.repository.ts',
            },
          ],
        },
      ],
    },
  },
  {
    // Correlation is domain code with no I/O: tested in virtual time, reused by the bench.
    files: ['server/src/correlation/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'typeorm',
                'typeorm/*',
                '@nestjs/*',
                'mqtt',
                'mqtt/*',
                'socket.io',
                'socket.io/*',
              ],
              message: 'correlation/ is pure: no database, framework, broker or socket',
            },
          ],
        },
      ],
    },
  },
  // ---- end of the server's internal boundaries ----
  prettier,
);
