import { types } from 'pg';
import type { CustomTypesConfig } from 'pg';

/** PostgreSQL's type oid of uuid[] (pg_type.typarray of uuid). */
export const UUID_ARRAY_OID = 2951;

const pgParser = types.getTypeParser as (oid: number, format?: 'text' | 'binary') => (value: string) => unknown;

/**
 * Reads a one-dimensional uuid[] in PostgreSQL's text form ("{a,b}", NULL elements unquoted)
 * by splitting it: a uuid's text has no comma, quote, brace or backslash, so nothing needs the
 * general array parser's unquoting. Care-team membership ids travel as uuid[] on nearly every
 * row a request reads (they decide who may see it), and the general parser was 6 % of the
 * gateway's CPU on the partner sync (docs/performance.md). A multi-dimensional one (same type
 * oid; Tandem stores none) goes to pg's general parser.
 */
export function parseUuidArray(text: string): unknown[] {
  if (text === '{}') return [];
  if (text.charCodeAt(1) === 123 /* { */) return generalUuidArrayParser()(text) as unknown[];
  if (text.charCodeAt(0) !== 123 /* { */ || text.charCodeAt(text.length - 1) !== 125 /* } */) throw new Error('parseUuidArray: not an array');
  return text
    .slice(1, -1)
    .split(',')
    .map((element) => (element === 'NULL' ? null : element));
}

const generalUuidArrayParser = () => pgParser(UUID_ARRAY_OID, 'text');

/** pg's type parsers with Tandem's faster ones, for a pool's clients (nothing global changes). */
export const tandemTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === UUID_ARRAY_OID && format !== 'binary' ? parseUuidArray : pgParser(oid, format))) as CustomTypesConfig['getTypeParser'],
};
