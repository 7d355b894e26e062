import { Type } from 'typebox';
import { listCrawlRuns, type ParseBacklog, parseBacklog } from '../../modules/sources/index.js';
import type { Queryable } from '../../platform/db/index.js';
import { defineJob, type JobRunner } from '../../platform/jobs/index.js';
import { PARSE_BATCH_SIZE } from '../ingest/index.js';
import { type CrawlDeps, crawlPages } from './crawl-page.js';
import { parseStoredPages } from './parse-stored.js';
import { startCrawl } from './start-crawl.js';

/** Fetch and process one page of a crawl run; a process works up to `concurrency` of them together. */
export const crawlPageJob = defineJob({
  name: 'crawl-page',
  payload: Type.Object({ pageId: Type.Integer({ minimum: 1 }) }),
  retryLimit: 3,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 5 * 60,
  concurrency: 32,
  policy: 'stately',
});

/**
 * Parse a source's stored crawl pages in batches. Stately with the source as key: however many pages
 * ask, at most one parse per source waits while one runs, and the waiting one picks up what arrived.
 */
export const parseStoredJob = defineJob({
  name: 'crawl-parse-stored',
  payload: Type.Object({ source: Type.String() }),
  retryLimit: 3,
  retryDelaySeconds: 10,
  retryBackoff: true,
  expireInSeconds: 30 * 60,
  concurrency: 1,
  policy: 'stately',
});

/** Start a scheduled crawl of one source (its configured sites, or the given ones). */
export const crawlStartJob = defineJob({
  name: 'crawl-start',
  payload: Type.Object({ source: Type.String(), sites: Type.Optional(Type.Array(Type.String())) }),
  retryLimit: 2,
  retryDelaySeconds: 60,
});

/** Dispatches crawl pages as jobs, enqueued in the caller's transaction. */
export function jobDispatch(jobs: JobRunner) {
  return async (tx: Queryable, pageIds: number[]) => {
    await jobs.enqueueMany(
      crawlPageJob,
      pageIds.map((pageId) => ({ pageId })),
      { tx, singletonKeyOf: ({ pageId }) => `crawl-page:${pageId}` },
    );
  };
}

/** Asks for a source's stored pages to be parsed by a job (requests collapse per source). */
export function jobParseRequest(jobs: JobRunner) {
  return async (sourceId: string) => {
    await jobs.enqueue(parseStoredJob, { source: sourceId }, { singletonKey: `parse:${sourceId}` });
  };
}

/** A pending record is parsed within this long, full batch or not. */
const PARSE_MAX_WAIT_MS = 15_000;

/**
 * While a crawl is still fetching enough pages to fill a parse batch, its stored pages wait for one
 * (up to PARSE_MAX_WAIT_MS): a full batch costs far less per record than a few records parsed at a time
 * between page fetches. Anything else is parsed at once.
 */
function shouldWaitForBatch(backlog: ParseBacklog): boolean {
  return (
    backlog.pending < PARSE_BATCH_SIZE &&
    backlog.pending + backlog.queued >= PARSE_BATCH_SIZE &&
    backlog.oldestPendingMs < PARSE_MAX_WAIT_MS
  );
}

/** Registers the crawl page handler, the batch parse of stored pages, and the scheduled crawl start. */
export function registerCrawlJobs(jobs: JobRunner, deps: Omit<CrawlDeps, 'dispatch' | 'requestParse'>): void {
  const dispatch = jobDispatch(jobs);
  const requestParse = jobParseRequest(jobs);
  jobs.registerBatch(crawlPageJob, async (payloads) => {
    const retry = await crawlPages(
      { ...deps, dispatch, requestParse },
      payloads.map(({ pageId }) => pageId),
    );
    const failures = new Map<number, Error>();
    payloads.forEach(({ pageId }, index) => {
      const error = retry.get(pageId);
      if (error) failures.set(index, error);
    });
    return failures;
  });
  jobs.register(parseStoredJob, async ({ source }) => {
    if (shouldWaitForBatch(await parseBacklog(deps.db, source, PARSE_BATCH_SIZE))) {
      // Taken again in a moment (stately: this is the one waiting parse; page requests meanwhile collapse).
      await jobs.enqueue(parseStoredJob, { source }, { singletonKey: `parse:${source}`, startAfter: 1 });
      return;
    }
    const parsed = await parseStoredPages(deps, source);
    if (parsed > 0) deps.log.info({ source, parsed }, 'stored crawl pages parsed');
  });
  jobs.register(crawlStartJob, async ({ source, sites }) => {
    // A scheduled crawl does not pile on a run of the same source that is still being worked.
    const [latest] = await listCrawlRuns(deps.db, source, 1);
    if (latest?.status === 'running') {
      deps.log.info({ source, runId: latest.id }, 'scheduled crawl skipped: previous run still running');
      return;
    }
    const run = await startCrawl({ db: deps.db, sources: deps.sources, dispatch }, source, 'schedule', {
      sites,
    });
    deps.log.info({ source, runId: run.id }, 'scheduled crawl started');
  });
}

/**
 * Keeps one crawl schedule per crawled source whose settings hold a `schedule` cron (e.g. Craigslist
 * every hour), and removes the schedules of sources that lost theirs or were disabled.
 */
export async function scheduleCrawls(
  jobs: JobRunner,
  db: Queryable,
  crawledSources: string[],
): Promise<void> {
  const { rows } = await db.query<{ id: string; enabled: boolean; schedule: string | null }>(
    `SELECT id, enabled, settings->>'schedule' AS schedule FROM sources WHERE id = ANY($1::text[])`,
    [crawledSources],
  );
  for (const source of rows) {
    if (source.enabled && source.schedule)
      await jobs.schedule(crawlStartJob, source.schedule, { source: source.id }, { key: source.id });
    else await jobs.unschedule(crawlStartJob, source.id);
  }
}
