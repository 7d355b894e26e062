import type { Queryable } from '../../platform/db/index.js';
import type { AppModule } from '../../platform/module.types.js';
import type { Platform } from '../../platform/platform.js';
import { authHooks } from '../accounts/index.js';
import { passportRoutes } from './passport/index.js';
import { registerQualityJobs, scheduleQualityJobs } from './quality.jobs.js';
import { fraudReviewRoutes } from './scoring/index.js';

/**
 * Lead quality as the app sees it: the admin fraud review queue and lead passports; jobs that keep
 * market price stats, scores (freshness decays) and DNC scrubs (stale after 31 days) current.
 */
export interface QualityModuleOptions {
  /** Runs in the transaction that publishes a lead cleared from fraud review (the composition root wires alerts). */
  onLeadPublished?: (tx: Queryable, leadId: string, at: Date) => Promise<void>;
}

export function qualityModule(platform: Platform, options: QualityModuleOptions = {}): AppModule {
  return {
    name: 'quality',
    routes: async (app) => {
      const { requireAdmin } = authHooks(platform);
      await app.register(
        fraudReviewRoutes({ db: platform.db, requireAdmin, onPublished: options.onLeadPublished }),
      );
      await app.register(passportRoutes({ db: platform.db, requireAdmin }));
    },
    registerJobs(jobs) {
      registerQualityJobs(jobs, {
        db: platform.db,
        log: platform.log,
        fraudReviewThreshold: platform.config.FRAUD_REVIEW_THRESHOLD,
      });
    },
    afterStart: scheduleQualityJobs,
  };
}
