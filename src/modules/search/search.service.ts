import { Value } from 'typebox/value';
import type { Queryable } from '../../platform/db/index.js';
import { maskContactText } from './mask-text.js';
import { type Cursor, decodeCursor, encodeCursor } from './search.cursor.js';
import { SearchValidationError } from './search.errors.js';
import { checkPolygon, type PageRow, runCount, runEstimate, runPage } from './search.repository.js';
import { type NormalizedSearch, normalizeSearch } from './search.rules.js';
import {
  type Facets,
  type LeadSummary,
  type SearchQuery,
  SearchQuerySchema,
  type SearchResult,
} from './search.schemas.js';
import {
  countProbeStatement,
  EXACT_COUNT_LIMIT,
  estimateStatement,
  PRICE_EDGES,
  pageStatement,
} from './search.statements.js';

export interface SearchOptions {
  /** The signed-in buyer, if any; reserved for "not yet bought by me" once purchases exist. */
  viewerId?: string | null;
  /** Compute facets (first pages only: later pages return null). */
  facets?: boolean;
}

/** The first schema error of a query given by code (routes validate before this runs). */
function checkSchema(query: SearchQuery): void {
  if (Value.Check(SearchQuerySchema, query)) return;
  const [first] = Value.Errors(SearchQuerySchema, query);
  const path = (first?.instancePath ?? '').replace(/^\//, '').split('/')[0] || 'query';
  throw new SearchValidationError(path, first?.message ?? 'is invalid');
}

function toSummary(row: PageRow): LeadSummary {
  return {
    id: row.id,
    title: maskContactText(row.title),
    listing_type: row.listing_type,
    property_type: row.property_type,
    price: row.price,
    bedrooms: row.bedrooms,
    bathrooms: row.bathrooms,
    sqft: row.sqft,
    city: row.city,
    state: row.state,
    zip: row.zip,
    latitude: row.latitude,
    longitude: row.longitude,
    distance_km: row.distance_m === null ? null : Math.round(row.distance_m) / 1000,
    posted_at: row.posted_at?.toISOString() ?? null,
    quality_score: row.quality_score,
    fraud_score: row.fraud_score,
    sources: row.sources,
    contact: {
      name_initial: row.name_initial,
      phones_masked: row.phones_masked,
      emails_masked: row.emails_masked,
      has_phone: row.has_phone,
      has_email: row.has_email,
      dnc_listed: row.dnc_listed,
    },
  };
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

async function totalOf(db: Queryable, search: NormalizedSearch, fuzzy: boolean, pageSize: number) {
  if (pageSize <= search.limit) return { value: pageSize, exact: true };
  const counted = await runCount(db, countProbeStatement(search, fuzzy));
  if (counted <= EXACT_COUNT_LIMIT) return { value: counted, exact: true };
  const estimate = await runEstimate(db, estimateStatement(search, fuzzy));
  return { value: Math.max(estimate, counted), exact: false };
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
  const search = normalizeSearch(query);
  await checkPolygon(db, search);
  const cursor: Cursor | null = query.cursor ? decodeCursor(query.cursor, search.sort) : null;
  const wantFacets = (options.facets ?? false) && cursor === null;

  let fuzzy = cursor?.fuzzy ?? false;
  let rows = await runPage(db, pageStatement(search, { fuzzy, cursor, facets: wantFacets }));
  const canRetry = (search.text?.fuzzyWords.length ?? 0) > 0 || search.city !== null;
  if (rows.length === 0 && cursor === null && !fuzzy && canRetry) {
    fuzzy = true;
    rows = await runPage(db, pageStatement(search, { fuzzy, cursor, facets: wantFacets }));
  }

  const page = rows.slice(0, search.limit);
  const faceted = wantFacets ? toFacets(rows[0]?.facet_rows ?? null) : null;
  const total =
    cursor?.total ??
    (faceted ? { value: faceted.total, exact: true } : await totalOf(db, search, fuzzy, rows.length));
  const last = page[page.length - 1];
  const next_cursor =
    rows.length > search.limit && last
      ? encodeCursor({ sort: search.sort, key: Number(last.sort_key), id: last.id, fuzzy, total })
      : null;
  return { items: page.map(toSummary), facets: faceted?.facets ?? null, next_cursor, total };
}
