import { type Static, Type } from 'typebox';

const Nullable = <T extends import('typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Owner leads are sold; agent listings are kept only for comps and market insights. */
export const LISTING_TYPES = [
  'fsbo_sale',
  'owner_rental',
  'form_lead',
  'contact_import',
  'agent_sale',
  'agent_rental',
] as const;
export type ListingType = (typeof LISTING_TYPES)[number];
export const OWNER_LISTING_TYPES = [
  'fsbo_sale',
  'owner_rental',
  'form_lead',
  'contact_import',
] as const satisfies readonly ListingType[];

export const PROPERTY_TYPES = [
  'house',
  'condo',
  'townhouse',
  'apartment',
  'multi_family',
  'manufactured',
  'land',
  'room',
  'other',
] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** Why a page produced no listing. A parser never guesses a listing out of such a page. */
export const SKIP_REASONS = [
  'blocked', // block / captcha / rate-limit page
  'deleted', // removed by its author
  'flagged', // removed by the site
  'expired', // no longer available
  'not_found', // 404
  'not_a_listing', // a real page, but not a listing (e.g. a help page)
  'unsupported', // a listing in a category we do not collect (e.g. a car)
  'unreadable', // a listing we could not read; the reason says why
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const ListingContact = Type.Object({
  name: Nullable(Type.String()),
  /** As written on the page; the normaliser turns them into E.164. */
  phones: Type.Array(Type.String()),
  emails: Type.Array(Type.String()),
});

export const ListingConsent = Type.Object({
  /** The consent text the owner saw, when the channel gives it. */
  text: Nullable(Type.String()),
  /** Each consent question and whether the owner accepted it. */
  answers: Type.Array(Type.Object({ key: Type.String(), accepted: Type.Boolean() })),
});

/**
 * One listing as a source states it: the output of every parser and of `aiqleads parse`. A field the page
 * doesn't state is null (a `0.000000` map position is unknown, so null), never a guess.
 */
export const ParsedListing = Type.Object({
  source: Type.String(),
  /** The source's own id, always a string (Facebook ids exceed 2^53). */
  external_id: Nullable(Type.String()),
  url: Nullable(Type.String()),
  title: Nullable(Type.String()),
  description: Nullable(Type.String()),
  /** USD; rent per month for rentals. */
  price: Nullable(Type.Number({ minimum: 0 })),
  bedrooms: Nullable(Type.Number({ minimum: 0 })),
  bathrooms: Nullable(Type.Number({ minimum: 0 })),
  sqft: Nullable(Type.Integer({ minimum: 1 })),
  lot_sqft: Nullable(Type.Integer({ minimum: 1 })),
  year_built: Nullable(Type.Integer()),
  property_type: Nullable(Type.Enum(PROPERTY_TYPES)),
  listing_type: Nullable(Type.Enum(LISTING_TYPES)),
  address_line: Nullable(Type.String()),
  city: Nullable(Type.String()),
  /** Two-letter code when the page gives one (US state or Canadian province). */
  state: Nullable(Type.String()),
  zip: Nullable(Type.String()),
  latitude: Nullable(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: Nullable(Type.Number({ minimum: -180, maximum: 180 })),
  /** ISO 8601. */
  posted_at: Nullable(Type.String()),
  updated_at: Nullable(Type.String()),
  contact: ListingContact,
  images: Type.Array(Type.String()),
  /** Other facts the page states, as key → value (e.g. `parking: "carport"`, `laundry: "w/d in unit"`). */
  attributes: Type.Record(
    Type.String(),
    Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
  ),
  /** The id of the posting this one reposts (Craigslist `repost_of`), when the source says. */
  repost_of: Nullable(Type.String()),
  /** Consent given on a lead form (Facebook Lead Ads, LinkedIn Lead Gen); null for crawled pages. */
  consent: Nullable(ListingConsent),
});
export type ParsedListing = Static<typeof ParsedListing>;

export interface Skipped {
  skipped: SkipReason;
  /** Human-readable detail, e.g. which marker identified a block page. */
  detail?: string;
}

/** What a parser returns for one page or payload. */
export type ParseOutcome = { listings: ParsedListing[] } | Skipped;

/** A pure parser: page or payload text (and the URL it came from, when known) to listings or a skip. */
export type Parser = (payload: string, url?: string) => ParseOutcome;

/** A listing with every field null/empty, for parsers to fill in. */
export function emptyListing(source: string): ParsedListing {
  return {
    source,
    external_id: null,
    url: null,
    title: null,
    description: null,
    price: null,
    bedrooms: null,
    bathrooms: null,
    sqft: null,
    lot_sqft: null,
    year_built: null,
    property_type: null,
    listing_type: null,
    address_line: null,
    city: null,
    state: null,
    zip: null,
    latitude: null,
    longitude: null,
    posted_at: null,
    updated_at: null,
    contact: { name: null, phones: [], emails: [] },
    images: [],
    attributes: {},
    repost_of: null,
    consent: null,
  };
}
