import { Params } from '../../platform/db/index.js';
import { type PricingRules, quoteInputsSql } from '../pricing/index.js';
import { LEAD_VIEW_COLUMNS, LEAD_VIEW_JOINS } from './lead-view.js';
import type { Cursor } from './search.cursor.js';
import type { NormalizedSearch } from './search.rules.js';
import {
  buildFilter,
  type Filter,
  keysetCondition,
  SEARCHABLE,
  type SortSpec,
  sortSpec,
  tsqueryExpr,
} from './search.sql.js';

// The search statements. A page is one statement: the window (the first WINDOW matches, nearest or newest)
// when relevance ranks it or facets count it, the facets riding on the page's first row, the page itself
// (the ranked window, or the sort's own index), and the count probe. docs/SEARCH.md reviews the plans.

export interface Statement {
  sql: string;
  params: unknown[];
  /** The filter is value-free (`Filter.valueFree`): the statement may keep a generic plan. */
  valueFree?: boolean;
}

/** Price facet edges: rentals below 5,000, sales above. */
export const PRICE_EDGES = [0, 1000, 2500, 5000, 100_000, 250_000, 500_000, 1_000_000] as const;
/**
 * A first page counts at most this many rows exactly; beyond it the total is the planner's estimate.
 * Counting is reading every match: at 10,000 it cost more than the page itself (docs/SEARCH.md).
 */
export const EXACT_COUNT_LIMIT = 250;

// The page's rows dressed for the response: the lead's public view, its distance, sort key and sources.
const DECORATE = `
SELECT ${LEAD_VIEW_COLUMNS}, pg.distance_m, pg.sort_key, l.source_ids AS sources`;

const DECORATE_JOINS = `
JOIN leads l ON l.id = pg.id${LEAD_VIEW_JOINS}`;

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
  -- From the leads' own distinct sources (0019), read with the window: no lookup per lead.
  SELECT 'source', s.source_id, NULL, count(*)
  FROM matched m CROSS JOIN LATERAL unnest(m.source_ids) AS s (source_id)
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

export interface PageOptions {
  fuzzy: boolean;
  cursor: Cursor | null;
  facets: boolean;
  /** Read the page's price-quote inputs too (pricing's `quoteInputsSql`), on the first row. */
  quote?: { now: Date; rules: Pick<PricingRules, 'demand'> };
  /** How many matches the window holds (WINDOW; tests shrink it). */
  window: number;
}

/**
 * Relevance and facets read a bounded window of the matches, not every match: the WINDOW nearest to the
 * centre when there is one, else the WINDOW newest. Ranking (`ts_rank_cd` reads each tsvector) and
 * aggregating every match of a common word cost up to a second at 1M leads (docs/SEARCH.md). Below the
 * window (rare words, small areas, narrow filters) both are exact over every match; above it relevance
 * ranks the window and facets are the window's counts scaled to the estimated total, flagged.
 */
export const WINDOW = 1000;

const POSTED = 'coalesce(l.posted_at, l.first_seen_at)';

interface WindowOrder {
  key: string;
  keyOut: string;
  dir: 'ASC' | 'DESC';
  keyIn: (p: Params, key: number) => string;
  knn: boolean;
}

/** Nearest first around a centre (the GiST index walks outwards and stops), else newest first. */
function windowOrder(centre: string | null): WindowOrder {
  if (centre) {
    const key = `(l.location <-> ${centre})`;
    return { key, keyOut: key, dir: 'ASC', keyIn: (p, k) => p.add(k, 'float8'), knn: true };
  }
  return {
    key: POSTED,
    keyOut: `(extract(epoch FROM ${POSTED}) * 1000000)::bigint`,
    dir: 'DESC',
    keyIn: (p, k) => `(timestamptz 'epoch' + ${p.add(k, 'bigint')} * interval '1 microsecond')`,
    knn: false,
  };
}

// The columns the facets aggregate (added to the window when facets are asked for).
const facetColumns = (edges: string) => `, l.property_type, l.listing_type,
    width_bucket(l.price, ${edges}) AS price_bucket,
    CASE WHEN l.bedrooms >= 5 THEN '5+' ELSE floor(l.bedrooms)::int::text END AS beds,
    CASE WHEN l.quality_score >= 70 THEN '70-100' WHEN l.quality_score >= 40 THEN '40-69'
      WHEN l.quality_score >= 0 THEN '0-39' END AS quality_band,
    l.city, l.state, l.zip, l.source_ids`;

