import type { ListingType, PropertyType } from '../sources/index.js';

/** The facts of a lead as stored in `leads` (contact data lives apart, in `contacts`). */
export interface LeadFacts {
  listing_type: ListingType;
  property_type: PropertyType | null;
  title: string | null;
  description: string | null;
  price: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  sqft: number | null;
  lot_sqft: number | null;
  year_built: number | null;
  address_line: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
  geo_precision: 'rooftop' | 'zip' | 'city' | null;
  posted_at: Date | null;
  source_updated_at: Date | null;
  attributes: Record<string, unknown>;
  images: string[];
}

export interface LeadContact {
  name: string | null;
  phones: string[];
  emails: string[];
  consent: unknown | null;
}

export const LEAD_FACT_FIELDS = [
  'listing_type',
  'property_type',
  'title',
  'description',
  'price',
  'bedrooms',
  'bathrooms',
  'sqft',
  'lot_sqft',
  'year_built',
  'address_line',
  'city',
  'state',
  'zip',
  'latitude',
  'longitude',
  'geo_precision',
  'posted_at',
  'source_updated_at',
  'attributes',
  'images',
] as const satisfies readonly (keyof LeadFacts)[];
