import type { Queryable } from '../db/index.js';
import {
  type AttemptOutcome,
  type ClaimedRow,
  claimDue,
  type Outbox,
  recordAttempt,
} from './outbox.repository.js';
import { type DeliveryStatus, nextStep, type RetryPolicy, type SendResult } from './retry.js';

/** Where the runner takes due rows from and writes each attempt to (the SQL one: `outboxStore`). */
export interface OutboxStore<T extends ClaimedRow> {
  claim(now: Date, limit: number, leaseSeconds: number): Promise<T[]>;
  record(delivery: T, outcome: AttemptOutcome, now: Date): Promise<void>;
}

/** The store over an outbox's two tables. */
export function outboxStore<T extends ClaimedRow>(db: Queryable, outbox: Outbox): OutboxStore<T> {
  return {
    claim: (now, limit, leaseSeconds) => claimDue<T>(db, outbox, now, limit, leaseSeconds),
    record: (delivery, outcome, now) => recordAttempt(db, outbox, delivery, outcome, now),
  };
}

export interface OutboxRunnerOptions<T extends ClaimedRow> {
  store: OutboxStore<T>;
  /** Makes one attempt; a throw is logged as a retryable 'unexpected' attempt. */
  send: (delivery: T, now: Date) => Promise<SendResult>;
  policy: RetryPolicy;
  /** Told about each delivery given up on, to log it in the module's words. */
  onFailed?: (delivery: T, sent: SendResult) => void;
  /** Rows per claim (default 50). */
  batchSize?: number;
  /** Sends at once (default 1): a slow receiver holds one lane, not the whole batch. */
  concurrency?: number;
  /** How long a claimed row stays hidden from other workers (default 300 s). */
  leaseSeconds?: number;
}

export type DeliveryCounts = Record<DeliveryStatus, number>;

async function inPool<T>(items: T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}

/** Works one outbox: claims due rows, sends each, and records every attempt with the row's next state. */
export function createOutboxRunner<T extends ClaimedRow>(options: OutboxRunnerOptions<T>) {
  const { store, policy } = options;
  const batchSize = options.batchSize ?? 50;
  const leaseSeconds = options.leaseSeconds ?? 300;

  /** Sends one claimed delivery and records the attempt; returns where the row stands now. */
  async function deliverOne(delivery: T, now: Date): Promise<DeliveryStatus> {
    const started = performance.now();
    let sent: SendResult;
    try {
      sent = await options.send(delivery, now);
    } catch (error) {
      // A bug or a database hiccup must not leave the row claimed without a trace: log it as an attempt.
      sent = { ok: false, retryable: true, error: `unexpected: ${(error as Error).message}` };
    }
    const step = nextStep(sent, delivery.attempts, policy, now);
    await store.record(
      delivery,
      {
        ok: sent.ok,
        httpStatus: sent.httpStatus,
        error: sent.error,
        durationMs: sent.durationMs ?? Math.round(performance.now() - started),
        ...step,
      },
      now,
    );
    if (step.status === 'failed') options.onFailed?.(delivery, sent);
    return step.status;
  }

  return {
    deliverOne,

    /**
     * Sends every delivery due at `now` (in batches) and returns how each ended up. Without `now`, each
     * send is stamped with the clock as it happens (a long run must not sign stale timestamps).
     */
    async deliverDue(now?: Date): Promise<DeliveryCounts> {
      const counts: DeliveryCounts = { sent: 0, pending: 0, failed: 0, skipped: 0 };
      const due = now ?? new Date();
      for (;;) {
        const batch = await store.claim(due, batchSize, leaseSeconds);
        await inPool(batch, options.concurrency ?? 1, async (delivery) => {
          counts[await deliverOne(delivery, now ?? new Date())]++;
        });
        if (batch.length < batchSize) return counts;
      }
    },
  };
}

export type OutboxRunner<T extends ClaimedRow> = ReturnType<typeof createOutboxRunner<T>>;
