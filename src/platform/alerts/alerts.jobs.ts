import { Type } from 'typebox';
import type { Queryable } from '../db/index.js';
import { defineJob, type JobHandler } from '../jobs/index.js';
import type { Logger } from '../logger/index.js';
import type { AlertService } from './alert.service.js';
import { evaluateSourceHealth } from './source-health.js';
import type { SourceHealthThresholds } from './source-rules.js';

/**
 * Evaluates the source-health rules; meant to run every few minutes. No retries: the next scheduled
 * run is the retry, and a late evaluation only repeats what the next one would find.
 */
export const evaluateSourcesJob = defineJob({
  name: 'alerts-evaluate-sources',
  payload: Type.Object({}, { additionalProperties: false }),
  retryLimit: 0,
  expireInSeconds: 5 * 60,
  concurrency: 1,
});

export interface EvaluateSourcesHandlerOptions {
  db: Queryable;
  alerts: AlertService;
  log: Logger;
  clock?: () => Date;
  thresholds?: Partial<SourceHealthThresholds>;
}

/** The handler to register for `evaluateSourcesJob`. */
export function createEvaluateSourcesHandler(
  options: EvaluateSourcesHandlerOptions,
): JobHandler<typeof evaluateSourcesJob.payload> {
  const clock = options.clock ?? (() => new Date());
  return async () => {
    const { firing } = await evaluateSourceHealth({
      db: options.db,
      alerts: options.alerts,
      now: clock(),
      thresholds: options.thresholds,
      log: options.log,
    });
    options.log.debug({ firing }, 'source health evaluated');
  };
}
