import { type CrawlCounts, crawlCounts, getCrawlRun, listCrawlPages } from '../../modules/sources/index.js';
import { type CrawlDeps, crawlPages } from './crawl-page.js';
import { parseStoredPages } from './parse-stored.js';

/**
 * Works a crawl run's queued pages in this process (the CLI's way), `concurrency` at a time and
 * together as the job queue does, until none is left; retryable pages are tried again on the next pass
 * after a short pause. Reports progress after each group of pages.
 */
export async function runCrawlLocally(
  deps: Omit<CrawlDeps, 'dispatch' | 'requestParse'>,
  runId: string,
  concurrency: number,
  onProgress?: (counts: CrawlCounts) => void,
): Promise<CrawlCounts> {
  const local: CrawlDeps = { ...deps, dispatch: async () => undefined, requestParse: async () => undefined };
  for (;;) {
    const queued = (await listCrawlPages(deps.db, runId, 0, 10_000)).filter(
      (page) => page.status === 'queued',
    );
    if (queued.length === 0) break;
    let retries = 0;
    for (let first = 0; first < queued.length; first += concurrency) {
      const group = queued.slice(first, first + concurrency).map((page) => page.id);
      retries += (await crawlPages(local, group)).size;
      if (onProgress) onProgress(await crawlCounts(deps.db, runId));
    }
    // The fetched pages wait as raw records; parsing them in batches settles the pages and the run.
    const run = await getCrawlRun(deps.db, runId);
    if (run) await parseStoredPages(deps, run.source_id);
    onProgress?.(await crawlCounts(deps.db, runId));
    if ((await getCrawlRun(deps.db, runId))?.status !== 'running') break;
    if (retries > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return crawlCounts(deps.db, runId);
}
