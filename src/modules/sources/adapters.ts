import { parseLeadCsvPayload } from './csv/index.js';
import { parseFacebookLeadPayload } from './facebook/index.js';
import { fsboParser } from './fsbo/index.js';
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

/** Every source AIQLeads reads, with the parser version stored beside each parse. */
export function defaultSourceAdapters(): SourceAdapter[] {
  return [
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
    { id: 'csv', parserVersion: 'csv@1', contentType: 'text/csv', parse: parseLeadCsvPayload },
  ];
}

let registry: SourceRegistry | undefined;

/** The registry of the default adapters (built once). */
export function defaultSourceRegistry(): SourceRegistry {
  registry ??= createSourceRegistry(defaultSourceAdapters());
  return registry;
}
