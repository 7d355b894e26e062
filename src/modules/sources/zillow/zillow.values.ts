import type { ListingType, PropertyType } from '../listing.types.js';

export type JsonObject = Record<string, unknown>;

const ZILLOW_ORIGIN = 'https://www.zillow.com';
const SQFT_PER_ACRE = 43_560;

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or an empty one, so that optional paths read without checks. */
export function obj(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/** A trimmed, non-empty string, or null. */
export function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A finite number (numeric strings included), or null. */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.replace(/,/g, ''));
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** A positive number, or null: Zillow writes 0 and -1 where it knows nothing. */
export function positive(value: unknown): number | null {
  const n = num(value);
  return n !== null && n > 0 ? n : null;
}

/** A positive whole number (rounded), or null. */
export function positiveInt(value: unknown): number | null {
  const n = positive(value);
  if (n === null) return null;
  const rounded = Math.round(n);
  return rounded >= 1 ? rounded : null;
}

/**
 * A price from a number or a display string ("$7,800,000", "$3,100+/mo"). Abbreviated labels ("$7.80M")
 * are refused: they are rounded, so reading them would state a price the page does not.
 */
export function parseMoney(value: unknown): number | null {
  if (typeof value === 'number') return value > 0 && Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  if (/\d\s*[KkMmBb]\b/.test(value)) return null;
  const match = /\$?\s*(\d[\d,]*(?:\.\d+)?)/.exec(value);
  return match?.[1] ? positive(match[1]) : null;
}

/** A bathroom count; 0 is how Zillow writes "unknown" (e.g. a 22,572 sqft building with 0 baths). */
export function bathrooms(value: unknown): number | null {
  return positive(value);
}

/** A bedroom count; 0 is a studio, so it is kept. */
export function bedrooms(value: unknown): number | null {
  const n = num(value);
  return n !== null && n >= 0 ? n : null;
}

/** A lot size in square feet from Zillow's value + unit ("sqft", "Square Feet", "acres"). */
export function lotSqft(value: unknown, unit: unknown): number | null {
  const n = positive(value);
  const u = text(unit)?.toLowerCase();
  if (n === null || !u) return null;
  if (u === 'sqft' || u === 'square feet' || u === 'sq ft') return positiveInt(n);
  if (u === 'acres' || u === 'acre') return positiveInt(n * SQFT_PER_ACRE);
  return null;
}

const HOME_TYPES: Record<string, PropertyType> = {
  SINGLE_FAMILY: 'house',
  CONDO: 'condo',
  TOWNHOUSE: 'townhouse',
  MULTI_FAMILY: 'multi_family',
  MANUFACTURED: 'manufactured',
  LOT: 'land',
  LAND: 'land',
  APARTMENT: 'apartment',
};

/** Zillow's homeType to our property type; HOME_TYPE_UNKNOWN states nothing, so it stays null. */
export function propertyType(homeType: unknown): PropertyType | null {
  const t = text(homeType);
  if (!t || t === 'HOME_TYPE_UNKNOWN') return null;
  return HOME_TYPES[t] ?? 'other';
}

/** Owner listings are sold as leads; agent listings are kept only for comps. */
export function listingType(byOwner: boolean, forRent: boolean): ListingType {
  if (forRent) return byOwner ? 'owner_rental' : 'agent_rental';
  return byOwner ? 'fsbo_sale' : 'agent_sale';
}

/** A Zillow path or URL made absolute on https://www.zillow.com. */
export function absoluteUrl(href: unknown): string | null {
  const h = text(href);
  if (!h) return null;
  try {
    return new URL(h, ZILLOW_ORIGIN).href;
  } catch {
    return null;
  }
}

/** "2023-05-27" → "2023-05-27T00:00:00.000Z"; a full timestamp with a zone → ISO; anything else → null. */
export function isoDate(value: unknown): string | null {
  const t = text(value);
  if (!t) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const d = new Date(`${t}T00:00:00.000Z`);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  // A time without a zone could be any zone: not stated, so not guessed.
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/.test(t)) return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A latitude/longitude pair, or nulls: 0 means "no position", and out-of-range values are not positions. */
export function coordinates(
  lat: unknown,
  lon: unknown,
): { latitude: number | null; longitude: number | null } {
  const la = num(lat);
  const lo = num(lon);
  if (la === null || lo === null || (la === 0 && lo === 0)) return { latitude: null, longitude: null };
  if (Math.abs(la) > 90 || Math.abs(lo) > 180) return { latitude: null, longitude: null };
  return { latitude: la, longitude: lo };
}

/** Attribute entries with null/undefined values dropped, so attributes only hold stated facts. */
export function compact(entries: Record<string, string | number | boolean | null | undefined>) {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value !== null && value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** The listing_sub_type flags that are set, as `is_fsbo`, `is_fsba`, … attributes. */
export function subTypeFlags(sub: JsonObject): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(sub)) {
    if (typeof value === 'boolean') out[key.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()] = value;
  }
  return out;
}
