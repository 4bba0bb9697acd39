import { copyRows } from '@tandem/db';
import type { TestGateway } from './test-gateway';

/**
 * Copies one row `times` times in one statement, as the test fixture (RLS bypassed): each copy
 * gets a new id, and `overrides` maps a column to an SQL expression over the source row `src`
 * and the copy number `g` (for unique columns and re-parenting). Made through the API once, a
 * row copied this way is as real as the API makes it, at the cost of one statement.
 */
export async function copyRow(app: TestGateway, table: string, id: string, times: number, overrides: Record<string, string> = {}): Promise<void> {
  await app.db.asSystem('test-fixture', (m) => copyRows(m, table, 'src.id = $1', [id], times, overrides));
}

/** The id of one row of `table` matching `where` (as the test fixture). */
export async function oneId(app: TestGateway, table: string, where: string, params: unknown[]): Promise<string> {
  const rows = await app.db.asSystem('test-fixture', (m) => m.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE ${where} LIMIT 1`, params));
  if (!rows[0]) throw new Error(`no ${table} row where ${where}`);
  return rows[0].id;
}
