import { spawnSync } from 'node:child_process';
import path from 'node:path';

const probe = path.join(__dirname, 'fixtures', 'probe');
const eslintBin = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');

// ESLint loads flat configs with import(), which jest's sandbox cannot do: run the real CLI.
function findings(file: string): Promise<{ rule: string | null; message: string }[]> {
  const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', path.join('src', file)], { cwd: probe, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return Promise.resolve((result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message })));
}

describe('the shared eslint config', () => {
  it('refuses imports from packages/* into services and deep imports into another package', async () => {
    const found = await findings('reaches-out.ts');
    expect(found).toEqual(
      expect.arrayContaining([
        { rule: 'no-restricted-imports', message: expect.stringContaining('packages/* never import services') },
        { rule: 'no-restricted-imports', message: expect.stringContaining('through its index') },
      ]),
    );
  });

  it('refuses import cycles', async () => {
    const found = await findings('cycle-a.ts');
    expect(found).toEqual(expect.arrayContaining([{ rule: 'import-x/no-cycle', message: expect.stringContaining('cycle') }]));
  });

  it('catches floating promises, non-exhaustive switches and value imports of types', async () => {
    const rules = (await findings('promises.ts')).map((f) => f.rule);
    expect(rules).toEqual(
      expect.arrayContaining(['@typescript-eslint/no-floating-promises', '@typescript-eslint/switch-exhaustiveness-check', '@typescript-eslint/consistent-type-imports']),
    );
  });
});
