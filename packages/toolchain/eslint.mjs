// Shared flat eslint config: type-aware, strict about promises and exhaustiveness, and about
// the package boundaries of docs/architecture.md (gateway, worker -> services -> packages).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const require = createRequire(import.meta.url);
const resolverMustAuthorize = require('./eslint-rules/resolver-must-authorize.cjs');
const noSessionState = require('./eslint-rules/no-session-state.cjs');
const tandemPlugin = { rules: { 'resolver-must-authorize': resolverMustAuthorize, 'no-session-state': noSessionState } };

function workspaceNames(group) {
  const dir = path.join(repoRoot, group);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((d) => path.join(dir, d, 'package.json'))
    .filter((f) => fs.existsSync(f))
    .map((f) => JSON.parse(fs.readFileSync(f, 'utf8')).name);
}

/** Imports a file in `kind` ('package' | 'service' | 'runner') may never make. */
function forbiddenImports(kind) {
  const deep = [
    { group: ['@tandem/*/src', '@tandem/*/src/*', '@tandem/*/dist', '@tandem/*/dist/*'], message: "Import another workspace package through its index ('@tandem/x'), never its files." },
    { group: ['../../*/src/*', '../../../packages/*', '../../../services/*'], message: 'Relative imports may not leave the package.' },
  ];
  const outward =
    kind === 'package'
      ? { group: [...workspaceNames('services'), ...workspaceNames('scripts')], message: 'packages/* never import services or scripts.' }
      : kind === 'service'
        ? { group: ['@tandem/gateway', '@tandem/worker', ...workspaceNames('scripts')], message: 'Domain services never import the gateway, the worker or scripts.' }
        : { group: [], message: '' };
  return outward.group.length > 0 ? [...deep, outward] : deep;
}

/**
 * @param {{ tsconfigRootDir: string, kind: 'package' | 'service' | 'runner', testsRunTheWorker?: boolean }} options
 * `testsRunTheWorker`: the gateway's end-to-end tests start a real worker beside it (its source
 * still may not import the worker).
 */
export function tandemEslint({ tsconfigRootDir, kind, testsRunTheWorker = false }) {
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
    ...tseslint.configs.recommendedTypeChecked,
    // Teaches import-x to parse .ts dependencies, without which no-cycle sees no cycles.
    importX.flatConfigs.typescript,
    {
      languageOptions: { parserOptions: { project: ['./tsconfig.json', './tsconfig.test.json'].filter((p) => fs.existsSync(path.join(tsconfigRootDir, p))), tsconfigRootDir } },
      settings: { 'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js'] })] },
      rules: {
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/no-misused-promises': 'error',
        '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
        '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        '@typescript-eslint/no-explicit-any': 'error',
        'import-x/no-cycle': ['error', { ignoreExternal: true }],
        'import-x/no-self-import': 'error',
        'no-restricted-imports': ['error', { patterns: forbiddenImports(kind) }],
        'no-console': kind === 'runner' ? 'off' : ['error', { allow: ['error'] }],
      },
    },
    {
      files: ['**/*.test.ts', 'test/**/*.ts'],
      rules: {
        '@typescript-eslint/no-unsafe-assignment': 'off',
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-call': 'off',
        '@typescript-eslint/no-unsafe-argument': 'off',
        '@typescript-eslint/no-unsafe-return': 'off',
        // GraphQL response data in tests is untyped JSON.
        '@typescript-eslint/no-explicit-any': 'off',
        '@typescript-eslint/unbound-method': 'off',
        'no-console': 'off',
      },
    },
    ...(testsRunTheWorker
      ? [{ files: ['test/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: forbiddenImports('service').map((p) => ({ ...p, group: p.group.filter((g) => g !== '@tandem/worker') })) }] } }]
      : []),
    {
      // Deny by default: every type-graphql resolver method declares @Authorize(...) or @Public('why').
      files: ['**/*.resolver.ts'],
      plugins: { tandem: tandemPlugin },
      rules: { 'tandem/resolver-must-authorize': 'error' },
    },
    {
      // Runtime code runs behind PgBouncer in transaction mode: no state may outlive a transaction.
      // Admin paths that connect directly turn it off by name (packages/db/eslint.config.mjs).
      files: ['src/**/*.ts'],
      ignores: ['**/*.test.ts'],
      plugins: { tandem: tandemPlugin },
      rules: { 'tandem/no-session-state': 'error' },
    },
  );
}