// The probe for the total, inside the page statement (one plan, one round trip): the matches counted up
// to EXACT_COUNT_LIMIT + 1, read only when a first page is full.
function probeColumn(where: string[], p: Params): string {
  return `(SELECT count(*)::int FROM (SELECT 1 FROM leads l WHERE ${where.join(' AND ')}
    LIMIT ${p.add(EXACT_COUNT_LIMIT + 1, 'int')}) probe) AS probe_count`;
}

/**
 * The window as CTEs `matched` (its leads) and `window_edge` (its last lead when it is full, else null).
 * A first page takes the first `window` matches in window order; a later relevance page takes the matches
 * up to the first page's edge, so every page ranks the same leads (newer or nearer arrivals join).
 */
function windowCtes(
  filter: Filter,
  order: WindowOrder,
  options: PageOptions & { ranked: boolean },
  extraColumns: string,
  p: Params,
): string {
  const distance = filter.centre() ? `(l.location <-> ${filter.centre()})` : 'NULL::float8';
  // Relevance ranks the window's leads while it reads them: joining back to each lead's tsvector
  // afterwards cost 1,000 primary-key lookups (~10 ms of a text + radius 25 km + facets page at 1M leads).
  const rank = options.ranked ? `, ${filter.rank} AS rank` : '';
  const select = `SELECT l.id, ${order.keyOut} AS window_key, ${distance} AS distance_m${rank}${extraColumns}
  FROM leads l WHERE ${filter.where.join('\n    AND ')}`;
  const reverse = order.dir === 'ASC' ? 'DESC' : 'ASC';
  let source: string;
  if (!options.cursor) {
    const size = p.add(options.window, 'int');
    // KNN needs the distance alone in ORDER BY; WITH TIES keeps the window whole at its edge.
    source = order.knn
      ? `${select}\n  ORDER BY ${order.key} FETCH FIRST (${size}) ROWS WITH TIES`
      : `${select}\n  ORDER BY ${order.key} ${order.dir}, l.id ${order.dir} LIMIT ${size}`;
  } else if (options.cursor.window) {
    const op = order.dir === 'ASC' ? '<=' : '>=';
    const { key, id } = options.cursor.window;
    source = `${select}\n    AND (${order.key}, l.id) ${op} (${order.keyIn(p, key)}, ${p.add(id, 'uuid')})`;
  } else {
    source = select;
  }
  return `matched AS MATERIALIZED (
  ${source}
),
window_edge AS (
  SELECT CASE WHEN count(*) >= ${p.add(options.window, 'int')} THEN (
      SELECT jsonb_build_array(e.window_key, e.id) FROM matched e
      ORDER BY e.window_key ${reverse}, e.id ${reverse} LIMIT 1)
    END AS edge
  FROM matched
)`;
}

/** The page of a relevance search: the window by its rank, keyset after the cursor. */
function relevancePage(cursor: Cursor | null, limit: string, p: Params): string {
  const keyset = cursor
    ? `WHERE (m.rank, m.id) < (${p.add(cursor.key, 'real')}, ${p.add(cursor.id, 'uuid')})`
    : '';
  return `pg AS (SELECT m.id, m.rank AS sort_key, m.distance_m FROM matched m ${keyset}
  ORDER BY m.rank DESC, m.id DESC LIMIT ${limit})`;
}

/** The page of any other sort: straight on `leads` through the sort's index, keyset after the cursor. */
function sortedPage(
  filter: Filter,
  spec: SortSpec,
  nearestFirst: boolean,
  cursor: Cursor | null,
  limit: string,
  p: Params,
): string {
  const where = [...filter.where];
  if (cursor) where.push(keysetCondition(spec, cursor, p));
  const centre = filter.centre();
  const distance = centre ? `(l.location <-> ${centre})` : 'NULL::float8';
  const select = `SELECT l.id, ${spec.keyOut} AS sort_key, ${distance} AS distance_m
  FROM leads l WHERE ${where.join('\n    AND ')}`;
  if (nearestFirst) {
    // Nearest first: the GiST index walks outwards from the centre (KNN) and stops after the page, but
    // only when ORDER BY is the distance alone; the id tie-break would make the planner read the whole
    // circle and sort it. WITH TIES keeps every row tied with the last, so the outer (distance, id)
    // order, which the cursor follows, is exact.
    return `nearest AS (
  ${select}
  ORDER BY ${spec.key}
  FETCH FIRST (${limit}) ROWS WITH TIES
), pg AS (SELECT * FROM nearest n ORDER BY n.sort_key, n.id LIMIT ${limit})`;
  }
  return `pg AS (
  ${select}
  ORDER BY ${spec.key} ${spec.dir}, l.id ${spec.dir}
  LIMIT ${limit}
)`;
}

