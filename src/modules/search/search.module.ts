import type { AppModule } from '../../platform/module.types.js';
import type { Platform } from '../../platform/platform.js';
import { authHooks } from '../accounts/index.js';
import { searchRoutes } from './search.routes.js';

/** Lead search and lead pages as the app sees them: public, contacts masked. */
export function searchModule(platform: Platform): AppModule {
  const { requireUser } = authHooks(platform);
  return {
    name: 'search',
    routes: async (app) => {
      await app.register(searchRoutes({ db: platform.db, requireUser }));
    },
  };
}
