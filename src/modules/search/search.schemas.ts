import { type Static, Type } from 'typebox';
import { PriceReceipt } from '../pricing/index.js';
import { OWNER_LISTING_TYPES, PROPERTY_TYPES } from '../sources/index.js';

// The search request and response shapes. One schema validates the HTTP request (GET query string and
// POST body), documents it in OpenAPI, and is what saved searches store.

export const SORTS = ['relevance', 'distance', 'newest', 'price_asc', 'price_desc', 'quality'] as const;
export type SearchSort = (typeof SORTS)[number];

// A list field accepts repeated parameters (`?property_type=house&property_type=condo`), a comma list
// (`?property_type=house,condo`) or, in JSON, an array; each item is checked against the allowed values.
const commaListOf = (values: readonly string[], description: string) =>
  Type.Array(Type.String({ pattern: `^(${values.join('|')})(,(${values.join('|')}))*$` }), {
    maxItems: 20,
    description,
  });

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
/** A GeoJSON Polygon in WGS 84 longitude/latitude: an outer ring and optional holes, each closed. */
export const GeoJsonPolygon = Type.Object(
  {
    type: Type.Literal('Polygon'),
    coordinates: Type.Array(Type.Array(Position, { minItems: 4 }), { minItems: 1, maxItems: 50 }),
  },
  { description: 'GeoJSON Polygon (lng, lat), at most 1,000 vertices, not self-intersecting' },
);
export type GeoJsonPolygon = Static<typeof GeoJsonPolygon>;

const queryFields = {
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Full text: words (stemmed), "quoted phrases", prefix word*, -excluded, or',
    }),
  ),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  radius_km: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 500 })),
  bbox: Type.Optional(
    Type.String({ maxLength: 100, description: 'minLng,minLat,maxLng,maxLat (WGS 84 degrees)' }),
  ),
  property_type: Type.Optional(commaListOf(PROPERTY_TYPES, 'property types (array or comma list)')),
  listing_type: Type.Optional(commaListOf(OWNER_LISTING_TYPES, 'owner listing types (array or comma list)')),
  price_min: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
  price_max: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
  beds_min: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  baths_min: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  sqft_min: Type.Optional(Type.Integer({ minimum: 0 })),
  sqft_max: Type.Optional(Type.Integer({ minimum: 0 })),
  source: Type.Optional(
    Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]*(,[a-z][a-z0-9_]*)*$', maxLength: 200 }), {
      maxItems: 20,
      description: 'source ids (array or comma list)',
    }),
  ),
  city: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  zip: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
  state: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  quality_min: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  fraud_max: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  posted_since: Type.Optional(Type.String({ format: 'date-time' })),
  has_phone: Type.Optional(Type.Boolean()),
  has_email: Type.Optional(Type.Boolean()),
  dnc_clean: Type.Optional(Type.Boolean({ description: 'true: last DNC scrub listed none of the phones' })),
  not_purchased: Type.Optional(
    Type.Boolean({ description: 'true: leave out leads the signed-in buyer bought (needs sign-in)' }),
  ),
  slots_left_min: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, description: 'at least this many buyer slots still for sale' }),
  ),
  sort: Type.Optional(Type.Enum([...SORTS])),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

