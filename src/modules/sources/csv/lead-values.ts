import { LISTING_TYPES, type ListingType, type PropertyType } from '../listing.types.js';
import { regionCode } from './regions.js';

/** A cell read into a typed value, or the reason it could not be. `null` value = the cell states nothing. */
export type Read<T> = { ok: true; value: T | null } | { ok: false; reason: string };

const ok = <T>(value: T | null): Read<T> => ({ ok: true, value });
const fail = <T>(reason: string): Read<T> => ({ ok: false, reason });
const quoted = (raw: string): string => JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw);

/** A plain or US-formatted number: "$350,000", "1.2M", "350k", "2.5"; null when it is not one. */
export function readNumber(raw: string): number | null {
  let text = raw
    .trim()
    .replace(/\s*usd$/i, '')
    .replace(/\s+/g, '')
    .replace(/^\$/, '');
  let factor = 1;
  const suffix = /^(.*\d)([kKmM])$/.exec(text);
  if (suffix) {
    text = suffix[1]!;
    factor = suffix[2]!.toLowerCase() === 'k' ? 1_000 : 1_000_000;
  }
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(text)) return null;
  return Number(text) * factor;
}

/** A price in USD; 0 is read as "not stated" because sheets use it for blank. */
export function readPrice(raw: string): Read<number> {
  const text = raw.replace(/\s*(\/\s*mo(nth)?|per\s+month|a\s+month|monthly)\.?\s*$/i, '');
  const value = readNumber(text);
  if (value === null) return fail(`price is not a number: ${quoted(raw)}`);
  if (value < 0) return fail(`price is negative: ${quoted(raw)}`);
  return ok(value === 0 ? null : Math.round(value * 100) / 100);
}

/** A bedroom or bathroom count; "studio" is 0 bedrooms. */
export function readRoomCount(raw: string, what: 'bedrooms' | 'bathrooms'): Read<number> {
  const text = raw.trim().replace(/\s*(beds?|bedrooms?|br|baths?|bathrooms?|ba)\.?$/i, '');
  if (what === 'bedrooms' && /^studio$/i.test(text)) return ok(0);
  const value = readNumber(text);
  if (value === null) return fail(`${what} is not a number: ${quoted(raw)}`);
  if (value < 0 || value > 100) return fail(`${what} out of range (0-100): ${quoted(raw)}`);
  return ok(value);
}

/** An area in square feet ("1,850 sq ft"; "0.25 acres" for lots); 0 means "not stated". */
export function readArea(raw: string, what: 'sqft' | 'lot_sqft'): Read<number> {
  const text = raw.trim();
  const acres = /^(.*?)\s*(acres?|ac)\.?$/i.exec(text);
  const number = readNumber(
    acres ? acres[1]! : text.replace(/\s*(sq\.?\s*ft\.?|sqft|sf|ft2|ft²|square\s+feet)$/i, ''),
  );
  if (number === null) return fail(`${what} is not a number: ${quoted(raw)}`);
  if (number < 0) return fail(`${what} is negative: ${quoted(raw)}`);
  const value = Math.round(acres ? number * 43_560 : number);
  return ok(value === 0 ? null : value);
}

/** A four-digit year built. */
export function readYear(raw: string): Read<number> {
  const text = raw.trim();
  if (!/^\d{4}$/.test(text)) return fail(`year_built is not a four-digit year: ${quoted(raw)}`);
  const year = Number(text);
  if (year === 0) return ok(null);
  if (year < 1600 || year > 2100) return fail(`year_built out of range (1600-2100): ${quoted(raw)}`);
  return ok(year);
}

const PROPERTY_TYPE_WORDS: ReadonlyArray<readonly [RegExp, PropertyType]> = [
  [/\b(condo|condominium|co-?op)\b/, 'condo'],
  [/\b(town\s*-?house|townhome|row\s*house)\b/, 'townhouse'],
  [/\b(multi-?\s*family|duplex|triplex|fourplex|quadplex|\d-?\s*unit)\b/, 'multi_family'],
  [/\b(manufactured|mobile|modular|trailer)\b/, 'manufactured'],
  [/\b(land|lot|acreage|vacant)\b/, 'land'],
  [/\b(apartment|apt|flat)\b/, 'apartment'],
  [/\b(room|shared)\b/, 'room'],
  [/\b(single-?\s*family|sfr|sfh|house|home|detached|bungalow|cottage|ranch)\b/, 'house'],
];

/** The property type a text names; text we cannot place is `other` (it states a type, just not ours). */
export function readPropertyType(raw: string): Read<PropertyType> {
  const text = raw.trim().toLowerCase().replace(/_/g, ' ');
  if (text === '') return ok(null);
  for (const [pattern, type] of PROPERTY_TYPE_WORDS) if (pattern.test(text)) return ok(type);
  return ok('other');
}

