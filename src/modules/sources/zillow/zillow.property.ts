import { emptyListing, type ParsedListing } from '../listing.types.js';
import {
  absoluteUrl,
  bathrooms,
  bedrooms,
  compact,
  coordinates,
  isObject,
  isoDate,
  type JsonObject,
  listingType,
  lotSqft,
  num,
  obj,
  positive,
  positiveInt,
  propertyType,
  subTypeFlags,
  text,
} from './zillow.values.js';

export const ZILLOW_SOURCE = 'zillow';

interface ListedByEntry {
  section: string;
  id: string;
  text: string;
}

/** Flattens `listedBy[].elements[]` into (section, element id, text) rows. */
function listedByEntries(value: unknown): ListedByEntry[] {
  if (!Array.isArray(value)) return [];
  const rows: ListedByEntry[] = [];
  for (const section of value) {
    const s = obj(section);
    const elements = Array.isArray(s.elements) ? s.elements : [];
    for (const element of elements) {
      const e = obj(element);
      const t = text(e.text);
      if (t) rows.push({ section: text(s.id) ?? '', id: text(e.id) ?? '', text: t });
    }
  }
  return rows;
}

/** The largest JPEG of each photo (`mixedSources.jpeg[]` by width), falling back to the single hero image. */
function photoUrls(p: JsonObject): string[] {
  const photos = Array.isArray(p.responsivePhotos)
    ? p.responsivePhotos
    : Array.isArray(p.photos)
      ? p.photos
      : [];
  const urls: string[] = [];
  for (const photo of photos) {
    const jpegs = obj(obj(photo).mixedSources).jpeg;
    let best: { url: string; width: number } | null = null;
    for (const source of Array.isArray(jpegs) ? jpegs : []) {
      const url = text(obj(source).url);
      const width = num(obj(source).width) ?? 0;
      if (url && (!best || width > best.width)) best = { url, width };
    }
    const url = best?.url ?? text(obj(photo).url);
    if (url && !urls.includes(url)) urls.push(url);
  }
  if (urls.length === 0) {
    const hero = text(p.hiResImageLink) ?? text(p.desktopWebHdpImageLink);
    if (hero) urls.push(hero);
  }
  return urls;
}

/** True when Zillow marks the property as offered by its owner. */
export function isByOwner(p: JsonObject): boolean {
  return obj(p.listing_sub_type).is_FSBO === true || obj(p.listingSubType).isFSBO === true;
}

/** Maps a homedetails `property` object (gdpClientCache / apiCache) to a listing. */
export function mapProperty(p: JsonObject, pageUrl?: string): ParsedListing {
  const listing = emptyListing(ZILLOW_SOURCE);
  const address = obj(p.address);
  const attribution = obj(p.attributionInfo);
  const byOwner = isByOwner(p);
  const forRent = text(p.homeStatus) === 'FOR_RENT';
  const listedBy = listedByEntries(p.listedBy);

  listing.external_id = p.zpid === undefined || p.zpid === null ? null : String(p.zpid);
  listing.url =
    absoluteUrl(p.hdpUrl) ?? (pageUrl && /\/homedetails\//.test(pageUrl) ? absoluteUrl(pageUrl) : null);
  listing.title = text(p.marketingName) ?? text(p.buildingName);
  listing.description = text(p.description);
  listing.price = positive(p.price);
  listing.bedrooms = bedrooms(p.bedrooms);
  listing.bathrooms = bathrooms(p.bathrooms);
  listing.sqft = positiveInt(p.livingArea ?? p.livingAreaValue);
  listing.lot_sqft = lotSqft(p.lotAreaValue, p.lotAreaUnits ?? p.lotAreaUnit);
  listing.year_built = positiveInt(p.yearBuilt);
  listing.property_type = propertyType(p.homeType);
  listing.listing_type = listingType(byOwner, forRent);

  const undisclosed = p.isUndisclosedAddress === true;
  listing.address_line = undisclosed ? null : (text(address.streetAddress) ?? text(p.streetAddress));
  listing.city = text(address.city) ?? text(p.city);
  listing.state = text(address.state) ?? text(p.state);
  listing.zip = text(address.zipcode) ?? text(p.zipcode);
  Object.assign(listing, coordinates(p.latitude, p.longitude));
  listing.posted_at = isoDate(p.datePostedString);
  listing.images = photoUrls(p);

  const sub = isObject(p.listing_sub_type) ? p.listing_sub_type : obj(p.listingSubType);
  const brokerName = text(attribution.brokerName) ?? text(p.brokerageName);
  const daysOnZillow = num(p.daysOnZillow);
  listing.attributes = compact({
    home_status: text(p.homeStatus),
    home_type: text(p.homeType),
    days_on_zillow: daysOnZillow !== null && daysOnZillow >= 0 ? daysOnZillow : null,
    ...subTypeFlags(sub),
    zillow_listing_type: text(p.listingTypeDimension),
    broker_name: brokerName,
    mls_id: text(attribution.mlsId) ?? text(p.mlsid),
    mls_name: text(attribution.mlsName),
    zestimate: positive(p.zestimate),
    rent_zestimate: positive(p.rentZestimate),
    monthly_hoa_fee: positive(p.monthlyHoaFee),
    county: text(p.county),
    undisclosed_address: undisclosed ? true : null,
  });

  if (byOwner) {
    // The owner's own contact, as the listing shows it: this is what an owner lead is.
    const notBroker = listedBy.filter((e) => e.section !== 'BROKER');
    listing.contact = {
      name: text(obj(p.postingContact).name) ?? notBroker.find((e) => e.id === 'NAME')?.text ?? null,
      phones: [...new Set(notBroker.filter((e) => e.id === 'PHONE').map((e) => e.text))],
      emails: [...new Set(notBroker.filter((e) => e.id === 'EMAIL').map((e) => e.text))],
    };
  } else {
    // Agent contacts are never sold: only who listed it is kept, for comps and broker insights.
    const agentName =
      text(attribution.agentName) ??
      listedBy.find((e) => e.section === 'LISTING_AGENT' && e.id === 'NAME')?.text ??
      text(obj(p.postingContact).name);
    if (agentName) listing.attributes.agent_name = agentName;
  }
  return listing;
}
