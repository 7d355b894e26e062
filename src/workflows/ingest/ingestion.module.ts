import { createEvaluateSourcesHandler, evaluateSourcesJob } from '../../platform/alerts/index.js';
import type { AppModule } from '../../platform/module.types.js';
import type { Platform } from '../../platform/platform.js';
import { registerCrawlJobs, scheduleCrawls } from '../crawl/index.js';
import { adminIngestionRoutes } from './admin.routes.js';
import { registerFacebookJobs } from './facebook-leads.js';
import { ingestDepsFor } from './ingest-deps.js';
import { registerLinkedInJobs, scheduleLinkedInPolls } from './linkedin-poll.js';
import { webhookRoutes } from './webhook.routes.js';

/** Ingestion as the app sees it: webhooks and the operator API, crawl and lead-fetch jobs. */
export function ingestionModule(platform: Platform): AppModule {
  const deps = { ...ingestDepsFor(platform), fetch: platform.fetch };
  return {
    name: 'ingestion',
    routes: async (app) => {
      await app.register(webhookRoutes(platform));
      await app.register(adminIngestionRoutes(platform));
    },
    registerJobs(jobs) {
      registerCrawlJobs(jobs, deps);
      registerFacebookJobs(jobs, { ...deps, config: platform.config });
      registerLinkedInJobs(jobs, { ...deps, config: platform.config, cache: platform.cache });
      jobs.register(
        evaluateSourcesJob,
        createEvaluateSourcesHandler({ db: platform.db, alerts: platform.alerts, log: platform.log }),
      );
    },
    async afterStart(jobs) {
      await scheduleLinkedInPolls(jobs, { config: platform.config, log: platform.log });
      const crawled = [...deps.sources.values()]
        .filter((adapter) => adapter.crawl)
        .map((adapter) => adapter.id);
      await scheduleCrawls(jobs, platform.db, crawled);
      // Parse-failure and silent-source alerts are checked every five minutes.
      await jobs.schedule(evaluateSourcesJob, '*/5 * * * *', {});
    },
  };
}
