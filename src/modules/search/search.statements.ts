import type { Cursor } from './search.cursor.js';
import type { NormalizedSearch } from './search.rules.js';
import { buildFilter, keysetCondition, Params, sortSpec } from './search.sql.js';

// The search statements. A first page with facets is one statement: the matched set is materialised once,
// the facets (GROUPING SETS, one pass) and the page (top-N of the same set) read it, and the facets ride
// on the page's first row. Other pages read the leads through the sort's keyset index.

export interface Statement {
  sql: string;
  params: unknown[];
}

/** Price facet edges: rentals below 5,000, sales above. */
export const PRICE_EDGES = [0, 1000, 2500, 5000, 100_000, 250_000, 500_000, 1_000_000] as const;
/**
 * A first page counts at most this many rows exactly; beyond it the total is the planner's estimate.
 * Counting is reading every match: at 10,000 it cost more than the page itself (docs/SEARCH.md).
 */
export const EXACT_COUNT_LIMIT = 1000;

// The page's rows dressed for the response: facts, position, sources and the masked contact only.
const DECORATE = `
SELECT l.id, l.title, l.listing_type, l.property_type, l.price, l.bedrooms, l.bathrooms, l.sqft,
  l.city, l.state, l.zip, ST_Y(l.location::geometry) AS latitude, ST_X(l.location::geometry) AS longitude,
  pg.distance_m, pg.sort_key, l.posted_at, l.quality_score, l.fraud_score,
  ARRAY(SELECT DISTINCT s.source_id FROM lead_sources s WHERE s.lead_id = l.id ORDER BY 1) AS sources,
  cm.name_initial, coalesce(cm.phones_masked, '{}') AS phones_masked,
  coalesce(cm.emails_masked, '{}') AS emails_masked, coalesce(cm.has_phone, false) AS has_phone,
  coalesce(cm.has_email, false) AS has_email,
  coalesce(jsonb_array_length(c.dnc -> 'listed') > 0, false) AS dnc_listed`;

const DECORATE_JOINS = `
JOIN leads l ON l.id = pg.id
LEFT JOIN contacts_masked cm ON cm.lead_id = l.id
LEFT JOIN contacts c ON c.lead_id = l.id`;

const FACETS = `
facet_rows AS (
  SELECT CASE
      WHEN GROUPING(m.property_type) = 0 THEN 'property_type'
      WHEN GROUPING(m.listing_type) = 0 THEN 'listing_type'
      WHEN GROUPING(m.price_bucket) = 0 THEN 'price'
      WHEN GROUPING(m.beds) = 0 THEN 'beds'
      WHEN GROUPING(m.quality_band) = 0 THEN 'quality_band'
      WHEN GROUPING(m.city) = 0 THEN 'city'
      WHEN GROUPING(m.zip) = 0 THEN 'zip'
      ELSE 'total' END AS facet,
    coalesce(m.property_type, m.listing_type, m.price_bucket::text, m.beds, m.quality_band, m.city, m.zip) AS value,
    m.state, count(*) AS n
  FROM matched m
  GROUP BY GROUPING SETS ((m.property_type), (m.listing_type), (m.price_bucket), (m.beds), (m.quality_band),
    (m.city, m.state), (m.zip), ())
  UNION ALL
  -- Per matched lead through lead_sources' primary key: a hash join would read all of lead_sources.
  SELECT 'source', s.source_id, NULL, count(*)
  FROM matched m CROSS JOIN LATERAL (
    SELECT DISTINCT ls.source_id FROM lead_sources ls WHERE ls.lead_id = m.id) s
  GROUP BY s.source_id
),
facets AS (
  SELECT jsonb_agg(jsonb_build_array(facet, value, state, n)) AS rows
  FROM (
    SELECT f.*, row_number() OVER (PARTITION BY f.facet ORDER BY f.n DESC, f.value) AS place
    FROM facet_rows f
    WHERE f.value IS NOT NULL OR f.facet = 'total'
  ) ranked
  WHERE place <= 10 OR facet NOT IN ('city', 'zip')
)`;

