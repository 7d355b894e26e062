import type { Queryable } from '../../platform/db/index.js';

export type CrmEvent = 'purchase.created' | 'purchase.refunded';
export type CrmDeliveryStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/**
 * Writes one outbox row per purchase for `event` (in the caller's transaction), for buyers whose CRM
 * webhook is enabled; a row that already exists is left alone. Returns how many were queued.
 */
export async function insertCrmDeliveries(
  db: Queryable,
  purchaseIds: readonly string[],
  event: CrmEvent,
  now: Date,
): Promise<number> {
  if (purchaseIds.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO crm_deliveries (buyer_id, purchase_id, event, next_attempt_at, created_at)
     SELECT p.buyer_id, p.id, $2, $3, $3
       FROM purchases p JOIN crm_webhooks w ON w.user_id = p.buyer_id AND w.enabled
      WHERE p.id = ANY($1::uuid[])
      ORDER BY p.purchased_at, p.id
     ON CONFLICT (purchase_id, event) DO NOTHING`,
    [purchaseIds, event, now],
  );
  return rowCount;
}

/** A delivery taken by one worker for one attempt. */
export interface ClaimedCrmDelivery {
  id: string;
  event_id: string;
  buyer_id: string;
  purchase_id: string;
  event: CrmEvent;
  /** This attempt's number (1 for the first). */
  attempts: number;
  created_at: Date;
}

/**
 * Claims due deliveries: counts the attempt and pushes next_attempt_at past a lease, so a worker that dies
 * mid-send lets another retry later, and concurrent workers skip each other's rows.
 */
export async function claimDueCrmDeliveries(
  db: Queryable,
  now: Date,
  limit: number,
  leaseSeconds: number,
): Promise<ClaimedCrmDelivery[]> {
  const { rows } = await db.query<ClaimedCrmDelivery>(
    `UPDATE crm_deliveries d
        SET attempts = d.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $3)
      WHERE d.id IN (SELECT id FROM crm_deliveries
                      WHERE status = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING d.id::text AS id, d.event_id, d.buyer_id, d.purchase_id, d.event, d.attempts, d.created_at`,
    [now, limit, leaseSeconds],
  );
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

export interface CrmAttemptOutcome {
  ok: boolean;
  httpStatus?: number;
  error?: string;
  durationMs: number;
  /** The delivery's state after this attempt; nextAttemptAt only for 'pending'. */
  status: CrmDeliveryStatus;
  nextAttemptAt?: Date;
}

/** Logs the attempt and moves the delivery on (sent, retried later, given up, or skipped). */
export async function recordCrmAttempt(
  db: Queryable,
  delivery: ClaimedCrmDelivery,
  outcome: CrmAttemptOutcome,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO crm_delivery_attempts (delivery_id, attempt, attempted_at, ok, http_status, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (delivery_id, attempt) DO NOTHING`,
      [
        delivery.id,
        delivery.attempts,
        now,
        outcome.ok,
        outcome.httpStatus ?? null,
        outcome.error?.slice(0, 1000) ?? null,
        outcome.durationMs,
      ],
    );
    await tx.query(
      `UPDATE crm_deliveries
          SET status = $2, last_status = $3, last_error = $4,
              next_attempt_at = coalesce($5, next_attempt_at),
              delivered_at = CASE WHEN $2 = 'sent' THEN $6::timestamptz ELSE delivered_at END
        WHERE id = $1`,
      [
        delivery.id,
        outcome.status,
        outcome.httpStatus ?? null,
        outcome.error?.slice(0, 1000) ?? null,
        outcome.nextAttemptAt ?? null,
        now,
      ],
    );
  });
}

/**
 * Queues the events that should have been queued and were not: purchases made (or refunded) in the last
 * `lookbackHours` by buyers with an enabled webhook, since it was (re-)enabled, with no delivery row. The
 * checkout and refund hooks enqueue after their commit, so a crash in between would otherwise lose the
 * push; a hook that did run first leaves nothing here to do (the unique key keeps one row). Returns how
 * many rows were added.
 */
export async function insertMissedCrmDeliveries(
  db: Queryable,
  now: Date,
  lookbackHours: number,
): Promise<number> {
  // Two range scans (purchases_buyer, purchases_refunded_buyer) per configured buyer, not their history.
  const { rowCount } = await db.query(
    `WITH hooks AS (
       SELECT user_id, greatest(enabled_at, $1::timestamptz - make_interval(hours => $2)) AS since
         FROM crm_webhooks WHERE enabled),
     missed AS (
       SELECT p.buyer_id, p.id, 'purchase.created' AS event
         FROM hooks h JOIN purchases p ON p.buyer_id = h.user_id
        WHERE p.purchased_at >= h.since AND p.purchased_at <= $1
       UNION ALL
       SELECT p.buyer_id, p.id, 'purchase.refunded'
         FROM hooks h JOIN purchases p ON p.buyer_id = h.user_id
        WHERE p.status = 'refunded' AND p.refunded_at >= h.since AND p.refunded_at <= $1)
     INSERT INTO crm_deliveries (buyer_id, purchase_id, event, next_attempt_at, created_at)
     SELECT m.buyer_id, m.id, m.event, $1, $1 FROM missed m
      WHERE NOT EXISTS (SELECT 1 FROM crm_deliveries d WHERE d.purchase_id = m.id AND d.event = m.event)
     ON CONFLICT (purchase_id, event) DO NOTHING`,
    [now, lookbackHours],
  );
  return rowCount;
}
