import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import type { Queryable } from '../../platform/db/index.js';
import {
  DEFAULT_RULES_CONFIG,
  type PricingRules,
  type Quote,
  quoteLeads,
  toQuoteInputs,
} from '../pricing/index.js';
import { leadSlots, leadView } from './lead-view.js';
import { type Cursor, decodeCursor, encodeCursor } from './search.cursor.js';
import { SearchValidationError } from './search.errors.js';
import {
  checkPolygon,
  type PageRow,
  preferNearestWalk,
  runEstimate,
  runPage,
  runShare,
  withPlanner,
} from './search.repository.js';
import { type NormalizedSearch, normalizeSearch } from './search.rules.js';
import {
  type Facets,
  type LeadSummary,
  type SearchQuery,
  SearchQuerySchema,
  type SearchResult,
} from './search.schemas.js';
import {
  EXACT_COUNT_LIMIT,
  estimateStatement,
  PRICE_EDGES,
  pageStatement,
  textShareStatement,
  WINDOW,
} from './search.statements.js';

export interface SearchOptions {
  /** The signed-in buyer, if any: `not_purchased` and the plan discount in prices need one. */
  viewerId?: string | null;
  /** Compute facets (first pages only: later pages return null). */
  facets?: boolean;
  /**
   * Price the page (one set-based quote of its leads; items carry null prices without it). The HTTP
   * routes always pass it; the bench measures search with and without it.
   */
  pricing?: { rules: PricingRules; now: Date };
  /** How many matches relevance ranks and facets count (default WINDOW; tests shrink it). */
  window?: number;
}

// Compiled once: interpreted, the check was ~0.1 ms of a 5 ms radius search.
const queryValidator = Compile(SearchQuerySchema);

