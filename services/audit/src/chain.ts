import { createHash } from 'node:crypto';

/**
 * The canonical encoding of an event, rendered by PostgreSQL so that the sealer and the verifier
 * read exactly the same text: every column but the seal, in a fixed order, as a jsonb array
 * (times in UTC to the microsecond). A change to any of these columns changes the hash. The
 * records of a grouped read (subject_ids, case_ids, patient_ids) follow as a nested array only on
 * the events that have them, so that events sealed before they existed keep their content.
 */
export const EVENT_CONTENT_SQL = `(jsonb_build_array(
  tenant_id, id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor_kind, actor_id, acting_roles, action,
  subject_type, subject_id, case_id, patient_id, fields, outcome, request_id, ip, user_agent, emergency
) || CASE WHEN subject_ids IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_array(subject_ids, case_ids, patient_ids)) END)::text`;

/** sha256 (hex) of the previous event's hash and this event's canonical content. */
export function chainHash(prevHash: string | null, content: string): string {
  return createHash('sha256')
    .update(prevHash ?? '')
    .update('\n')
    .update(content)
    .digest('hex');
}
