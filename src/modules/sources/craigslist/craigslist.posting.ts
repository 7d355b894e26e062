import { emptyListing, type ParsedListing, type ParseOutcome } from '../listing.types.js';
import { readAttributeGroups } from './craigslist.attrgroup.js';
import { findContactName, findEmails, findPhones } from './craigslist.contact.js';
import {
  attribute,
  type ElementIndex,
  firstDescendant,
  readableText,
  tagName,
  textOf,
} from './craigslist.html.js';
import { postingPage } from './craigslist.page.js';
import {
  agentSignals,
  type CraigslistParseOptions,
  categoryVerdict,
  listingTypeFor,
  propertyTypeForTag,
} from './craigslist.rules.js';
import { nonListingPage } from './craigslist.status.js';
import {
  CRAIGSLIST_SOURCE,
  categoryFromUrl,
  coordinates,
  isoUtc,
  type JsonObject,
  obj,
  oneLine,
  parseBathrooms,
  parseHousingLine,
  parseMoney,
  postIdFromUrl,
} from './craigslist.text.js';

function parseJsonObject(raw: string | null): JsonObject | null {
  if (!raw?.trim()) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : null;
  } catch {
    return null;
  }
}

function str(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const t = oneLine(value);
  return t === '' ? null : t;
}

function num(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number.parseFloat(String(value ?? ''));
  return Number.isFinite(n) ? n : null;
}

/** The text of the first element with the class (the title block comes first in the document). */
function classText(elements: ElementIndex, className: string, tag?: string): string {
  const node = elements.byClass.get(className)?.find((n) => tag === undefined || tagName(n) === tag);
  return node ? textOf(node) : '';
}

/** Image URLs from the thumbnails and the `imgList` script, else the gallery's single image. */
function readImages(elements: ElementIndex, listed: string[]): string[] {
  if (listed.length) return listed;
  const gallery = elements.byClass.get('iw')?.[0];
  const src = gallery ? attribute(firstDescendant(gallery, 'img') ?? gallery, 'src') : undefined;
  return src ? [src] : [];
}

function readLocation(elements: ElementIndex, listing: ParsedListing, ld: JsonObject | null): void {
  const map = elements.byId.get('map');
  let point = map ? coordinates(attribute(map, 'data-latitude'), attribute(map, 'data-longitude')) : null;
  // No map means the poster gave no location; the geo.position meta then holds the site's centre, so it is
  // not used. JSON-LD repeats the map (0.000000 when unknown).
  if (!point || point.latitude === null) point = coordinates(ld?.latitude, ld?.longitude);
  listing.latitude = point.latitude;
  listing.longitude = point.longitude;
  const accuracy = map ? num(attribute(map, 'data-accuracy')) : null;
  if (point.latitude !== null && accuracy !== null) listing.attributes.map_accuracy = accuracy;

  const address = obj(ld?.address);
  const mapAddress = str(classText(elements, 'mapaddress', 'div'));
  // "311 bowie st near 3rd st": the part after "near" is a cross street, not the address.
  const [street, cross] = mapAddress ? mapAddress.split(/\s+near\s+/i, 2) : [];
  listing.address_line = str(address.streetAddress) ?? str(street);
  if (cross) listing.attributes.cross_street = oneLine(cross);
  listing.city = str(address.addressLocality);
  const region = str(address.addressRegion);
  listing.state = region && /^[A-Za-z]{2}$/.test(region) ? region.toUpperCase() : null;
  if (region && listing.state === null) listing.attributes.region = region;
  listing.zip = str(address.postalCode);
  const country = str(address.addressCountry);
  if (country) listing.attributes.country = country;
  const titleBlock = elements.byClass.get('postingtitletext')?.[0];
  const where = str(textOf(titleBlock ? firstDescendant(titleBlock, 'small') : null));
  if (where) listing.attributes.location_text = where.replace(/^\(\s*|\s*\)$/g, '');
}

function readContact(listing: ParsedListing, printContact: string, hidden: boolean): void {
  const text = `${listing.description ?? ''}\n${printContact}`;
  listing.contact.phones = findPhones(text);
  listing.contact.emails = findEmails(text);
  const listedBy = listing.attributes.listed_by;
  listing.contact.name = typeof listedBy === 'string' ? listedBy : findContactName(listing.description ?? '');
  if (hidden) listing.attributes.contact_hidden = true;
}

/**
 * One Craigslist posting page (2018 and 2022 templates) → one listing, or a skip for block / removed / expired
 * pages, non-housing categories and pages with neither a title nor a body.
 */
export function parseCraigslistPosting(
  html: string,
  url?: string,
  options: CraigslistParseOptions = {},
): ParseOutcome {
  const status = nonListingPage(html);
  if (status) return status;
  const page = postingPage(html);
  const { elements } = page;
  const title = str(textOf(elements.byId.get('titletextonly')));
  const body = elements.byId.get('postingbody');
  if (title === null && !body) {
    return { skipped: 'unreadable', detail: 'no #titletextonly title and no #postingbody text' };
  }
  const canonical = page.canonical ?? page.ogUrl;
  const category = categoryFromUrl(canonical) ?? categoryFromUrl(url) ?? categoryFromUrl(page.crumbHref);
  const verdict = categoryVerdict(category);
  if (!verdict.collect && !options.allowAnyCategory)
    return { skipped: 'unsupported', detail: verdict.detail };

  const listing = emptyListing(CRAIGSLIST_SOURCE);
  const ld = parseJsonObject(page.ldPosting);
  listing.url = canonical ?? url ?? null;
  listing.title = title;
  listing.price = parseMoney(classText(elements, 'price'));
  if (category) listing.attributes.category = category;

  const groups = readAttributeGroups(elements.byClass.get('attrgroup') ?? [], listing.attributes);
  const housing = parseHousingLine(classText(elements, 'housing'));
  const baths = parseBathrooms(groups.bathsText);
  listing.bedrooms = groups.bedrooms ?? housing.bedrooms ?? num(ld?.numberOfBedrooms);
  listing.bathrooms = groups.bathsText !== null ? baths.bathrooms : num(ld?.numberOfBathroomsTotal);
  if (baths.kind) listing.attributes.bath_type = baths.kind;
  listing.sqft = housing.sqft ?? groups.sqft;
  listing.property_type =
    category === 'roo' ? 'room' : groups.housingType ? propertyTypeForTag(groups.housingType) : null;

  readLocation(elements, listing, ld);
  listing.posted_at = isoUtc(page.postedDatetime);
  listing.updated_at = isoUtc(page.updatedDatetime);
  listing.external_id = page.postId ?? postIdFromUrl(listing.url) ?? postIdFromUrl(url) ?? page.pageId;
  listing.repost_of = page.repostOf;
  listing.images = readImages(elements, page.images);
  listing.description = readableText(body);
  readContact(listing, page.printContact, page.hasShowContact);

  const signals = agentSignals(`${title ?? ''}\n${listing.description ?? ''}`, listing.attributes);
  if (signals.length) listing.attributes.agent_signals = signals.join(', ');
  listing.listing_type = verdict.collect ? listingTypeFor(verdict.listingType, signals) : null;
  return { listings: [listing] };
}
