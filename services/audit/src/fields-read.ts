/** Per list of audited fields: one shared list for each combination of them a record carries. */
const listsOf = new WeakMap<readonly string[], Map<number, readonly string[]>>();

/** A bit per field: lists longer than this are filtered afresh for every record. */
const MASK_BITS = 30;

/**
 * The fields, among `fields`, that the reader got in `record` (neither null nor absent: a field
 * outside their grants is null in their view). Records that carry the same fields get the same
 * frozen array, so a page of 100 records makes a handful of lists instead of 100, and grouping
 * reads into events (groupReads) compares each list once.
 */
export function fieldsRead<F extends string>(record: object, fields: readonly F[]): readonly F[] {
  const values = record as Partial<Record<F, unknown>>;
  const carried = (field: F) => values[field] !== null && values[field] !== undefined;
  if (fields.length > MASK_BITS) return fields.filter(carried);
  let mask = 0;
  for (let i = 0; i < fields.length; i++) if (carried(fields[i])) mask |= 1 << i;
  let lists = listsOf.get(fields);
  if (!lists) listsOf.set(fields, (lists = new Map<number, readonly string[]>()));
  let list = lists.get(mask);
  if (!list) lists.set(mask, (list = Object.freeze(fields.filter((_field, i) => (mask & (1 << i)) !== 0))));
  return list as readonly F[];
}
