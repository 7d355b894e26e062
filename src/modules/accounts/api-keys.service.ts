import type { Queryable } from '../../platform/db/index.js';
import { ApiKeyNotFoundError } from './accounts.errors.js';
import { type ApiKeyRow, insertApiKey, listApiKeys, revokeApiKey } from './api-keys.repository.js';
import { hashApiKey, newApiKey } from './tokens.js';

/** API keys for integrations: created (shown once), listed by prefix, revoked. */
export function createApiKeysService(deps: { db: Queryable; pepper: string }) {
  return {
    /** Makes a key; the returned `key` is the only time the secret exists outside the caller. */
    async create(userId: string, name: string): Promise<ApiKeyRow & { key: string }> {
      const { key, prefix } = newApiKey();
      const row = await insertApiKey(deps.db, {
        userId,
        name,
        prefix,
        keyHash: hashApiKey(deps.pepper, key),
      });
      return { ...row, key };
    },
    list: (userId: string) => listApiKeys(deps.db, userId),
    /** Revokes one of the user's keys; another user's key answers 404 like a missing one. */
    async revoke(userId: string, id: string): Promise<void> {
      if (!(await revokeApiKey(deps.db, userId, id))) throw new ApiKeyNotFoundError();
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
