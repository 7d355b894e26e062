import type { Queryable } from '../../platform/db/index.js';
import {
  countUnread,
  listNotifications,
  markRead,
  type NotificationRow,
  type RefundNotice,
} from './notifications.repository.js';
import { NotificationNotFoundError } from './saved-searches.errors.js';
import type { LeadSummary } from './saved-searches.schemas.js';

/** The API view: a match carries the (masked) lead, a refund notice what was refunded. */
function view(row: NotificationRow) {
  const match = row.kind === 'saved_search_match';
  return {
    id: row.id,
    kind: row.kind,
    saved_search_id: row.saved_search_id,
    saved_search_name: row.saved_search_name,
    lead: match ? (row.payload as LeadSummary) : null,
    refund: match ? null : (row.payload as RefundNotice),
    created_at: row.created_at.toISOString(),
    read_at: row.read_at?.toISOString() ?? null,
  };
}

/** The in-app alert list of a user and marking alerts read. */
export function createNotificationsService(deps: { db: Queryable; clock?: () => Date }) {
  const { db } = deps;
  const now = deps.clock ?? (() => new Date());
  return {
    /** Newest first after the keyset cursor (an id), with the next cursor and the unread count. */
    async list(userId: string, options: { cursor?: string; limit: number; unreadOnly: boolean }) {
      const rows = await listNotifications(db, userId, {
        before: options.cursor,
        limit: options.limit,
        unreadOnly: options.unreadOnly,
      });
      return {
        items: rows.map(view),
        next_cursor: rows.length === options.limit ? rows.at(-1)!.id : null,
        unread_count: await countUnread(db, userId),
      };
    },

    /** Marks the user's alert read (the first read time is kept); 404 when it is not theirs. */
    async markRead(userId: string, id: string): Promise<{ id: string; read_at: string }> {
      const row = await markRead(db, userId, id, now());
      if (!row) throw new NotificationNotFoundError();
      return { id: row.id, read_at: row.read_at.toISOString() };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
