import { type Static, Type } from 'typebox';
import { OWNER_LISTING_TYPES, PROPERTY_TYPES } from '../sources/index.js';

// Request and response schemas of saved searches and notifications. A saved query holds exactly the
// search API's query fields (GET /v1/leads) minus sort, cursor and limit, so a search can be saved as is.

/** Largest radius a saved search may listen on; larger areas use a state or no geography. */
export const MAX_RADIUS_KM = 500;

const Position = Type.Tuple([
  Type.Number({ minimum: -180, maximum: 180 }),
  Type.Number({ minimum: -90, maximum: 90 }),
]);

export const GeoJsonPolygon = Type.Object(
  {
    type: Type.Literal('Polygon'),
    // Outer ring first, then holes; each ring closed (first position = last), [lng, lat] like GeoJSON.
    coordinates: Type.Array(Type.Array(Position, { minItems: 4, maxItems: 1000 }), {
      minItems: 1,
      maxItems: 20,
    }),
  },
  { additionalProperties: false },
);

export const SavedQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    radius_km: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: MAX_RADIUS_KM })),
    bbox: Type.Optional(
      Type.String({ description: 'minLng,minLat,maxLng,maxLat', pattern: '^[-0-9.eE+]+(,[-0-9.eE+]+){3}$' }),
    ),
    polygon: Type.Optional(GeoJsonPolygon),
    property_type: Type.Optional(Type.Array(Type.Enum([...PROPERTY_TYPES]), { minItems: 1, maxItems: 9 })),
    listing_type: Type.Optional(
      Type.Array(Type.Enum([...OWNER_LISTING_TYPES]), { minItems: 1, maxItems: 4 }),
    ),
    price_min: Type.Optional(Type.Number({ minimum: 0 })),
    price_max: Type.Optional(Type.Number({ minimum: 0 })),
    beds_min: Type.Optional(Type.Number({ minimum: 0, maximum: 50 })),
    baths_min: Type.Optional(Type.Number({ minimum: 0, maximum: 50 })),
    sqft_min: Type.Optional(Type.Integer({ minimum: 0 })),
    sqft_max: Type.Optional(Type.Integer({ minimum: 0 })),
    source: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), { minItems: 1, maxItems: 20 }),
    ),
    city: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    zip: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
    state: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    quality_min: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    fraud_max: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    posted_since: Type.Optional(Type.String({ format: 'date-time' })),
    has_phone: Type.Optional(Type.Boolean()),
    has_email: Type.Optional(Type.Boolean()),
    dnc_clean: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SavedQuery = Static<typeof SavedQuery>;

const WebhookInput = Type.Object(
  {
    url: Type.String({ pattern: '^https?://', maxLength: 2000 }),
    secret: Type.String({ minLength: 16, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const ChannelsInput = Type.Object(
  {
    email: Type.Optional(Type.Boolean()),
    webhook: Type.Optional(Type.Union([WebhookInput, Type.Null()])),
  },
  { additionalProperties: false },
);

export const Frequency = Type.Enum(['instant', 'daily']);
export type Frequency = Static<typeof Frequency>;

export const CreateSavedSearch = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    query: SavedQuery,
    channels: Type.Optional(ChannelsInput),
    frequency: Type.Optional(Frequency),
  },
  { additionalProperties: false },
);
export type CreateSavedSearch = Static<typeof CreateSavedSearch>;

export const UpdateSavedSearch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    query: Type.Optional(SavedQuery),
    channels: Type.Optional(ChannelsInput),
    frequency: Type.Optional(Frequency),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSavedSearch = Static<typeof UpdateSavedSearch>;

const DateTime = Type.String({ format: 'date-time' });

export const SavedSearchView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  query: SavedQuery,
  channels: Type.Object({
    in_app: Type.Literal(true),
    email: Type.Boolean(),
    // The secret is write-only: it is never sent back.
    webhook: Type.Union([Type.Object({ url: Type.String() }), Type.Null()]),
  }),
  frequency: Frequency,
  created_at: DateTime,
  updated_at: DateTime,
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** What a notification shows of a lead: its facts and the masked contact only. */
export const LeadSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.Union([Type.String(), Type.Null()]),
  listing_type: Type.String(),
  property_type: Type.Union([Type.String(), Type.Null()]),
  price: Type.Union([Type.Number(), Type.Null()]),
  bedrooms: Type.Union([Type.Number(), Type.Null()]),
  bathrooms: Type.Union([Type.Number(), Type.Null()]),
  sqft: Type.Union([Type.Number(), Type.Null()]),
  city: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.String(), Type.Null()]),
  zip: Type.Union([Type.String(), Type.Null()]),
  posted_at: Type.Union([DateTime, Type.Null()]),
  distance_km: Type.Union([Type.Number(), Type.Null()]),
  contact: Type.Object({
    name_initial: Type.Union([Type.String(), Type.Null()]),
    phones_masked: Type.Array(Type.String()),
    emails_masked: Type.Array(Type.String()),
  }),
});
export type LeadSummary = Static<typeof LeadSummary>;

/** A refunded purchase, as the buyer's in-app notice shows it. */
export const RefundNoticeView = Type.Object({
  purchase_id: Type.String({ format: 'uuid' }),
  lead_id: Type.String({ format: 'uuid' }),
  credits: Type.Integer(),
  reason: Type.String(),
  message: Type.String(),
});

/** A saved-search match (saved_search_*, lead set) or a refund notice (refund set, the others null). */
export const NotificationView = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('saved_search_match'), Type.Literal('purchase_refunded')]),
  saved_search_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  saved_search_name: Type.Union([Type.String(), Type.Null()]),
  lead: Type.Union([LeadSummary, Type.Null()]),
  refund: Type.Union([RefundNoticeView, Type.Null()]),
  created_at: DateTime,
  read_at: Type.Union([DateTime, Type.Null()]),
});

export const NotificationList = Type.Object({
  items: Type.Array(NotificationView),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
  unread_count: Type.Integer(),
});

export const NotificationListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  unread_only: Type.Boolean({ default: false }),
});

export const NotificationIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
