import type { ParseOutcome, Skipped } from '../listing.types.js';
import { mapProperty } from './zillow.property.js';
import { findSearchResults, mapSearchRows } from './zillow.search.js';
import { isObject, type JsonObject, obj } from './zillow.values.js';

/** Markers of Zillow's PerimeterX block page ("Press & Hold"), each with the detail it reports. */
const BLOCK_MARKERS: readonly [RegExp, string][] = [
  [/\bid\s*=\s*["']?px-captcha\b/i, '#px-captcha element'],
  [/press\s*(?:&amp;|&)\s*hold/i, '"Press & Hold" text'],
  [/<title>\s*Access to this page has been denied/i, '"Access to this page has been denied" title'],
  [/captchaPerimeterX/i, 'captchaPerimeterX link'],
];

// Cache keys that hold the full property; a sibling (e.g. VariantQuery) can hold a sparse stub.
const FULL_PROPERTY_KEY = /ForSale|ForRent|FullRender|NotForSale|Sold/;

/**
 * The text of `<script id="…">`. A regular expression, not a DOM parser: homedetails pages are ~1 MB and
 * only this one element is needed; Next.js escapes `<` inside the JSON, so it cannot end early.
 */
function scriptById(html: string, id: string): string | null {
  const re = new RegExp(`<script\\b[^>]*\\bid\\s*=\\s*["']?${id}["']?[^>]*>([\\s\\S]*?)</script\\s*>`, 'i');
  const body = re.exec(html)?.[1];
  if (body === undefined) return null;
  return body.trim().replace(/^<!--/, '').replace(/-->$/, '').trim();
}

function parseJson(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  return JSON.parse(raw);
}

/** The `.property` of a gdpClientCache / apiCache (a JSON string or an object), preferring full entries. */
function propertyFromCache(cache: unknown): JsonObject | null {
  const entries = Object.entries(obj(parseJson(cache)));
  const withProperty = entries.filter(
    ([, v]) => isObject(obj(v).property) && obj(obj(v).property).zpid != null,
  );
  const full = withProperty.find(([key]) => FULL_PROPERTY_KEY.test(key)) ?? withProperty[0];
  return full ? obj(obj(full[1]).property) : null;
}

/** Listings from a decoded JSON value: a bare property, a search response, __NEXT_DATA__ or an apiCache. */
function fromJsonValue(value: unknown, url?: string): ParseOutcome | null {
  if (Array.isArray(value)) {
    const listings = mapSearchRows(value);
    return listings.length > 0 ? { listings } : { skipped: 'not_a_listing', detail: 'no rows with a zpid' };
  }
  if (!isObject(value)) return null;
  const pageProps = obj(obj(value.props).pageProps);
  const cache = obj(pageProps.componentProps).gdpClientCache ?? pageProps.gdpClientCache;
  const property =
    (cache !== undefined ? propertyFromCache(cache) : null) ??
    (value.apiCache !== undefined ? propertyFromCache(value.apiCache) : null) ??
    (isObject(value.property) && value.property.zpid != null ? value.property : null) ??
    (value.zpid != null && (value.hdpUrl !== undefined || value.homeStatus !== undefined) ? value : null);
  if (property) return { listings: [mapProperty(property, url)] };

  const rows = findSearchResults(value) ?? findSearchResults(pageProps);
  if (rows) {
    const listings = mapSearchRows(rows);
    return listings.length > 0
      ? { listings }
      : { skipped: 'not_a_listing', detail: 'search with no results' };
  }
  return null;
}

function blocked(html: string, url?: string): Skipped | null {
  if (url && /captchaPerimeterX/i.test(url)) return { skipped: 'blocked', detail: 'captchaPerimeterX URL' };
  for (const [re, detail] of BLOCK_MARKERS) {
    if (re.test(html)) return { skipped: 'blocked', detail };
  }
  return null;
}

function parseHtml(html: string, url?: string): ParseOutcome {
  let unreadable: string | null = null;
  for (const id of ['__NEXT_DATA__', 'hdpApolloPreloadedData']) {
    const raw = scriptById(html, id);
    if (raw === null) continue;
    try {
      const outcome = fromJsonValue(JSON.parse(raw), url);
      if (outcome) return outcome;
    } catch (err) {
      unreadable = `script#${id}: ${(err as Error).message}`;
    }
  }
  const block = blocked(html, url);
  if (block) return block;
  if (unreadable) return { skipped: 'unreadable', detail: unreadable };
  return { skipped: 'not_a_listing', detail: 'no property or search data on the page' };
}

/**
 * Parses a Zillow payload: a homedetails HTML page (`__NEXT_DATA__` or `hdpApolloPreloadedData`), a bare
 * `property` object, a search response (`cat1.searchResults`) or a bare array of search rows.
 */
export function parseZillowPage(payload: string, url?: string): ParseOutcome {
  const trimmed = payload.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return parseHtml(payload, url);
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    return { skipped: 'unreadable', detail: `invalid JSON: ${(err as Error).message}` };
  }
  // PerimeterX answers blocked XHR calls with a JSON challenge instead of data.
  if (isObject(value) && (value.blockScript !== undefined || /^PX/.test(String(value.appId ?? '')))) {
    return { skipped: 'blocked', detail: 'PerimeterX JSON challenge' };
  }
  try {
    return fromJsonValue(value, url) ?? { skipped: 'not_a_listing', detail: 'no property or search data' };
  } catch (err) {
    return { skipped: 'unreadable', detail: `embedded cache: ${(err as Error).message}` };
  }
}
