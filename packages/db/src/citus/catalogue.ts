import type { RunQuery } from '../schema-check';

/**
 * What the Citus rules need to know about the schema, read from PostgreSQL's catalogue as
 * plain rows, so that the rules (rules.ts) and the plan (plan.ts) are pure functions.
 */
export interface CatalogueTable {
  readonly table: string;
  /** format_type of the tenant_id column; null when the table has none (a global catalogue). */
  readonly tenant_id_type: string | null;
}

export type UniqueKeyKind = 'primary key' | 'unique constraint' | 'unique index' | 'exclusion constraint';

export interface CatalogueUniqueKey {
  readonly table: string;
  readonly name: string;
  readonly kind: UniqueKeyKind;
  /** Key columns in order; an expression appears as null. INCLUDE columns are not key columns. */
  readonly columns: readonly (string | null)[];
}

/** pg_constraint's action codes: a no action, r restrict, c cascade, n set null, d set default. */
export type ForeignKeyAction = 'a' | 'r' | 'c' | 'n' | 'd';

export interface CatalogueForeignKey {
  readonly name: string;
  readonly table: string;
  readonly referenced: string;
  readonly columns: readonly string[];
  readonly referenced_columns: readonly string[];
  readonly on_delete: ForeignKeyAction;
  readonly on_update: ForeignKeyAction;
}

export interface CatalogueTrigger {
  readonly table: string;
  readonly name: string;
}

export interface CataloguePolicy {
  readonly table: string;
  readonly name: string;
  /** Whether its USING or WITH CHECK expression contains a subquery (a SubLink node). */
  readonly has_subquery: boolean;
}

export interface Catalogue {
  readonly tables: readonly CatalogueTable[];
  readonly uniqueKeys: readonly CatalogueUniqueKey[];
  readonly foreignKeys: readonly CatalogueForeignKey[];
  readonly triggers: readonly CatalogueTrigger[];
  readonly policies: readonly CataloguePolicy[];
}

const TABLES = `
  SELECT c.relname AS table,
    (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
      WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS tenant_id_type
  FROM pg_class c
  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  ORDER BY c.relname`;

// Every index that enforces uniqueness (primary keys, unique constraints, unique indexes) or
// exclusion; each is named after its constraint when it backs one.
const UNIQUE_KEYS = `
  SELECT t.relname AS table, COALESCE(con.conname, i.relname) AS name,
    CASE WHEN x.indisprimary THEN 'primary key' WHEN x.indisexclusion THEN 'exclusion constraint'
         WHEN con.oid IS NOT NULL THEN 'unique constraint' ELSE 'unique index' END AS kind,
    ARRAY(SELECT a.attname FROM generate_subscripts(x.indkey, 1) AS k(pos)
          LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k.pos]
          WHERE k.pos < x.indnkeyatts ORDER BY k.pos)::text[] AS columns
  FROM pg_index x
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_class i ON i.oid = x.indexrelid
  LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')
  WHERE t.relnamespace = 'public'::regnamespace AND (x.indisunique OR x.indisexclusion)
  ORDER BY t.relname, name`;

const FOREIGN_KEYS = `
  SELECT con.conname AS name, src.relname AS table, dst.relname AS referenced,
    ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS columns,
    ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS referenced_columns,
    con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
  FROM pg_constraint con
  JOIN pg_class src ON src.oid = con.conrelid
  JOIN pg_class dst ON dst.oid = con.confrelid
  WHERE con.contype = 'f' AND src.relnamespace = 'public'::regnamespace
  ORDER BY src.relname, con.conname`;

const TRIGGERS = `
  SELECT c.relname AS table, tg.tgname AS name
  FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
  WHERE c.relnamespace = 'public'::regnamespace AND NOT tg.tgisinternal
  ORDER BY c.relname, tg.tgname`;

// The stored expression trees name a subquery SUBLINK, which is what Citus looks for.
const POLICIES = `
  SELECT c.relname AS table, p.polname AS name,
    (COALESCE(p.polqual::text, '') || COALESCE(p.polwithcheck::text, '')) LIKE '%{SUBLINK %' AS has_subquery
  FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
  WHERE c.relnamespace = 'public'::regnamespace
  ORDER BY c.relname, p.polname`;

export async function readCatalogue(run: RunQuery): Promise<Catalogue> {
  return {
    tables: await run<CatalogueTable>(TABLES),
    uniqueKeys: await run<CatalogueUniqueKey>(UNIQUE_KEYS),
    foreignKeys: await run<CatalogueForeignKey>(FOREIGN_KEYS),
    triggers: await run<CatalogueTrigger>(TRIGGERS),
    policies: await run<CataloguePolicy>(POLICIES),
  };
}
