import {
  adapterFor,
  type ClaimedPage,
  claimCrawlPages,
  crawlCounts,
  finishCrawlPages,
  type PageOutcome,
  queueCrawlPages,
  type SourceAdapter,
} from '../../modules/sources/index.js';
import type { Queryable } from '../../platform/db/index.js';
import type { FetchResult, GuardedFetch } from '../../platform/fetch/index.js';
import { type IngestDeps, storePayloads } from '../ingest/index.js';

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

type Finished = { id: number; runId: string; outcome: PageOutcome };
type Fetched = { page: ClaimedPage; adapter: SourceAdapter; result: Extract<FetchResult, { ok: true }> };

/**
 * Fetches one queued page and settles what it can at once: a failure is recorded (or, while attempts
 * are left for a transient one, thrown as RetryPageError), a search page queues the listings it links
 * to; a fetched listing page is returned for the caller to store with the others.
 */
async function fetchPage(deps: CrawlDeps, page: ClaimedPage): Promise<Finished | Fetched> {
  const adapter = adapterFor(deps.sources, page.source_id);
  const result = await deps.fetch.fetch({
    url: page.url,
    source: adapter.id,
    kind: 'crawl',
    detectBlock: adapter.crawl?.detectBlock,
  });
  const finished = (outcome: PageOutcome): Finished => ({ id: page.id, runId: page.crawl_run_id, outcome });
  if (!result.ok) {
    const transient = result.retry === 'backoff' || result.retry === 'later';
    if (transient && page.attempts < MAX_ATTEMPTS)
      throw new RetryPageError(`${result.kind}: ${result.detail}`);
    return finished(failureOutcome(result));
  }
  if (page.kind === 'search') {
    const maxPages = Number(page.run_params.maxPages ?? 10_000);
    const found = await followLinks(deps, adapter, page.crawl_run_id, maxPages, result.body, result.url);
    return finished({ status: 'parsed', httpStatus: result.status, detail: `${found} listing link(s)` });
  }
  return { page, adapter, result };
}

/**
 * Works queued pages of crawls together, set-based: one statement claims them, their fetches run at
 * once, the fetched listing pages are stored with one insert (parsed later in batches with other pages,
 * which settles their outcome and lead counts), and one statement records every outcome. Pages whose
 * transient failure should be tried again (pg-boss retries the job with backoff) come back as
 * RetryPageError by page id; everything else is recorded. Pages no longer queued, or of a run that is
 * no longer running, are left alone.
 */
export async function crawlPages(
  deps: CrawlDeps,
  pageIds: readonly number[],
): Promise<Map<number, RetryPageError>> {
  const claimed = await claimCrawlPages(deps.db, pageIds);
  const pages = claimed.filter((page) => page.status === 'queued' && page.run_status === 'running');
  const retry = new Map<number, RetryPageError>();
  const finished: Finished[] = [];
  const fetched: Fetched[] = [];
  const settled = await Promise.allSettled(pages.map((page) => fetchPage(deps, page)));
  settled.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') {
      if ('outcome' in outcome.value) finished.push(outcome.value);
      else fetched.push(outcome.value);
    } else if (outcome.reason instanceof RetryPageError) retry.set(pages[index]!.id, outcome.reason);
  });
  // Anything else (the database, a bug) fails the whole call once every fetch has settled.
  const broken = settled.find(
    (outcome) => outcome.status === 'rejected' && !(outcome.reason instanceof RetryPageError),
  );
  if (broken?.status === 'rejected') throw broken.reason;
  const stored = await storePayloads(
    deps,
    fetched.map(({ page, adapter, result }) => ({
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
    })),
  );
  const waitingSources = new Set<string>();
  fetched.forEach(({ page, adapter, result }, index) => {
    const record = stored[index]!;
    const waiting = record.parseStatus === 'pending';
    if (waiting) waitingSources.add(adapter.id);
    finished.push({
      id: page.id,
      runId: page.crawl_run_id,
      outcome: {
        status: waiting ? 'stored' : 'unchanged',
        httpStatus: result.status,
        rawRecordId: record.id,
      },
    });
  });
  // Asked before the pages are marked done: a crash in between leaves them queued, and their retry asks again.
  for (const source of waitingSources) await deps.requestParse(source);
  await finishCrawlPages(deps.db, finished);
  return retry;
}
