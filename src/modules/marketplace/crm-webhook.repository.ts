import type { Queryable } from '../../platform/db/index.js';

/** A buyer's CRM endpoint as stored (the secret is read only to sign). */
export interface CrmWebhookRow {
  user_id: string;
  url: string;
  secret: string;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

/** The buyer's CRM webhook, or null when none is configured. */
export async function findCrmWebhook(db: Queryable, userId: string): Promise<CrmWebhookRow | null> {
  const { rows } = await db.query<CrmWebhookRow>(
    'SELECT user_id, url, secret, enabled, created_at, updated_at FROM crm_webhooks WHERE user_id = $1',
    [userId],
  );
  return rows[0] ?? null;
}

/** Creates or replaces the buyer's CRM webhook (created_at is kept on replace). */
export async function upsertCrmWebhook(
  db: Queryable,
  input: { userId: string; url: string; secret: string; enabled: boolean },
  now: Date,
): Promise<CrmWebhookRow> {
  const { rows } = await db.query<CrmWebhookRow>(
    `INSERT INTO crm_webhooks (user_id, url, secret, enabled, created_at, updated_at, enabled_at)
     VALUES ($1, $2, $3, $4, $5, $5, $5)
     ON CONFLICT (user_id) DO UPDATE
       SET url = EXCLUDED.url, secret = EXCLUDED.secret, enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at,
           enabled_at = CASE WHEN EXCLUDED.enabled AND NOT crm_webhooks.enabled THEN EXCLUDED.updated_at
                             ELSE crm_webhooks.enabled_at END
     RETURNING user_id, url, secret, enabled, created_at, updated_at`,
    [input.userId, input.url, input.secret, input.enabled, now],
  );
  return rows[0]!;
}

/**
 * Removes the buyer's webhook and closes its pending deliveries as skipped (they have nowhere to go);
 * the log of past deliveries stays. Returns false when there was none.
 */
export async function deleteCrmWebhook(db: Queryable, userId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query('DELETE FROM crm_webhooks WHERE user_id = $1', [userId]);
    if (rowCount === 0) return false;
    await tx.query(
      `UPDATE crm_deliveries SET status = 'skipped', last_error = 'CRM webhook removed', next_attempt_at = $2
        WHERE buyer_id = $1 AND status = 'pending'`,
      [userId, now],
    );
    return true;
  });
}

export interface CrmDeliveryLogRow {
  id: string;
  event_id: string;
  purchase_id: string;
  lead_id: string;
  event: string;
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  attempt_log: {
    attempt: number;
    attempted_at: string;
    ok: boolean;
    http_status: number | null;
    error: string | null;
    duration_ms: number;
  }[];
}

/** One page of the buyer's deliveries, newest first (keyset on id), each with its attempts in order. */
export async function listCrmDeliveries(
  db: Queryable,
  buyerId: string,
  options: { beforeId: string | null; limit: number; status: string | null },
): Promise<CrmDeliveryLogRow[]> {
  const { rows } = await db.query<CrmDeliveryLogRow>(
    `SELECT d.id::text AS id, d.event_id, d.purchase_id, p.lead_id, d.event, d.status, d.attempts,
            d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.delivered_at,
            coalesce((SELECT jsonb_agg(jsonb_build_object(
                        'attempt', a.attempt, 'attempted_at', a.attempted_at, 'ok', a.ok,
                        'http_status', a.http_status, 'error', a.error, 'duration_ms', a.duration_ms)
                      ORDER BY a.attempt)
                        FROM crm_delivery_attempts a WHERE a.delivery_id = d.id), '[]'::jsonb) AS attempt_log
       FROM crm_deliveries d JOIN purchases p ON p.id = d.purchase_id
      WHERE d.buyer_id = $1 AND ($2::bigint IS NULL OR d.id < $2::bigint)
        AND ($3::text IS NULL OR d.status = $3::text)
      ORDER BY d.id DESC
      LIMIT $4`,
    [buyerId, options.beforeId, options.status, options.limit],
  );
  return rows;
}
