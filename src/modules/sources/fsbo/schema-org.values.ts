import type { PropertyType } from '../listing.types.js';

export type JsonObject = Record<string, unknown>;

const SQFT_PER_SQM = 10.763_910_4;

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a list: arrays as they are, a single value as one item, null/undefined as none. */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A trimmed, whitespace-collapsed, non-empty string (numbers too), or null. */
export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const t = value.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

/** A multi-line text with each line collapsed and blank runs kept to one empty line. */
export function paragraphText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const lines = value.split(/\r?\n/).map((l) => l.replace(/[ \t\f\v\u00a0]+/g, ' ').trim());
  const t = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return t === '' ? null : t;
}

/**
 * A number from a number, a numeric string ("425000", "1,850", "$1,606", "3 bd") or a
 * QuantitativeValue's `value`. The first number in a string is taken; a string without one is null.
 */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (isObject(value)) return num(value.value);
  if (typeof value !== 'string') return null;
  const match = /-?\d[\d,]*(?:\.\d+)?/.exec(value);
  if (!match) return null;
  const n = Number(match[0].replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** A count such as bedrooms (0 allowed), or null. */
export function count(value: unknown): number | null {
  const n = num(value);
  return n !== null && n >= 0 ? n : null;
}

/** A positive whole number (rounded), or null. */
export function positiveInt(value: unknown): number | null {
  const n = num(value);
  if (n === null || n <= 0) return null;
  const r = Math.round(n);
  return r >= 1 ? r : null;
}

/** The schema.org types of a node, without the vocabulary prefix ("https://schema.org/House" → "House"). */
export function typesOf(node: JsonObject): string[] {
  return list(node['@type'])
    .map((t) => text(t)?.replace(/^(?:https?:\/\/schema\.org\/|schema:)/i, ''))
    .filter((t): t is string => Boolean(t));
}

/** True when the node has one of the given types. */
export function hasType(node: JsonObject, types: ReadonlySet<string>): boolean {
  return typesOf(node).some((t) => types.has(t));
}

export const LISTING_TYPES = new Set(['RealEstateListing']);
export const OFFER_TYPES = new Set(['Offer']);
export const PRODUCT_TYPES = new Set(['Product', 'IndividualProduct']);
export const RESIDENCE_TYPES = new Set([
  'Accommodation',
  'Apartment',
  'ApartmentComplex',
  'GatedResidenceCommunity',
  'House',
  'Residence',
  'Room',
  'SingleFamilyResidence',
  'Suite',
]);
export const AGENT_TYPES = new Set(['RealEstateAgent']);

const CATEGORY_TYPES: readonly [RegExp, PropertyType][] = [
  [/condo/i, 'condo'],
  [/town\s*(?:house|home)|row\s*house/i, 'townhouse'],
  [/multi[\s-]*family|duplex|triplex|fourplex|quadplex/i, 'multi_family'],
  [/manufactured|mobile\s*home/i, 'manufactured'],
  [/\bland\b|\blots?\b|acreage/i, 'land'],
  [/single[\s-]*family|detached|\bhouse\b/i, 'house'],
  [/apartment/i, 'apartment'],
  [/\broom\b/i, 'room'],
];

/** The property type from `accommodationCategory` text, else from the schema.org type; generic types say nothing. */
export function propertyTypeOf(node: JsonObject | null): PropertyType | null {
  if (!node) return null;
  const category = text(node.accommodationCategory) ?? text(node.category);
  for (const [re, type] of CATEGORY_TYPES) if (category && re.test(category)) return type;
  const types = typesOf(node);
  if (types.includes('SingleFamilyResidence') || types.includes('House')) return 'house';
  if (types.includes('Apartment')) return 'apartment';
  if (types.includes('Room') || types.includes('Suite')) return 'room';
  return null;
}

/**
 * A floor size in square feet from a QuantitativeValue (unitCode FTK/SQF or MTK, or a unitText) or a string
 * such as "1,850 sq ft". Without a unit the number could be m² or ft², so it is not read.
 */
export function floorSizeSqft(value: unknown): number | null {
  const amount = num(value);
  if (amount === null) return null;
  const unit = isObject(value)
    ? `${text(value.unitCode) ?? ''} ${text(value.unitText) ?? ''}`
    : String(value);
  if (/\bFTK\b|\bSQF\b|sq\.?\s*f(?:ee)?t|square\s*f(?:ee|oo)t|ft2|ft²|sqft/i.test(unit))
    return positiveInt(amount);
  if (/\bMTK\b|\bm2\b|m²|sq\.?\s*m|square\s*met|sqm/i.test(unit)) return positiveInt(amount * SQFT_PER_SQM);
  return null;
}

/** A date or timestamp as ISO 8601; a date alone is midnight UTC; a time without a zone is not guessed. */
export function isoDate(value: unknown): string | null {
  const t = text(value);
  if (!t) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const d = new Date(`${t}T00:00:00.000Z`);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  const zoned = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/i.exec(t);
  if (!zoned) return null;
  const zone = zoned[2]!.length === 5 ? `${zoned[2]!.slice(0, 3)}:${zoned[2]!.slice(3)}` : zoned[2]!;
  const d = new Date(`${zoned[1]!.replace(' ', 'T')}${zone.toUpperCase()}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An absolute http(s) URL, resolved against the page's URL when relative; null otherwise. */
export function absoluteUrl(href: unknown, base?: string | null): string | null {
  const h = text(href);
  if (!h) return null;
  try {
    const url = base ? new URL(h, base) : new URL(h);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Image URLs from `image` values: URL strings, ImageObjects (`url` / `contentUrl`), or lists of them. */
export function imageUrls(value: unknown, base?: string | null): string[] {
  const urls: string[] = [];
  for (const item of list(value)) {
    const raw = isObject(item) ? (item.contentUrl ?? item.url) : item;
    for (const r of list(raw)) {
      const url = absoluteUrl(r, base);
      if (url && !urls.includes(url)) urls.push(url);
    }
  }
  return urls;
}

/** A schema.org enumeration value without its vocabulary URL ("https://schema.org/InStock" → "InStock"). */
export function enumName(value: unknown): string | null {
  return text(value)?.replace(/^.*[/#]/, '') ?? null;
}
