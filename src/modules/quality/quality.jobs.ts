import { Type } from 'typebox';
import type { Database } from '../../platform/db/index.js';
import { appendEvents } from '../../platform/events.js';
import { defineJob, type JobRunner } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/logger/index.js';
import { listStaleScrubs, maskedScrub, scrubLeadContacts } from './dnc/index.js';
import {
  findDueScores,
  REFRESH_MARKET_STATS_CRON,
  refreshMarketStatsJob,
  registerScoringJobs,
  SCORE_VERSION,
  scoreLeads,
} from './scoring/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;
/** A run stops after this many leads; the next run goes on (a job must not hold a worker for long). */
const MAX_PER_RUN = 20_000;

/** Rescores leads whose scores are older than a day or came from older rules (freshness decays). */
export const rescoreLeadsJob = defineJob({
  name: 'quality-rescore-leads',
  payload: Type.Object({}, { additionalProperties: false }),
  retryLimit: 0,
  expireInSeconds: 30 * 60,
  concurrency: 1,
  policy: 'stately',
});

/** Scrubs again every contact whose DNC scrub is older than 31 days or misses a phone. */
export const rescrubDncJob = defineJob({
  name: 'quality-rescrub-dnc',
  payload: Type.Object({}, { additionalProperties: false }),
  retryLimit: 0,
  expireInSeconds: 30 * 60,
  concurrency: 1,
  policy: 'stately',
});

export interface QualityJobDeps {
  db: Database;
  log: Logger;
  fraudReviewThreshold: number;
  clock?: () => Date;
}

/** Rescores due leads in batches; returns how many were scored. */
export async function rescoreDueLeads(deps: QualityJobDeps): Promise<number> {
  const now = deps.clock?.() ?? new Date();
  let done = 0;
  while (done < MAX_PER_RUN) {
    const ids = await findDueScores(deps.db, {
      version: SCORE_VERSION,
      scoredBefore: new Date(now.getTime() - DAY_MS),
      limit: BATCH,
    });
    if (ids.length === 0) break;
    await scoreLeads(deps.db, ids, { now, fraudReviewThreshold: deps.fraudReviewThreshold });
    done += ids.length;
  }
  return done;
}

/** Re-scrubs stale DNC results in batches, with a passport event per contact; returns how many. */
export async function rescrubStaleContacts(deps: QualityJobDeps): Promise<number> {
  const now = deps.clock?.() ?? new Date();
  let done = 0;
  while (done < MAX_PER_RUN) {
    const ids = await listStaleScrubs(deps.db, now, BATCH);
    if (ids.length === 0) break;
    await deps.db.transaction(async (tx) => {
      const scrubs = await scrubLeadContacts(tx, ids, now);
      await appendEvents(
        tx,
        [...scrubs].map(([leadId, scrub]) => ({
          type: 'lead.dnc_rescrubbed',
          aggregateType: 'lead',
          aggregateId: leadId,
          payload: maskedScrub(scrub),
        })),
      );
    });
    done += ids.length;
  }
  return done;
}

/** Registers the quality jobs: market price stats, rescoring and DNC re-scrubs. */
export function registerQualityJobs(jobs: JobRunner, deps: QualityJobDeps): void {
  registerScoringJobs(jobs, deps);
  jobs.register(rescoreLeadsJob, async () => {
    const scored = await rescoreDueLeads(deps);
    if (scored > 0) deps.log.info({ scored }, 'leads rescored');
  });
  jobs.register(rescrubDncJob, async () => {
    const scrubbed = await rescrubStaleContacts(deps);
    if (scrubbed > 0) deps.log.info({ scrubbed }, 'stale DNC scrubs renewed');
  });
}

/** Keeps the schedules: stats hourly, rescoring hourly (each lead about daily), re-scrubs daily. */
export async function scheduleQualityJobs(jobs: JobRunner): Promise<void> {
  await jobs.schedule(refreshMarketStatsJob, REFRESH_MARKET_STATS_CRON, {});
  await jobs.schedule(rescoreLeadsJob, '17 * * * *', {});
  await jobs.schedule(rescrubDncJob, '37 3 * * *', {});
}
