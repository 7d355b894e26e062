import type { Parser } from './listing.types.js';

/** Parameters of one crawl (from the CLI, the admin API or a schedule). */
export interface CrawlParams {
  /** Which of the source's sites/markets to crawl (e.g. Craigslist `sfbay`); all configured when absent. */
  sites?: string[];
  /** Stop queueing pages past this many (search + listing pages). */
  maxPages?: number;
}

/** How a crawled source is walked: where to start, and which links a search page leads to. */
export interface CrawlPlan {
  /** Search (or listing) URLs a crawl starts from, from the source's settings and the crawl's params. */
  startUrls(
    settings: Record<string, unknown>,
    params: CrawlParams,
  ): { url: string; kind: 'search' | 'listing' }[];
  /** Listing URLs on a search page, and the next search page if there is one. */
  links(payload: string, url: string): { listings: string[]; next: string | null };
  /** Recognises the source's own block/captcha pages (generic checks run anyway). */
  detectBlock?: (response: {
    url: string;
    status: number;
    headers: Record<string, string>;
    body: string;
  }) => string | null;
}

/** How one source's payloads are read. */
export interface SourceAdapter {
  id: string;
  /** Bumped when the parser changes what it extracts; stored with each parse for replay. */
  parserVersion: string;
  contentType: string;
  parse: Parser;
  /** The source's own id for a URL, when the URL carries it (e.g. Craigslist `…/7501755803.html`). */
  externalIdFromUrl?: (url: string) => string | null;
  /** Present for sources that are crawled. */
  crawl?: CrawlPlan;
}

/** Raised when a caller names a source no adapter reads. */
export class UnknownSourceError extends Error {
  override name = 'UnknownSourceError';
  constructor(
    readonly sourceId: string,
    known: string[],
  ) {
    super(`unknown source "${sourceId}" (known: ${known.join(', ')})`);
  }
}

export type SourceRegistry = ReadonlyMap<string, SourceAdapter>;

/** Builds a registry from adapters, refusing duplicates. */
export function createSourceRegistry(adapters: SourceAdapter[]): SourceRegistry {
  const registry = new Map<string, SourceAdapter>();
  for (const adapter of adapters) {
    if (registry.has(adapter.id)) throw new Error(`source ${adapter.id} registered twice`);
    registry.set(adapter.id, adapter);
  }
  return registry;
}

/** The adapter for a source id, or an error listing the known ones. */
export function adapterFor(registry: SourceRegistry, sourceId: string): SourceAdapter {
  const adapter = registry.get(sourceId);
  if (!adapter) throw new UnknownSourceError(sourceId, [...registry.keys()]);
  return adapter;
}
