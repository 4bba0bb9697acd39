import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLES } from '../roles';

/** The audit functions, by signature: they kept PostgreSQL's default EXECUTE grant to PUBLIC. */
const AUDIT_APPEND = 'app.audit_append(text, text, text, jsonb)';
const TRIGGER_FUNCTIONS = ['app.audit_write()', 'app.audit_event_immutable()'];

/**
 * Least privilege for the functions of schema `app`: the tenant-setting functions were created
 * executable by the runtime group only (tenant-rls.ts), but the audit functions kept PostgreSQL's
 * default grant to PUBLIC, so any role able to connect could call `app.audit_append` and append
 * audit events built from whatever it passed. Now only the runtime group may call it (tandem_app
 * directly and tandem_system, a member, through the write triggers); the owner owns it. The
 * trigger functions need no grant: PostgreSQL checks EXECUTE on a trigger function when the
 * trigger is created, not when it fires.
 */
export class AppFunctionsNotPublic1766300000000 implements MigrationInterface {
  name = 'AppFunctionsNotPublic1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const fn of [AUDIT_APPEND, ...TRIGGER_FUNCTIONS]) await runner.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    await runner.query(`GRANT EXECUTE ON FUNCTION ${AUDIT_APPEND} TO ${ROLES.runtime}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`REVOKE EXECUTE ON FUNCTION ${AUDIT_APPEND} FROM ${ROLES.runtime}`);
    for (const fn of [AUDIT_APPEND, ...TRIGGER_FUNCTIONS]) await runner.query(`GRANT EXECUTE ON FUNCTION ${fn} TO PUBLIC`);
  }
}
