import type { Queryable } from '../../platform/db/index.js';
import type { PriceReceipt } from '../pricing/index.js';

export interface CartRow {
  lead_id: string;
  exclusive: boolean;
  credits: number;
  price_version: number;
  receipt: PriceReceipt;
  quoted_at: Date;
  locked_until: Date;
  added_at: Date;
}

export interface CartRowWithLead extends CartRow {
  lead_status: string;
  listing_type: string;
  property_type: string | null;
  title: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  quality_score: number | null;
}

/** What the cart checks about a lead before quoting it. */
export interface LeadForSale {
  id: string;
  status: string;
  merged_into: string | null;
  listing_type: string;
}

const CART_COLUMNS = `ci.lead_id, ci.exclusive, ci.credits, ci.price_version, ci.receipt, ci.quoted_at,
  ci.locked_until, ci.added_at`;

export async function readLeadsForSale(
  db: Queryable,
  leadIds: readonly string[],
): Promise<Map<string, LeadForSale>> {
  if (leadIds.length === 0) return new Map();
  const { rows } = await db.query<LeadForSale>(
    'SELECT id, status, merged_into, listing_type FROM leads WHERE id = ANY($1::uuid[])',
    [leadIds],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** The buyer's cart (or one item of it) with a summary of each lead, oldest item first. */
export async function listCart(db: Queryable, userId: string, leadId?: string): Promise<CartRowWithLead[]> {
  const { rows } = await db.query<CartRowWithLead>(
    `SELECT ${CART_COLUMNS}, l.status AS lead_status, l.listing_type, l.property_type, l.title, l.city,
            l.state, l.zip, l.quality_score
       FROM cart_items ci JOIN leads l ON l.id = ci.lead_id
      WHERE ci.user_id = $1 AND ($2::uuid IS NULL OR ci.lead_id = $2)
      ORDER BY ci.added_at, ci.lead_id`,
    [userId, leadId ?? null],
  );
  return rows;
}

/** Locks the buyer's cart rows in lead id order (checkout's first step; the order avoids deadlocks). */
export async function lockCart(db: Queryable, userId: string): Promise<CartRow[]> {
  const { rows } = await db.query<CartRow>(
    `SELECT ${CART_COLUMNS} FROM cart_items ci WHERE ci.user_id = $1 ORDER BY ci.lead_id FOR UPDATE`,
    [userId],
  );
  return rows;
}

/** Locks the buyer's user row: concurrent cart writes of one buyer run one after another. */
export async function lockCartOwner(db: Queryable, userId: string): Promise<void> {
  await db.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
}

export async function hasCartItem(db: Queryable, userId: string, leadId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM cart_items WHERE user_id = $1 AND lead_id = $2', [
    userId,
    leadId,
  ]);
  return rows.length > 0;
}

export async function countCartItems(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM cart_items WHERE user_id = $1',
    [userId],
  );
  return rows[0]!.n;
}

export interface CartQuote {
  leadId: string;
  exclusive: boolean;
  credits: number;
  priceVersion: number;
  receipt: PriceReceipt;
  quotedAt: Date;
  lockedUntil: Date;
}

/** Adds or re-quotes an item; `created` tells which. */
export async function upsertCartItem(
  db: Queryable,
  userId: string,
  quote: CartQuote,
): Promise<{ row: CartRow; created: boolean }> {
  const { rows } = await db.query<CartRow & { created: boolean }>(
    `INSERT INTO cart_items AS ci (user_id, lead_id, exclusive, credits, price_version, receipt, quoted_at, locked_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (user_id, lead_id) DO UPDATE SET exclusive = EXCLUDED.exclusive, credits = EXCLUDED.credits,
       price_version = EXCLUDED.price_version, receipt = EXCLUDED.receipt, quoted_at = EXCLUDED.quoted_at,
       locked_until = EXCLUDED.locked_until
     RETURNING ${CART_COLUMNS}, (xmax = 0) AS created`,
    [
      userId,
      quote.leadId,
      quote.exclusive,
      quote.credits,
      quote.priceVersion,
      JSON.stringify(quote.receipt),
      quote.quotedAt,
      quote.lockedUntil,
    ],
  );
  const { created, ...row } = rows[0]!;
  return { row, created };
}

/** Stores fresh quotes on existing items (checkout's re-price of expired locks). */
export async function requoteCartItems(db: Queryable, userId: string, quotes: CartQuote[]): Promise<void> {
  if (quotes.length === 0) return;
  await db.query(
    `UPDATE cart_items ci SET credits = q.credits, price_version = q.price_version, receipt = q.receipt,
            quoted_at = q.quoted_at, locked_until = q.locked_until
       FROM unnest($2::uuid[], $3::int[], $4::int[], $5::jsonb[], $6::timestamptz[], $7::timestamptz[])
         AS q (lead_id, credits, price_version, receipt, quoted_at, locked_until)
      WHERE ci.user_id = $1 AND ci.lead_id = q.lead_id`,
    [
      userId,
      quotes.map((q) => q.leadId),
      quotes.map((q) => q.credits),
      quotes.map((q) => q.priceVersion),
      quotes.map((q) => JSON.stringify(q.receipt)),
      quotes.map((q) => q.quotedAt),
      quotes.map((q) => q.lockedUntil),
    ],
  );
}

/** Removes items; returns how many were there. */
export async function deleteCartItems(
  db: Queryable,
  userId: string,
  leadIds: readonly string[],
): Promise<number> {
  const result = await db.query('DELETE FROM cart_items WHERE user_id = $1 AND lead_id = ANY($2::uuid[])', [
    userId,
    leadIds,
  ]);
  return result.rowCount;
}
