import type { ParseOutcome, Parser } from '../listing.types.js';
import { parseCraigslistApi } from './craigslist.api.js';
import { parseCraigslistPosting } from './craigslist.posting.js';
import type { CraigslistParseOptions } from './craigslist.rules.js';
import { parseCraigslistSearch } from './craigslist.search.js';

export { parseCraigslistApi } from './craigslist.api.js';
export { findContactName, findEmails, findPhones } from './craigslist.contact.js';
export { parseCraigslistPosting } from './craigslist.posting.js';
export { agentSignals, type CraigslistParseOptions, categoryVerdict } from './craigslist.rules.js';
export { craigslistSearchUrls, parseCraigslistSearch } from './craigslist.search.js';
export { CRAIGSLIST_SOURCE, postIdFromUrl as craigslistIdFromUrl } from './craigslist.text.js';

/** Which Craigslist format a payload is in. */
export type CraigslistFormat = 'api_json' | 'search_page' | 'posting_page';

/** Tells the sapi JSON, a search-results page and a posting (or not-a-posting) page apart. */
export function detectCraigslistFormat(payload: string): CraigslistFormat {
  const start = payload.trimStart()[0];
  if (start === '{' || start === '[') return 'api_json';
  // The class names are looked for first: the expression alone tries every `class="` of a posting.
  const named = payload.includes('cl-static-search-result') || payload.includes('result-row');
  if (named && /class="[^"]*\b(?:cl-static-search-result|result-row)\b/.test(payload)) return 'search_page';
  return 'posting_page';
}

/** Parses any Craigslist payload, choosing the parser by format. */
export function parseCraigslist(
  payload: string,
  url?: string,
  options: CraigslistParseOptions = {},
): ParseOutcome {
  const format = detectCraigslistFormat(payload);
  switch (format) {
    case 'api_json':
      return parseCraigslistApi(payload, url, options);
    case 'search_page':
      return parseCraigslistSearch(payload, url, options);
    case 'posting_page':
      return parseCraigslistPosting(payload, url, options);
  }
}

/** The Craigslist parser for the source registry: housing only, every format. */
export const craigslistParser: Parser = (payload, url) => parseCraigslist(payload, url);
