import type { MigrationInterface, QueryRunner } from 'typeorm';

const EVENTS = [
  ['INSERT', 'NEW TABLE AS new_rows'],
  ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
  ['DELETE', 'OLD TABLE AS old_rows'],
] as const;

/**
 * Emergency-access grants (break the glass) and their reviews are audited like every PHI write
 * (docs/audit.md): who opened a case they are not on, and who reviewed it, appear in the patient's
 * access report. The table came after the audit trail's migration, hence this one.
 */
export class AuditEmergencyAccess1765500000000 implements MigrationInterface {
  name = 'AuditEmergencyAccess1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const [event, transition] of EVENTS) {
      await runner.query(
        `CREATE TRIGGER audit_${event.toLowerCase()} AFTER ${event} ON emergency_access REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION app.audit_write('EmergencyAccess', 'case')`,
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const [event] of EVENTS) await runner.query(`DROP TRIGGER audit_${event.toLowerCase()} ON emergency_access`);
  }
}
