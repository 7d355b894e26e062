import type { AppModule } from '../../platform/module.types.js';
import type { Platform } from '../../platform/platform.js';
import { accountsRoutes } from './accounts.routes.js';
import { createAccountsService } from './accounts.service.js';
import { apiKeyRoutes } from './api-keys.routes.js';
import { createApiKeysService } from './api-keys.service.js';
import { authHooks } from './auth.hooks.js';
import { createPasswordHasher } from './passwords.js';
import { apiKeyPepper } from './pepper.js';

/** Users, sessions and API keys as the app sees them. */
export function accountsModule(platform: Platform): AppModule {
  const { config } = platform;
  const pepper = apiKeyPepper(config);
  const hooks = authHooks(platform);
  const service = createAccountsService({
    db: platform.db,
    hasher: createPasswordHasher({
      memoryKib: config.ARGON2_MEMORY_KIB,
      iterations: config.ARGON2_ITERATIONS,
      parallelism: config.ARGON2_PARALLELISM,
    }),
    limits: platform.limits,
    pepper,
    sessionTtlHours: config.SESSION_TTL_HOURS,
    login: {
      perAccount: config.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT,
      perIp: config.LOGIN_MAX_ATTEMPTS_PER_IP,
      windowSeconds: config.LOGIN_WINDOW_SECONDS,
    },
    limitNamespace: config.DATABASE_SCHEMA,
  });
  const apiKeys = createApiKeysService({ db: platform.db, pepper });
  return {
    name: 'accounts',
    routes: async (app) => {
      await app.register(
        accountsRoutes({
          service,
          hooks,
          sessionTtlHours: config.SESSION_TTL_HOURS,
          // Plain http://localhost in development and tests; browsers drop Secure cookies there.
          secureCookies: config.NODE_ENV === 'production',
        }),
      );
      await app.register(apiKeyRoutes({ service: apiKeys, hooks }));
    },
  };
}
