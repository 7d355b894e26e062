import { FilterNeedsSignInError, SearchValidationError } from './search.errors.js';
import type { GeoJsonPolygon, SearchQuery, SearchSort } from './search.schemas.js';
import { parseTextQuery, type TextQuery } from './search.text.js';

// The checks a schema can't express (pairs of fields, geometry) and the one normalised form the SQL is
// built from. Pure: every rule here has a table-driven test beside it.

export const DEFAULT_LIMIT = 20;
export const MAX_POLYGON_VERTICES = 1000;
/** A drawn area larger than this (about the size of Texas) is refused: it is not a local search. */
export const MAX_POLYGON_AREA_KM2 = 700_000;

export interface NormalizedSearch {
  text: TextQuery | null;
  centre: { lat: number; lng: number } | null;
  radiusKm: number | null;
  bbox: [number, number, number, number] | null;
  /** GeoJSON text of a polygon whose rings are closed and vertex count allowed (validity is checked in SQL). */
  polygon: string | null;
  propertyTypes: string[] | null;
  listingTypes: string[] | null;
  sources: string[] | null;
  priceMin: number | null;
  priceMax: number | null;
  bedsMin: number | null;
  bathsMin: number | null;
  sqftMin: number | null;
  sqftMax: number | null;
  city: string | null;
  zip: string | null;
  state: string | null;
  qualityMin: number | null;
  fraudMax: number | null;
  postedSince: Date | null;
  hasPhone: boolean | null;
  hasEmail: boolean | null;
  dncClean: boolean | null;
  /** Leave out the leads this buyer bought (set only from `not_purchased=true` with a signed-in buyer). */
  notPurchasedBy: string | null;
  slotsLeftMin: number | null;
  /** Buyer slots of a lead nobody has carted or bought yet (the marketplace's configured maximum). */
  defaultMaxBuyers: number;
  /** The sort actually used: relevance needs text, distance needs a centre. */
  sort: SearchSort;
  limit: number;
}

/** `['house,condo', 'land']` → `['house', 'condo', 'land']`, de-duplicated; null for no values. */
export function splitList(values: readonly string[] | undefined): string[] | null {
  if (!values) return null;
  const items = [
    ...new Set(
      values
        .flatMap((value) => value.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
  return items.length > 0 ? items : null;
}

/** `minLng,minLat,maxLng,maxLat` in degrees, min below max (no antimeridian crossing). */
export function parseBbox(text: string): [number, number, number, number] {
  const parts = text.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n))) {
    throw new SearchValidationError('bbox', 'must be four numbers: minLng,minLat,maxLng,maxLat');
  }
  const [minLng, minLat, maxLng, maxLat] = numbers as [number, number, number, number];
  if ([minLng, maxLng].some((lng) => lng < -180 || lng > 180)) {
    throw new SearchValidationError('bbox', 'longitudes must be within -180..180');
  }
  if ([minLat, maxLat].some((lat) => lat < -90 || lat > 90)) {
    throw new SearchValidationError('bbox', 'latitudes must be within -90..90');
  }
  if (minLng >= maxLng || minLat >= maxLat) {
    throw new SearchValidationError('bbox', 'min must be below max for both longitude and latitude');
  }
  return [minLng, minLat, maxLng, maxLat];
}

/** Ring closure, coordinate ranges and the vertex cap; self-intersection and area are checked in SQL. */
export function checkPolygonShape(polygon: GeoJsonPolygon): void {
  let vertices = 0;
  for (const ring of polygon.coordinates) {
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
      throw new SearchValidationError('polygon', 'rings must be closed (last position equal to the first)');
    }
    for (const [lng, lat] of ring) {
      if (lng === undefined || lat === undefined || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
        throw new SearchValidationError('polygon', 'positions must be [lng, lat] within -180..180, -90..90');
      }
    }
    vertices += ring.length - 1;
  }
  if (vertices > MAX_POLYGON_VERTICES) {
    throw new SearchValidationError('polygon', `may have at most ${MAX_POLYGON_VERTICES} vertices`);
  }
}

