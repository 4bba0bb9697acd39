/**
 * A select list that reads only some of a view's fields: `columns` maps each field to its
 * select-list entry (one or more columns), `always` names the fields read whatever is asked
 * (what the reader itself needs: ids for its checks and audit, a list's order). The answer is the
 * list for the fields asked (absent: every field), in `columns`' order, built once per asked set
 * (GraphQL's asked sets are one per field of an operation, the same for every row of a page), so
 * the same set gives the same string: a loader may key its batches by it.
 */
export function fieldColumns(columns: Readonly<Record<string, string>>, always: readonly string[]): (asked?: ReadonlySet<string>) => string {
  const fields = Object.keys(columns);
  const kept = new Set(always);
  const listOf = (read: (field: string) => boolean) =>
    fields
      .filter(read)
      .map((field) => columns[field])
      .join(', ');
  const every = listOf(() => true);
  const lists = new WeakMap<ReadonlySet<string>, string>();
  return (asked) => {
    if (!asked) return every;
    let list = lists.get(asked);
    if (list === undefined) lists.set(asked, (list = listOf((field) => kept.has(field) || asked.has(field))));
    return list;
  };
}
