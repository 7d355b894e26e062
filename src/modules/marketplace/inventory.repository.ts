import type { Queryable } from '../../platform/db/index.js';

/**
 * Buyers holding each lead (an exclusive holder counts as every slot), from the slots table; leads nobody
 * has bought are absent and count 0. Pricing's `holdersOf` and search's "slots left" read this.
 */
export async function holdersOf(db: Queryable, leadIds: readonly string[]): Promise<Map<string, number>> {
  if (leadIds.length === 0) return new Map();
  const { rows } = await db.query<{ lead_id: string; holders: number }>(
    'SELECT lead_id, holders FROM lead_inventory WHERE lead_id = ANY($1::uuid[])',
    [leadIds],
  );
  return new Map(rows.map((row) => [row.lead_id, row.holders]));
}
