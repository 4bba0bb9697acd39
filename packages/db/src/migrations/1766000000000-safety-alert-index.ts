import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finds a safety signal's inbox alerts by the signal, for the gateway's undelivered-safety-alert
 * gauge (scraped every few seconds): without it, each scrape scans every notification. An expand
 * step: the previous version ignores it (docs/operations.md).
 */
export class SafetyAlertIndex1766000000000 implements MigrationInterface {
  name = 'SafetyAlertIndex1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX notification_safety_alert ON notification (tenant_id, subject_id) WHERE kind = 'SAFETY_ALERT'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX notification_safety_alert`);
  }
}
