import type { Queryable } from '../../platform/db/index.js';
import { defineOutbox } from '../../platform/outbox/index.js';
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

/** The alert outbox's tables, for the shared outbox runner. */
export const ALERT_OUTBOX = defineOutbox({
  deliveries: 'notification_deliveries',
  attempts: 'notification_delivery_attempts',
  claimColumns: `d.id::text AS id, d.user_id, d.saved_search_id, d.channel, d.kind,
                 d.notification_ids::text[] AS notification_ids, d.attempts`,
});

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
