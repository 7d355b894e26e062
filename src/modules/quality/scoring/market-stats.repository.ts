import type { Queryable } from '../../../platform/db/index.js';
import type { MarketStats } from './scoring.types.js';

// Local price statistics: rebuilt in bulk (hourly job), read per lead by primary-key lookups.

/** Fewer comps than this and a group's median says too little: the lookup falls back to a wider area. */
export const MARKET_MIN_COMPS = 5;
/** Only listings posted (or first seen) within this window are comps. */
export const MARKET_WINDOW_DAYS = 365;

const SALE_TYPES = ['fsbo_sale', 'agent_sale'];
const RENTAL_TYPES = ['owner_rental', 'agent_rental'];

export interface RefreshMarketStatsOptions {
  now?: Date;
  windowDays?: number;
  minComps?: number;
}

/**
 * Rebuilds market_price_stats from live leads: median and MAD of price and of price per sqft per
 * (ZIP | city | state) × (sale | rental) × (property type | '*'), with percentile_cont. One transaction,
 * so readers see the old table or the new one. Returns the number of groups kept.
 */
export async function refreshMarketPriceStats(
  db: Queryable,
  options: RefreshMarketStatsOptions = {},
): Promise<{ groups: number }> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - (options.windowDays ?? MARKET_WINDOW_DAYS) * 86_400_000);
  const minComps = options.minComps ?? MARKET_MIN_COMPS;
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM market_price_stats');
    const { rowCount } = await tx.query(
      `WITH comps AS (
         SELECT CASE WHEN listing_type = ANY($2::text[]) THEN 'sale' ELSE 'rental' END AS market,
                zip, upper(btrim(city)) || '|' || state AS city_key, state,
                coalesce(property_type, 'other') AS ptype,
                price::float8 AS price,
                CASE WHEN sqft > 0 THEN price::float8 / sqft END AS ppsf
         FROM leads
         WHERE status IN ('draft', 'published') AND price > 0
           AND (listing_type = ANY($2::text[]) OR listing_type = ANY($3::text[]))
           AND coalesce(posted_at, first_seen_at) >= $1
       ),
       keyed AS (
         SELECT area_key.scope, area_key.area, comps.market, type_key.ptype, comps.price, comps.ppsf
         FROM comps
         CROSS JOIN LATERAL (VALUES ('zip', comps.zip), ('city', comps.city_key), ('state', comps.state))
           AS area_key (scope, area)
         CROSS JOIN LATERAL (VALUES (comps.ptype), ('*')) AS type_key (ptype)
         WHERE area_key.area IS NOT NULL
       ),
       medians AS (
         SELECT scope, area, market, ptype, count(*) AS comps, count(ppsf) AS ppsf_comps,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY price) AS price_median,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ppsf) AS ppsf_median
         FROM keyed GROUP BY scope, area, market, ptype
         HAVING count(*) >= $4
       )
       INSERT INTO market_price_stats
         (scope, area, market, property_type, comps, price_median, price_mad, ppsf_comps, ppsf_median,
          ppsf_mad, refreshed_at)
       SELECT m.scope, m.area, m.market, m.ptype, m.comps, m.price_median,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(k.price - m.price_median)),
              m.ppsf_comps,
              CASE WHEN m.ppsf_comps >= $4 THEN m.ppsf_median END,
              CASE WHEN m.ppsf_comps >= $4
                THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(k.ppsf - m.ppsf_median)) END,
              $5
       FROM medians m
       JOIN keyed k ON (k.scope, k.area, k.market, k.ptype) = (m.scope, m.area, m.market, m.ptype)
       GROUP BY m.scope, m.area, m.market, m.ptype, m.comps, m.price_median, m.ppsf_comps, m.ppsf_median`,
      [since.toISOString(), SALE_TYPES, RENTAL_TYPES, minComps, now.toISOString()],
    );
    return { groups: rowCount };
  });
}

interface StatsRow {
  lead_id: string;
  scope: MarketStats['scope'];
  area: string;
  property_type: string;
  comps: number;
  price_median: number;
  price_mad: number;
  ppsf_median: number | null;
  ppsf_mad: number | null;
}

/**
 * The most specific stats for each lead: its ZIP and property type, then the ZIP's all-types group,
 * then city, then state. Up to six primary-key probes per lead; leads without a market are absent.
 */
export async function findMarketStats(db: Queryable, leadIds: string[]): Promise<Map<string, MarketStats>> {
  const { rows } = await db.query<StatsRow>(
    `SELECT l.id AS lead_id, s.*
     FROM leads l
     CROSS JOIN LATERAL (
       SELECT m.scope, m.area, m.property_type, m.comps, m.price_median, m.price_mad, m.ppsf_median, m.ppsf_mad
       FROM (VALUES
         (1, 'zip', l.zip, coalesce(l.property_type, 'other')), (2, 'zip', l.zip, '*'),
         (3, 'city', upper(btrim(l.city)) || '|' || l.state, coalesce(l.property_type, 'other')),
         (4, 'city', upper(btrim(l.city)) || '|' || l.state, '*'),
         (5, 'state', l.state, coalesce(l.property_type, 'other')), (6, 'state', l.state, '*')
       ) AS k (rank, scope, area, ptype)
       JOIN market_price_stats m
         ON m.scope = k.scope AND m.area = k.area AND m.property_type = k.ptype
        AND m.market = CASE WHEN l.listing_type = ANY($2::text[]) THEN 'sale' ELSE 'rental' END
       ORDER BY k.rank
       LIMIT 1
     ) s
     WHERE l.id = ANY($1::uuid[])
       AND (l.listing_type = ANY($2::text[]) OR l.listing_type = ANY($3::text[]))`,
    [leadIds, SALE_TYPES, RENTAL_TYPES],
  );
  return new Map(
    rows.map((row) => [
      row.lead_id,
      {
        scope: row.scope,
        area: row.area,
        propertyType: row.property_type,
        comps: row.comps,
        priceMedian: row.price_median,
        priceMad: row.price_mad,
        ppsfMedian: row.ppsf_median,
        ppsfMad: row.ppsf_mad,
      },
    ]),
  );
}
