import { SecretBox } from '@tandem/accounts';
import { auditSealProcessor } from '@tandem/audit';
import type { Clock, Logger, NotificationConfig } from '@tandem/core';
import { credentialSweepProcessor } from '@tandem/credentials';
import type { Database } from '@tandem/db';
import { REMINDER_JOB, careRuleHandler, careRuleSweepProcessor, reminderJob, reminderScheduler } from '@tandem/followups';
import { QueueName, eventsProcessor, namedJobsProcessor } from '@tandem/jobs';
import type { JobProcessor, JobQueues } from '@tandem/jobs';
import { DEFAULT_DELIVERY_SETTINGS, SAFETY_REPEAT_JOB, deliveryHandler, safetyRepeatJob, smtpMailer, webhookDeliveryProcessor, webhookDispatchHandler } from '@tandem/notifications';
import type { WebhookDeliverySettings } from '@tandem/notifications';

/** What the worker's processors are built from. */
export interface WorkerServices {
  readonly db: Database;
  readonly clock: Clock;
  readonly notifications: NotificationConfig;
  readonly log: Logger;
  /** The data encryption key (DATA_ENCRYPTION_KEY): opens webhook signing secrets. */
  readonly encryptionKey: Buffer;
  /** Webhook retry schedule and timeout; tests shorten them. */
  readonly webhooks?: Partial<Pick<WebhookDeliverySettings, 'retryScheduleMs' | 'timeoutMs' | 'resolve'>>;
}

/**
 * Every job processor the worker runs, in one explicit list:
 * - relayed outbox events, each handed to its handlers: delivery (inbox and e-mail), care rules,
 *   the reminder scheduler and webhook dispatch;
 * - the jobs those schedule: follow-up reminders and escalations, safety-alert repeats, webhook
 *   deliveries;
 * - the hourly care-rule sweep (PHQ-9 due, consent renewal), whose job scheduler every worker
 *   upserts at start: one schedule in all;
 * - the hourly credential sweep (expiry reminders, blocked sessions), one schedule likewise;
 * - the audit sealer, every few seconds (one schedule likewise), which chains new audit events.
 */
export function processorsFor(services: WorkerServices): (queues: JobQueues) => JobProcessor[] {
  const { db, clock, log } = services;
  const mailer = smtpMailer(db, services.notifications, log);
  if (!mailer) log.warn('SMTP_URL is not set: notifications go to the in-app inbox only, no e-mail');
  const webhooks: WebhookDeliverySettings = { ...DEFAULT_DELIVERY_SETTINGS, ...services.webhooks, allowPrivateNetworks: services.notifications.webhooksAllowPrivateNetworks };
  return (queues) => [
    eventsProcessor([
      deliveryHandler({ db, mailer, queues }),
      careRuleHandler(db),
      reminderScheduler({ db, queues, clock, mailer }),
      webhookDispatchHandler(db, queues, clock, webhooks.retryScheduleMs),
    ]),
    namedJobsProcessor(QueueName.Reminders, {
      [REMINDER_JOB]: reminderJob({ db, queues, clock, mailer }),
      [SAFETY_REPEAT_JOB]: safetyRepeatJob({ db, mailer, queues }),
    }),
    careRuleSweepProcessor(db, clock),
    credentialSweepProcessor({ db, clock, mailer }),
    webhookDeliveryProcessor(db, new SecretBox(services.encryptionKey), clock, webhooks),
    auditSealProcessor(db, clock),
  ];
}