/** The first schema error of a query given by code (routes validate before this runs). */
function checkSchema(query: SearchQuery): void {
  if (queryValidator.Check(query)) return;
  const [first] = Value.Errors(SearchQuerySchema, query);
  const path = (first?.instancePath ?? '').replace(/^\//, '').split('/')[0] || 'query';
  throw new SearchValidationError(path, first?.message ?? 'is invalid');
}

function toSummary(row: PageRow, quote: Quote | undefined, defaultMaxBuyers: number): LeadSummary {
  return {
    ...leadView(row),
    distance_km: row.distance_m === null ? null : Math.round(row.distance_m) / 1000,
    sources: row.sources,
    price_credits: quote?.credits ?? null,
    slots_left: leadSlots(row, defaultMaxBuyers).slots_left,
  };
}

/**
 * The page's prices in one set-based quote. Read-only (`store: false`): a search must not write, so it can
 * run on a replica; the lead page stores the version a buyer can cart.
 */
async function quotePage(
  db: Queryable,
  rows: PageRow[],
  viewerId: string | null,
  pricing: SearchOptions['pricing'],
): Promise<Map<string, Quote>> {
  if (!pricing || rows.length === 0) return new Map();
  // The page already read each lead's holders from lead_inventory (its slots_left), and what the quote
  // reads about the leads, their markets' demand and the overrides (on its first row).
  const holders = new Map(rows.map((row) => [row.id, row.holders ?? 0]));
  const inputs = rows[0]?.quote_inputs;
  return quoteLeads(
    db,
    rows.map((row) => row.id),
    {
      ...pricing,
      ...(viewerId ? { buyerId: viewerId } : {}),
      holdersOf: async () => holders,
      ...(inputs ? { inputs: toQuoteInputs(inputs) } : {}),
      store: false,
    },
  );
}

/** Facet rows ([facet, value, state, count]) as the response's facets; the 'total' row is the exact count. */
export function toFacets(rows: PageRow['facet_rows']): { facets: Facets; total: number } {
  const facets: Facets = {
    property_type: [],
    listing_type: [],
    price: [],
    beds: [],
    source: [],
    city: [],
    zip: [],
    quality_band: [],
    exact: true,
    sample_size: null,
  };
  let total = 0;
  for (const [facet, value, state, count] of rows ?? []) {
    if (facet === 'total') total = count;
    else if (value === null) continue;
    else if (facet === 'price') {
      const bucket = Number(value);
      facets.price.push({ min: PRICE_EDGES[bucket - 1] ?? 0, max: PRICE_EDGES[bucket] ?? null, count });
    } else if (facet === 'city') facets.city.push({ value, state, count });
    else if (facet in facets)
      (facets[facet as keyof Facets] as { value: string; count: number }[]).push({ value, count });
  }
  facets.price.sort((a, b) => a.min - b.min);
  facets.beds.sort((a, b) => a.value.localeCompare(b.value));
  facets.quality_band.sort((a, b) => a.value.localeCompare(b.value, 'en', { numeric: true }));
  return { facets, total };
}

/**
 * The total of a first page: exact when the page holds every match or the probe counted at most
 * EXACT_COUNT_LIMIT; otherwise the planner's estimate (never below what was counted), flagged.
 */
async function totalOf(
  db: Queryable,
  search: NormalizedSearch,
  fuzzy: boolean,
  rows: PageRow[],
  windowCount: number | null,
) {
  const windowFull = rows[0]?.window_edge != null;
  if (!windowFull && rows.length <= search.limit) return { value: rows.length, exact: true };
  const probe = rows[0]?.probe_count ?? null;
  if (probe !== null && probe <= EXACT_COUNT_LIMIT) return { value: probe, exact: true };
  // PostGIS estimates every geography ST_DWithin at 100 rows, so for a radius the plan can say nothing
  // the probe did not: the total is "more than the limit", flagged, without a statement.
  if (search.radiusKm !== null) return { value: Math.max(probe ?? 0, windowCount ?? 0), exact: false };
  const estimate = await runEstimate(db, estimateStatement(search, fuzzy));
  return { value: Math.max(estimate, probe ?? 0, windowCount ?? 0), exact: false };
}

/** Facets counted over a window sample, scaled to the estimated total and flagged as estimates. */
function scaleFacets(counted: { facets: Facets; total: number }, total: number) {
  const factor = counted.total > 0 ? total / counted.total : 1;
  const scale = <T extends { count: number }>(buckets: T[]) =>
    buckets.map((bucket) => ({ ...bucket, count: Math.round(bucket.count * factor) }));
  const f = counted.facets;
  const facets: Facets = {
    property_type: scale(f.property_type),
    listing_type: scale(f.listing_type),
    price: scale(f.price),
    beds: scale(f.beds),
    source: scale(f.source),
    city: scale(f.city),
    zip: scale(f.zip),
    quality_band: scale(f.quality_band),
    exact: false,
    sample_size: counted.total,
  };
  return { facets, total };
}

/**
 * Text at least this common (share of all leads) is better found by walking outwards from the centre and
 * testing each lead than through the text index: a window of 1,000 then costs ~1,000 / share lead visits.
 */
const COMMON_TEXT_SHARE = 0.05;

/**
 * Whether the page's window should walk outwards from the centre: a window exists (relevance, or a
 * distance-sorted first page with facets), around a centre, and the text (if any) is common. Rare words
 * keep the text index (a word in 0.3% of leads would make the walk read the whole circle).
 */
async function walkOutwards(db: Queryable, search: NormalizedSearch, facets: boolean): Promise<boolean> {
  if (!search.centre || !(search.sort === 'relevance' || (facets && search.sort === 'distance')))
    return false;
  const share = textShareStatement(search);
  return share === null || (await runShare(db, share)) >= COMMON_TEXT_SHARE;
}

/**
 * Searches published owner leads: full text, filters, geography, facets, keyset pages. Contacts come
 * masked. When an exact first page finds nothing and the query names places (text words or `city`), it is
 * retried once with trigram matching on city and address_line (the cursor remembers the retry).
 */
export async function searchLeads(
  db: Queryable,
  query: SearchQuery,
  options: SearchOptions = {},
): Promise<SearchResult> {
  checkSchema(query);
  const viewerId = options.viewerId ?? null;
  const defaultMaxBuyers =
    options.pricing?.rules.exclusivity.maxBuyers ?? DEFAULT_RULES_CONFIG.EXCLUSIVITY_MAX_BUYERS;
  const search = normalizeSearch(query, { viewerId, defaultMaxBuyers });
  await checkPolygon(db, search);
  const cursor: Cursor | null = query.cursor ? decodeCursor(query.cursor, search.sort) : null;
  const wantFacets = (options.facets ?? false) && cursor === null;
  const windowSize = options.window ?? WINDOW;

  // JIT is off on the app's connections (platform/db). A window around a centre walks outwards, which
  // needs planner settings and so a transaction around the page; every other statement runs straight on
  // the handle. The quote and the estimate follow the page one after another rather than beside each
  // other: spread over the pool, the next search's page statement ran on a backend other statements had
  // just used, 2.4× slower (radius 10 km, warm: 10.3 vs 4.4 ms at p50; docs/SEARCH.md).
  let fuzzy = cursor?.fuzzy ?? false;
  const walking = !fuzzy && (await walkOutwards(db, search, wantFacets));
  const rows = await withPlanner(db, walking, async (tx) => {
    const quote = options.pricing && { now: options.pricing.now, rules: options.pricing.rules };
    const statement = (fuzzy: boolean) =>
      pageStatement(search, {
        fuzzy,
        cursor,
        facets: wantFacets,
        window: windowSize,
        ...(quote ? { quote } : {}),
      });
    const rows = await runPage(tx, statement(fuzzy), walking);
    const canRetry = (search.text?.fuzzyWords.length ?? 0) > 0 || search.city !== null;
    if (rows.length > 0 || cursor !== null || fuzzy || !canRetry) return rows;
    fuzzy = true;
    // The trigram retry reads its GIN indexes through bitmaps.
    if (walking) await preferNearestWalk(tx, false);
    return runPage(tx, statement(fuzzy), false);
  });
  const page = rows.slice(0, search.limit);
  const counted = wantFacets ? toFacets(rows[0]?.facet_rows ?? null) : null;
  // A full window is a sample of the matches: the total is estimated and the facets scaled to it.
  const sampled = rows[0]?.window_edge != null;
  const quotes = await quotePage(db, page, viewerId, options.pricing);
  const total =
    cursor?.total ??
    (counted && !sampled
      ? { value: counted.total, exact: true }
      : await totalOf(db, search, fuzzy, rows, counted?.total ?? null));

  const faceted = counted && (sampled ? scaleFacets(counted, total.value) : counted);
  const last = page[page.length - 1];
  const edge = rows[0]?.window_edge;
  // Only relevance pages carry the window on: other sorts page straight through their index.
  const window =
    search.sort !== 'relevance'
      ? null
      : cursor
        ? cursor.window
        : edge
          ? { key: Number(edge[0]), id: edge[1] }
          : null;
  const next_cursor =
    rows.length > search.limit && last
      ? encodeCursor({ sort: search.sort, key: Number(last.sort_key), id: last.id, fuzzy, total, window })
      : null;
  const items = page.map((row) => toSummary(row, quotes.get(row.id), defaultMaxBuyers));
  return { items, facets: faceted?.facets ?? null, next_cursor, total };
}
