import { createHash } from 'node:crypto';

/** Every column of an event but its lists, in a fixed order, as a jsonb array (times in UTC to the microsecond). */
const COLUMNS = `jsonb_build_array(
  tenant_id, id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor_kind, actor_id, acting_roles, action,
  subject_type, subject_id, case_id, patient_id, fields, outcome, request_id, ip, user_agent, emergency
)`;

/** Format 1: the three lists follow as one more element, a jsonb array of the three, every id as text. */
const LISTS_AS_TEXT = `(${COLUMNS} || jsonb_build_array(jsonb_build_array(subject_ids, case_ids, patient_ids)))::text`;

/**
 * A list's binary form (PostgreSQL's array_send: dimensions, element type, then each id's 16
 * bytes), after a tag that tells a missing list from any list.
 */
const listBytes = (column: string) => `CASE WHEN ${column} IS NULL THEN '\\x00'::bytea ELSE '\\x01'::bytea || array_send(${column}) END`;

/** Format 2: the lists follow as one more element, the hex sha256 of their three binary forms. */
const LISTS_DIGESTED = `left(${COLUMNS}::text, -1) || ', "' || encode(sha256(${listBytes('subject_ids')} || ${listBytes('case_ids')} || ${listBytes('patient_ids')}), 'hex') || '"]'`;

/**
 * The format this release seals in; a seal records its own (`audit_seal.content_format`,
 * migration 1767300000000: 1 for seals made before it).
 */
export const SEAL_CONTENT_FORMAT = 2;

/**
 * The canonical encoding of an event, rendered by PostgreSQL so that the sealer and the verifier
 * read exactly the same text: every column but the seal and, for a grouped read, its lists of
 * records in the content format `format` (an SQL expression: the sealer's constant, or the
 * verifier's `s.content_format`). A change to any column or any record changes the hash. An
 * event without lists encodes as events did before lists existed, in either format, so chains
 * sealed earlier still verify. Format 2 exists because printing a page of 100 records' ids as
 * text was most of sealing's cost (migration 1767300000000 has the figures).
 */
export function eventContentSql(format: string): string {
  return `(CASE WHEN subject_ids IS NULL THEN ${COLUMNS}::text WHEN ${format} = 1 THEN ${LISTS_AS_TEXT} ELSE ${LISTS_DIGESTED} END)`;
}

/** sha256 (hex) of the previous event's hash and this event's canonical content. */
export function chainHash(prevHash: string | null, content: string): string {
  return createHash('sha256')
    .update(prevHash ?? '')
    .update('\n')
    .update(content)
    .digest('hex');
}
