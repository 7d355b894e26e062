import type { Queryable } from '../../platform/db/index.js';
import { findSession } from './accounts.repository.js';
import { findApiKeyUser, touchApiKey } from './api-keys.repository.js';
import type { AuthContext, AuthUser } from './auth.types.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { apiKeyPrefix, csrfTokenFor, hashApiKey, isSessionToken, sha256 } from './tokens.js';

export interface Credentials {
  authorization?: string;
  cookie?: string;
}

export interface Authenticated {
  user: AuthUser;
  auth: AuthContext;
}

/** The bearer credential of an Authorization header, or null when the header is absent or not Bearer. */
export function bearerOf(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/**
 * Resolves a request's credentials to a user. An Authorization header wins over the cookie and is never
 * combined with it: a bad bearer is a failure, not a reason to fall back to the cookie.
 */
export function createAuthenticator(deps: { db: Queryable; pepper: string }) {
  async function bySession(token: string, via: AuthContext['via']): Promise<Authenticated | null> {
    if (!isSessionToken(token)) return null;
    const tokenHash = sha256(token);
    const row = await findSession(deps.db, tokenHash);
    if (!row) return null;
    return {
      user: { id: row.id, email: row.email, role: row.role },
      auth: {
        method: 'session',
        via,
        sessionId: row.session_id,
        csrfToken: csrfTokenFor(deps.pepper, tokenHash),
        sessionExpiresAt: row.expires_at,
      },
    };
  }

  async function byApiKey(key: string): Promise<Authenticated | null> {
    const prefix = apiKeyPrefix(key);
    if (!prefix) return null;
    const row = await findApiKeyUser(deps.db, hashApiKey(deps.pepper, key), prefix);
    if (!row) return null;
    await touchApiKey(deps.db, row.key_id);
    return {
      user: { id: row.id, email: row.email, role: row.role },
      auth: { method: 'api_key', via: 'bearer' },
    };
  }

  return async (credentials: Credentials): Promise<Authenticated | null> => {
    if (credentials.authorization !== undefined) {
      const bearer = bearerOf(credentials.authorization);
      if (!bearer) return null;
      return bearer.startsWith('aiq_') ? byApiKey(bearer) : bySession(bearer, 'bearer');
    }
    const cookie = readCookie(credentials.cookie, SESSION_COOKIE);
    return cookie ? bySession(cookie, 'cookie') : null;
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
