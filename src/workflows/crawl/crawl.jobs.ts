import { Type } from 'typebox';
import type { Queryable } from '../../platform/db/index.js';
import { defineJob, type JobRunner } from '../../platform/jobs/index.js';
import { type CrawlDeps, crawlPage } from './crawl-page.js';

/** Fetch and process one page of a crawl run. */
export const crawlPageJob = defineJob({
  name: 'crawl-page',
  payload: Type.Object({ pageId: Type.Integer({ minimum: 1 }) }),
  retryLimit: 3,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 5 * 60,
  concurrency: 8,
  policy: 'stately',
});

/** Dispatches crawl pages as jobs, enqueued in the caller's transaction. */
export function jobDispatch(jobs: JobRunner) {
  return async (tx: Queryable, pageIds: number[]) => {
    for (const pageId of pageIds)
      await jobs.enqueue(crawlPageJob, { pageId }, { tx, singletonKey: `crawl-page:${pageId}` });
  };
}

/** Registers the crawl page handler. */
export function registerCrawlJobs(jobs: JobRunner, deps: Omit<CrawlDeps, 'dispatch'>): void {
  const dispatch = jobDispatch(jobs);
  jobs.register(crawlPageJob, ({ pageId }) => crawlPage({ ...deps, dispatch }, pageId));
}
