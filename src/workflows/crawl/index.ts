export {
  crawlPageJob,
  crawlStartJob,
  jobDispatch,
  jobParseRequest,
  parseStoredJob,
  registerCrawlJobs,
  scheduleCrawls,
} from './crawl.jobs.js';
export type { CrawlDeps } from './crawl-page.js';
export { crawlPages, RetryPageError } from './crawl-page.js';
export { parseStoredPages } from './parse-stored.js';
export { runCrawlLocally } from './run-locally.js';
export { CrawlNotStartedError, type StartCrawlDeps, startCrawl } from './start-crawl.js';
