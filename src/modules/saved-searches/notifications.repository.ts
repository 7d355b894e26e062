import type { Queryable } from '../../platform/db/index.js';
import type { LeadSummary } from './saved-searches.schemas.js';

/** What an in-app notification is about: a lead matching a saved search, or a refunded purchase. */
export type NotificationKind = 'saved_search_match' | 'purchase_refunded';

/** What a refund notice tells the buyer (no contact data: the lead is named by id). */
export interface RefundNotice {
  purchase_id: string;
  lead_id: string;
  credits: number;
  reason: string;
  message: string;
}

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  saved_search_id: string | null;
  saved_search_name: string | null;
  /** The stored payload: a LeadSummary for a match, a RefundNotice for a refund. */
  payload: LeadSummary | RefundNotice;
  created_at: Date;
  read_at: Date | null;
}

/** The user's notifications newest first, after the keyset cursor (an id) when given. */
export async function listNotifications(
  db: Queryable,
  userId: string,
  options: { before?: string; limit: number; unreadOnly: boolean },
): Promise<NotificationRow[]> {
  const { rows } = await db.query<NotificationRow>(
    `SELECT n.id::text AS id, n.kind, n.saved_search_id, s.name AS saved_search_name, n.payload,
            n.created_at, n.read_at
       FROM notifications n LEFT JOIN saved_searches s ON s.id = n.saved_search_id
      WHERE n.user_id = $1 AND ($2::bigint IS NULL OR n.id < $2::bigint)
        AND (NOT $3::boolean OR n.read_at IS NULL)
      ORDER BY n.id DESC LIMIT $4`,
    [userId, options.before ?? null, options.unreadOnly, options.limit],
  );
  return rows;
}

export async function countUnread(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL',
    [userId],
  );
  return rows[0]?.count ?? 0;
}

/** Marks the user's notification read (keeping the first read time); null when it is not theirs. */
export async function markRead(
  db: Queryable,
  userId: string,
  id: string,
  now: Date,
): Promise<{ id: string; read_at: Date } | null> {
  const { rows } = await db.query<{ id: string; read_at: Date }>(
    `UPDATE notifications SET read_at = coalesce(read_at, $3)
      WHERE id = $1::bigint AND user_id = $2 RETURNING id::text AS id, read_at`,
    [id, userId, now],
  );
  return rows[0] ?? null;
}

/**
 * Writes a refund notice in the buyer's in-app list, once per purchase (a repeat is skipped); pass the
 * refund's transaction so the notice exists exactly when the refund does. Returns whether it was new.
 */
export async function insertRefundNotice(
  db: Queryable,
  notice: RefundNotice & { user_id: string },
  now: Date,
): Promise<boolean> {
  const { user_id: userId, ...payload } = notice;
  const { rowCount } = await db.query(
    `INSERT INTO notifications (user_id, kind, subject, lead_id, delivery, payload, created_at)
     VALUES ($1, 'purchase_refunded', $2, $3, 'instant', $4::jsonb, $5)
     ON CONFLICT (kind, subject) WHERE subject IS NOT NULL DO NOTHING`,
    [userId, `purchase:${notice.purchase_id}`, notice.lead_id, JSON.stringify(payload), now],
  );
  return rowCount > 0;
}
