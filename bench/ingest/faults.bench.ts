import type { BenchTable } from '../table.js';
import { openBenchPlatform } from './bench-platform.js';
import { startLocalSite } from './local-site.js';
import { runOurCrawl } from './our-crawl.js';

const POSTINGS = 5000;
const FAULT_RATIO = 0.1;
const SEED = 20_240_601;
const TIMEOUT_MS = 20 * 60_000;
const STICKY_RATIO = 0.01;
const STICKY_COUNT = 5;

const percent = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(2)} %` : '-');

/**
 * The crawl benchmark's site with 10 % of page requests failing (a third each: 500/503, connection reset,
 * a 200–500 ms stall), deterministic by seed; on top, 1 % of pages fail their first 5 requests, more than
 * the fetch client's own retries, so that pg-boss's job retry is exercised too. Reports how many pages
 * end parsed, how many are lost (still queued once no job is left to work them) and how many post ids
 * got more than one lead.
 */
export async function faultsBench(): Promise<BenchTable> {
  const site = await startLocalSite({
    postings: POSTINGS,
    perSearchPage: 100,
    faults: {
      ratio: FAULT_RATIO,
      seed: SEED,
      slowMs: [200, 500],
      stickyRatio: STICKY_RATIO,
      stickyCount: STICKY_COUNT,
    },
  });
  try {
    const bench = await openBenchPlatform();
    let figures: Awaited<ReturnType<typeof runOurCrawl>>;
    try {
      figures = await runOurCrawl(bench, site, TIMEOUT_MS);
    } finally {
      await bench.close();
    }
    const { counts } = figures;
    const expected = POSTINGS + site.searchPages;
    const lost = counts.queued + Math.max(0, expected - counts.pages);
    const { stats } = site;
    return {
      title:
        `Crawl with ${FAULT_RATIO * 100} % injected faults + ${STICKY_RATIO * 100} % of pages failing their ` +
        `first ${STICKY_COUNT} requests (${POSTINGS} postings + ${site.searchPages} search ` +
        `pages, seed ${SEED}, ${bench.backend}; wait ended: ${figures.ended})`,
      columns: ['measure', 'value', 'goal'],
      rows: [
        ['pages expected (search + posting)', expected, ''],
        ['pages ending parsed', `${counts.parsed} (${percent(counts.parsed, expected)})`, '≥ 99 %'],
        [
          'pages ending failed / skipped / blocked / robots',
          `${counts.failed} / ${counts.skipped} / ${counts.blocked} / ${counts.robots}`,
          '',
        ],
        ['pages lost (never queued, or still queued with no job left)', lost, '0'],
        ['crawl-page jobs left unfinished', figures.jobsLeft, '0'],
        ['leads created / distinct post ids', `${counts.leads_created} / ${figures.distinctPostIds}`, ''],
        ['post ids with two or more leads', figures.duplicatedPostIds, '0'],
        [
          'pages that needed a job retry (most attempts)',
          `${figures.retriedPages} (${figures.maxAttempts})`,
          '',
        ],
        [
          'seconds (pages/s)',
          `${figures.seconds.toFixed(1)} (${(counts.pages / figures.seconds).toFixed(1)})`,
          '',
        ],
        [
          'site: requests / 5xx / resets / slow / sticky failures',
          `${stats.requests} / ${stats.server_error} / ${stats.reset} / ${stats.slow} / ${stats.sticky}`,
          '',
        ],
      ],
    };
  } finally {
    await site.close();
  }
}
