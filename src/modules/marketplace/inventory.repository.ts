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

/** A lead's slots; absent until someone carts or buys it. */
export interface InventoryRow {
  lead_id: string;
  max_buyers: number;
  holders: number;
  exclusive_holder: string | null;
}

/**
 * Creates the slot rows of leads that have none, with `maxBuyers` slots (existing rows keep theirs).
 * Inserted in lead id order so concurrent checkouts of overlapping carts wait on each other, never deadlock.
 */
export async function ensureInventory(
  db: Queryable,
  leadIds: readonly string[],
  maxBuyers: number,
): Promise<void> {
  if (leadIds.length === 0) return;
  await db.query(
    `INSERT INTO lead_inventory (lead_id, max_buyers)
     SELECT id, $2 FROM unnest($1::uuid[]) AS id ORDER BY id
     ON CONFLICT (lead_id) DO NOTHING`,
    [[...leadIds].sort(), maxBuyers],
  );
}

export async function readInventory(
  db: Queryable,
  leadIds: readonly string[],
): Promise<Map<string, InventoryRow>> {
  if (leadIds.length === 0) return new Map();
  const { rows } = await db.query<InventoryRow>(
    'SELECT lead_id, max_buyers, holders, exclusive_holder FROM lead_inventory WHERE lead_id = ANY($1::uuid[])',
    [leadIds],
  );
  return new Map(rows.map((row) => [row.lead_id, row]));
}

/**
 * Takes a slot (or, exclusively, every slot of a lead nobody holds) with one conditional UPDATE. The row
 * lock makes concurrent takers queue; each re-checks the condition on the row as the previous one left
 * it, so the last slot goes to exactly one. Returns the row after the take, or null when none was left.
 */
export async function takeSlot(
  db: Queryable,
  input: { leadId: string; buyerId: string; exclusive: boolean },
): Promise<InventoryRow | null> {
  const { rows } = await db.query<InventoryRow>(
    input.exclusive
      ? `UPDATE lead_inventory SET holders = max_buyers, exclusive_holder = $2, updated_at = now()
          WHERE lead_id = $1 AND holders = 0 AND exclusive_holder IS NULL
          RETURNING lead_id, max_buyers, holders, exclusive_holder`
      : `UPDATE lead_inventory SET holders = holders + 1, updated_at = now()
          WHERE lead_id = $1 AND holders < max_buyers AND exclusive_holder IS NULL
          RETURNING lead_id, max_buyers, holders, exclusive_holder`,
    input.exclusive ? [input.leadId, input.buyerId] : [input.leadId],
  );
  return rows[0] ?? null;
}
