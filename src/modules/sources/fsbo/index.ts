import type { Parser } from '../listing.types.js';
import type { SiteOverrideRegistry } from './site-overrides.js';
import { parseStructuredListingPage } from './structured-listing.js';

export type { OverrideField, SiteOverride, SiteOverrideRegistry } from './site-overrides.js';
export { OVERRIDE_FIELDS, parseSiteOverrides, SiteOverrideSchema } from './site-overrides.js';
export { FSBO_SOURCE, parseStructuredListingPage } from './structured-listing.js';

/** A generic FSBO parser that applies the given per-site overrides. */
export function createFsboParser(overrides: SiteOverrideRegistry): Parser {
  return (payload, url) => parseStructuredListingPage(payload, url, overrides);
}

/** The generic FSBO parser: schema.org JSON-LD / microdata, no per-site overrides. */
export const fsboParser: Parser = createFsboParser([]);