/**
 * One page of results (after the cursor when given); on a first page with facets, the facets of the
 * window ride on the first row. One statement, so one plan and one round trip per page.
 */
export function pageStatement(search: NormalizedSearch, options: PageOptions): Statement {
  const p = new Params();
  const filter = buildFilter(search, options.fuzzy, p);
  const spec = sortSpec(search.sort, filter);
  const relevance = search.sort === 'relevance';
  const facets = options.facets && !options.cursor;
  const limit = p.add(search.limit + 1, 'int');
  const ctes: string[] = [];
  const window = windowOrder(filter.centre());
  if (relevance || facets) {
    const extra = facets ? facetColumns(p.add(PRICE_EDGES, 'numeric[]')) : '';
    ctes.push(windowCtes(filter, window, { ...options, ranked: relevance }, extra, p));
  }
  if (facets) ctes.push(FACETS);
  // A first page sorted in window order (newest without a centre, distance with one) is the window's
  // head: reading the leads a second time through the sort's index cost as much as the window itself.
  const headOfWindow =
    facets &&
    options.window > search.limit &&
    (search.sort === 'distance' || (search.sort === 'newest' && !filter.centre()));
  if (relevance) ctes.push(relevancePage(options.cursor, limit, p));
  else if (headOfWindow) {
    ctes.push(`pg AS (SELECT m.id, m.window_key AS sort_key, m.distance_m FROM matched m
  ORDER BY m.window_key ${window.dir}, m.id ${window.dir} LIMIT ${limit})`);
  } else ctes.push(sortedPage(filter, spec, search.sort === 'distance', options.cursor, limit, p));
  const order = `pg.sort_key ${spec.dir}, pg.id ${spec.dir}`;
  // Values computed once for the page ride on its first row (a WindowAgg numbers the rows in page order).
  const firstRow = (value: string) => `CASE WHEN row_number() OVER (ORDER BY ${order}) = 1 THEN ${value} END`;
  const facetRows = facets ? firstRow('(SELECT rows FROM facets)') : 'NULL::jsonb';
  // The price quote's reads inside the page statement: one statement and one round trip fewer.
  if (options.quote) {
    const { now, rules } = options.quote;
    const inputs = quoteInputsSql('(SELECT ids FROM page_ids)::uuid[]', now, rules, p);
    ctes.push(`page_ids AS (SELECT array_agg(pg.id) AS ids FROM pg),
quote_inputs AS (SELECT ${inputs} AS inputs)`);
  }
  const quoteInputs = options.quote ? firstRow('(SELECT inputs FROM quote_inputs)') : 'NULL::json';
  const edge = relevance || facets ? '(SELECT edge FROM window_edge)' : 'NULL::jsonb';
  const probe = options.cursor || facets ? 'NULL::int AS probe_count' : probeColumn(filter.where, p);
  const sql = `
WITH ${ctes.join(',\n')}
${DECORATE}, ${facetRows} AS facet_rows, ${edge} AS window_edge, ${probe},
  ${quoteInputs} AS quote_inputs
FROM pg ${DECORATE_JOINS}
ORDER BY ${order}`;
  return { sql, params: p.values, valueFree: filter.valueFree };
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

/** The planner's estimate of the leads matching the text alone, and of all leads (EXPLAIN; nothing runs). */
export function textShareStatement(search: NormalizedSearch): Statement | null {
  const p = new Params();
  const tsq = tsqueryExpr(search, p);
  if (!tsq) return null;
  // Both estimates from one plan: the text's matches, then every searchable lead (an Append of two scans).
  return {
    sql: `EXPLAIN (FORMAT JSON) SELECT 1 FROM leads l WHERE ${SEARCHABLE} AND l.search_document @@ ${tsq}
      UNION ALL SELECT 1 FROM leads l WHERE ${SEARCHABLE}`,
    params: p.values,
  };
}
