import type { Queryable } from '../../platform/db/index.js';
import type { LeadSummary } from './saved-searches.schemas.js';

export type Channel = 'email' | 'webhook';
export type DeliveryKind = 'instant' | 'digest';

export interface NewDelivery {
  user_id: string;
  /** Null for a user's email digest (it spans all of their daily searches). */
  saved_search_id: string | null;
  channel: Channel;
  kind: DeliveryKind;
  notification_ids: string[];
}

/** Queues outbox messages (in the caller's transaction). */
export async function insertDeliveries(db: Queryable, deliveries: NewDelivery[], now: Date): Promise<void> {
  for (const delivery of deliveries) {
    await db.query(
      `INSERT INTO notification_deliveries
         (user_id, saved_search_id, channel, kind, notification_ids, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5::bigint[], $6, $6)`,
      [
        delivery.user_id,
        delivery.saved_search_id,
        delivery.channel,
        delivery.kind,
        delivery.notification_ids,
        now,
      ],
    );
  }
}

export interface ClaimedDelivery {
  id: string;
  user_id: string;
  saved_search_id: string | null;
  channel: Channel;
  kind: DeliveryKind;
  notification_ids: string[];
  /** This attempt's number (1 for the first). */
  attempts: number;
}

/**
 * Claims due deliveries: counts the attempt and pushes next_attempt_at past a lease, so that a worker
 * that dies mid-send lets another retry later, and concurrent workers skip each other's rows.
 */
export async function claimDueDeliveries(
  db: Queryable,
  now: Date,
  limit: number,
  leaseSeconds: number,
): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<ClaimedDelivery>(
    `UPDATE notification_deliveries d
        SET attempts = d.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $3)
      WHERE d.id IN (SELECT id FROM notification_deliveries
                      WHERE status = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING d.id::text AS id, d.user_id, d.saved_search_id, d.channel, d.kind,
                d.notification_ids::text[] AS notification_ids, d.attempts`,
    [now, limit, leaseSeconds],
  );
  return rows;
}

export interface DeliveryContext {
  email: string;
  search: { id: string; name: string; webhook_url: string | null; webhook_secret: string | null } | null;
  items: {
    notification_id: string;
    saved_search_id: string;
    saved_search_name: string;
    lead: LeadSummary;
    matched_at: Date;
  }[];
}

/** The recipient, the search (for webhooks) and the notifications a delivery carries that still exist. */
export async function loadDeliveryContext(
  db: Queryable,
  delivery: ClaimedDelivery,
): Promise<DeliveryContext> {
  const user = await db.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [delivery.user_id]);
  const search = delivery.saved_search_id
    ? await db.query<NonNullable<DeliveryContext['search']>>(
        'SELECT id, name, webhook_url, webhook_secret FROM saved_searches WHERE id = $1',
        [delivery.saved_search_id],
      )
    : null;
  const { rows } = await db.query<DeliveryContext['items'][number]>(
    `SELECT n.id::text AS notification_id, n.saved_search_id, s.name AS saved_search_name, n.payload AS lead,
            n.created_at AS matched_at
       FROM notifications n JOIN saved_searches s ON s.id = n.saved_search_id
      WHERE n.id = ANY($1::bigint[]) ORDER BY s.name, n.id`,
    [delivery.notification_ids],
  );
  return { email: user.rows[0]?.email ?? '', search: search?.rows[0] ?? null, items: rows };
}

export interface AttemptOutcome {
  ok: boolean;
  httpStatus?: number;
  error?: string;
  durationMs: number;
  /** The delivery's state after this attempt; next_attempt_at only for 'pending'. */
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  nextAttemptAt?: Date;
}

/** Logs the attempt and moves the delivery on (sent, retried later, given up, or skipped). */
export async function recordAttempt(
  db: Queryable,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO notification_delivery_attempts (delivery_id, attempt, attempted_at, ok, http_status, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (delivery_id, attempt) DO NOTHING`,
      [
        delivery.id,
        delivery.attempts,
        now,
        outcome.ok,
        outcome.httpStatus ?? null,
        outcome.error ?? null,
        outcome.durationMs,
      ],
    );
    await tx.query(
      `UPDATE notification_deliveries
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

/** A daily notification taken into a digest, with where its search delivers. */
export interface DigestItem {
  id: string;
  user_id: string;
  saved_search_id: string;
  email_enabled: boolean;
  has_webhook: boolean;
}

/** Marks every daily notification not yet digested (up to now) as digested and returns them. */
export async function takeDigestItems(tx: Queryable, now: Date): Promise<DigestItem[]> {
  const { rows } = await tx.query<DigestItem>(
    `WITH taken AS (
       UPDATE notifications SET digested_at = $1
        WHERE delivery = 'daily' AND digested_at IS NULL AND created_at <= $1
        RETURNING id, user_id, saved_search_id)
     SELECT t.id::text AS id, t.user_id, t.saved_search_id, s.email_enabled,
            s.webhook_url IS NOT NULL AS has_webhook
       FROM taken t JOIN saved_searches s ON s.id = t.saved_search_id
      ORDER BY t.user_id, t.id`,
    [now],
  );
  return rows;
}
