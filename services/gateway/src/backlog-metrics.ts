import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Backlog } from '@tandem/db';
import { within } from './queue-metrics';

/** What the operators' backlog gauges read, once per scrape, in one system transaction. */
export interface Backlogs {
  /** Open safety signals whose alert has reached no inbox (services/notifications). */
  readonly safetyAlerts: Backlog;
  /** Outbox rows not yet relayed to BullMQ (packages/jobs). */
  readonly outbox: Backlog;
  /** Audit events not yet sealed into the hash chain (services/audit). */
  readonly unsealedAudit: Backlog;
}

const GAUGES: readonly { key: keyof Backlogs; count: [string, string]; age: [string, string] }[] = [
  {
    key: 'safetyAlerts',
    count: ['tandem_safety_alerts_undelivered', 'Open safety signals whose alert has not reached any inbox yet'],
    age: ['tandem_safety_alert_undelivered_age_seconds', 'How long the oldest open safety signal without an inbox alert has waited (0 when none)'],
  },
  {
    key: 'outbox',
    count: ['tandem_outbox_unrelayed', 'Outbox rows the relay has not yet moved to the queues'],
    age: ['tandem_outbox_unrelayed_age_seconds', 'How long the oldest unrelayed outbox row has waited (0 when none)'],
  },
  {
    key: 'unsealedAudit',
    count: ['tandem_audit_events_unsealed', 'Audit events not yet sealed into their clinic’s hash chain'],
    age: ['tandem_audit_unsealed_age_seconds', 'How long the oldest unsealed audit event has waited (0 when none)'],
  },
];

/**
 * The backlog gauges, read from PostgreSQL at scrape time: how much waits and how long the oldest
 * has waited, for safety alerts, the outbox and the audit seal. No labels: nothing names a clinic
 * or a record. A read that fails or takes over `timeoutMs` leaves them all out of that scrape
 * (readiness reports the database).
 */
export function registerBacklogMetrics(registry: Registry, readBacklogs: () => Promise<Backlogs>, timeoutMs = 1_000): void {
  // Every gauge is collected within one scrape: they share one read.
  let reading: Promise<Backlogs | null> | undefined;
  const read = () => (reading ??= within(readBacklogs(), timeoutMs).catch(() => null).finally(() => (reading = undefined)));
  for (const { key, count, age } of GAUGES) {
    for (const [[name, help], pick] of [
      [count, (backlog: Backlog) => backlog.waiting],
      [age, (backlog: Backlog) => backlog.oldestAgeSeconds],
    ] as const) {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          const backlogs = await read();
          this.reset();
          if (backlogs) this.set(pick(backlogs[key]));
        },
      });
    }
  }
}
