import { load } from 'cheerio/slim';
import { emptyListing, type ParsedListing, type ParseOutcome } from '../listing.types.js';
import { findContactName, findEmails, findPhones } from './craigslist.contact.js';
import { readableText } from './craigslist.html.js';
import {
  agentSignals,
  type CraigslistParseOptions,
  categoryVerdict,
  listingTypeFor,
  propertyTypeForTag,
} from './craigslist.rules.js';
import { decodeSearchItem } from './craigslist.sapi-search.js';
import {
  attributeKey,
  CRAIGSLIST_SOURCE,
  coordinates,
  imageUrl,
  isoFromEpochSeconds,
  type JsonObject,
  obj,
  oneLine,
} from './craigslist.text.js';

function text(value: unknown): string | null {
  return typeof value === 'string' && oneLine(value) !== '' ? oneLine(value) : null;
}

// sapi attribute keys that are listing fields. Housing keys are Craigslist's posting-form names; the stored
// fixtures are a couch and free items, so these are read when present and otherwise left alone.
function applyAttribute(listing: ParsedListing, key: string, value: string): void {
  const n = Number.parseFloat(value);
  if (key === 'bedrooms' && Number.isFinite(n)) listing.bedrooms = n;
  else if (key === 'bathrooms' && Number.isFinite(n)) listing.bathrooms = n;
  else if ((key === 'sqft' || key === 'ft2') && Number.isFinite(n) && n >= 1) listing.sqft = Math.round(n);
  else if (key === 'housing_type') listing.property_type = propertyTypeForTag(value);
  listing.attributes[key] = value;
}

/** One posting of a sapi detail response (`data.items[i]`) as a listing. */
function detailListing(item: JsonObject): ParsedListing {
  const listing = emptyListing(CRAIGSLIST_SOURCE);
  listing.external_id = item.postingId != null ? String(item.postingId) : null;
  listing.url = text(item.url);
  listing.title = text(item.title);
  listing.price = typeof item.price === 'number' && item.price >= 0 ? item.price : null;
  listing.posted_at = isoFromEpochSeconds(item.postedDate);
  listing.updated_at = isoFromEpochSeconds(item.updatedDate);
  const location = obj(item.location);
  const point = coordinates(location.lat, location.lon);
  listing.latitude = point.latitude;
  listing.longitude = point.longitude;
  listing.address_line = text(location.displayAddress);
  const category = text(item.categoryAbbr);
  if (category) listing.attributes.category = category;
  for (const [key, value] of [
    ['posting_uuid', item.postingUuid],
    ['area', location.area],
    ['neighborhood', location.neighborhood],
    ['location_text', location.description],
  ] as const) {
    const v = text(value);
    if (v) listing.attributes[key] = v;
  }
  if (typeof item.hasContactInfo === 'boolean') listing.attributes.has_contact_info = item.hasContactInfo;
  for (const attr of Array.isArray(item.attributes) ? item.attributes : []) {
    const a = obj(attr);
    const key = attributeKey(text(a.postingAttributeKey) ?? text(a.label) ?? '');
    const value = a.value == null ? null : String(a.value);
    if (key && value !== null) applyAttribute(listing, key, value);
  }
  const body = typeof item.body === 'string' ? item.body : '';
  if (/<showcontactinfo\b/i.test(body)) listing.attributes.contact_hidden = true;
  listing.description = body ? readableText(load(`<div id="b">${body}</div>`)('#b').get(0)) : null;
  const said = listing.description ?? '';
  listing.contact = { name: findContactName(said), phones: findPhones(said), emails: findEmails(said) };
  listing.images = (Array.isArray(item.images) ? item.images : [])
    .filter((id): id is string => typeof id === 'string')
    .map(imageUrl);
  if (category === 'roo') listing.property_type = 'room';
  return listing;
}

function withListingType(listing: ParsedListing, category: string | null): ParsedListing {
  const verdict = categoryVerdict(category);
  const signals = agentSignals(`${listing.title ?? ''}\n${listing.description ?? ''}`, listing.attributes);
  if (signals.length) listing.attributes.agent_signals = signals.join(', ');
  listing.listing_type = verdict.collect ? listingTypeFor(verdict.listingType, signals) : null;
  return listing;
}

/**
 * A sapi JSON response: a posting detail (`data.items[]` of objects) or a search (`data.items[]` of positional
 * arrays decoded with `data.decode`). Non-housing categories are skipped as unsupported unless
 * `allowAnyCategory` is set (the stored fixtures are a couch and free stuff).
 */
export function parseCraigslistApi(
  json: string,
  _url?: string,
  options: CraigslistParseOptions = {},
): ParseOutcome {
  let payload: unknown;
  try {
    payload = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { skipped: 'unreadable', detail: `not JSON: ${(error as Error).message}` };
  }
  const data = obj(obj(payload).data);
  const items = Array.isArray(data.items) ? data.items : null;
  if (!items) {
    const errors = obj(payload).errors;
    const detail =
      Array.isArray(errors) && errors.length ? JSON.stringify(errors).slice(0, 200) : 'no data.items';
    return { skipped: 'not_a_listing', detail };
  }
  const isSearch = items.some(Array.isArray) || data.decode !== undefined;
  if (isSearch) {
    const category = text(data.categoryAbbr);
    const verdict = categoryVerdict(category);
    if (!verdict.collect && !options.allowAnyCategory)
      return { skipped: 'unsupported', detail: verdict.detail };
    const decode = obj(data.decode);
    const listings = items
      .filter(Array.isArray)
      .map((item) => withListingType(decodeSearchItem(item, decode, category), category));
    return { listings };
  }
  if (items.length === 0) return { skipped: 'not_found', detail: 'detail response with no items' };
  const listings: ParsedListing[] = [];
  let unsupported = '';
  for (const raw of items) {
    const item = obj(raw);
    const category = text(item.categoryAbbr);
    const verdict = categoryVerdict(category);
    if (!verdict.collect && !options.allowAnyCategory) {
      unsupported = verdict.detail;
      continue;
    }
    listings.push(withListingType(detailListing(item), category));
  }
  if (listings.length === 0 && unsupported) return { skipped: 'unsupported', detail: unsupported };
  return { listings };
}
