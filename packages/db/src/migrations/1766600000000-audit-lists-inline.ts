import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An audit event's record lists stay in its row. A grouped read of a page of 100 records lists
 * 100 subject, case and patient ids, about 1.7 kB each; a row over 2 kB went to the toaster, which
 * tried to compress each list (random ids do not compress) and then moved it out of line, as one
 * more row and one more index entry in the TOAST table, per list: a dozen per partner sync. With
 * `toast_tuple_target` at its largest, the toaster leaves a row alone until it nears a page (8 kB):
 * an event of up to about 150 records is one heap row, written once and read back by the sealer,
 * the review and the export without detoasting. Larger ones are toasted as before.
 *
 * No rewrite: the setting applies to rows written from now on. `down` restores the default.
 */
export class AuditListsInline1766600000000 implements MigrationInterface {
  name = 'AuditListsInline1766600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit_event SET (toast_tuple_target = 8160)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit_event RESET (toast_tuple_target)`);
  }
}
