import { craigslistAdapter } from './craigslist/craigslist.adapter.js';
import { parseLeadCsvPayload } from './csv/index.js';
import { parseFacebookLeadPayload } from './facebook/index.js';
import { fsboParser } from './fsbo/index.js';
import {
  LINKEDIN_SOURCE,
  LinkedInLeadError,
  mapLeadFormResponses,
  parseConnectionsPayload,
} from './linkedin/index.js';
import type { ParseOutcome } from './listing.types.js';
import type { CrawlPlan, SourceAdapter, SourceRegistry } from './source-registry.js';
import { createSourceRegistry } from './source-registry.js';
import { zillowParser } from './zillow/index.js';

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Sources crawled from a configured list of listing pages (`settings.urls`), with no search pages. */
const listingUrlPlan: CrawlPlan = {
  startUrls: (settings) => stringList(settings.urls).map((url) => ({ url, kind: 'listing' as const })),
  links: () => ({ listings: [], next: null }),
};

/**
 * LinkedIn payloads, told apart by content: a poll bundle (`{ owner, request_url, responses, forms }`,
 * one page of Lead Sync responses with the forms they answer) or a Connections.csv export.
 */
function parseLinkedInPayload(payload: string): ParseOutcome {
  const text = payload.replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{')) return parseConnectionsPayload(payload);
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch {
    return { skipped: 'unreadable', detail: 'not JSON and not a Connections.csv export' };
  }
  const { responses, forms } = (bundle ?? {}) as { responses?: unknown; forms?: unknown };
  if (typeof responses !== 'object' || responses === null || !Array.isArray(forms)) {
    return { skipped: 'unreadable', detail: 'not a LinkedIn poll bundle (responses and forms)' };
  }
  const elements = (responses as { elements?: unknown }).elements;
  // An empty page comes without forms; the mapper would refuse it for lacking one.
  if (Array.isArray(elements) && elements.length === 0) return { listings: [] };
  try {
    const { listings, errors } = mapLeadFormResponses(responses, forms);
    if (listings.length === 0 && errors.length > 0) {
      return { skipped: 'unreadable', detail: `response ${errors[0]!.id ?? '?'}: ${errors[0]!.reason}` };
    }
    return { listings };
  } catch (error) {
    if (error instanceof LinkedInLeadError) return { skipped: 'unreadable', detail: error.message };
    throw error;
  }
}

/** Every source AIQLeads reads, with the parser version stored beside each parse. */
export function defaultSourceAdapters(): SourceAdapter[] {
  return [
    craigslistAdapter,
    {
      id: 'zillow',
      parserVersion: 'zillow@1',
      contentType: 'text/html',
      parse: zillowParser,
      externalIdFromUrl: (url) => url.match(/\/(\d+)_zpid/)?.[1] ?? null,
      crawl: listingUrlPlan,
    },
    {
      id: 'fsbo',
      parserVersion: 'fsbo@1',
      contentType: 'text/html',
      parse: fsboParser,
      crawl: listingUrlPlan,
    },
    {
      id: 'facebook_leadads',
      parserVersion: 'facebook_leadads@1',
      contentType: 'application/json',
      parse: parseFacebookLeadPayload,
    },
    {
      id: LINKEDIN_SOURCE,
      parserVersion: 'linkedin@1',
      contentType: 'application/json',
      parse: parseLinkedInPayload,
    },
    { id: 'csv', parserVersion: 'csv@1', contentType: 'text/csv', parse: parseLeadCsvPayload },
  ];
}

let registry: SourceRegistry | undefined;

/** The registry of the default adapters (built once). */
export function defaultSourceRegistry(): SourceRegistry {
  registry ??= createSourceRegistry(defaultSourceAdapters());
  return registry;
}
