import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildGatewaySchema } from './schema';

export const SCHEMA_FILE_HEADER = '# Generated from the code by `pnpm schema:write`. Do not edit; CI fails when it is stale.\n\n';

/** The schema as committed: sorted, so that the diff of a change shows only the change. */
export async function printSchemaFile(): Promise<string> {
  return SCHEMA_FILE_HEADER + printSchema(lexicographicSortSchema(await buildGatewaySchema())) + '\n';
}
