import {
  adapterFor,
  claimCrawlPage,
  crawlCounts,
  finishCrawlPage,
  type PageOutcome,
  queueCrawlPages,
  type SourceAdapter,
} from '../../modules/sources/index.js';
import type { Queryable } from '../../platform/db/index.js';
import type { FetchResult, GuardedFetch } from '../../platform/fetch/index.js';
import { type IngestDeps, storePayload } from '../ingest/index.js';

export interface CrawlDeps extends IngestDeps {
  fetch: GuardedFetch;
  /** Hands newly queued pages to whoever works them: the job queue, or the CLI's own loop (no-op). */
  dispatch: (tx: Queryable, pageIds: number[]) => Promise<void>;
  /**
   * Asks for the source's stored pages to be parsed: the job queue collapses the requests into one
   * parse job per source; the CLI parses after its crawl loop (no-op here).
   */
  requestParse: (sourceId: string) => Promise<void>;
}

/** A page that should be tried again later (pg-boss retries the job with backoff). */
export class RetryPageError extends Error {
  override name = 'RetryPageError';
}

const MAX_ATTEMPTS = 3;

function failureOutcome(result: Extract<FetchResult, { ok: false }>): PageOutcome {
  if (result.kind === 'robots') return { status: 'robots', detail: result.detail };
  if (result.kind === 'blocked')
    return { status: 'blocked', httpStatus: result.status, detail: result.reason ?? result.detail };
  return { status: 'failed', httpStatus: result.status, detail: `${result.kind}: ${result.detail}` };
}

/** Queues the listings (and next page) a search page links to, within the run's page budget. */
async function followLinks(
  deps: CrawlDeps,
  adapter: SourceAdapter,
  runId: string,
  maxPages: number,
  body: string,
  url: string,
) {
  const links = adapter.crawl?.links(body, url) ?? { listings: [], next: null };
  await deps.db.transaction(async (tx) => {
    const { pages } = await crawlCounts(tx, runId);
    const budget = Math.max(0, maxPages - pages);
    const listings = await queueCrawlPages(tx, runId, 'listing', links.listings.slice(0, budget));
    const next =
      links.next && budget > listings.length ? await queueCrawlPages(tx, runId, 'search', [links.next]) : [];
    await deps.dispatch(
      tx,
      [...listings, ...next].map((page) => page.id),
    );
  });
  return links.listings.length;
}

/**
 * Fetches one queued page of a crawl and records its outcome: a search page queues the listings it
 * links to; a listing page goes through the ingest flow. Transient failures throw RetryPageError (until
 * the attempts are spent) so the job runner retries with backoff; everything else is recorded.
 */
export async function crawlPage(deps: CrawlDeps, pageId: number): Promise<void> {
  const page = await claimCrawlPage(deps.db, pageId);
  if (page?.status !== 'queued' || page.run_status !== 'running') return;
  const adapter = adapterFor(deps.sources, page.source_id);
  const maxPages = Number(page.run_params.maxPages ?? 10_000);
  const result = await deps.fetch.fetch({
    url: page.url,
    source: adapter.id,
    kind: 'crawl',
    detectBlock: adapter.crawl?.detectBlock,
  });
  let outcome: PageOutcome;
  if (!result.ok) {
    const transient = result.retry === 'backoff' || result.retry === 'later';
    if (transient && page.attempts < MAX_ATTEMPTS)
      throw new RetryPageError(`${result.kind}: ${result.detail}`);
    outcome = failureOutcome(result);
  } else if (page.kind === 'search') {
    const found = await followLinks(deps, adapter, page.crawl_run_id, maxPages, result.body, result.url);
    outcome = { status: 'parsed', httpStatus: result.status, detail: `${found} listing link(s)` };
  } else {
    // The page is stored now and parsed later in a batch with other pages (a few statements here,
    // set-based writes there); the parse settles this page's outcome and lead counts.
    const stored = await storePayload(deps, {
      sourceId: adapter.id,
      payload: result.body,
      url: result.url,
      httpStatus: result.status,
      contentType: result.headers['content-type'] ?? adapter.contentType,
      fetchMeta: {
        robots: result.robots,
        fetched_url: page.url,
        redirects: result.redirects,
        crawl_run_id: page.crawl_run_id,
      },
    });
    const waiting = stored.parseStatus === 'pending';
    outcome = {
      status: waiting ? 'stored' : 'unchanged',
      httpStatus: result.status,
      rawRecordId: stored.id,
    };
    if (waiting) await deps.requestParse(adapter.id);
  }
  await finishCrawlPage(deps.db, { id: page.id, runId: page.crawl_run_id }, outcome);
}
