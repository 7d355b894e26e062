import {
  type CrawlCounts,
  crawlCounts,
  defaultSourceRegistry,
  getCrawlRun,
  type SourceRegistry,
} from '../../src/modules/sources/index.js';
import {
  jobDispatch,
  registerCrawlJobs,
  runCrawlLocally,
  startCrawl,
} from '../../src/workflows/crawl/index.js';
import type { BenchPlatform } from './bench-platform.js';
import type { LocalSite } from './local-site.js';

export interface OurCrawlFigures {
  seconds: number;
  counts: CrawlCounts;
  /** How the wait ended: the run closed itself, the job queue went idle with pages left, or time ran out. */
  ended: 'run done' | 'queue idle' | 'timeout';
  /** crawl-page jobs pg-boss still holds (created, retry or active) at the end. */
  jobsLeft: number;
  /** Post ids with more than one lead (the crawl must never create two leads for one posting). */
  duplicatedPostIds: number;
  distinctPostIds: number;
  /** Listing records that went into a lead (as its maker or a duplicate), and the leads they made. */
  records: number;
  leads: number;
  /** Pages that needed more than one crawl-page attempt (a job retry), and the most attempts any took. */
  retriedPages: number;
  maxAttempts: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function jobsLeft(bench: BenchPlatform): Promise<number> {
  // pg-boss has no public count of unfinished jobs per queue in its v10 API; its job table is read directly.
  const { rows } = await bench.platform.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${bench.schema}_pgboss.job
      WHERE name = 'crawl-page' AND state IN ('created', 'retry', 'active')`,
  );
  return rows[0]?.n ?? 0;
}

/** The app's registry, with the Craigslist source pointed at the local site through its settings. */
async function pointAtSite(bench: BenchPlatform, site: LocalSite): Promise<SourceRegistry> {
  const sources = defaultSourceRegistry();
  if (!sources.get('craigslist')?.crawl) throw new Error('adapters.ts has no crawled craigslist adapter');
  // The adapter's documented way to crawl a mirror: its start URLs become `http://{site}/search/apa`.
  await bench.platform.db.query(
    `UPDATE sources SET settings = settings || $1::jsonb WHERE id = 'craigslist'`,
    [JSON.stringify({ base_url: 'http://{site}', sites: site.sites, categories: ['apa'] })],
  );
  return sources;
}

async function figures(
  bench: BenchPlatform,
  runId: string,
  started: number,
  ended: OurCrawlFigures['ended'],
): Promise<OurCrawlFigures> {
  const seconds = (performance.now() - started) / 1000;
  const { db } = bench.platform;
  const { rows } = await db.query<{ duplicated: number; distinct_ids: number }>(
    `SELECT count(*) FILTER (WHERE leads > 1)::int AS duplicated, count(*)::int AS distinct_ids
       FROM (SELECT external_id, count(DISTINCT lead_id) AS leads FROM lead_sources
              WHERE source_id = 'craigslist' GROUP BY external_id) AS per_post`,
  );
  const attempts = await db.query<{ retried: number; max: number }>(
    `SELECT count(*) FILTER (WHERE attempts > 1)::int AS retried, coalesce(max(attempts), 0)::int AS max
       FROM crawl_pages WHERE crawl_run_id = $1`,
    [runId],
  );
  return {
    seconds,
    counts: await crawlCounts(db, runId),
    retriedPages: attempts.rows[0]?.retried ?? 0,
    maxAttempts: attempts.rows[0]?.max ?? 0,
    ended,
    jobsLeft: await jobsLeft(bench),
    duplicatedPostIds: rows[0]?.duplicated ?? 0,
    distinctPostIds: rows[0]?.distinct_ids ?? 0,
    ...(
      await db.query<{ records: number; leads: number }>(
        `SELECT count(*)::int AS records, count(DISTINCT lead_id)::int AS leads FROM lead_sources
          WHERE source_id = 'craigslist'`,
      )
    ).rows[0]!,
  };
}

/**
 * Crawls the whole local site through the app's own path: startCrawl queues the search pages and
 * dispatches `crawl-page` jobs on pg-boss; this process works them (the job definition's concurrency)
 * until the run is done. Bounded by `timeoutMs`; a queue with nothing left to work also ends the wait.
 */
export async function runOurCrawl(
  bench: BenchPlatform,
  site: LocalSite,
  timeoutMs: number,
): Promise<OurCrawlFigures> {
  const { platform } = bench;
  const sources = await pointAtSite(bench, site);
  registerCrawlJobs(platform.jobs, { db: platform.db, log: platform.log, sources, fetch: platform.fetch });
  await platform.jobs.start({ work: true });
  const started = performance.now();
  const run = await startCrawl(
    { db: platform.db, sources, dispatch: jobDispatch(platform.jobs) },
    'craigslist',
    'cli',
    { maxPages: site.postings + site.searchPages },
  );
  let ended: OurCrawlFigures['ended'] = 'timeout';
  let idleSince: number | null = null;
  for (let tick = 0; performance.now() - started < timeoutMs; tick++) {
    const current = await getCrawlRun(platform.db, run.id);
    if (current?.status !== 'running') {
      ended = 'run done';
      break;
    }
    // Pages still queued while no job is left to work them are lost: say so instead of waiting forever.
    if (tick % 10 === 9 && (await jobsLeft(bench)) === 0) {
      idleSince ??= performance.now();
      if (performance.now() - idleSince > 3000) {
        ended = 'queue idle';
        break;
      }
    } else if (tick % 10 === 9) idleSince = null;
    await sleep(50);
  }
  return figures(bench, run.id, started, ended);
}

/**
 * The same crawl without the job queue: `runCrawlLocally` (the CLI's way) calls crawlPage from
 * `concurrency` loops in this process. The difference to runOurCrawl is what the queue costs.
 */
export async function runOurCrawlInProcess(
  bench: BenchPlatform,
  site: LocalSite,
  concurrency: number,
  timeoutMs: number,
): Promise<OurCrawlFigures> {
  const { platform } = bench;
  const sources = await pointAtSite(bench, site);
  await platform.jobs.start({ work: false });
  const deps = { db: platform.db, log: platform.log, sources, fetch: platform.fetch };
  const started = performance.now();
  const run = await startCrawl({ ...deps, dispatch: async () => undefined }, 'craigslist', 'cli', {
    maxPages: site.postings + site.searchPages,
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const crawl = runCrawlLocally(deps, run.id, concurrency).then(() => 'run done' as const);
  // A crawl still running at the deadline fails once the platform closes; that rejection is expected.
  crawl.catch(() => undefined);
  const ended = await Promise.race([crawl, timedOut]);
  clearTimeout(timer);
  return figures(bench, run.id, started, ended);
}
