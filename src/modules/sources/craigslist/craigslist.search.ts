import { type CheerioAPI, load } from 'cheerio/slim';
import { emptyListing, type ParsedListing, type ParseOutcome } from '../listing.types.js';
import {
  agentSignals,
  type CraigslistParseOptions,
  categoryVerdict,
  listingTypeFor,
} from './craigslist.rules.js';
import { nonListingPage } from './craigslist.status.js';
import {
  CRAIGSLIST_SOURCE,
  categoryFromUrl,
  imageUrl,
  oneLine,
  parseHousingLine,
  parseMoney,
  postIdFromUrl,
} from './craigslist.text.js';

function absolute(href: string | undefined, base: string | undefined): string | null {
  if (!href) return null;
  try {
    return new URL(href, base ?? 'https://www.craigslist.org/').toString();
  } catch {
    return null;
  }
}

/**
 * "2021-10-09T09:30:06" from a legacy row's `datetime="2021-10-09 09:30"` and `title="Sat 09 Oct 09:30:06 AM"`.
 * The row states the site's local time without a zone, so no zone is invented: the value has no offset.
 */
function localTime(datetime: string | undefined, title: string | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})$/.exec(datetime?.trim() ?? '');
  if (!m) return null;
  const t = /(\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)/i.exec(title ?? '');
  const hour24 = t ? (Number(t[1]) % 12) + (t[4]?.toUpperCase() === 'PM' ? 12 : 0) : -1;
  const seconds = t && hour24 === Number(m[2]) && t[2] === m[3] ? t[3] : '00';
  return `${m[1]}T${m[2]}:${m[3]}:${seconds}`;
}

/** The category-based part of a row: skip it (with why), or start a listing with its URL, id and listing type. */
function startRow(
  href: string | null,
  pageCategory: string | null,
  title: string | null,
  options: CraigslistParseOptions,
): ParsedListing | string {
  const category = categoryFromUrl(href) ?? pageCategory;
  const verdict = categoryVerdict(category);
  if (!verdict.collect && !options.allowAnyCategory) return verdict.detail;
  const listing = emptyListing(CRAIGSLIST_SOURCE);
  listing.url = href;
  listing.external_id = postIdFromUrl(href);
  listing.title = title;
  if (category) listing.attributes.category = category;
  if (category === 'roo') listing.property_type = 'room';
  // A row shows only its title, so only the title's signals can turn an owner category into an agent one.
  const signals = agentSignals(title ?? '', {});
  if (signals.length) listing.attributes.agent_signals = signals.join(', ');
  listing.listing_type = verdict.collect ? listingTypeFor(verdict.listingType, signals) : null;
  return listing;
}

interface Rows {
  listings: ParsedListing[];
  skipped: string[];
}

function staticRows(
  $: CheerioAPI,
  base: string | undefined,
  pageCategory: string | null,
  o: CraigslistParseOptions,
) {
  const rows: Rows = { listings: [], skipped: [] };
  $('li.cl-static-search-result').each((_, li) => {
    const row = $(li);
    const title = oneLine(row.find('.title').first().text()) || oneLine(row.attr('title') ?? '') || null;
    const listing = startRow(absolute(row.find('a[href]').attr('href'), base), pageCategory, title, o);
    if (typeof listing === 'string') {
      rows.skipped.push(listing);
      return;
    }
    listing.price = parseMoney(row.find('.price').first().text());
    const where = oneLine(row.find('.location').first().text());
    if (where) listing.attributes.location_text = where;
    rows.listings.push(listing);
  });
  return rows;
}

function legacyRows(
  $: CheerioAPI,
  base: string | undefined,
  pageCategory: string | null,
  o: CraigslistParseOptions,
) {
  const rows: Rows = { listings: [], skipped: [] };
  $('li.result-row').each((_, li) => {
    const row = $(li);
    const link = row.find('a.result-title, a.hdrlnk').first();
    const listing = startRow(
      absolute(link.attr('href'), base),
      pageCategory,
      oneLine(link.text()) || null,
      o,
    );
    if (typeof listing === 'string') {
      rows.skipped.push(listing);
      return;
    }
    listing.external_id = row.attr('data-pid') ?? listing.external_id;
    listing.repost_of = row.attr('data-repost-of') ?? null;
    const time = row.find('time.result-date').first();
    listing.posted_at = localTime(time.attr('datetime'), time.attr('title'));
    listing.price = parseMoney(row.find('.result-meta .result-price, .result-price').first().text());
    const housing = parseHousingLine(row.find('.housing').first().text());
    listing.bedrooms = housing.bedrooms;
    listing.sqft = housing.sqft;
    const hood = oneLine(row.find('.result-hood').first().text()).replace(/^\(\s*|\s*\)$/g, '');
    if (hood) listing.attributes.location_text = hood;
    const distance = oneLine(row.find('.maptag').first().text());
    if (distance) listing.attributes.distance = distance;
    const ids = (row.find('a.result-image').attr('data-ids') ?? '').split(',').filter(Boolean);
    listing.images = [...new Set(ids.map(imageUrl))];
    rows.listings.push(listing);
  });
  return rows;
}

function searchBase($: CheerioAPI, url: string | undefined): string | undefined {
  return url ?? $('link[rel="canonical"]').attr('href') ?? $('meta[property="og:url"]').attr('content');
}

/**
 * A search-results page, in the 2023 static markup (`li.cl-static-search-result`) or the legacy one
 * (`li.result-row`): one listing per housing row with what the row shows, nulls elsewhere. Each row's own URL
 * decides its category (the page's URL when the row's has none); a page whose rows are all outside housing is
 * skipped as unsupported, and a result list with no rows gives no listings.
 */
export function parseCraigslistSearch(
  html: string,
  url?: string,
  options: CraigslistParseOptions = {},
): ParseOutcome {
  const status = nonListingPage(html);
  if (status) return status;
  const $ = load(html);
  const base = searchBase($, url);
  const pageCategory = categoryFromUrl(base);
  const hasList = $('ol.cl-static-search-results, ul.rows, #search-results').length > 0;
  const found = [staticRows($, base, pageCategory, options), legacyRows($, base, pageCategory, options)];
  const listings = found.flatMap((rows) => rows.listings);
  const skipped = found.flatMap((rows) => rows.skipped);
  if (listings.length === 0 && skipped.length > 0) return { skipped: 'unsupported', detail: skipped[0] };
  if (listings.length === 0 && !hasList)
    return { skipped: 'not_a_listing', detail: 'no search-result list or rows' };
  return { listings };
}

/** The posting URLs a search page links to, for the crawler to follow (housing categories only by default). */
export function craigslistSearchUrls(
  html: string,
  url?: string,
  options: CraigslistParseOptions = {},
): string[] {
  const $ = load(html);
  const base = searchBase($, url);
  const urls = new Set<string>();
  $('li.cl-static-search-result > a[href], li.result-row a.result-title, li.result-row a.hdrlnk').each(
    (_, a) => {
      const href = absolute($(a).attr('href'), base);
      if (!href || postIdFromUrl(href) === null) return;
      if (
        options.allowAnyCategory ||
        categoryVerdict(categoryFromUrl(href) ?? categoryFromUrl(base)).collect
      ) {
        urls.add(href);
      }
    },
  );
  return [...urls];
}
