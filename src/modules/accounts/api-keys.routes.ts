import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/http/errors.js';
import { ApiKey, CreateApiKey, CreatedApiKey, IdParams } from './accounts.schemas.js';
import type { ApiKeyRow } from './api-keys.repository.js';
import type { ApiKeysService } from './api-keys.service.js';
import type { authHooks } from './auth.hooks.js';
import { currentUser } from './auth.hooks.js';

const errors = errorResponses(400, 401, 403, 404);

function view(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    created_at: row.created_at.toISOString(),
    last_used_at: row.last_used_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}

/** `/v1/api-keys`: create (the key is shown once), list, revoke. Every route acts on the caller's keys only. */
export function apiKeyRoutes(deps: {
  service: ApiKeysService;
  hooks: ReturnType<typeof authHooks>;
}): FastifyPluginAsyncTypebox {
  const { service, hooks } = deps;
  return async (app) => {
    app.addHook('preHandler', hooks.requireUser);
    const common = { tags: ['accounts'], security: [{ bearerAuth: [] }] };

    app.post(
      '/v1/api-keys',
      {
        schema: {
          ...common,
          summary: 'Create an API key; the full key is in this response only',
          body: CreateApiKey,
          response: { 201: CreatedApiKey, ...errors },
        },
      },
      async (request, reply) => {
        const created = await service.create(currentUser(request).id, request.body.name);
        return reply.status(201).send({ ...view(created), key: created.key });
      },
    );

    app.get(
      '/v1/api-keys',
      {
        schema: {
          ...common,
          summary: "The caller's API keys, revoked ones included",
          response: { 200: Type.Object({ items: Type.Array(ApiKey) }), ...errors },
        },
      },
      async (request) => ({ items: (await service.list(currentUser(request).id)).map(view) }),
    );

    app.delete(
      '/v1/api-keys/:id',
      {
        schema: {
          ...common,
          summary: 'Revoke an API key (it stops working at once)',
          params: IdParams,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.revoke(currentUser(request).id, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
