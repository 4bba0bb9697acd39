import { binaryUuidArray, uuidArrayPositions } from './binary-uuid-array';

/**
 * A one-dimensional array parameter as PostgreSQL's array literal, written directly when every
 * element needs no quoting (uuids, numbers, booleans, NULL, identifiers); otherwise the array
 * itself, for pg's general conversion. pg quotes and escapes every element with two regular
 * expressions and builds the literal piece by piece: a partner sync's loader keys and audit
 * INSERT carry some 1,500 uuids, and that was a tenth of what the gateway allocated per request.
 */
export function arrayParameter(value: readonly unknown[]): string | readonly unknown[] {
  let nulls = false;
  for (const element of value) {
    if (element === null || element === undefined) nulls = true;
    else if (!(typeof element === 'string' ? isBare(element) : typeof element === 'boolean' || (typeof element === 'number' && Number.isFinite(element)))) return value;
  }
  // join writes numbers and booleans as String() does, and null or undefined as nothing: NULL, then.
  return `{${(nulls ? value.map((element) => element ?? 'NULL') : value).join(',')}}`;
}

/**
 * The parameters as they are sent: each array the statement casts to uuid[] (`$n::uuid[]`) in
 * binary when every element is a uuid (binary-uuid-array.ts), each other array of bare elements as
 * its literal; a copy only if any is.
 */
export function encodeArrayParameters(values: readonly unknown[], sql?: string): readonly unknown[] {
  let copy: unknown[] | undefined;
  let uuidArrays: ReadonlySet<number> | undefined;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (!Array.isArray(value)) continue;
    uuidArrays ??= sql === undefined ? NONE : uuidArrayPositions(sql);
    const sent = (uuidArrays.has(i + 1) ? binaryUuidArray(value) : undefined) ?? arrayParameter(value);
    if (sent === value) continue;
    copy ??= [...values];
    copy[i] = sent;
  }
  return copy ?? values;
}

const NONE: ReadonlySet<number> = new Set();

/** Letters, digits and - _ . : + only, and not the word NULL: what an array literal reads unquoted as itself. */
const BARE = /^[0-9A-Za-z_.:+-]+$/;
function isBare(text: string): boolean {
  return BARE.test(text) && !(text.length === 4 && text.toUpperCase() === 'NULL');
}
