import type { Queryable } from '../../platform/db/index.js';
import { MARKET_SQL, type Market } from './demand.repository.js';
import type { PriceReceipt, SellableType } from './pricing.types.js';

/** What pricing reads about a lead, with its market and its latest stored list price. */
export interface LeadPricingRow {
  id: string;
  status: string;
  listing_type: string;
  property_type: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  quality_score: number | null;
  /** posted_at, else when we first saw the lead. */
  posted_at: Date;
  market: Market | null;
  latest_version: number | null;
  latest_credits: number | null;
  /** Purchase signals counted for the lead (pricing's default count of buyers holding it). */
  purchase_signals: number;
}

export interface StoredPrice {
  lead_id: string;
  version: number;
  credits: number;
  receipt: PriceReceipt;
  rules_version: string;
  computed_at: Date;
}

/**
 * The pricing facts of the leads whose ids the SQL expression `ids` (a uuid[]) gives: a fragment, so the
 * quote can read it beside the demand levels and the overrides, or inside a search page. Map its rows
 * with `toLeadPricingRow`.
 */
export const leadsForPricingSql = (ids: string) => `SELECT l.id, l.status, l.listing_type, l.property_type,
     l.city, l.state, l.zip, l.quality_score, coalesce(l.posted_at, l.first_seen_at) AS posted_at,
     ${MARKET_SQL.scope} AS scope, ${MARKET_SQL.area} AS area,
     p.version AS latest_version, p.credits AS latest_credits, coalesce(ld.purchases, 0) AS purchase_signals
   FROM leads l
   LEFT JOIN lead_demand ld ON ld.lead_id = l.id
   LEFT JOIN LATERAL (
     SELECT version, credits FROM lead_prices WHERE lead_id = l.id ORDER BY version DESC LIMIT 1
   ) p ON true
   WHERE l.id = ANY(${ids})`;

/** A row of `leadsForPricingSql`, as read directly or through JSON (where the time is a string). */
export type RawLeadPricingRow = Omit<LeadPricingRow, 'market' | 'posted_at'> & {
  posted_at: Date | string;
  scope: Market['scope'] | null;
  area: string | null;
};

export function toLeadPricingRow({ scope, area, posted_at, ...row }: RawLeadPricingRow): LeadPricingRow {
  return {
    ...row,
    posted_at: posted_at instanceof Date ? posted_at : new Date(posted_at),
    market: scope && area ? { scope, area } : null,
  };
}

/** The pricing facts of many leads in one set-based read (leads missing from the result do not exist). */
export async function readLeadsForPricing(
  db: Queryable,
  leadIds: readonly string[],
): Promise<LeadPricingRow[]> {
  if (leadIds.length === 0) return [];
  const { rows } = await db.query<RawLeadPricingRow>(leadsForPricingSql('$1::uuid[]'), [leadIds]);
  return rows.map(toLeadPricingRow);
}

export interface NewPrice {
  leadId: string;
  credits: number;
  receipt: PriceReceipt;
  rulesVersion: string;
  computedAt: Date;
}

/**
 * Stores a new version for each price whose credits differ from the lead's latest; returns the version
 * each lead's price now has. Concurrent quotes of the same lead agree: a losing insert re-reads.
 */
export async function storePriceVersions(db: Queryable, prices: NewPrice[]): Promise<Map<string, number>> {
  if (prices.length === 0) return new Map();
  const { rows } = await db.query<{ lead_id: string; version: number }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::jsonb[], $4::text[], $5::timestamptz[])
         AS i (lead_id, credits, receipt, rules_version, computed_at)
     ), latest AS (
       SELECT DISTINCT ON (lead_id) lead_id, version, credits FROM lead_prices
       WHERE lead_id IN (SELECT lead_id FROM input) ORDER BY lead_id, version DESC
     ), inserted AS (
       INSERT INTO lead_prices (lead_id, version, credits, receipt, rules_version, computed_at)
       SELECT i.lead_id, coalesce(l.version, 0) + 1, i.credits, i.receipt, i.rules_version, i.computed_at
       FROM input i LEFT JOIN latest l USING (lead_id)
       WHERE l.credits IS DISTINCT FROM i.credits
       ON CONFLICT (lead_id, version) DO NOTHING
       RETURNING lead_id, version
     )
     SELECT lead_id, version FROM inserted
     UNION ALL
     SELECT l.lead_id, l.version FROM latest l JOIN input i USING (lead_id) WHERE l.credits = i.credits`,
    [
      prices.map((price) => price.leadId),
      prices.map((price) => price.credits),
      prices.map((price) => JSON.stringify(price.receipt)),
      prices.map((price) => price.rulesVersion),
      prices.map((price) => price.computedAt),
    ],
  );
  const versions = new Map(rows.map((row) => [row.lead_id, row.version]));
  const lost = prices.filter((price) => !versions.has(price.leadId)).map((price) => price.leadId);
  if (lost.length > 0) {
    // Another quote stored a version between our read and our insert: take whatever is latest now.
    const { rows: latest } = await db.query<{ lead_id: string; version: number }>(
      `SELECT DISTINCT ON (lead_id) lead_id, version FROM lead_prices WHERE lead_id = ANY($1::uuid[])
       ORDER BY lead_id, version DESC`,
      [lost],
    );
    for (const row of latest) versions.set(row.lead_id, row.version);
  }
  return versions;
}

/** A lead's stored prices, newest first. */
export async function listPriceHistory(db: Queryable, leadId: string, limit: number): Promise<StoredPrice[]> {
  const { rows } = await db.query<StoredPrice>(
    `SELECT lead_id, version, credits, receipt, rules_version, computed_at FROM lead_prices
     WHERE lead_id = $1 ORDER BY version DESC LIMIT $2`,
    [leadId, limit],
  );
  return rows;
}

/** Whether the lead exists (history of an unknown lead is a 404, not an empty list). */
export async function leadExists(db: Queryable, leadId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM leads WHERE id = $1', [leadId]);
  return rows.length > 0;
}

/** Narrows a listing type to the sellable ones. */
export function isSellable(type: string, sellable: readonly SellableType[]): type is SellableType {
  return (sellable as readonly string[]).includes(type);
}
