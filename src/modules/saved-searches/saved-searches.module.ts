import type { AppModule } from '../../platform/module.types.js';
import type { Platform } from '../../platform/platform.js';
import { authHooks } from '../accounts/index.js';
import { createDeliveryService } from './delivery.service.js';
import { createSmtpMailer } from './mailer.js';
import { createNotificationsService } from './notifications.service.js';
import { registerAlertJobs, scheduleAlertJobs } from './saved-searches.jobs.js';
import { savedSearchRoutes } from './saved-searches.routes.js';
import { createSavedSearchesService } from './saved-searches.service.js';

/** Saved searches and their alerts as the app sees them: the API, the delivery and digest jobs. */
export function savedSearchesModule(platform: Platform): AppModule {
  const { config } = platform;
  const service = createSavedSearchesService({ db: platform.db, maxPerUser: config.SAVED_SEARCHES_PER_USER });
  const delivery = createDeliveryService({
    db: platform.db,
    fetch: platform.fetch,
    mailer: config.SMTP_URL ? createSmtpMailer(config.SMTP_URL, config.ALERT_FROM_EMAIL) : null,
    log: platform.log,
    maxAttempts: config.ALERT_DELIVERY_MAX_ATTEMPTS,
  });
  return {
    name: 'saved-searches',
    routes: async (app) => {
      await app.register(
        savedSearchRoutes({
          service,
          notifications: createNotificationsService({ db: platform.db }),
          hooks: authHooks(platform),
        }),
      );
    },
    registerJobs: (jobs) => registerAlertJobs(jobs, delivery),
    afterStart: (jobs) => scheduleAlertJobs(jobs, config.ALERT_DIGEST_CRON),
  };
}
