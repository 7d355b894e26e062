import { emptyListing, type ParsedListing } from '../listing.types.js';
import { ZILLOW_SOURCE } from './zillow.property.js';
import {
  absoluteUrl,
  bathrooms,
  bedrooms,
  compact,
  coordinates,
  isObject,
  type JsonObject,
  listingType,
  lotSqft,
  num,
  obj,
  parseMoney,
  positive,
  positiveInt,
  propertyType,
  subTypeFlags,
  text,
} from './zillow.values.js';

const BY_OWNER_TEXT = /\bby owner\b|\bFSBO\b/i;

/** Splits a one-line search address ("755-757 Sutter St, San Francisco, CA 94109") into its parts. */
export function splitOneLineAddress(value: unknown): {
  address_line: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
} {
  const none = { address_line: null, city: null, state: null, zip: null };
  const line = text(value);
  if (!line) return none;
  const parts = line.split(',').map((p) => p.trim());
  const last = /^([A-Z]{2})(?:\s+(\d{5}(?:-\d{4})?))?$/.exec(parts.at(-1) ?? '');
  if (parts.length < 3 || !last) return none;
  return {
    address_line: parts.slice(0, -2).join(', ') || null,
    city: parts.at(-2) || null,
    state: last[1] ?? null,
    zip: last[2] ?? null,
  };
}

/** Maps one search-results row (`listResults[]` or `mapResults[]`); null when it has no zpid. */
export function mapSearchRow(row: JsonObject): ParsedListing | null {
  const info = obj(obj(row.hdpData).homeInfo);
  const zpid = row.zpid ?? info.zpid;
  if (zpid === undefined || zpid === null || String(zpid).trim() === '') return null;

  const listing = emptyListing(ZILLOW_SOURCE);
  const sub = obj(info.listing_sub_type);
  const statusText = text(row.statusText);
  const marketing = text(row.marketingStatusSimplifiedCd);
  const homeStatus = text(info.homeStatus) ?? text(row.statusType);
  const byOwner =
    sub.is_FSBO === true || BY_OWNER_TEXT.test(marketing ?? '') || BY_OWNER_TEXT.test(statusText ?? '');
  const forRent = homeStatus === 'FOR_RENT' || text(row.statusType) === 'FOR_RENT';

  listing.external_id = String(zpid).trim();
  listing.url = absoluteUrl(row.detailUrl);
  listing.price = positive(info.price) ?? parseMoney(row.unformattedPrice) ?? parseMoney(row.price);
  listing.bedrooms = bedrooms(row.beds ?? info.bedrooms);
  listing.bathrooms = bathrooms(row.baths ?? info.bathrooms);
  listing.sqft = positiveInt(row.area ?? info.livingArea);
  listing.lot_sqft = lotSqft(info.lotAreaValue, info.lotAreaUnit);
  listing.property_type = propertyType(info.homeType);
  listing.listing_type = listingType(byOwner, forRent);

  const oneLine = splitOneLineAddress(row.address);
  listing.address_line = text(info.streetAddress) ?? oneLine.address_line;
  listing.city = text(info.city) ?? oneLine.city;
  listing.state = text(info.state) ?? oneLine.state;
  listing.zip = text(info.zipcode) ?? oneLine.zip;
  const latLong = obj(row.latLong);
  Object.assign(listing, coordinates(latLong.latitude ?? info.latitude, latLong.longitude ?? info.longitude));

  const carousel = Array.isArray(row.carouselPhotos) ? row.carouselPhotos : [];
  const images = [text(row.imgSrc), ...carousel.map((c) => text(obj(c).url))];
  listing.images = [...new Set(images.filter((u): u is string => u !== null))];

  const variable = obj(row.variableData);
  const daysOnZillow = num(info.daysOnZillow);
  listing.attributes = compact({
    home_status: homeStatus,
    home_type: text(info.homeType),
    status_text: statusText,
    marketing_status: marketing,
    days_on_zillow: daysOnZillow !== null && daysOnZillow >= 0 ? daysOnZillow : null,
    // Relative ("1 hour ago"): it needs the fetch time to become a date, which a parser does not have.
    time_on_info: variable.type === 'TIME_ON_INFO' ? text(variable.text) : null,
    ...subTypeFlags(sub),
    broker_name: byOwner ? null : text(row.brokerName),
    zestimate: positive(info.zestimate),
    rent_zestimate: positive(info.rentZestimate),
  });
  // The attribution line is "Name DRE #licence": the agent is kept for comps, never as a contact.
  const attribution = text(row.info6String)?.replace(/\s*DRE\s*#\s*\d+\s*$/i, '');
  if (!byOwner && attribution) listing.attributes.agent_name = attribution;
  return listing;
}

/** Rows of a search response: `listResults` first, then `mapResults`, each zpid once. */
export function mapSearchRows(rows: unknown[]): ParsedListing[] {
  const seen = new Set<string>();
  const listings: ParsedListing[] = [];
  for (const row of rows) {
    if (!isObject(row)) continue;
    const listing = mapSearchRow(row);
    if (!listing?.external_id || seen.has(listing.external_id)) continue;
    seen.add(listing.external_id);
    listings.push(listing);
  }
  return listings;
}

/** The search-results container in a response or page state, when there is one. */
export function findSearchResults(value: JsonObject): unknown[] | null {
  const candidates = [
    obj(obj(value.cat1).searchResults),
    obj(value.searchResults),
    obj(obj(obj(value.searchPageState).cat1).searchResults),
    value,
  ];
  for (const c of candidates) {
    const list = Array.isArray(c.listResults) ? c.listResults : null;
    const map = Array.isArray(c.mapResults) ? c.mapResults : null;
    if (list || map) return [...(list ?? []), ...(map ?? [])];
  }
  return null;
}
