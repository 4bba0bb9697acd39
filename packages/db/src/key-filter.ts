/**
 * The condition a loader's statement uses to match its batch of keys: `column = ANY($n::uuid[])`,
 * or `column = $n::uuid` when the batch holds one key. PostgreSQL estimates an array parameter at
 * ten elements when it weighs a prepared statement's generic plan, so a one-key load's generic
 * plan looked ten times dearer than its custom plan and the statement was planned afresh on every
 * execution (0.45 ms each for the patient and care-team loads of the case dashboard, where policy
 * subqueries make planning heavy). With the equality the generic plan's estimate matches and it is
 * kept. The two forms are two statement texts, each prepared once.
 */
export function keyFilter(column: string, keys: readonly string[], parameter = 1): { readonly sql: string; readonly value: string | readonly string[] } {
  if (keys.length === 1) return { sql: `${column} = $${parameter}::uuid`, value: keys[0] };
  return { sql: `${column} = ANY($${parameter}::uuid[])`, value: keys };
}
