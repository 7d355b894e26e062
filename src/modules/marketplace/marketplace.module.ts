import type { AppModule } from '../../platform/module.types.js';
import type { Platform } from '../../platform/platform.js';
import { authHooks } from '../accounts/index.js';
import { defaultPricingRules } from '../pricing/index.js';
import { createContactValidator } from '../quality/index.js';
import { buyingRoutes } from './buying.routes.js';
import {
  crmDeliveryFromPlatform,
  enqueueCrmDeliveries,
  registerCrmJobs,
  scheduleCrmJobs,
} from './crm-delivery.jobs.js';
import type { CrmEvent } from './crm-delivery.repository.js';
import { crmWebhookRoutes } from './crm-webhook.routes.js';
import { createCrmWebhookService } from './crm-webhook.service.js';
import { disputeRoutes } from './disputes.routes.js';
import { createDisputesService } from './disputes.service.js';
import { purchasesExportRoutes } from './purchases-export.routes.js';
import { registerRefundJobs, scheduleRefundJobs } from './refunds.jobs.js';

/**
 * The marketplace as the app sees it: cart and checkout, purchases with delivery (CSV, CRM webhook),
 * disputes and refunds. A purchase made or refunded is pushed to the buyer's CRM webhook, when one is set.
 */
export function marketplaceModule(platform: Platform): AppModule {
  const { config, db, log } = platform;
  const hooks = authHooks(platform);
  const now = () => new Date();
  const pushToCrm = (event: CrmEvent) => async (purchaseIds: string[]) => {
    await enqueueCrmDeliveries(db, purchaseIds, event, { jobs: platform.jobs });
  };
  const onRefunded = pushToCrm('purchase.refunded');
  const allowPrivateHosts = config.FETCH_ALLOW_PRIVATE_HOSTS.split(',')
    .map((host) => host.trim())
    .filter(Boolean);
  return {
    name: 'marketplace',
    routes: async (app) => {
      await app.register(
        buyingRoutes({
          db,
          config,
          rules: defaultPricingRules(config),
          now,
          log,
          hooks,
          afterCheckout: pushToCrm('purchase.created'),
        }),
      );
      await app.register(
        disputeRoutes({
          service: createDisputesService({
            db,
            validator: createContactValidator({
              cache: platform.cache,
              registry: platform.metrics.registry,
              config,
            }),
            windowDays: config.DISPUTE_WINDOW_DAYS,
            clock: now,
            log,
            onRefunded,
          }),
          hooks,
        }),
      );
      await app.register(
        crmWebhookRoutes({
          service: createCrmWebhookService({ db, fetch: platform.fetch, allowPrivateHosts, now }),
          hooks,
        }),
      );
      await app.register(
        purchasesExportRoutes({ db, hooks, disputeWindowDays: config.DISPUTE_WINDOW_DAYS, now }),
      );
    },
    registerJobs: (jobs) => {
      registerRefundJobs(jobs, { db, log, onRefunded });
      registerCrmJobs(jobs, crmDeliveryFromPlatform(platform));
    },
    afterStart: async (jobs) => {
      await scheduleRefundJobs(jobs);
      await scheduleCrmJobs(jobs);
    },
  };
}
