import { Type } from 'typebox';
import type { Queryable } from '../../../platform/db/index.js';
import { defineJob, type JobHandler, type JobRunner } from '../../../platform/jobs/index.js';
import type { Logger } from '../../../platform/logger/index.js';
import { refreshMarketPriceStats } from './market-stats.repository.js';

/**
 * Rebuilds the local price statistics the fraud score compares prices with. Hourly: medians move slowly,
 * and a lead scored between two refreshes is compared with stats at most an hour old. No retries: the
 * next run is the retry.
 */
export const refreshMarketStatsJob = defineJob({
  name: 'quality-refresh-market-stats',
  payload: Type.Object({}, { additionalProperties: false }),
  retryLimit: 0,
  expireInSeconds: 15 * 60,
  concurrency: 1,
});

/** Cron of the refresh: minute 7 of every hour (off the hour, when other schedules fire). */
export const REFRESH_MARKET_STATS_CRON = '7 * * * *';

export interface RefreshMarketStatsHandlerOptions {
  db: Queryable;
  log: Logger;
  clock?: () => Date;
}

/** The handler to register for `refreshMarketStatsJob`. */
export function createRefreshMarketStatsHandler(
  options: RefreshMarketStatsHandlerOptions,
): JobHandler<typeof refreshMarketStatsJob.payload> {
  const clock = options.clock ?? (() => new Date());
  return async () => {
    const started = Date.now();
    const { groups } = await refreshMarketPriceStats(options.db, { now: clock() });
    options.log.info({ groups, ms: Date.now() - started }, 'market price stats refreshed');
  };
}

/** Registers the refresh handler (call from a module's registerJobs). */
export function registerScoringJobs(jobs: JobRunner, options: RefreshMarketStatsHandlerOptions): void {
  jobs.register(refreshMarketStatsJob, createRefreshMarketStatsHandler(options));
}

/** Keeps the hourly schedule (call from a module's afterStart). */
export async function scheduleScoringJobs(jobs: JobRunner): Promise<void> {
  await jobs.schedule(refreshMarketStatsJob, REFRESH_MARKET_STATS_CRON, {});
}
