import { emptyListing, type ParsedListing } from '../listing.types.js';
import {
  CRAIGSLIST_SOURCE,
  coordinates,
  imageUrl,
  isoFromEpochSeconds,
  type JsonObject,
} from './craigslist.text.js';

function at(list: unknown, index: unknown): unknown {
  return Array.isArray(list) && typeof index === 'number' ? list[index] : undefined;
}

// Tags of the arrays after position 5 of a search item, as Craigslist's own search page decodes them.
const TAG_IMAGES = 4;
const TAG_HOUSING = 5;
const TAG_SLUG = 6;
const TAG_PRICE_TEXT = 10;
const TAG_UUID = 13;

/**
 * One positional sapi search item → a listing. Layout (checked against the fixture: the newest item's offset
 * plus `minPostedDate` equals `maxPostedDate`):
 * `[postingId − minPostingId, postedDate − minPostedDate, categoryId, price (−1 none), "loc:desc[:hood]~lat~lon",
 * image prefix | 0, …tagged arrays, optional negative dedupe key, title]`.
 */
export function decodeSearchItem(
  item: unknown[],
  decode: JsonObject,
  category: string | null,
): ParsedListing {
  const listing = emptyListing(CRAIGSLIST_SOURCE);
  const [idOffset, dateOffset, categoryId, price, where] = item;
  if (typeof idOffset === 'number' && typeof decode.minPostingId === 'number') {
    listing.external_id = String(decode.minPostingId + idOffset);
  }
  if (typeof dateOffset === 'number' && typeof decode.minPostedDate === 'number') {
    listing.posted_at = isoFromEpochSeconds(decode.minPostedDate + dateOffset);
  }
  if (typeof price === 'number' && price >= 0) listing.price = price;
  if (typeof categoryId === 'number') listing.attributes.category_id = categoryId;
  // The category searched; an item's own category is only a number here (`category_id`).
  if (category) listing.attributes.search_category = category;
  if (category === 'roo') listing.property_type = 'room';

  const [indexes = '', lat, lon] = typeof where === 'string' ? where.split('~') : [];
  const point = coordinates(lat, lon);
  listing.latitude = point.latitude;
  listing.longitude = point.longitude;
  const [loc, desc, hood] = indexes.split(':').map((n) => (n === '' ? undefined : Number(n)));
  const area = at(decode.locations, loc);
  if (Array.isArray(area) && typeof area[1] === 'string') listing.attributes.area = area[1];
  if (Array.isArray(area) && typeof area[2] === 'string') listing.attributes.subarea = area[2];
  const description = at(decode.locationDescriptions, desc);
  if (typeof description === 'string' && description.trim())
    listing.attributes.location_text = description.trim();
  const neighborhood = at(decode.neighborhoods, hood);
  if (typeof neighborhood === 'string' && neighborhood.trim())
    listing.attributes.neighborhood = neighborhood.trim();

  let slug: string | null = null;
  let uuid: string | null = null;
  const rest = item.slice(5);
  // Position 5 is the image-host prefix (or 0 without images) in today's layout; older layouts start tagging there.
  if (rest.length > 1 && !Array.isArray(rest[0]) && !(typeof rest[0] === 'number' && rest[0] < 0))
    rest.shift();
  for (const part of rest) {
    if (typeof part === 'string') listing.title = part;
    else if (typeof part === 'number' && part < 0) listing.attributes.dedupe_key = part;
    else if (Array.isArray(part)) {
      const [tag, ...values] = part;
      if (tag === TAG_IMAGES)
        listing.images = values.filter((v): v is string => typeof v === 'string').map(imageUrl);
      else if (tag === TAG_HOUSING) {
        const [beds, sqft] = values;
        if (typeof beds === 'number' && beds >= 0) listing.bedrooms = beds;
        if (typeof sqft === 'number' && sqft > 0) listing.sqft = Math.round(sqft);
      } else if (tag === TAG_SLUG && typeof values[0] === 'string') slug = values[0];
      else if (tag === TAG_PRICE_TEXT && typeof values[0] === 'string')
        listing.attributes.price_text = values[0];
      else if (tag === TAG_UUID && typeof values[0] === 'string') uuid = values[0];
    }
  }
  if (uuid) listing.attributes.posting_uuid = uuid;
  // The form Craigslist's own detail responses use for a posting's URL (see the detail fixture's `url`).
  if (slug && uuid) listing.url = `https://www.craigslist.org/view/d/${slug}/${uuid}`;
  return listing;
}
