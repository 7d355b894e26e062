import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/http/errors.js';
import { LoginRateLimitedError, NoSessionError } from './accounts.errors.js';
import { Credentials, LoginResponse, MeResponse, User } from './accounts.schemas.js';
import type { AccountsService } from './accounts.service.js';
import type { authHooks } from './auth.hooks.js';
import { currentUser } from './auth.hooks.js';
import { sessionCookie } from './cookies.js';

const errors = errorResponses(400, 401, 403);

export interface AccountsRoutesDeps {
  service: AccountsService;
  hooks: ReturnType<typeof authHooks>;
  sessionTtlHours: number;
  secureCookies: boolean;
}

/** Register, login, logout and `GET /v1/me`. */
export function accountsRoutes(deps: AccountsRoutesDeps): FastifyPluginAsyncTypebox {
  const { service, hooks } = deps;
  return async (app) => {
    app.post(
      '/v1/auth/register',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Create a buyer account (password: 10+ characters)',
          body: Credentials,
          response: { 201: Type.Object({ user: User }), 409: { $ref: 'ErrorResponse' }, ...errors },
        },
      },
      async (request, reply) => {
        const user = await service.register(request.body);
        return reply.status(201).send({ user: { ...user, created_at: user.created_at.toISOString() } });
      },
    );

    app.post(
      '/v1/auth/login',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Sign in: returns a session token and sets the aiq_session cookie',
          body: Credentials,
          response: { 200: LoginResponse, 429: { $ref: 'ErrorResponse' }, ...errors },
        },
      },
      async (request, reply) => {
        try {
          const result = await service.login({ ...request.body, ip: request.ip });
          reply.header(
            'set-cookie',
            sessionCookie(result.token, {
              maxAgeSeconds: deps.sessionTtlHours * 3600,
              secure: deps.secureCookies,
            }),
          );
          return {
            token: result.token,
            csrf_token: result.csrfToken,
            expires_at: result.expiresAt.toISOString(),
            user: { ...result.user, created_at: result.user.created_at.toISOString() },
          };
        } catch (error) {
          if (error instanceof LoginRateLimitedError) {
            reply.header('retry-after', String(error.retryAfterSeconds));
          }
          throw error;
        }
      },
    );

    app.post(
      '/v1/auth/logout',
      {
        preHandler: hooks.requireUser,
        schema: {
          tags: ['accounts'],
          summary: 'End the current session and clear its cookie',
          security: [{ bearerAuth: [] }],
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        if (request.auth?.method !== 'session' || !request.auth.sessionId) throw new NoSessionError();
        await service.logout(request.auth.sessionId);
        reply.header('set-cookie', sessionCookie('', { maxAgeSeconds: 0, secure: deps.secureCookies }));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/v1/me',
      {
        preHandler: hooks.requireUser,
        schema: {
          tags: ['accounts'],
          summary: 'The signed-in user (and, for a session, its CSRF token)',
          security: [{ bearerAuth: [] }],
          response: { 200: MeResponse, ...errors },
        },
      },
      async (request) => {
        const user = currentUser(request);
        const auth = request.auth!;
        const full = await service.profile(user.id);
        return {
          user: { ...full, created_at: full.created_at.toISOString() },
          auth: auth.method === 'api_key' ? ('api_key' as const) : ('session' as const),
          session:
            auth.method === 'session' && auth.csrfToken && auth.sessionExpiresAt
              ? { expires_at: auth.sessionExpiresAt.toISOString(), csrf_token: auth.csrfToken }
              : null,
        };
      },
    );
  };
}
