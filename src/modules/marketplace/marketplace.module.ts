import type { AppModule } from '../../platform/module.types.js';
import type { Platform } from '../../platform/platform.js';
import { authHooks } from '../accounts/index.js';
import { defaultPricingRules } from '../pricing/index.js';

/**
 * The marketplace as the app sees it: cart and checkout, purchases with delivery (CSV, CRM webhook),
 * disputes and refunds. Each part registers its routes and jobs below.
 */
export function marketplaceModule(platform: Platform): AppModule {
  const { config } = platform;
  const hooks = authHooks(platform);
  const rules = defaultPricingRules(config);
  const now = () => new Date();
  return {
    name: 'marketplace',
    routes: async (app) => {
      // cart, checkout, purchases
      // disputes
      // crm
    },
    registerJobs: (jobs) => {
      // disputes jobs
      // crm jobs
    },
  };
}
