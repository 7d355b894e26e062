import { type CrawlCounts, crawlCounts, getCrawlRun, listCrawlPages } from '../../modules/sources/index.js';
import { type CrawlDeps, crawlPage, RetryPageError } from './crawl-page.js';

/**
 * Works a crawl run's queued pages in this process (the CLI's way), `concurrency` at a time, until none
 * is left; retryable pages are retried here with a short pause. Reports progress after each page.
 */
export async function runCrawlLocally(
  deps: Omit<CrawlDeps, 'dispatch'>,
  runId: string,
  concurrency: number,
  onProgress?: (counts: CrawlCounts) => void,
): Promise<CrawlCounts> {
  const local: CrawlDeps = { ...deps, dispatch: async () => undefined };
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
    const run = await getCrawlRun(deps.db, runId);
    if (run?.status !== 'running') break;
  }
  return crawlCounts(deps.db, runId);
}
