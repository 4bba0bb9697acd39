/**
 * The tenancy rules of docs/architecture.md, checked against the live catalogue. A table is
 * tenant-owned unless it is listed here as global, with the reason it may be.
 */
export const GLOBAL_TABLES: Readonly<Record<string, string>> = {
  migrations: 'TypeORM migration ledger; the runtime role has no privilege on it',
  tenant: 'the tenant catalogue itself; RLS admits only the current tenant row',
  app_user: 'one login across clinics; RLS admits the current user and the members of the current tenant',
  mfa_recovery_code: "a user's own MFA recovery codes; RLS admits only the current user's",
};

export type RunQuery = <Row>(sql: string) => Promise<Row[]>;

interface TableFacts {
  table: string;
  rls: boolean;
  forced: boolean;
  has_tenant: boolean;
  first_pk_column: string | null;
  policies: number;
}

interface ForeignKeyFacts {
  name: string;
  table: string;
  referenced: string;
  columns: string[];
  referenced_columns: string[];
}

interface IndexFacts {
  table: string;
  index: string;
  first_column: string | null;
}

const TABLES = `
  SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
    EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS has_tenant,
    (SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
      WHERE i.indrelid = c.oid AND i.indisprimary) AS first_pk_column,
    (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
  FROM pg_class c
  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
  ORDER BY c.relname`;

const FOREIGN_KEYS = `
  SELECT con.conname AS name, src.relname AS table, dst.relname AS referenced,
    ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS columns,
    ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS referenced_columns
  FROM pg_constraint con
  JOIN pg_class src ON src.oid = con.conrelid
  JOIN pg_class dst ON dst.oid = con.confrelid
  WHERE con.contype = 'f' AND src.relnamespace = 'public'::regnamespace
  ORDER BY con.conname`;

const INDEXES = `
  SELECT t.relname AS table, i.relname AS index, a.attname AS first_column
  FROM pg_index x
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_class i ON i.oid = x.indexrelid
  LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
  WHERE t.relnamespace = 'public'::regnamespace
  ORDER BY i.relname`;

/** Every breach of the tenancy rules, as sentences; an empty list means the schema is sound. */
export async function findTenancyViolations(run: RunQuery): Promise<string[]> {
  const tables = await run<TableFacts>(TABLES);
  const tenantOwned = new Set(tables.filter((t) => !(t.table in GLOBAL_TABLES)).map((t) => t.table));
  return [
    ...tables.flatMap(tableViolations),
    ...(await run<ForeignKeyFacts>(FOREIGN_KEYS)).flatMap((fk) => foreignKeyViolations(fk, tenantOwned)),
    ...(await run<IndexFacts>(INDEXES)).flatMap((ix) => indexViolations(ix, tenantOwned)),
  ];
}

function tableViolations(t: TableFacts): string[] {
  const problems: string[] = [];
  if (t.table === 'migrations') return problems;
  if (!t.rls || !t.forced) problems.push(`${t.table}: row-level security must be ENABLEd and FORCEd`);
  if (t.policies === 0) problems.push(`${t.table}: has no RLS policy, so the runtime role sees no rows or every row`);
  if (t.table in GLOBAL_TABLES) return problems;
  if (!t.has_tenant) problems.push(`${t.table}: tenant-owned table lacks a tenant_id column`);
  if (t.first_pk_column !== 'tenant_id') problems.push(`${t.table}: primary key must start with tenant_id (starts with ${t.first_pk_column ?? 'nothing'})`);
  return problems;
}

function foreignKeyViolations(fk: ForeignKeyFacts, tenantOwned: ReadonlySet<string>): string[] {
  if (!tenantOwned.has(fk.referenced)) return [];
  const position = fk.columns.indexOf('tenant_id');
  if (position >= 0 && fk.referenced_columns[position] === 'tenant_id') return [];
  return [`${fk.table}: foreign key ${fk.name} to tenant table ${fk.referenced} must include tenant_id (has ${fk.columns.join(', ')})`];
}

function indexViolations(ix: IndexFacts, tenantOwned: ReadonlySet<string>): string[] {
  if (!tenantOwned.has(ix.table) || ix.first_column === 'tenant_id') return [];
  return [`${ix.table}: index ${ix.index} must lead with tenant_id (leads with ${ix.first_column ?? 'an expression'})`];
}