function effectiveSort(query: SearchQuery, hasText: boolean, hasCentre: boolean): SearchSort {
  if (query.sort === 'distance' && !hasCentre) {
    throw new SearchValidationError('sort', 'distance needs a centre (lat and lng)');
  }
  if (query.sort === 'relevance' || query.sort === undefined) {
    // Relevance without words has nothing to rank by: the newest come first, as without a sort.
    if (hasText) return 'relevance';
    if (query.sort === undefined && hasCentre) return 'distance';
    return 'newest';
  }
  return query.sort;
}

function orderedPair(field: string, min: number | undefined, max: number | undefined): void {
  if (min !== undefined && max !== undefined && min > max) {
    throw new SearchValidationError(field, `must not be above ${field.replace('_min', '_max')}`);
  }
}

/** Who searches and the marketplace setting the "slots left" of unsold leads depends on. */
export interface SearchContext {
  viewerId: string | null;
  defaultMaxBuyers: number;
}

const ANONYMOUS: SearchContext = { viewerId: null, defaultMaxBuyers: 3 };

/**
 * Checks the cross-field rules and returns the normalised search; throws SearchValidationError naming the
 * field, or FilterNeedsSignInError for `not_purchased=true` without a signed-in buyer.
 */
export function normalizeSearch(query: SearchQuery, context: SearchContext = ANONYMOUS): NormalizedSearch {
  if (query.not_purchased === true && !context.viewerId) throw new FilterNeedsSignInError('not_purchased');
  if ((query.lat === undefined) !== (query.lng === undefined)) {
    throw new SearchValidationError(query.lat === undefined ? 'lat' : 'lng', 'must be given with its pair');
  }
  const centre =
    query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng } : null;
  if (query.radius_km !== undefined && (query.radius_km <= 0 || query.radius_km > 500)) {
    throw new SearchValidationError('radius_km', 'must be above 0 and at most 500');
  }
  if (query.radius_km !== undefined && !centre) {
    throw new SearchValidationError('lat', 'is needed with radius_km (with lng)');
  }
  orderedPair('price_min', query.price_min, query.price_max);
  orderedPair('sqft_min', query.sqft_min, query.sqft_max);
  if (query.posted_since !== undefined && Number.isNaN(Date.parse(query.posted_since))) {
    throw new SearchValidationError('posted_since', 'must be an ISO date-time');
  }
  if (query.polygon) checkPolygonShape(query.polygon);
  const text = parseTextQuery(query.q);
  return {
    text,
    centre,
    radiusKm: query.radius_km ?? null,
    bbox: query.bbox === undefined ? null : parseBbox(query.bbox),
    polygon: query.polygon ? JSON.stringify(query.polygon) : null,
    propertyTypes: splitList(query.property_type),
    listingTypes: splitList(query.listing_type),
    sources: splitList(query.source),
    priceMin: query.price_min ?? null,
    priceMax: query.price_max ?? null,
    bedsMin: query.beds_min ?? null,
    bathsMin: query.baths_min ?? null,
    sqftMin: query.sqft_min ?? null,
    sqftMax: query.sqft_max ?? null,
    city: query.city?.trim() || null,
    zip: query.zip ?? null,
    state: query.state?.toUpperCase() ?? null,
    qualityMin: query.quality_min ?? null,
    fraudMax: query.fraud_max ?? null,
    postedSince: query.posted_since === undefined ? null : new Date(query.posted_since),
    hasPhone: query.has_phone ?? null,
    hasEmail: query.has_email ?? null,
    dncClean: query.dnc_clean ?? null,
    notPurchasedBy: query.not_purchased === true ? context.viewerId : null,
    slotsLeftMin: query.slots_left_min ?? null,
    defaultMaxBuyers: context.defaultMaxBuyers,
    sort: effectiveSort(query, text !== null, centre !== null),
    limit: query.limit ?? DEFAULT_LIMIT,
  };
}
