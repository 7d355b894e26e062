import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../platform/db/index.js';
import type { Platform } from '../../platform/platform.js';
import { AuthRequiredError, CsrfError, ForbiddenError } from './accounts.errors.js';
import type { AuthUser } from './auth.types.js';
import { bearerOf, createAuthenticator } from './authenticate.js';
import { apiKeyPepper } from './pepper.js';
import { safeEqual } from './tokens.js';

export interface AuthDeps {
  db: Queryable;
  config: Pick<Platform['config'], 'API_KEY_PEPPER' | 'ADMIN_TOKEN'>;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_HEADER = 'x-csrf-token';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The signed-in user of a request that went through requireUser/requireAdmin; 401 AUTH_REQUIRED otherwise. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new AuthRequiredError();
  return request.user;
}

/**
 * Fastify preHandlers that authenticate a request (bearer session token, bearer API key, or the session
 * cookie) and set `request.user`. Cookie-authenticated writes must echo the session's CSRF token in
 * X-CSRF-Token; bearer requests are exempt (a browser never attaches them on its own).
 */
export function authHooks(deps: AuthDeps): {
  requireUser: (request: FastifyRequest) => Promise<void>;
  requireAdmin: (request: FastifyRequest) => Promise<void>;
} {
  const authenticate = createAuthenticator({ db: deps.db, pepper: apiKeyPepper(deps.config) });
  const adminToken = deps.config.ADMIN_TOKEN ? digest(deps.config.ADMIN_TOKEN) : null;

  /** Resolves once per request (a route may stack both hooks); false when there are no valid credentials. */
  async function resolve(request: FastifyRequest): Promise<boolean> {
    if (request.user) return true;
    const found = await authenticate({
      authorization: request.headers.authorization,
      cookie: request.headers.cookie,
    });
    if (!found) return false;
    if (found.auth.via === 'cookie' && UNSAFE_METHODS.has(request.method)) {
      const given = request.headers[CSRF_HEADER];
      if (typeof given !== 'string' || !safeEqual(given, found.auth.csrfToken ?? '')) throw new CsrfError();
    }
    request.user = found.user;
    request.auth = found.auth;
    return true;
  }

  /** The configured ADMIN_TOKEN, compared as fixed-length digests so the comparison is constant-time. */
  function isAdminToken(request: FastifyRequest): boolean {
    const bearer = bearerOf(request.headers.authorization);
    return adminToken !== null && bearer !== null && timingSafeEqual(digest(bearer), adminToken);
  }

  return {
    async requireUser(request) {
      if (!(await resolve(request))) throw new AuthRequiredError();
    },
    async requireAdmin(request) {
      if (request.auth?.method === 'admin_token') return;
      if (isAdminToken(request)) {
        request.auth = { method: 'admin_token', via: 'bearer' };
        return;
      }
      // The operator API answered ADMIN_AUTH_REQUIRED before accounts existed; clients may rely on it.
      if (!(await resolve(request))) {
        throw new AuthRequiredError(
          'ADMIN_AUTH_REQUIRED',
          'Sign in as an admin or send the admin bearer token',
        );
      }
      if (request.user?.role !== 'admin') throw new ForbiddenError('Only admins may do this');
    },
  };
}
