/** The source name every Craigslist listing carries. */
export const CRAIGSLIST_SOURCE = 'craigslist';

export type JsonObject = Record<string, unknown>;

/** The value as a plain object, or an empty one. */
export function obj(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** Collapses runs of whitespace (including no-break spaces) to one space and trims. */
export function oneLine(text: string): string {
  return text.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/** Normalises whitespace inside each line, keeps line breaks, and keeps at most one blank line in a row. */
export function multiLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/[ \t\f\v\u00a0\u200b\ufeff]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A stated dollar amount ("$1,606", "1606") as a number, or null when the text holds none. */
export function parseMoney(text: string | null | undefined): number | null {
  if (!text) return null;
  const m = /(\d[\d,]*(?:\.\d+)?)/.exec(text);
  if (!m?.[1]) return null;
  const value = Number(m[1].replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}

/** Bedrooms and square feet from a Craigslist housing line such as "/ 1br - 750ft2 - " (either may be absent). */
export function parseHousingLine(text: string | null | undefined): {
  bedrooms: number | null;
  sqft: number | null;
} {
  const line = text ?? '';
  const br = /(\d+(?:\.\d+)?)\s*br\b/i.exec(line);
  const ft = /(\d[\d,]*)\s*ft(?:2|²)?/i.exec(line);
  const sqft = ft?.[1] ? Number.parseInt(ft[1].replace(/,/g, ''), 10) : null;
  return {
    bedrooms: br?.[1] ? Number(br[1]) : null,
    sqft: sqft !== null && sqft > 0 ? sqft : null,
  };
}

/**
 * Bathrooms from an attribute bubble ("1Ba", "1.5Ba"). "shared" or "split" baths state no count, so they give
 * null and the kind is returned for the attributes.
 */
export function parseBathrooms(text: string | null | undefined): {
  bathrooms: number | null;
  kind: string | null;
} {
  const t = (text ?? '').toLowerCase();
  const n = /(\d+(?:\.\d+)?)\s*ba\b/.exec(t);
  const kind = /(shared|split)/.exec(t)?.[1] ?? null;
  return { bathrooms: n?.[1] ? Number(n[1]) : null, kind };
}

/**
 * An ISO 8601 UTC string from a Craigslist timestamp ("2022-06-27T10:07:49-0400"). V8's Date parser does not
 * accept an offset without a colon reliably, so the offset is applied by hand.
 */
export function isoUtc(datetime: string | null | undefined): string | null {
  if (!datetime) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})$/.exec(
    datetime.trim(),
  );
  if (!m) return null;
  const [, y, mo, d, h, mi, s, zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO 8601 UTC string from epoch seconds, as the sapi JSON gives them. */
export function isoFromEpochSeconds(seconds: unknown): string | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return null;
  return new Date(seconds * 1000).toISOString();
}

/** An attribute label as a record key: "rent period" → "rent_period". */
export function attributeKey(label: string): string {
  return oneLine(label)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A coordinate pair, or nulls when either is missing, not a number, or the 0/0 that means "unknown". */
export function coordinates(
  lat: unknown,
  lon: unknown,
): { latitude: number | null; longitude: number | null } {
  const la = typeof lat === 'number' ? lat : Number.parseFloat(String(lat ?? ''));
  const lo = typeof lon === 'number' ? lon : Number.parseFloat(String(lon ?? ''));
  const valid =
    Number.isFinite(la) &&
    Number.isFinite(lo) &&
    !(la === 0 && lo === 0) &&
    Math.abs(la) <= 90 &&
    Math.abs(lo) <= 180;
  return valid ? { latitude: la, longitude: lo } : { latitude: null, longitude: null };
}

/** The numeric post id in a Craigslist posting URL (`…/7501755803.html`), or null. */
export function postIdFromUrl(url: string | null | undefined): string | null {
  return url ? (/\/(\d{6,})\.html?(?:[?#]|$)/.exec(url)?.[1] ?? null) : null;
}

/**
 * The category code in a Craigslist URL path: `/nat/apa/d/slug/1.html` and `/apa/d/slug/1.html` → "apa",
 * `/sox/cto/6520962081.html` → "cto", `/search/atl/apa` and `/d/burnaby-bc/search/apa` → "apa".
 */
export function categoryFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url, 'https://craigslist.org').pathname;
  } catch {
    return null;
  }
  const segments = path.split('/').filter(Boolean);
  const dIndex = segments.indexOf('d');
  const candidate = segments.includes('search')
    ? segments[segments.length - 1]
    : dIndex > 0
      ? segments[dIndex - 1]
      : /^\d+\.html?$/.test(segments[segments.length - 1] ?? '')
        ? segments[segments.length - 2]
        : undefined;
  return candidate && /^[a-z]{3}$/.test(candidate) ? candidate : null;
}

/** `https://images.craigslist.org/{id}_600x450.jpg` for an image id as Craigslist lists it ("3:00x0x_abc"). */
export function imageUrl(id: string): string {
  return `https://images.craigslist.org/${id.replace(/^\d+:/, '')}_600x450.jpg`;
}
