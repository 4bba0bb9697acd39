import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_ROOT = path.resolve(__dirname, '..');

describe('the committed generated client', () => {
  // A child process on the built CLI: codegen's plugins require ESM-only packages jest on Node 20 cannot load.
  it('is what codegen makes from schema.graphql and operations.graphql today (else: pnpm --filter @tandem/partner-example codegen)', () => {
    const fresh = execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'dist/cli/codegen.js'), '--stdout'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(readFileSync(path.join(PACKAGE_ROOT, 'src/generated/graphql.ts'), 'utf8')).toBe(fresh);
  });
});