/** One page of results (after the cursor when given), with facets and an exact total when asked. */
export function pageStatement(
  search: NormalizedSearch,
  options: { fuzzy: boolean; cursor: Cursor | null; facets: boolean },
): Statement {
  const p = new Params();
  const filter = buildFilter(search, options.fuzzy, p);
  const spec = sortSpec(search.sort, filter);
  const where = [...filter.where];
  if (options.cursor) where.push(keysetCondition(spec, options.cursor, p));
  const centre = filter.centre();
  const distance = centre ? `(l.location <-> ${centre})` : 'NULL::float8';
  const limit = p.add(search.limit + 1, 'int');
  const order = (alias: string) => `${alias}.sort_key ${spec.dir}, ${alias}.id ${spec.dir}`;
  if (!options.facets && search.sort === 'distance') {
    // Nearest first: the GiST index walks outwards from the centre (KNN) and stops after the page, but
    // only when ORDER BY is the distance alone; the id tie-break would make the planner read the whole
    // circle and sort it. WITH TIES keeps every row tied with the last, so the outer (distance, id)
    // order, which the cursor follows, is exact.
    const sql = `
WITH nearest AS (
  SELECT l.id, ${spec.keyOut} AS sort_key, ${distance} AS distance_m
  FROM leads l WHERE ${where.join('\n    AND ')}
  ORDER BY ${spec.key}
  FETCH FIRST (${limit}) ROWS WITH TIES
), pg AS (SELECT * FROM nearest ORDER BY ${order('nearest')} LIMIT ${limit})
${DECORATE}, NULL::jsonb AS facet_rows
FROM pg ${DECORATE_JOINS}
ORDER BY ${order('pg')}`;
    return { sql, params: p.values };
  }
  if (!options.facets) {
    const sql = `
WITH pg AS (
  SELECT l.id, ${spec.keyOut} AS sort_key, ${distance} AS distance_m
  FROM leads l WHERE ${where.join('\n    AND ')}
  ORDER BY ${spec.key} ${spec.dir}, l.id ${spec.dir}
  LIMIT ${limit}
)
${DECORATE}, NULL::jsonb AS facet_rows
FROM pg ${DECORATE_JOINS}
ORDER BY ${order('pg')}`;
    return { sql, params: p.values };
  }
  const edges = p.add(PRICE_EDGES, 'numeric[]');
  const sql = `
WITH matched AS MATERIALIZED (
  SELECT l.id, ${spec.keyOut} AS sort_key, ${distance} AS distance_m, l.property_type, l.listing_type,
    width_bucket(l.price, ${edges}) AS price_bucket,
    CASE WHEN l.bedrooms >= 5 THEN '5+' ELSE floor(l.bedrooms)::int::text END AS beds,
    CASE WHEN l.quality_score >= 70 THEN '70-100' WHEN l.quality_score >= 40 THEN '40-69'
      WHEN l.quality_score >= 0 THEN '0-39' END AS quality_band,
    l.city, l.state, l.zip
  FROM leads l WHERE ${where.join('\n    AND ')}
),
${FACETS},
pg AS (SELECT m.id, m.sort_key, m.distance_m FROM matched m ORDER BY ${order('m')} LIMIT ${limit})
${DECORATE}, CASE WHEN row_number() OVER (ORDER BY ${order('pg')}) = 1 THEN (SELECT rows FROM facets) END AS facet_rows
FROM pg ${DECORATE_JOINS}
ORDER BY ${order('pg')}`;
  return { sql, params: p.values };
}

/** Counts the matches up to EXACT_COUNT_LIMIT + 1 (a probe that stops early). */
export function countProbeStatement(search: NormalizedSearch, fuzzy: boolean): Statement {
  const p = new Params();
  const filter = buildFilter(search, fuzzy, p);
  const sql = `SELECT count(*)::int AS n FROM (
  SELECT 1 FROM leads l WHERE ${filter.where.join(' AND ')} LIMIT ${p.add(EXACT_COUNT_LIMIT + 1, 'int')}) probe`;
  return { sql, params: p.values };
}

/** The planner's row estimate for the matches (EXPLAIN only; nothing runs). */
export function estimateStatement(search: NormalizedSearch, fuzzy: boolean): Statement {
  const p = new Params();
  const filter = buildFilter(search, fuzzy, p);
  return {
    sql: `EXPLAIN (FORMAT JSON) SELECT 1 FROM leads l WHERE ${filter.where.join(' AND ')}`,
    params: p.values,
  };
}
