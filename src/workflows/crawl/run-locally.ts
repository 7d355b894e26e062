import { type CrawlCounts, crawlCounts, getCrawlRun, listCrawlPages } from '../../modules/sources/index.js';
import { type CrawlDeps, crawlPage, RetryPageError } from './crawl-page.js';
import { parseStoredPages } from './parse-stored.js';

/**
 * Works a crawl run's queued pages in this process (the CLI's way), `concurrency` at a time, until none
 * is left; retryable pages are retried here with a short pause. Reports progress after each page.
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
    let next = 0;
    const worker = async () => {
      while (next < queued.length) {
        const page = queued[next++]!;
        try {
          await crawlPage(local, page.id);
        } catch (error) {
          if (!(error instanceof RetryPageError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        onProgress?.(await crawlCounts(deps.db, runId));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    // The fetched pages wait as raw records; parsing them in batches settles the pages and the run.
    const run = await getCrawlRun(deps.db, runId);
    if (run) await parseStoredPages(deps, run.source_id);
    onProgress?.(await crawlCounts(deps.db, runId));
    if ((await getCrawlRun(deps.db, runId))?.status !== 'running') break;
  }
  return crawlCounts(deps.db, runId);
}