/** Every search parameter; `polygon` only in a POST body. */
export const SearchQuerySchema = Type.Object(
  { ...queryFields, polygon: Type.Optional(GeoJsonPolygon) },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuerySchema>;

/** The GET /v1/leads query string: every field except polygon. */
export const SearchQueryStringSchema = Type.Object(queryFields, { additionalProperties: false });

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** What a buyer sees of a contact before buying it. */
export const MaskedContact = Type.Object({
  name_initial: Nullable(Type.String()),
  phones_masked: Type.Array(Type.String()),
  emails_masked: Type.Array(Type.String()),
  has_phone: Type.Boolean(),
  has_email: Type.Boolean(),
  dnc_listed: Type.Boolean(),
});

// What every view of a lead shows before it is bought: facts, place, scores, sources, masked contact.
const leadFacts = {
  id: Type.String({ format: 'uuid' }),
  title: Nullable(Type.String()),
  listing_type: Type.String(),
  property_type: Nullable(Type.String()),
  price: Nullable(Type.Number()),
  bedrooms: Nullable(Type.Number()),
  bathrooms: Nullable(Type.Number()),
  sqft: Nullable(Type.Integer()),
  city: Nullable(Type.String()),
  state: Nullable(Type.String()),
  zip: Nullable(Type.String()),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  distance_km: Nullable(Type.Number()),
  posted_at: Nullable(Type.String({ format: 'date-time' })),
  quality_score: Nullable(Type.Integer()),
  fraud_score: Nullable(Type.Integer()),
  sources: Type.Array(Type.String()),
  contact: MaskedContact,
};

/** A search result: the facts plus what the marketplace offers now (the buyer's price, slots left). */
export const LeadSummary = Type.Object({
  ...leadFacts,
  price_credits: Nullable(
    Type.Integer({ description: "this buyer's price now in credits (plan discount applied when signed in)" }),
  ),
  slots_left: Type.Integer({ description: 'buyer slots still for sale (0: sold out)' }),
});
export type LeadSummary = Static<typeof LeadSummary>;

const Bucket = Type.Object({ value: Type.String(), count: Type.Integer() });
const PriceBucket = Type.Object({ min: Type.Number(), max: Nullable(Type.Number()), count: Type.Integer() });
const CityBucket = Type.Object({
  value: Type.String(),
  state: Nullable(Type.String()),
  count: Type.Integer(),
});

/** Counts over every lead the current query matches (not just the page), or over a sample of them, flagged. */
export const Facets = Type.Object({
  property_type: Type.Array(Bucket),
  listing_type: Type.Array(Bucket),
  price: Type.Array(PriceBucket),
  beds: Type.Array(Bucket),
  source: Type.Array(Bucket),
  city: Type.Array(CityBucket),
  zip: Type.Array(Bucket),
  quality_band: Type.Array(Bucket),
  exact: Type.Boolean({
    description:
      'false: counted over a sample of the matches (sample_size) and scaled to the estimated total',
  }),
  sample_size: Nullable(Type.Integer()),
});
export type Facets = Static<typeof Facets>;

export const SearchResultSchema = Type.Object({
  items: Type.Array(LeadSummary),
  facets: Nullable(Facets),
  next_cursor: Nullable(Type.String()),
  total: Type.Object({ value: Type.Integer(), exact: Type.Boolean() }),
});
export type SearchResult = Static<typeof SearchResultSchema>;

/** A lead's price for the viewer: the quote, the list price it derives from and the receipt explaining it. */
export const LeadPrice = Type.Object({
  credits: Type.Integer({ description: 'what this buyer pays now (plan discount applied when signed in)' }),
  list_credits: Type.Integer({ description: 'the list price: one shared slot, no discount' }),
  price_version: Type.Integer({ description: "the list price's version in the lead's price history" }),
  receipt: PriceReceipt,
});

/** How many buyers may hold the lead and how many do. */
export const LeadAvailability = Type.Object({
  max_buyers: Type.Integer(),
  holders: Type.Integer(),
  slots_left: Type.Integer(),
  exclusive_available: Type.Boolean({ description: 'nobody holds it yet: it can be bought exclusively' }),
});

/**
 * One lead's page: the facts plus description, images and where it was found (no source URLs), the price
 * with its receipt, availability, and whether the signed-in buyer already bought it (null when anonymous).
 */
export const LeadDetail = Type.Object({
  ...leadFacts,
  description: Nullable(Type.String()),
  images: Type.Array(Type.String()),
  lot_sqft: Nullable(Type.Integer()),
  year_built: Nullable(Type.Integer()),
  source_list: Type.Array(
    Type.Object({ source_id: Type.String(), name: Type.String(), first_seen_at: Type.String() }),
  ),
  // `price` is the property's asking price (as in search items); this is what the lead costs in credits.
  lead_price: Nullable(LeadPrice),
  availability: LeadAvailability,
  purchased_by_me: Nullable(Type.Boolean()),
  purchase_id: Nullable(Type.String({ format: 'uuid' })),
});
export type LeadDetail = Static<typeof LeadDetail>;
