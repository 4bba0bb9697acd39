import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { SafetyAlertBacklog } from '@tandem/notifications';
import { within } from './queue-metrics';

/**
 * `tandem_safety_alerts_undelivered` and `tandem_safety_alert_undelivered_age_seconds`, read from
 * PostgreSQL at scrape time: how many open safety signals have not alerted anyone's inbox yet,
 * and how long the oldest has waited. No labels: nothing names a clinic or a signal. A read that
 * fails or takes over `timeoutMs` leaves both out of that scrape (readiness reports the database).
 */
export function registerSafetyAlertMetrics(registry: Registry, readBacklog: () => Promise<SafetyAlertBacklog>, timeoutMs = 1_000): void {
  // Both gauges are collected within one scrape: they share one query.
  let reading: Promise<SafetyAlertBacklog | null> | undefined;
  const read = () => (reading ??= within(readBacklog(), timeoutMs).catch(() => null).finally(() => (reading = undefined)));

  new Gauge({
    name: 'tandem_safety_alerts_undelivered',
    help: 'Open safety signals whose alert has not reached any inbox yet',
    registers: [registry],
    async collect() {
      const backlog = await read();
      this.reset();
      if (backlog) this.set(backlog.undelivered);
    },
  });
  new Gauge({
    name: 'tandem_safety_alert_undelivered_age_seconds',
    help: 'How long the oldest open safety signal without an inbox alert has waited (0 when none)',
    registers: [registry],
    async collect() {
      const backlog = await read();
      this.reset();
      if (backlog) this.set(backlog.oldestAgeSeconds);
    },
  });
}
