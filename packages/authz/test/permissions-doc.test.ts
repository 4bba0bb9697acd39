import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderPermissionsDoc } from '../src';

describe('docs/permissions.md', () => {
  it('is what the policy generates (run `pnpm permissions:write` after changing the policy)', () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'permissions.md'), 'utf8');
    expect(committed).toBe(renderPermissionsDoc());
  });
});
