/** Batches up to this many keys are matched as a list of parameters; larger ones as an array. */
export const KEY_LIST_LIMIT = 10;

/**
 * The condition a loader's statement uses to match its batch of keys, and the parameters it
 * takes: `column = $n::uuid` for one key, `column IN ($n::uuid, …)` for up to KEY_LIST_LIMIT,
 * `column = ANY($n::uuid[])` beyond. PostgreSQL estimates an array parameter at ten elements when
 * it weighs a prepared statement's generic plan, so a small batch's generic plan looked dearer
 * than its custom plan and the statement was planned afresh on every execution (0.45 ms each for
 * the case dashboard's patient and care-team loads, where policy subqueries make planning heavy;
 * 0.12 ms for its four sessions' vitals). A list of parameters is estimated at its length, so the
 * generic plan is kept. Each length is a statement text of its own, each prepared once.
 */
export function keyFilter(column: string, keys: readonly string[], parameter = 1): { readonly sql: string; readonly values: readonly unknown[] } {
  if (keys.length === 1) return { sql: `${column} = $${parameter}::uuid`, values: keys };
  if (keys.length === 0 || keys.length > KEY_LIST_LIMIT) return { sql: `${column} = ANY($${parameter}::uuid[])`, values: [keys] };
  return { sql: `${column} IN (${keys.map((_key, i) => `$${parameter + i}::uuid`).join(', ')})`, values: keys };
}
