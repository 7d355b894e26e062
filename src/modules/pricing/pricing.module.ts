import type { AppModule } from '../../platform/module.types.js';
import type { Platform } from '../../platform/platform.js';
import { authHooks } from '../accounts/index.js';
import { pricingAdminRoutes } from './pricing.routes.js';
import { defaultPricingRules } from './pricing.rules.js';

export interface PricingOverrides {
  now?: () => Date;
}

/** Pricing as the app sees it: the admin pricing API (quotes are called by the marketplace and search). */
export function pricingModule(platform: Platform, overrides: PricingOverrides = {}): AppModule {
  const rules = defaultPricingRules(platform.config);
  return {
    name: 'pricing',
    routes: pricingAdminRoutes({
      db: platform.db,
      rules,
      hooks: authHooks(platform),
      now: overrides.now ?? (() => new Date()),
    }),
  };
}
