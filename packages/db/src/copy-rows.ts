import type { EntityManager } from 'typeorm';

/**
 * Copies the rows of `table` matching `where` (over the source row `src`) `times` times in one
 * statement, for test fixtures and benchmark datasets: rows made once through the API, multiplied
 * cheaply. Each copy gets a new id unless `overrides` says otherwise; `overrides` maps a column to
 * an SQL expression over `src` and the copy number `g` (for unique columns and re-parenting).
 */
export async function copyRows(m: EntityManager, table: string, where: string, params: unknown[], times: number, overrides: Readonly<Record<string, string>> = {}): Promise<void> {
  if (times <= 0) return;
  const columns = (
    await m.query<{ name: string }[]>(
      `SELECT column_name AS name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' AND is_identity = 'NO' ORDER BY ordinal_position`,
      [table],
    )
  ).map((column) => column.name);
  const values = columns.map((column) => overrides[column] ?? (column === 'id' ? 'gen_random_uuid()' : `src.${column}`));
  await m.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${table} src, generate_series(1, ${times}) g WHERE ${where}`, params);
}
