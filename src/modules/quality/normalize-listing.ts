import type { ParsedListing } from '../sources/index.js';
import { type GeoPrecision, locateByCity, locateByZip } from './gazetteer.js';
import { toE164 } from './phone.js';

/** A listing with typed, canonical fields: what the lead store takes. */
export interface NormalizedListing extends ParsedListing {
  geo_precision: GeoPrecision | null;
}

const US_STATE = /^[A-Z]{2}$/;

function clean(text: string | null): string | null {
  if (text === null) return null;
  const trimmed = text.replace(/[ \t]+/g, ' ').trim();
  return trimmed === '' ? null : trimmed;
}

function uniq(values: string[]): string[] {
  return [...new Set(values)];
}

/** Canonical phones (E.164), emails (lower case), state and ZIP; unparseable values are dropped, not guessed. */
export function normalizeListing(listing: ParsedListing): NormalizedListing {
  const phones = uniq(listing.contact.phones.map((p) => toE164(p)).filter((p): p is string => p !== null));
  const emails = uniq(
    listing.contact.emails
      .map((e) => e.trim().toLowerCase())
      .filter((e) => /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/.test(e)),
  );
  const state = clean(listing.state)?.toUpperCase() ?? null;
  const zipMatch = clean(listing.zip)?.match(/^(\d{5})(?:-?\d{4})?$/);
  const hasPoint =
    listing.latitude !== null &&
    listing.longitude !== null &&
    !(listing.latitude === 0 && listing.longitude === 0);
  const usState = state && US_STATE.test(state) ? state : null;
  const zip = zipMatch?.[1] ?? null;
  const city = clean(listing.city);
  // The source's own position wins; otherwise the gazetteer's ZIP or city centroid, marked as coarser.
  const located = hasPoint
    ? {
        latitude: listing.latitude as number,
        longitude: listing.longitude as number,
        precision: 'rooftop' as const,
      }
    : ((zip ? locateByZip(zip) : null) ?? (city && usState ? locateByCity(city, usState) : null));
  return {
    ...listing,
    title: clean(listing.title),
    address_line: clean(listing.address_line),
    city,
    state: usState,
    zip,
    latitude: located?.latitude ?? null,
    longitude: located?.longitude ?? null,
    geo_precision: located?.precision ?? null,
    contact: { name: clean(listing.contact.name), phones, emails },
  };
}
