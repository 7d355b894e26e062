import type { AppModule } from '../../platform/module.types.js';
import type { Platform } from '../../platform/platform.js';
import { fraudReviewRoutes } from './scoring/index.js';

/**
 * Lead quality as the app sees it: the admin fraud review queue. The market-stats refresh job is
 * exported (registerScoringJobs / scheduleScoringJobs) for the ingestion module to register.
 */
export function qualityModule(platform: Platform): AppModule {
  return {
    name: 'quality',
    routes: async (app) => {
      await app.register(fraudReviewRoutes({ db: platform.db, adminToken: platform.config.ADMIN_TOKEN }));
    },
  };
}
