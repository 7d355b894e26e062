import type { CheerioAPI } from 'cheerio';
import { type Static, type TOptional, type TString, Type } from 'typebox';
import Value from 'typebox/value';
import {
  LISTING_TYPES,
  type ListingType,
  OWNER_LISTING_TYPES,
  type ParsedListing,
} from '../listing.types.js';
import { absoluteUrl, count, isoDate, num, paragraphText, positiveInt, text } from './schema-org.values.js';

/** Fields a site override can fill from CSS selectors. */
export const OVERRIDE_FIELDS = [
  'title',
  'description',
  'price',
  'bedrooms',
  'bathrooms',
  'sqft',
  'address_line',
  'city',
  'state',
  'zip',
  'posted_at',
  'external_id',
  'images',
  'contact_name',
  'phone',
  'email',
] as const;
export type OverrideField = (typeof OVERRIDE_FIELDS)[number];

/** CSS selectors by field; unknown fields are refused so that a typo in configuration is caught. */
const SelectorsSchema = Type.Object(
  Object.fromEntries(OVERRIDE_FIELDS.map((f) => [f, Type.Optional(Type.String({ minLength: 1 }))])) as Record<
    OverrideField,
    TOptional<TString>
  >,
  { additionalProperties: false },
);

/** One site's configuration: how to fill what its structured data lacks. See ./README.md. */
export const SiteOverrideSchema = Type.Object(
  {
    hostname: Type.String({ minLength: 1, description: 'Host it applies to, subdomains included.' }),
    source: Type.Optional(
      Type.String({ minLength: 1, description: 'ParsedListing.source; default "fsbo".' }),
    ),
    selectors: Type.Optional(SelectorsSchema),
    remove: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { description: 'Removed before reading.' }),
    ),
    listing_type: Type.Optional(Type.Enum(LISTING_TYPES)),
    external_id_pattern: Type.Optional(Type.String({ description: 'RegExp; group 1 is the id in the URL.' })),
    listing_marker: Type.Optional(Type.String({ description: 'Present only on listing pages.' })),
  },
  { additionalProperties: false },
);
export type SiteOverride = Static<typeof SiteOverrideSchema>;
/** The per-site configuration the generic FSBO parser is given. */
export type SiteOverrideRegistry = readonly SiteOverride[];

/** Validates a registry loaded from configuration; throws with every problem listed. */
export function parseSiteOverrides(value: unknown): SiteOverride[] {
  const schema = Type.Array(SiteOverrideSchema);
  if (!Value.Check(schema, value)) {
    const problems = Value.Errors(schema, value).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new Error(`invalid site overrides: ${problems.join('; ')}`);
  }
  for (const o of value) if (o.external_id_pattern) new RegExp(o.external_id_pattern);
  return value as SiteOverride[];
}

/** The override for a URL's host: the most specific hostname that matches it or a parent domain. */
export function findOverride(registry: SiteOverrideRegistry, url: string | null): SiteOverride | null {
  if (!url || registry.length === 0) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  let best: { override: SiteOverride; length: number } | null = null;
  for (const o of registry) {
    const h = o.hostname.toLowerCase().replace(/^www\./, '');
    const matches = host === h || host.endsWith(`.${h}`);
    if (matches && (!best || h.length > best.length)) best = { override: o, length: h.length };
  }
  return best?.override ?? null;
}

// A private-use character marks line breaks while the other whitespace is collapsed as a browser would.
const BREAK = '\uE000';

/** Visible text with `<br>` and block ends as line breaks, the way a reader sees it. */
function readableText($: CheerioAPI, selector: string): string | null {
  const el = $(selector).first();
  if (el.length === 0) return null;
  const content = el.attr('content') ?? el.attr('datetime');
  if (content !== undefined) return content;
  const href = /^(?:tel|mailto):([^?]+)/i.exec(el.attr('href') ?? '')?.[1];
  if (href) return safeDecode(href);
  const copy = el.clone();
  copy.find('br').replaceWith(BREAK);
  copy.find('p, div, li, tr, h1, h2, h3, h4, h5, h6').append(BREAK);
  const lines = copy
    .text()
    .replace(/\s+/g, ' ')
    .split(BREAK)
    .map((l) => l.trim());
  return paragraphText(lines.join('\n'));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const PHONE = /(?:\+?\d|\(\d)[\d\s().-]{6,}\d/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Fills fields the structured data left empty from the override's selectors, then fixes the listing type. */
export function applyOverride(
  listing: ParsedListing,
  override: SiteOverride,
  $: CheerioAPI,
  baseUrl: string | null,
): ParsedListing {
  const out: ParsedListing = {
    ...listing,
    contact: { ...listing.contact },
    attributes: { ...listing.attributes },
  };
  for (const selector of override.remove ?? []) $(selector).remove();
  const sel = override.selectors ?? {};
  const read = (field: OverrideField) => (sel[field] ? readableText($, sel[field]) : null);

  out.title ??= text(read('title'));
  out.description ??= read('description');
  out.price ??= positiveOrNull(num(read('price')));
  out.bedrooms ??= count(read('bedrooms'));
  out.bathrooms ??= positiveOrNull(num(read('bathrooms')));
  out.sqft ??= positiveInt(read('sqft'));
  out.address_line ??= text(read('address_line'));
  out.city ??= text(read('city'));
  out.zip ??= text(read('zip'))?.match(/\b\d{5}(?:-\d{4})?\b/)?.[0] ?? null;
  const state = text(read('state'));
  out.state ??= state && /^[A-Za-z]{2}$/.test(state) ? state.toUpperCase() : null;
  out.posted_at ??= isoDate(read('posted_at'));
  out.external_id ??= text(read('external_id'))?.match(/[A-Za-z0-9][\w-]*$/)?.[0] ?? null;
  if (out.external_id === null && override.external_id_pattern && out.url) {
    out.external_id = new RegExp(override.external_id_pattern).exec(out.url)?.[1] ?? null;
  }
  if (out.images.length === 0 && sel.images) {
    const urls = $(sel.images)
      .map((_, el) => absoluteUrl($(el).attr('src') ?? $(el).attr('href') ?? $(el).attr('content'), baseUrl))
      .get()
      .filter((u): u is string => typeof u === 'string');
    out.images = [...new Set(urls)];
  }

  if (override.listing_type) out.listing_type = override.listing_type;
  if (override.source) out.source = override.source;
  // Contact selectors only ever fill an owner's contact: agent contacts are not sold.
  const owner =
    out.listing_type === null || (OWNER_LISTING_TYPES as readonly ListingType[]).includes(out.listing_type);
  if (owner) {
    out.contact.name ??= text(read('contact_name'));
    if (out.contact.phones.length === 0) out.contact.phones = [...new Set(read('phone')?.match(PHONE) ?? [])];
    if (out.contact.emails.length === 0) out.contact.emails = [...new Set(read('email')?.match(EMAIL) ?? [])];
  }
  return out;
}

function positiveOrNull(n: number | null): number | null {
  return n !== null && n > 0 ? n : null;
}
