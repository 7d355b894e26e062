import type { AppModule } from '../../platform/module.types.js';
import type { Platform } from '../../platform/platform.js';
import { authHooks } from '../accounts/index.js';
import { defaultPricingRules } from '../pricing/index.js';
import { searchRoutes } from './search.routes.js';

export interface SearchModuleOverrides {
  /** The clock prices are quoted at (tests fix it). */
  now?: () => Date;
}

/** Lead search and lead pages as the app sees them: public, contacts masked, priced for the viewer. */
export function searchModule(platform: Platform, overrides: SearchModuleOverrides = {}): AppModule {
  const { requireUser } = authHooks(platform);
  const rules = defaultPricingRules(platform.config);
  const now = overrides.now ?? (() => new Date());
  return {
    name: 'search',
    routes: async (app) => {
      await app.register(searchRoutes({ db: platform.db, requireUser, rules, now }));
    },
  };
}
