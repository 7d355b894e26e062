import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CheerioCrawler, Configuration, log } from '@crawlee/cheerio';
import { craigslistParser } from '../../src/modules/sources/craigslist/index.js';

/**
 * What Crawlee's request handler does with a posting: pull the fields a lead needs out of the `$` that
 * CheerioCrawler has already loaded, or run our full Craigslist parser on the body (the same parse our
 * pipeline does, on top of Crawlee's own DOM build).
 */
export type CrawleeWork = 'cheerio fields' | 'our parser';

export interface CrawleeFigures {
  pages: number;
  failed: number;
  records: number;
  seconds: number;
  timedOut: boolean;
}

/**
 * Crawls the local site with Crawlee's CheerioCrawler: search pages enqueue their result links, postings
 * are parsed; no database. Storage is in memory (a temp dir is named only so nothing lands in the repo),
 * concurrency is pinned at `concurrency` (min = max, so autoscaling does not change the figure), robots.txt
 * is respected like ours, and the run is aborted after `timeoutMs`.
 */
export async function runCrawlee(
  startUrls: string[],
  concurrency: number,
  work: CrawleeWork,
  maxRequests: number,
  timeoutMs: number,
): Promise<CrawleeFigures> {
  const storageDir = mkdtempSync(path.join(tmpdir(), 'aiq-bench-crawlee-'));
  log.setLevel(log.LEVELS.OFF);
  const config = new Configuration({
    persistStorage: false,
    purgeOnStart: true,
    storageClientOptions: { localDataDirectory: storageDir, persistStorage: false },
  });
  let records = 0;
  const crawler = new CheerioCrawler(
    {
      minConcurrency: concurrency,
      maxConcurrency: concurrency,
      maxRequestsPerCrawl: maxRequests,
      maxRequestRetries: 3,
      respectRobotsTxtFile: true,
      async requestHandler({ request, $, body, enqueueLinks }) {
        if (request.label !== 'posting') {
          await enqueueLinks({ selector: 'li.cl-static-search-result > a[href]', label: 'posting' });
          return;
        }
        if (work === 'our parser') {
          const outcome = craigslistParser(body.toString(), request.url);
          if ('listings' in outcome) records += outcome.listings.length;
          return;
        }
        const title = $('#titletextonly').text().trim();
        const fields = {
          title,
          price: $('.price').first().text().trim(),
          housing: $('.housing').first().text().trim(),
          lat: $('#map').attr('data-latitude') ?? null,
          lon: $('#map').attr('data-longitude') ?? null,
        };
        if (fields.title) records++;
      },
      failedRequestHandler() {},
    },
    config,
  );
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void crawler.autoscaledPool?.abort();
  }, timeoutMs);
  const started = performance.now();
  try {
    const stats = await crawler.run(startUrls);
    return {
      pages: stats.requestsFinished,
      failed: stats.requestsFailed,
      records,
      seconds: (performance.now() - started) / 1000,
      timedOut,
    };
  } finally {
    clearTimeout(timer);
    await crawler.teardown().catch(() => undefined);
    rmSync(storageDir, { recursive: true, force: true });
  }
}
