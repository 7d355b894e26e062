import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { pendingMigrations } from '../db/index.js';
import type { Platform } from '../platform.js';
import { ErrorResponse } from './error-handler.js';
import { ServiceUnavailableError } from './errors.js';

const Health = Type.Object({ status: Type.Literal('ok'), uptime_seconds: Type.Number() });
const Ready = Type.Object({
  status: Type.Literal('ready'),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  migrations: Type.Integer(),
  redis: Type.Union([Type.Literal('ready'), Type.Literal('unavailable'), Type.Literal('not_configured')]),
});

/** Liveness, readiness and Prometheus metrics. */
export function healthRoutes(platform: Platform): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/health',
      { schema: { tags: ['operations'], summary: 'Process is up', response: { 200: Health } } },
      async () => ({ status: 'ok' as const, uptime_seconds: Math.round(process.uptime()) }),
    );

    app.get(
      '/ready',
      {
        schema: {
          tags: ['operations'],
          summary: 'Database reachable and migrations applied',
          response: { 200: Ready, 503: ErrorResponse },
        },
      },
      async () => {
        let pending: number;
        try {
          pending = (await pendingMigrations(platform.db, platform.migrations)).length;
        } catch (error) {
          throw new ServiceUnavailableError(
            'DATABASE_UNAVAILABLE',
            `database not reachable: ${(error as Error).message}`,
          );
        }
        if (pending > 0) {
          throw new ServiceUnavailableError('MIGRATIONS_PENDING', `${pending} migration(s) not applied`, {
            pending,
          });
        }
        const redis = !platform.redis
          ? 'not_configured'
          : platform.redis.status === 'ready'
            ? 'ready'
            : 'unavailable';
        return {
          status: 'ready' as const,
          database: platform.db.kind,
          migrations: platform.migrations.length,
          redis: redis as 'ready' | 'unavailable' | 'not_configured',
        };
      },
    );

    app.get(
      '/metrics',
      { schema: { tags: ['operations'], summary: 'Prometheus metrics', hide: false } },
      async (_req, reply) => {
        reply.header('content-type', platform.metrics.registry.contentType);
        return platform.metrics.registry.metrics();
      },
    );
  };
}
