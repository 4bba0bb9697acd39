import type { Clock } from '@tandem/core';
import type { Database } from '@tandem/db';
import { QueueName } from '@tandem/jobs';
import type { JobProcessor, RecurringJob } from '@tandem/jobs';
import { notify } from '@tandem/notifications';
import type { Mailer } from '@tandem/notifications';
import { blockedSessionAlerts, expiryAlerts } from './credential-alerts';

/** One schedule for every worker: the fixed id makes N upserts one scheduler. */
export const CREDENTIAL_SWEEP: RecurringJob = { id: 'credential-sweep', name: 'credential-sweep', everyMs: 3_600_000 };

export interface CredentialSweepDeps {
  readonly db: Database;
  readonly clock: Clock;
  /** Null without an SMTP server: the inbox alone. */
  readonly mailer: Mailer | null;
}

/** The hourly credential sweep on its own queue; "now" is the injected clock. */
export function credentialSweepProcessor(deps: CredentialSweepDeps): JobProcessor {
  return {
    queue: QueueName.Credentials,
    concurrency: 1,
    schedules: [CREDENTIAL_SWEEP],
    async process() {
      await sweepCredentials(deps, deps.clock.now());
    },
  };
}

/**
 * Every clinic in turn, each in its own tenant-scoped transaction, as the care-rule sweep does:
 * one clinic's failure does not stop the others, and the job then fails and is retried
 * (harmless: every alert's cause is fixed, so nothing is delivered twice).
 */
export async function sweepCredentials(deps: CredentialSweepDeps, now: Date): Promise<void> {
  const tenants = await deps.db.asSystem('credential-sweep', (m) => m.query<{ id: string }[]>(`SELECT id FROM tenant ORDER BY id`));
  const failures: unknown[] = [];
  for (const { id } of tenants) {
    try {
      await sweepClinicCredentials(deps, id, now);
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `The credential sweep failed for ${failures.length} of ${tenants.length} clinics`);
}

/** One clinic: expiry reminders and blocked sessions written in one transaction, e-mails sent after it. */
export async function sweepClinicCredentials(deps: Omit<CredentialSweepDeps, 'clock'>, tenantId: string, now: Date): Promise<void> {
  const emails = await deps.db.withTenant({ tenantId }, async (m) => {
    const alerts = [...(await expiryAlerts(m, now)), ...(await blockedSessionAlerts(m, now))];
    const owed: string[] = [];
    for (const alert of alerts) owed.push(...(await notify(m, { ...alert, tenantId }, { email: deps.mailer !== null })));
    return owed;
  });
  await deps.mailer?.sendOwed(tenantId, emails);
}
