import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, LogController } from 'fastify';
import type { App } from './platform/http/app.types.js';
import { ErrorResponse, installErrorHandling } from './platform/http/error-handler.js';
import { healthRoutes } from './platform/http/health.routes.js';
import type { AppModule } from './platform/module.types.js';
import type { Platform } from './platform/platform.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const PROBE_ROUTES = new Set(['/health', '/ready', '/metrics']);

/** Builds the HTTP app: platform plugins first, then each module's routes. Does not listen. */
export async function buildApp(platform: Platform, modules: AppModule[] = []): Promise<App> {
  const app = Fastify({
    loggerInstance: platform.log as FastifyBaseLogger,
    // Keep a caller's request id (from a proxy or client) when it is sane; otherwise make one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // Probes hit these every few seconds; their lines would drown the log.
      disableRequestLogging: (request) => PROBE_ROUTES.has(request.url),
    }),
    bodyLimit: 5 * 1024 * 1024,
    trustProxy: true,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandling(app);
  app.addSchema(ErrorResponse);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // On shutdown, responses still in flight ask the client to close its keep-alive connection, so the
  // server can stop as soon as they are sent instead of waiting out the keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    platform.metrics.httpDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(swagger, {
    // Shared schemas keep their $id as their name in the document (ErrorResponse, not def-0).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'AIQLeads API',
        version: '0.1.0',
        description: 'Real-estate owner leads: ingested, cleaned, scored, priced and sold for credits.',
      },
      tags: [
        { name: 'operations', description: 'Health, readiness and metrics' },
        { name: 'webhooks', description: 'Inbound lead channels (Facebook Lead Ads)' },
        { name: 'admin', description: 'Operator API: sources, crawls, imports' },
      ],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes(platform));
  for (const module of modules) {
    if (module.routes) await app.register(module.routes);
  }
  return app;
}