/** One of our listing types when the text names one exactly ("FSBO sale" → `fsbo_sale`); else null. */
export function readListingType(raw: string): ListingType | null {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z]+/g, '_');
  return (LISTING_TYPES as readonly string[]).includes(key) ? (key as ListingType) : null;
}

/** A US state or Canadian province as its two-letter code. */
export function readState(raw: string): Read<string> {
  const code = regionCode(raw);
  return code ? ok(code) : fail(`state is not a two-letter state code: ${quoted(raw)}`);
}

/** A US ZIP (12345, 12345-6789) or Canadian postal code (A1A 1A1). */
export function readZip(raw: string): Read<string> {
  const text = raw.trim();
  const us = /^(\d{5})(?:-?(\d{4}))?$/.exec(text);
  if (us) return ok(us[2] ? `${us[1]}-${us[2]}` : us[1]!);
  const ca = /^([A-Za-z]\d[A-Za-z])\s?(\d[A-Za-z]\d)$/.exec(text);
  if (ca) return ok(`${ca[1]} ${ca[2]}`.toUpperCase());
  if (/^\d{3,4}$/.test(text))
    return fail(`zip has ${text.length} digits (a leading zero lost by a spreadsheet?)`);
  return fail(`zip is not a ZIP code: ${quoted(raw)}`);
}

/** A latitude or longitude in decimal degrees, range-checked. */
export function readCoordinate(raw: string, what: 'latitude' | 'longitude'): Read<number> {
  const value = readNumber(raw);
  if (value === null || /[kKmM$]/.test(raw)) return fail(`${what} is not a number: ${quoted(raw)}`);
  const limit = what === 'latitude' ? 90 : 180;
  if (Math.abs(value) > limit) return fail(`${what} out of range (-${limit} to ${limit}): ${quoted(raw)}`);
  return ok(value);
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

const fullYear = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));
// "Mar", "March", "Sept": a prefix of a month name, at least three letters long.
function monthOf(name: string): number {
  const key = name.toLowerCase();
  if (key === 'sept') return 9;
  return key.length < 3 ? 0 : MONTHS.findIndex((month) => month.startsWith(key)) + 1;
}

/**
 * A date as ISO 8601: "2024-03-12" stays a date, a timestamp with a zone becomes UTC, one without a zone
 * keeps its wall-clock time. Accepts US "3/12/2024", "12 Mar 2024", "7-Feb-22", "Mar 12, 2024".
 */
export function readDate(raw: string): Read<string> {
  const text = raw.trim();
  const bad = fail<string>(`date is not a date: ${quoted(raw)}`);
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!) ? ok(text) : bad;
  m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (m) {
    if (!isoDate(+m[1]!.slice(0, 4), +m[1]!.slice(5, 7), +m[1]!.slice(8))) return bad;
    if (!m[3]) return ok(`${m[1]}T${m[2]!.length === 5 ? `${m[2]}:00` : m[2]}`);
    const zone = m[3] === 'Z' ? 'Z' : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`;
    const date = new Date(`${m[1]}T${m[2]}${zone}`);
    return Number.isNaN(date.getTime()) ? bad : ok(date.toISOString());
  }
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(text);
  const dayFirst = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4}|\d{2})$/.exec(text);
  const monthFirst = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(text);
  let date: string | null = null;
  if (us) date = isoDate(fullYear(us[3]!), +us[1]!, +us[2]!);
  else if (dayFirst && monthOf(dayFirst[2]!))
    date = isoDate(fullYear(dayFirst[3]!), monthOf(dayFirst[2]!), +dayFirst[1]!);
  else if (monthFirst && monthOf(monthFirst[1]!))
    date = isoDate(+monthFirst[3]!, monthOf(monthFirst[1]!), +monthFirst[2]!);
  return date ? ok(date) : bad;
}

/** Values of a cell that may hold several, separated by ";" (phones, emails). */
export function splitValues(raw: string): string[] {
  return raw
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** A phone as written, checked only for a plausible digit count; E.164 is the normaliser's job. */
export function readPhone(raw: string): Read<string> {
  const digits = raw.replace(/\s*(ext\.?|x|#)\s*\d+$/i, '').replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15)
    return fail(`phone has ${digits.length} digits: ${quoted(raw)}`);
  return ok(raw.trim());
}

/** An e-mail address, checked for shape only. */
export function readEmail(raw: string): Read<string> {
  const text = raw.trim();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? ok(text) : fail(`email is not an address: ${quoted(raw)}`);
}

/** An absolute http(s) URL. */
export function readUrl(raw: string): Read<string> {
  const text = raw.trim();
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return ok(url.href);
  } catch {
    // falls through to the failure below
  }
  return fail(`url is not an http(s) URL: ${quoted(raw)}`);
}
