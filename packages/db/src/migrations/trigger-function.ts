import { ROLES } from '../roles';

/**
 * A plpgsql trigger function: `CREATE OR REPLACE`, so that a later migration redefines it in
 * place (its grants and triggers stay).
 */
export function triggerFunction(name: string, body: string, declare = ''): string {
  return `
  CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
  ${declare ? `DECLARE\n    ${declare}\n  ` : ''}BEGIN
    ${body}
  END $$`;
}

/** How the guard of audit_event tells that an UPDATE changed more than the seal. */
interface SealOnly {
  readonly declare?: string;
  readonly prepare?: string;
  /** True when a column other than the seal's changed. */
  readonly changed: string;
}

/**
 * The guard of audit_event (`audit_event_immutable`) while the seal was four of its columns:
 * refuses DELETE and TRUNCATE, and any UPDATE but tandem_system's setting of the seal columns of
 * an unsealed event. Since migration 1766900000000 (seals in audit_seal) it refuses every UPDATE.
 */
const auditEventGuard = ({ declare = '', prepare = '', changed }: SealOnly) =>
  triggerFunction(
    'app.audit_event_immutable',
    `IF TG_OP <> 'UPDATE' THEN
      RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
    END IF;
    ${prepare}
    IF current_user <> '${ROLES.system}' OR OLD.seq IS NOT NULL OR ${changed} THEN
      RAISE EXCEPTION 'audit events are append-only: only the sealer seals an unsealed event' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;`,
    declare,
  );

const SEAL_COLUMNS = ['seq', 'prev_hash', 'hash', 'sealed_at'] as const;

/** The first guard (migration 1765300000000): every other column compared as jsonb. */
export const AUDIT_EVENT_GUARD_BY_JSON = auditEventGuard({
  changed: `(to_jsonb(OLD) - '{${SEAL_COLUMNS.join(',')}}'::text[]) IS DISTINCT FROM (to_jsonb(NEW) - '{${SEAL_COLUMNS.join(',')}}'::text[])`,
});

/**
 * The guard since migration 1766800000000: the new row with the old seal put back, compared with
 * the old row as rows of the table's type, column by column with each type's equality.
 */
export const AUDIT_EVENT_GUARD_BY_ROW = auditEventGuard({
  declare: 'kept audit_event;',
  prepare: ['kept := NEW;', ...SEAL_COLUMNS.map((column) => `kept.${column} := OLD.${column};`)].join('\n    '),
  changed: 'kept IS DISTINCT FROM OLD',
});
