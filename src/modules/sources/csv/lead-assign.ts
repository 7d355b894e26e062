import type { ParsedListing } from '../listing.types.js';
import { headerKey, type LeadField, recogniseQuestion } from './lead-fields.js';
import {
  type Read,
  readArea,
  readCoordinate,
  readDate,
  readEmail,
  readListingType,
  readPhone,
  readPrice,
  readPropertyType,
  readRoomCount,
  readState,
  readUrl,
  readYear,
  readZip,
  splitValues,
} from './lead-values.js';

const join = (current: string | null, next: string, separator: string): string =>
  current === null ? next : `${current}${separator}${next}`;

// Reads every value first so that a bad one leaves the list untouched.
function pushAll(target: string[], raw: string, read: (value: string) => Read<string>): string | null {
  const values: string[] = [];
  for (const part of splitValues(raw)) {
    const result = read(part);
    if (!result.ok) return result.reason;
    if (result.value !== null) values.push(result.value);
  }
  for (const value of values) if (!target.includes(value)) target.push(value);
  return null;
}

function set<T>(result: Read<T>, apply: (value: T | null) => void): string | null {
  if (!result.ok) return result.reason;
  apply(result.value);
  return null;
}

/**
 * Reads one cell into `field` of the listing. Returns the reason when the cell can't be read (the listing
 * keeps its previous value); an empty cell states nothing and changes nothing. Text fields fed from
 * several columns are joined.
 */
export function assignLeadField(listing: ParsedListing, field: LeadField, raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  switch (field) {
    case 'title':
    case 'city':
    case 'external_id':
    case 'address_line':
      listing[field] = join(listing[field], text, ' ');
      return null;
    case 'description':
      listing.description = join(listing.description, text, '\n');
      return null;
    case 'contact_name':
      listing.contact.name = join(listing.contact.name, text, ' ');
      return null;
    case 'price':
      return set(readPrice(text), (v) => {
        listing.price = v;
      });
    case 'bedrooms':
    case 'bathrooms':
      return set(readRoomCount(text, field), (v) => {
        listing[field] = v;
      });
    case 'sqft':
    case 'lot_sqft':
      return set(readArea(text, field), (v) => {
        listing[field] = v;
      });
    case 'year_built':
      return set(readYear(text), (v) => {
        listing.year_built = v;
      });
    case 'property_type':
      return set(readPropertyType(text), (v) => {
        listing.property_type = v;
        if (v === 'other') listing.attributes.property_type_text = text;
      });
    case 'listing_type': {
      const type = readListingType(text);
      if (type) listing.listing_type = type;
      else listing.attributes.listing_type_text = text;
      return null;
    }
    case 'state':
      return set(readState(text), (v) => {
        listing.state = v;
      });
    case 'zip':
      return set(readZip(text), (v) => {
        listing.zip = v;
      });
    case 'latitude':
    case 'longitude':
      return set(readCoordinate(text, field), (v) => {
        listing[field] = v;
      });
    case 'posted_at':
      return set(readDate(text), (v) => {
        listing.posted_at = v;
      });
    case 'phone':
      return pushAll(listing.contact.phones, text, readPhone);
    case 'email':
      return pushAll(listing.contact.emails, text, readEmail);
    case 'url':
      return set(readUrl(text), (v) => {
        listing.url = v;
      });
  }
}

// Fields a form question may fill. Ids, dates, URLs and listing types come from the channel, never from
// what a person typed into a form.
const FORM_FIELDS = new Set<LeadField>([
  'description',
  'price',
  'bedrooms',
  'bathrooms',
  'sqft',
  'lot_sqft',
  'year_built',
  'property_type',
  'address_line',
  'city',
  'state',
  'zip',
  'contact_name',
  'phone',
  'email',
]);

/**
 * Puts a lead-form answer where it belongs: the field its question names when the answer reads as that
 * field, otherwise `attributes[attributeKey]` as text, so nothing the person answered is lost.
 */
export function applyFormAnswer(
  listing: ParsedListing,
  question: string,
  values: readonly string[],
  attributeKey: string = headerKey(question),
): void {
  const answers = values.map((v) => v.trim()).filter((v) => v !== '');
  if (answers.length === 0) return;
  const target = recogniseQuestion(question);
  if (target === 'timeline') {
    listing.attributes.timeline = answers.join(', ');
    return;
  }
  if (target !== null && FORM_FIELDS.has(target)) {
    const list = target === 'phone' || target === 'email';
    // Two ticked choices for one fact (e.g. "Condo" and "Townhouse") can't be narrowed to one without guessing.
    const fits = answers.length === 1 || list || target === 'description' || target === 'address_line';
    if (fits && assignLeadField(listing, target, list ? answers.join(';') : answers.join(', ')) === null)
      return;
  }
  listing.attributes[attributeKey || 'answer'] = answers.join(', ');
}
