import type { LeadContact, LeadFacts } from '../../modules/leads/index.js';
import type { NormalizedListing } from '../../modules/quality/index.js';

function dateOrNull(iso: string | null): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Splits a normalised listing into the lead's facts and its contact (stored apart). */
export function listingToLead(listing: NormalizedListing): { facts: LeadFacts; contact: LeadContact } {
  if (listing.listing_type === null)
    throw new Error('listing_type unknown: cannot tell an owner lead from an agent listing');
  return {
    facts: {
      listing_type: listing.listing_type,
      property_type: listing.property_type,
      title: listing.title,
      description: listing.description,
      price: listing.price,
      bedrooms: listing.bedrooms,
      bathrooms: listing.bathrooms,
      sqft: listing.sqft,
      lot_sqft: listing.lot_sqft,
      year_built: listing.year_built,
      address_line: listing.address_line,
      city: listing.city,
      state: listing.state,
      zip: listing.zip,
      latitude: listing.latitude,
      longitude: listing.longitude,
      geo_precision: listing.geo_precision,
      posted_at: dateOrNull(listing.posted_at),
      source_updated_at: dateOrNull(listing.updated_at),
      attributes: { ...listing.attributes, ...(listing.repost_of ? { repost_of: listing.repost_of } : {}) },
      images: listing.images,
    },
    contact: { ...listing.contact, consent: listing.consent },
  };
}

/** The lead fields a listing supplied (non-null), for provenance. */
export function suppliedFields(facts: LeadFacts, contact: LeadContact): string[] {
  const fields = Object.entries(facts)
    .filter(([, value]) => value !== null && !(Array.isArray(value) && value.length === 0))
    .map(([key]) => key);
  if (contact.name) fields.push('contact.name');
  if (contact.phones.length > 0) fields.push('contact.phones');
  if (contact.emails.length > 0) fields.push('contact.emails');
  return fields;
}
