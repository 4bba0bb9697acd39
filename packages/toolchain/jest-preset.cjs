// Shared jest preset. Test files are named *.test.ts (pure, no I/O) and *.int.test.ts
// (real PostgreSQL and Redis, started once per jest run by @tandem/testing's global setup).
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '../..');

// Map every workspace package to its TypeScript source so tests never run against a stale build.
function workspaceSourceMap() {
  const map = {};
  for (const group of ['packages', 'services', 'scripts']) {
    const groupDir = path.join(repoRoot, group);
    if (!fs.existsSync(groupDir)) continue;
    for (const dir of fs.readdirSync(groupDir)) {
      const manifest = path.join(groupDir, dir, 'package.json');
      const entry = path.join(groupDir, dir, 'src', 'index.ts');
      if (!fs.existsSync(manifest) || !fs.existsSync(entry)) continue;
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      map[`^${name.replace('/', '\\/')}$`] = entry;
    }
  }
  return map;
}

const swc = [
  require.resolve('@swc/jest'),
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: workspaceSourceMap(),
  setupFiles: [require.resolve('reflect-metadata')],
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 30_000,
  maxWorkers: 2,
};
