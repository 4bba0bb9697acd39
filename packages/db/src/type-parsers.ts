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

/** PostgreSQL's type oid of timestamptz. */
export const TIMESTAMPTZ_OID = 1184;

/**
 * Reads a timestamptz in PostgreSQL's ISO output ("2026-12-02 03:13:57.135+00", the fraction
 * and the zone's minutes and seconds optional) from its digits, as pg's parser (postgres-date)
 * would, with its milliseconds truncated. Nearly every row carries one or more, and
 * postgres-date's three regular expressions were 2 % of the gateway's CPU on the partner sync.
 * Anything else (years before 1000 or after 9999, BC, infinity, other date styles) goes to
 * postgres-date.
 */
export function parseTimestamptz(text: string): unknown {
  const n = text.length;
  if (n < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
    return generalTimestamptzParser()(text);
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46 /* . */) {
    // Milliseconds from the first three digits; further ones are truncated away, as postgres-date does.
    for (let scale = 100, code = text.charCodeAt(++at); isDigit(code); code = text.charCodeAt(++at), scale /= 10) {
      if (scale >= 1) ms += (code - 48) * scale;
    }
  }
  const offset = zoneOffsetMs(text, at);
  if (year < 1000 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || offset === null) return generalTimestamptzParser()(text);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset);
}

const ZONE_UNITS = [3600, 60, 1];

/** "+HH" or "-HH", then ":MM" and ":SS" if given, ending the text; null for anything else. */
function zoneOffsetMs(text: string, at: number): number | null {
  const sign = text.charCodeAt(at);
  if (sign !== 43 /* + */ && sign !== 45 /* - */) return null;
  let seconds = 0;
  let next = at + 1;
  for (let i = 0; i < ZONE_UNITS.length; i += 1) {
    const unit = ZONE_UNITS[i];
    if (next === text.length) break;
    if (i > 0 && text.charCodeAt(next++) !== 58 /* : */) return null;
    const value = digits(text, next, 2);
    if (value < 0) return null;
    seconds += value * unit;
    next += 2;
  }
  if (next !== text.length || next === at + 1) return null;
  return (sign === 45 ? -1 : 1) * seconds * 1000;
}

/** The decimal value of `length` digits at `at`, or -1 if any is not a digit. */
function digits(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i += 1) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

const generalTimestamptzParser = () => pgParser(TIMESTAMPTZ_OID, 'text');

/** Tandem's faster parsers, by type oid (text format only). */
const FASTER: ReadonlyMap<number, (text: string) => unknown> = new Map<number, (text: string) => unknown>([
  [UUID_ARRAY_OID, parseUuidArray],
  [TIMESTAMPTZ_OID, parseTimestamptz],
]);

/** pg's type parsers with Tandem's faster ones, for a pool's clients (nothing global changes). */
export const tandemTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (format !== 'binary' && FASTER.get(oid)) || pgParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};
