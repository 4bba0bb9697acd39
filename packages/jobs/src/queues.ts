/** Every queue, in one place. */
export enum QueueName {
  /** Notification intents relayed from the outbox, one job per outbox row (jobId = outbox id). */
  Notify = 'notify',
  /** Delayed follow-up reminders, overdue escalations and safety-alert repeats. */
  Reminders = 'reminders',
  /** Partner webhook deliveries, one job per event × endpoint. */
  Webhooks = 'webhooks',
  /** The hourly care-rule sweep (periodic measures, consent renewals), one scheduler for all workers. */
  CareRules = 'care-rules',
  /** The hourly credential sweep (expiry reminders, blocked sessions), one scheduler for all workers. */
  Credentials = 'credentials',
  /** The audit sealer: chains each clinic's new audit events every few seconds, one scheduler for all workers. */
  AuditSeal = 'audit-seal',
}
