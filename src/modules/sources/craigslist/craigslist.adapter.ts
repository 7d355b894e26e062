import type { CrawlParams, CrawlPlan, SourceAdapter } from '../source-registry.js';
import { craigslistSearchUrls } from './craigslist.search.js';
import { nonListingPage } from './craigslist.status.js';
import { postIdFromUrl } from './craigslist.text.js';
import { craigslistParser } from './index.js';

const DEFAULT_BASE = 'https://{site}.craigslist.org';

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string' && item !== '')
    : [];
}

/**
 * Craigslist is crawled by site (market) and category: `{base_url}/search/{category}` for each, where
 * `base_url` (default `https://{site}.craigslist.org`) can point at a local mirror for tests and
 * benchmarks. The static search markup lists every result on one page, so there is no next page.
 */
const craigslistCrawl: CrawlPlan = {
  startUrls(settings: Record<string, unknown>, params: CrawlParams) {
    const base = typeof settings.base_url === 'string' ? settings.base_url : DEFAULT_BASE;
    const sites = params.sites && params.sites.length > 0 ? params.sites : strings(settings.sites);
    const categories =
      strings(settings.categories).length > 0 ? strings(settings.categories) : ['reo', 'apa'];
    return sites.flatMap((site) =>
      categories.map((category) => ({
        url: `${base.replaceAll('{site}', site).replace(/\/$/, '')}/search/${category}`,
        kind: 'search' as const,
      })),
    );
  },
  links: (payload, url) => ({ listings: craigslistSearchUrls(payload, url), next: null }),
  detectBlock: ({ body }) => {
    const page = nonListingPage(body);
    return page?.skipped === 'blocked' ? (page.detail ?? 'blocked') : null;
  },
};

/** The Craigslist source: posting pages, search pages and the sapi JSON, crawled by site and category. */
export const craigslistAdapter: SourceAdapter = {
  id: 'craigslist',
  parserVersion: 'craigslist@1',
  contentType: 'text/html',
  parse: craigslistParser,
  externalIdFromUrl: (url) => postIdFromUrl(url),
  crawl: craigslistCrawl,
};
