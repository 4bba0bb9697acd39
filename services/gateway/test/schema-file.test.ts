import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printSchemaFile } from '../src';

describe('the committed schema.graphql', () => {
  it('matches the schema the code builds (run `pnpm schema:write` after an API change)', async () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', '..', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printSchemaFile());
  });
});
