import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/http/errors.js';
import { type authHooks, currentUser } from '../accounts/index.js';
import type { NotificationsService } from './notifications.service.js';
import type { SavedSearchRow } from './saved-searches.repository.js';
import {
  CreateSavedSearch,
  IdParams,
  NotificationIdParams,
  NotificationList,
  NotificationListQuery,
  SavedSearchView,
  UpdateSavedSearch,
} from './saved-searches.schemas.js';
import type { SavedSearchesService } from './saved-searches.service.js';

const errors = errorResponses(400, 401, 403, 404, 409);

/** The API view: channels as the client set them, the webhook secret never. */
function view(row: SavedSearchRow) {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    channels: {
      in_app: true as const,
      email: row.email_enabled,
      webhook: row.webhook_url ? { url: row.webhook_url } : null,
    },
    frequency: row.frequency,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** `/v1/saved-searches` (CRUD) and `/v1/notifications` (in-app alerts); every route acts on the caller's own. */
export function savedSearchRoutes(deps: {
  service: SavedSearchesService;
  notifications: NotificationsService;
  hooks: ReturnType<typeof authHooks>;
}): FastifyPluginAsyncTypebox {
  const { service, notifications, hooks } = deps;
  return async (app) => {
    app.addHook('preHandler', hooks.requireUser);
    const common = { tags: ['saved-searches'], security: [{ bearerAuth: [] }] };

    app.post(
      '/v1/saved-searches',
      {
        schema: {
          ...common,
          summary: 'Save a search; new matching leads are notified in-app, and by email or webhook if asked',
          body: CreateSavedSearch,
          response: { 201: SavedSearchView, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(view(await service.create(currentUser(request).id, request.body))),
    );

    app.get(
      '/v1/saved-searches',
      {
        schema: {
          ...common,
          summary: "The caller's saved searches, oldest first",
          response: { 200: Type.Object({ items: Type.Array(SavedSearchView) }), ...errors },
        },
      },
      async (request) => ({ items: (await service.list(currentUser(request).id)).map(view) }),
    );

    app.get(
      '/v1/saved-searches/:id',
      {
        schema: {
          ...common,
          summary: 'One saved search',
          params: IdParams,
          response: { 200: SavedSearchView, ...errors },
        },
      },
      async (request) => view(await service.get(currentUser(request).id, request.params.id)),
    );

    app.patch(
      '/v1/saved-searches/:id',
      {
        schema: {
          ...common,
          summary: 'Change a saved search (a new query applies to leads published from now on)',
          params: IdParams,
          body: UpdateSavedSearch,
          response: { 200: SavedSearchView, ...errors },
        },
      },
      async (request) => view(await service.update(currentUser(request).id, request.params.id, request.body)),
    );

    app.delete(
      '/v1/saved-searches/:id',
      {
        schema: {
          ...common,
          summary: 'Delete a saved search with its notifications',
          params: IdParams,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.remove(currentUser(request).id, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/v1/notifications',
      {
        schema: {
          ...common,
          summary: 'In-app alerts, newest first (keyset paging by `cursor`), with the unread count',
          querystring: NotificationListQuery,
          response: { 200: NotificationList, ...errors },
        },
      },
      async (request) => {
        const { cursor, limit, unread_only } = request.query;
        return notifications.list(currentUser(request).id, { cursor, limit, unreadOnly: unread_only });
      },
    );

    app.post(
      '/v1/notifications/:id/read',
      {
        schema: {
          ...common,
          summary: 'Mark an alert read',
          params: NotificationIdParams,
          response: {
            200: Type.Object({ id: Type.String(), read_at: Type.String({ format: 'date-time' }) }),
            ...errors,
          },
        },
      },
      async (request) => notifications.markRead(currentUser(request).id, request.params.id),
    );
  };
}
