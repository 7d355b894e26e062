import type { Queryable } from '../../platform/db/index.js';

export interface ExportFilter {
  /** Purchases made at or after this moment. */
  since?: Date;
  status?: 'active' | 'refunded';
}

/**
 * Where a page ended. The time is PostgreSQL's own text (microseconds): a JS Date keeps milliseconds only,
 * and a keyset rounded to them would repeat or skip rows bought within the same millisecond.
 */
export interface ExportKeyset {
  at: string;
  id: string;
}

/**
 * One page of the buyer's purchase ids for the CSV export, oldest first (an export `since` the last one
 * reads as a continuation), after the keyset (purchased_at, id) when given. Walks purchases_buyer.
 */
export async function exportPurchaseIdsPage(
  db: Queryable,
  buyerId: string,
  filter: ExportFilter,
  after: ExportKeyset | null,
  limit: number,
): Promise<{ id: string; keyset: ExportKeyset }[]> {
  const { rows } = await db.query<{ id: string; at: string }>(
    `SELECT id, purchased_at::text AS at FROM purchases
      WHERE buyer_id = $1
        AND ($2::timestamptz IS NULL OR purchased_at >= $2::timestamptz)
        AND ($3::text IS NULL OR status = $3::text)
        AND ($4::timestamptz IS NULL OR (purchased_at, id) > ($4::timestamptz, $5::uuid))
      ORDER BY purchased_at, id
      LIMIT $6`,
    [buyerId, filter.since ?? null, filter.status ?? null, after?.at ?? null, after?.id ?? null, limit],
  );
  return rows.map((row) => ({ id: row.id, keyset: { at: row.at, id: row.id } }));
}
