import {
  type Box,
  circleBox,
  haversineKm,
  inBox,
  inPolygon,
  intersectBoxes,
  type Position,
  parseBbox,
  polygonBox,
  polygonProblem,
} from './geo.js';
import type { SavedQuery } from './saved-searches.schemas.js';

// The pure rules of a saved query: is it coherent, what area does it cover, and does a lead match it.
// Full text (`q`) is not decided here: PostgreSQL evaluates it in the query that finds the candidates
// (`search_document @@ websearch_to_tsquery('english', q)`), with the stemming the search API uses.

/** The facts of a published lead that a saved query can test. */
export interface MatchableLead {
  id: string;
  listing_type: string;
  property_type: string | null;
  price: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  sqft: number | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
  /** posted_at, or when we first saw the lead if the source gave no date. */
  posted_at: Date | null;
  quality_score: number | null;
  fraud_score: number | null;
  sources: string[];
  has_phone: boolean;
  has_email: boolean;
  /** Scrubbed with no phone listed, or no phone at all. */
  dnc_clean: boolean;
}

export interface QueryProblem {
  field: string;
  message: string;
}

/** Why a query that passed the schema still cannot be saved, or null (the field is named for the 400). */
export function queryProblem(query: SavedQuery): QueryProblem | null {
  const centre = [query.lat, query.lng, query.radius_km].filter((value) => value !== undefined).length;
  if (centre !== 0 && centre !== 3)
    return { field: 'query.radius_km', message: 'lat, lng and radius_km go together' };
  if (query.bbox !== undefined && !parseBbox(query.bbox))
    return { field: 'query.bbox', message: 'must be minLng,minLat,maxLng,maxLat with min < max, in range' };
  if (query.polygon) {
    const problem = polygonProblem(query.polygon.coordinates as Position[][]);
    if (problem) return { field: 'query.polygon', message: problem };
  }
  if (query.price_min !== undefined && query.price_max !== undefined && query.price_min > query.price_max)
    return { field: 'query.price_min', message: 'must not exceed price_max' };
  if (query.sqft_min !== undefined && query.sqft_max !== undefined && query.sqft_min > query.sqft_max)
    return { field: 'query.sqft_min', message: 'must not exceed sqft_max' };
  if (query.q !== undefined && query.q.trim() === '')
    return { field: 'query.q', message: 'must not be blank' };
  return null;
}

/** The box every geographic filter of the query agrees on; undefined when it has none, null when empty. */
export function queryArea(query: SavedQuery): Box | null | undefined {
  const boxes: Box[] = [];
  if (query.lat !== undefined && query.lng !== undefined && query.radius_km !== undefined)
    boxes.push(circleBox(query.lat, query.lng, query.radius_km));
  const bbox = query.bbox === undefined ? null : parseBbox(query.bbox);
  if (bbox) boxes.push(bbox);
  if (query.polygon) boxes.push(polygonBox(query.polygon.coordinates as Position[][]));
  if (boxes.length === 0) return undefined;
  return boxes.reduce<Box | null>((area, box) => (area ? intersectBoxes(area, box) : null), boxes[0]!);
}

/** Distance from the query's centre to the lead, when both have one. */
export function distanceKm(lead: MatchableLead, query: SavedQuery): number | null {
  if (query.lat === undefined || query.lng === undefined) return null;
  if (lead.latitude === null || lead.longitude === null) return null;
  return haversineKm(query.lat, query.lng, lead.latitude, lead.longitude);
}

const atLeast = (value: number | null, min: number | undefined) =>
  min === undefined || (value !== null && value >= min);
const atMost = (value: number | null, max: number | undefined) =>
  max === undefined || (value !== null && value <= max);
/** Cities compare like the interest keys name them: case and extra spaces do not count. */
export const cityName = (city: string) => city.trim().toLowerCase().replace(/\s+/g, ' ');
const sameText = (a: string | null, b: string) => a !== null && cityName(a) === cityName(b);

function geoMatches(lead: MatchableLead, query: SavedQuery): boolean {
  const hasGeo = query.radius_km !== undefined || query.bbox !== undefined || query.polygon !== undefined;
  if (!hasGeo) return true;
  const { latitude: lat, longitude: lng } = lead;
  if (lat === null || lng === null) return false;
  if (query.radius_km !== undefined) {
    const distance = distanceKm(lead, query);
    if (distance === null || distance > query.radius_km) return false;
  }
  if (query.bbox !== undefined) {
    const box = parseBbox(query.bbox);
    if (!box || !inBox(box, lng, lat)) return false;
  }
  return !query.polygon || inPolygon(query.polygon.coordinates as Position[][], lng, lat);
}

/**
 * Whether a lead satisfies every filter of the query except `q` (checked in SQL). A bound on a fact the
 * lead lacks (no price, no score) fails; the booleans restrict only when true (false means "any").
 */
export function leadMatchesQuery(lead: MatchableLead, query: SavedQuery): boolean {
  if (query.listing_type && !query.listing_type.includes(lead.listing_type as never)) return false;
  if (query.property_type && !query.property_type.includes(lead.property_type as never)) return false;
  if (!atLeast(lead.price, query.price_min) || !atMost(lead.price, query.price_max)) return false;
  if (!atLeast(lead.bedrooms, query.beds_min) || !atLeast(lead.bathrooms, query.baths_min)) return false;
  if (!atLeast(lead.sqft, query.sqft_min) || !atMost(lead.sqft, query.sqft_max)) return false;
  if (!atLeast(lead.quality_score, query.quality_min) || !atMost(lead.fraud_score, query.fraud_max))
    return false;
  if (query.source && !query.source.some((source) => lead.sources.includes(source))) return false;
  if (query.zip !== undefined && lead.zip !== query.zip) return false;
  if (query.state !== undefined && lead.state !== query.state) return false;
  if (query.city !== undefined && !sameText(lead.city, query.city)) return false;
  if (query.posted_since !== undefined) {
    if (!lead.posted_at || lead.posted_at.getTime() < Date.parse(query.posted_since)) return false;
  }
  if (query.has_phone && !lead.has_phone) return false;
  if (query.has_email && !lead.has_email) return false;
  if (query.dnc_clean && !lead.dnc_clean) return false;
  return geoMatches(lead, query);
}
