import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLES } from '../roles';

/** Admins may remove an operation they registered for partner keys (`unregisterOperation`). */
export class UnregisterOperations1765250000000 implements MigrationInterface {
  name = 'UnregisterOperations1765250000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`GRANT DELETE ON registered_operation TO ${ROLES.runtime}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`REVOKE DELETE ON registered_operation FROM ${ROLES.runtime}`);
  }
}
