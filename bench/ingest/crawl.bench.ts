import { crawlPageJob } from '../../src/workflows/crawl/index.js';
import type { BenchTable } from '../table.js';
import { type BenchPlatform, openBenchPlatform } from './bench-platform.js';
import { runCrawlee } from './crawlee-crawl.js';
import { startLocalSite } from './local-site.js';
import { type OurCrawlFigures, runOurCrawl, runOurCrawlInProcess } from './our-crawl.js';

const POSTINGS = 5000;
const TIMEOUT_MS = 15 * 60_000;
/** Requests in flight to the site at once, for Crawlee and for ours (our per-host limit, raised from 1). */
const CONCURRENCY = 8;
/** Pages our process works at once (the crawl-page job's concurrency): while one batch writes to the
 * database, the next one's requests are in flight; the host limit keeps those at CONCURRENCY. */
const JOBS = crawlPageJob.concurrency ?? CONCURRENCY;
const GOAL_RATIO = 1.5;

const rate = (count: number, seconds: number) => (seconds > 0 ? (count / seconds).toFixed(1) : '-');

/**
 * One crawl of ours on a fresh schema, which is dropped afterwards. Politeness off: no gap, and as many
 * requests in flight to the one local host as Crawlee gets (the default is one per host).
 */
async function ours(
  crawl: (bench: BenchPlatform) => Promise<OurCrawlFigures>,
): Promise<OurCrawlFigures & { backend: string }> {
  const bench = await openBenchPlatform({ env: { FETCH_HOST_CONCURRENCY: String(CONCURRENCY) } });
  try {
    return { ...(await crawl(bench)), backend: bench.backend };
  } finally {
    await bench.close();
  }
}

const WARM_UP_POSTINGS = 300;
const CRAWLEE_WORK = ['cheerio fields', 'our parser'] as const;

/** Each tool first crawls a small site, unmeasured, so that no figure pays for the JIT's warm-up. */
async function warmUp(): Promise<void> {
  const small = await startLocalSite({ postings: WARM_UP_POSTINGS, perSearchPage: 100 });
  try {
    await ours((bench) => runOurCrawl(bench, small, TIMEOUT_MS));
    await ours((bench) => runOurCrawlInProcess(bench, small, JOBS, TIMEOUT_MS));
    const maxRequests = WARM_UP_POSTINGS + small.searchPages + 100;
    for (const work of CRAWLEE_WORK)
      await runCrawlee(small.startUrls, CONCURRENCY, work, maxRequests, TIMEOUT_MS);
  } finally {
    await small.close();
  }
}

/**
 * Crawls a local site of 5,000 real Craigslist posting pages (50 search pages of 100) through our
 * pipeline (startCrawl + pg-boss `crawl-page` jobs: raw records, parse, leads in the database) and with
 * Crawlee's CheerioCrawler (no database), at the same concurrency with politeness off. A second run of
 * ours without the job queue (the CLI's runCrawlLocally) shows what the queue costs. All four first
 * crawl a small site unmeasured (warmUp).
 */
export async function crawlBench(): Promise<BenchTable> {
  await warmUp();
  const site = await startLocalSite({ postings: POSTINGS, perSearchPage: 100 });
  try {
    const queued = await ours((bench) => runOurCrawl(bench, site, TIMEOUT_MS));
    const local = await ours((bench) => runOurCrawlInProcess(bench, site, JOBS, TIMEOUT_MS));
    const oursRate = queued.counts.pages / queued.seconds;
    const row = (label: string, f: OurCrawlFigures) => [
      `${label}${f.ended === 'run done' ? '' : ` [${f.ended}]`}`,
      f.counts.pages,
      f.records,
      f.seconds.toFixed(1),
      rate(f.counts.pages, f.seconds),
      rate(f.records, f.seconds),
      '',
    ];
    const rows: (string | number)[][] = [
      row(`AIQLeads: startCrawl + pg-boss crawl-page jobs (${queued.backend})`, queued),
      row(`AIQLeads: same pages, no job queue (runCrawlLocally, ${local.backend})`, local),
    ];
    const maxRequests = POSTINGS + site.searchPages + 100;
    for (const work of CRAWLEE_WORK) {
      const crawlee = await runCrawlee(site.startUrls, CONCURRENCY, work, maxRequests, TIMEOUT_MS);
      const ratio = oursRate / (crawlee.pages / crawlee.seconds);
      rows.push([
        `Crawlee CheerioCrawler + ${work} (no database)${crawlee.timedOut ? ' [timeout]' : ''}`,
        crawlee.pages,
        crawlee.records,
        crawlee.seconds.toFixed(1),
        rate(crawlee.pages, crawlee.seconds),
        rate(crawlee.records, crawlee.seconds),
        `${ratio.toFixed(2)} (goal ≥ ${GOAL_RATIO}: ${ratio >= GOAL_RATIO ? 'yes' : 'no'})`,
      ]);
    }
    return {
      title:
        `Crawl of ${POSTINGS} real Craigslist postings + ${site.searchPages} search pages on one local host, ` +
        `${CONCURRENCY} requests in flight (ours: ${JOBS} pages worked at once), politeness off; ours end to end into PostgreSQL with every quality stage ` +
        `(the copies de-duplicate into ${queued.leads} leads; post ids with two leads: ` +
        `${queued.duplicatedPostIds} / ${local.duplicatedPostIds})`,
      columns: ['tool', 'pages', 'records', 'seconds', 'pages/s', 'records/s', 'ours (pg-boss) ÷ this'],
      rows,
    };
  } finally {
    await site.close();
  }
}
