import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/http/errors.js';
import { type authHooks, currentUser } from '../accounts/index.js';
import {
  CrmDeliveryList,
  CrmDeliveryListQuery,
  CrmPingResult,
  CrmWebhookView,
  PutCrmWebhook,
} from './crm-webhook.schemas.js';
import type { CrmWebhookService } from './crm-webhook.service.js';

const errors = errorResponses(400, 401, 403, 404, 422);

/** `/v1/crm-webhook`: the caller's own CRM endpoint, its delivery log and a test ping. */
export function crmWebhookRoutes(deps: {
  service: CrmWebhookService;
  hooks: ReturnType<typeof authHooks>;
}): FastifyPluginAsyncTypebox {
  const { service, hooks } = deps;
  return async (app) => {
    app.addHook('preHandler', hooks.requireUser);
    const common = { tags: ['marketplace'], security: [{ bearerAuth: [] }] };

    app.get(
      '/v1/crm-webhook',
      {
        schema: {
          ...common,
          summary: 'Your CRM webhook (the secret is never returned)',
          response: { 200: CrmWebhookView, ...errors },
        },
      },
      async (request) => service.get(currentUser(request).id),
    );

    app.put(
      '/v1/crm-webhook',
      {
        schema: {
          ...common,
          summary: 'Set the URL and secret your purchases (and their refunds) are pushed to, signed',
          body: PutCrmWebhook,
          response: { 200: CrmWebhookView, ...errors },
        },
      },
      async (request) => service.put(currentUser(request).id, request.body),
    );

    app.delete(
      '/v1/crm-webhook',
      {
        schema: {
          ...common,
          summary: 'Remove your CRM webhook; pending deliveries are skipped, the log stays',
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.remove(currentUser(request).id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/v1/crm-webhook/deliveries',
      {
        schema: {
          ...common,
          summary: 'The delivery log: each purchase event with its status and every attempt, newest first',
          querystring: CrmDeliveryListQuery,
          response: { 200: CrmDeliveryList, ...errors },
        },
      },
      async (request) => service.deliveries(currentUser(request).id, request.query),
    );

    app.post(
      '/v1/crm-webhook/test',
      {
        schema: {
          ...common,
          summary: 'Send a signed ping to your CRM webhook now and see what it answered',
          response: { 200: CrmPingResult, ...errors },
        },
      },
      async (request) => service.ping(currentUser(request).id),
    );
  };
}
