/** Every queue, in one place. */
export enum QueueName {
  /** Notification intents relayed from the outbox, one job per outbox row (jobId = outbox id). */
  Notify = 'notify',
}
