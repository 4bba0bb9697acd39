/**
 * Built-in functions whose operators Tandem's GIN indexes serve under row-level security, which
 * PostgreSQL allows only for LEAKPROOF functions; none of them is marked so by default, and only a
 * superuser may mark one, so provisioning does (provision.ts says why each is safe to mark).
 *
 * - Full-text match (`tsvector @@ tsquery`): note search, `case_note_search`.
 * - Array containment (`anyarray @> anyarray`): the audit review's patient filter,
 *   `audit_event_grouped_patients` (migration 1767100000000).
 */
export const LEAKPROOF_FUNCTIONS = ['pg_catalog.ts_match_vq(tsvector, tsquery)', 'pg_catalog.arraycontains(anyarray, anyarray)'] as const;

/** The query listing which of LEAKPROOF_FUNCTIONS the connected database has not marked. */
export const UNMARKED_LEAKPROOF_SQL = `
  SELECT f.name FROM unnest($1::text[]) AS f (name)
  JOIN pg_proc p ON p.oid = f.name::regprocedure WHERE NOT p.proleakproof ORDER BY f.name`;
