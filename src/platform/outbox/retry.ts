/** Where a delivery row stands after an attempt (the CHECK on both outbox tables). */
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/** What one send came to; the runner turns it into the row's next state. */
export interface SendResult {
  ok: boolean;
  httpStatus?: number;
  error?: string;
  /** Worth another try later (false: nothing will change by waiting). */
  retryable: boolean;
  /** Nothing to send any more (recipient, channel or content gone): not a failure, never retried. */
  skipped?: boolean;
  /** The receiver asked us to wait at least this long (Retry-After). */
  retryAfterMs?: number;
  /** How long the send itself took, when the sender measured it; else the runner times the whole try. */
  durationMs?: number;
}

export interface RetryPolicy {
  /** Tries per delivery before it is marked failed. */
  maxAttempts: number;
  /** First retry delay (before jitter); doubles per attempt up to `maxSeconds`. */
  baseSeconds: number;
  /** Default one hour. */
  maxSeconds?: number;
  /**
   * 'equal': half the doubled delay is fixed, half random, so many deliveries that failed together (a
   * receiver's outage) spread out without ever retrying at once. 'none': exactly the doubled delay.
   */
  jitter: 'none' | 'equal';
  /** [0, 1) for 'equal' jitter; tests pin it. Default Math.random. */
  random?: () => number;
}

export const DEFAULT_MAX_RETRY_SECONDS = 3600;

/** Milliseconds to wait after failed attempt number `attempt` (1 for the first), before Retry-After. */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  const full =
    Math.min(policy.baseSeconds * 2 ** (attempt - 1), policy.maxSeconds ?? DEFAULT_MAX_RETRY_SECONDS) * 1000;
  if (policy.jitter === 'none') return full;
  const random = policy.random ?? Math.random;
  return Math.round(full / 2 + (random() * full) / 2);
}

export interface NextStep {
  status: DeliveryStatus;
  /** Only for 'pending'. */
  nextAttemptAt?: Date;
}

/**
 * The row's state after attempt number `attempt` ended with `sent`: sent, skipped, retried later (the
 * backoff, or longer if the receiver said so), or failed once the attempts are spent or waiting is useless.
 */
export function nextStep(
  sent: Pick<SendResult, 'ok' | 'skipped' | 'retryable' | 'retryAfterMs'>,
  attempt: number,
  policy: RetryPolicy,
  now: Date,
): NextStep {
  if (sent.ok) return { status: 'sent' };
  if (sent.skipped) return { status: 'skipped' };
  if (!sent.retryable || attempt >= policy.maxAttempts) return { status: 'failed' };
  const delayMs = Math.max(retryDelayMs(attempt, policy), sent.retryAfterMs ?? 0);
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + delayMs) };
}
