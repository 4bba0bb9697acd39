import { tandemEslint } from '@tandem/toolchain/eslint';

export default [
  ...tandemEslint({ tsconfigRootDir: import.meta.dirname, kind: 'package' }),
  {
    // Admin paths: they connect directly to PostgreSQL, never through PgBouncer (provisioning
    // takes a session advisory lock; migrations run DDL as the owner). docs/operations.md.
    files: ['src/provision.ts', 'src/migrate.ts', 'src/migrations/**/*.ts'],
    rules: { 'tandem/no-session-state': 'off' },
  },
];
