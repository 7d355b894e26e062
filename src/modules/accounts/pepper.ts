import type { Platform } from '../../platform/platform.js';

/**
 * The pepper API keys and CSRF tokens are derived under. loadConfig fills in a development value outside
 * production and refuses a missing or development value in production, so it is always set here.
 */
export function apiKeyPepper(config: Pick<Platform['config'], 'API_KEY_PEPPER'>): string {
  if (!config.API_KEY_PEPPER) throw new Error('API_KEY_PEPPER is not set: build the config with loadConfig');
  return config.API_KEY_PEPPER;
}
