// The delivery outbox both alert and CRM deliveries use: rows claimed under a lease, one send per claim,
// every attempt logged, retries with exponential backoff. Each module keeps its tables, payloads and sends.

export {
  type AttemptOutcome,
  type ClaimedRow,
  claimDue,
  defineOutbox,
  type Outbox,
  recordAttempt,
} from './outbox.repository.js';
export {
  createOutboxRunner,
  type DeliveryCounts,
  type OutboxRunner,
  type OutboxRunnerOptions,
  type OutboxStore,
  outboxStore,
} from './outbox.runner.js';
export {
  DEFAULT_MAX_RETRY_SECONDS,
  type DeliveryStatus,
  type NextStep,
  nextStep,
  type RetryPolicy,
  retryDelayMs,
  type SendResult,
} from './retry.js';
