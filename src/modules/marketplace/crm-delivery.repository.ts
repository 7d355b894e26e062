import type { Queryable } from '../../platform/db/index.js';
import { defineOutbox } from '../../platform/outbox/index.js';

export type CrmEvent = 'purchase.created' | 'purchase.refunded';

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

/** The CRM outbox's tables, for the shared outbox runner. */
export const CRM_OUTBOX = defineOutbox({
  deliveries: 'crm_deliveries',
  attempts: 'crm_delivery_attempts',
  claimColumns: 'd.id::text AS id, d.event_id, d.buyer_id, d.purchase_id, d.event, d.attempts, d.created_at',
  attemptErrorChars: 1000,
});

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
