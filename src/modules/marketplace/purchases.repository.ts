import type { Queryable } from '../../platform/db/index.js';

/** A purchase joined with its lead and the lead's contact, as the purchase view needs it. */
export interface PurchaseRow {
  id: string;
  checkout_id: string;
  lead_id: string;
  exclusive: boolean;
  credits: number;
  price_version: number;
  receipt: Record<string, unknown>;
  status: 'active' | 'refunded';
  refund_reason: string | null;
  refunded_at: Date | null;
  purchased_at: Date;
  lead_status: string;
  merged_into: string | null;
  listing_type: string;
  property_type: string | null;
  title: string | null;
  description: string | null;
  asking_price: string | null;
  bedrooms: string | null;
  bathrooms: string | null;
  sqft: number | null;
  lot_sqft: number | null;
  year_built: number | null;
  address_line: string | null;
  unit: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  address_canonical: string | null;
  latitude: number | null;
  longitude: number | null;
  geo_precision: string | null;
  posted_at: Date | null;
  quality_score: number | null;
  contact_name: string | null;
  phones: string[] | null;
  emails: string[] | null;
  consent: unknown | null;
  suppressed_at: Date | null;
  dnc: {
    scrubbed_at: string;
    listed: { phone: string; lists: ('national' | 'internal')[] }[];
    checked?: string[];
    unchecked?: string[];
  } | null;
}

/** The buyer's purchases among `ids` (others' purchases are simply absent). */
export async function readPurchases(
  db: Queryable,
  buyerId: string,
  ids: readonly string[],
): Promise<PurchaseRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<PurchaseRow>(
    `SELECT p.id, p.checkout_id, p.lead_id, p.exclusive, p.credits, p.price_version, p.receipt, p.status,
            p.refund_reason, p.refunded_at, p.purchased_at,
            l.status AS lead_status, l.merged_into, l.listing_type, l.property_type, l.title, l.description,
            l.price::text AS asking_price, l.bedrooms::text AS bedrooms, l.bathrooms::text AS bathrooms,
            l.sqft, l.lot_sqft, l.year_built, l.address_line, l.unit, l.city, l.state, l.zip,
            l.address_canonical,
            CASE WHEN l.location IS NULL THEN NULL ELSE ST_Y(l.location::geometry) END AS latitude,
            CASE WHEN l.location IS NULL THEN NULL ELSE ST_X(l.location::geometry) END AS longitude,
            l.geo_precision, l.posted_at, l.quality_score,
            c.name AS contact_name, c.phones, c.emails, c.consent, c.suppressed_at, c.dnc
       FROM purchases p
       JOIN leads l ON l.id = p.lead_id
       LEFT JOIN contacts c ON c.lead_id = p.lead_id
      WHERE p.buyer_id = $1 AND p.id = ANY($2::uuid[])`,
    [buyerId, ids],
  );
  return rows;
}

/** One page of the buyer's purchase ids, newest first, after the keyset (purchased_at, id) when given. */
export async function listPurchaseIds(
  db: Queryable,
  buyerId: string,
  after: { at: string; id: string } | null,
  limit: number,
): Promise<{ id: string; at: string }[]> {
  const { rows } = await db.query<{ id: string; at: string }>(
    `SELECT id, purchased_at::text AS at FROM purchases
      WHERE buyer_id = $1 AND ($2::timestamptz IS NULL OR (purchased_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY purchased_at DESC, id DESC
      LIMIT $4`,
    [buyerId, after?.at ?? null, after?.id ?? null, limit],
  );
  return rows;
}

/** Whether the buyer holds the lead (refunded purchases count: a buyer holds a lead at most once). */
export async function purchasedLeadIds(
  db: Queryable,
  buyerId: string,
  leadIds: readonly string[],
): Promise<Set<string>> {
  if (leadIds.length === 0) return new Set();
  const { rows } = await db.query<{ lead_id: string }>(
    'SELECT lead_id FROM purchases WHERE buyer_id = $1 AND lead_id = ANY($2::uuid[])',
    [buyerId, leadIds],
  );
  return new Set(rows.map((row) => row.lead_id));
}
