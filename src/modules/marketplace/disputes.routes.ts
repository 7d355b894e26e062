import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/http/errors.js';
import { type authHooks, currentUser } from '../accounts/index.js';
import {
  AdminDisputeList,
  AdminDisputeListQuery,
  AdminDisputeView,
  DecisionBody,
  DisputeIdParams,
  DisputeView,
  FileDisputeBody,
  PurchaseIdParams,
} from './disputes.schemas.js';
import type { DisputesService } from './disputes.service.js';

const errors = errorResponses(400, 401, 403, 404, 409);

/** `/v1/purchases/{id}/disputes` (the buyer's own) and `/v1/admin/disputes` (the admin queue). */
export function disputeRoutes(deps: {
  service: DisputesService;
  hooks: ReturnType<typeof authHooks>;
}): FastifyPluginAsyncTypebox {
  const { service, hooks } = deps;
  return async (app) => {
    const buyer = { tags: ['disputes'], security: [{ bearerAuth: [] }] };
    const admin = { tags: ['admin'], security: [{ bearerAuth: [] }] };

    app.post(
      '/v1/purchases/:id/disputes',
      {
        preHandler: hooks.requireUser,
        schema: {
          ...buyer,
          summary:
            'Dispute a purchase (once, within the dispute window); answered already refunded when a machine rule proves it',
          params: PurchaseIdParams,
          body: FileDisputeBody,
          response: { 201: DisputeView, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.file(currentUser(request).id, request.params.id, request.body)),
    );

    app.get(
      '/v1/purchases/:id/disputes',
      {
        preHandler: hooks.requireUser,
        schema: {
          ...buyer,
          summary: "The purchase's dispute with its status and decision (an empty list when none was filed)",
          params: PurchaseIdParams,
          response: { 200: Type.Object({ items: Type.Array(DisputeView) }), ...errors },
        },
      },
      async (request) => service.ofPurchase(currentUser(request).id, request.params.id),
    );

    app.get(
      '/v1/admin/disputes',
      {
        preHandler: hooks.requireAdmin,
        schema: {
          ...admin,
          summary: 'Disputes: the open queue first (oldest first), then decided ones; filter by status',
          querystring: AdminDisputeListQuery,
          response: { 200: AdminDisputeList, ...errors },
        },
      },
      async (request) => service.list(request.query),
    );

    app.get(
      '/v1/admin/disputes/:id',
      {
        preHandler: hooks.requireAdmin,
        schema: {
          ...admin,
          summary: 'A dispute with its machine check, purchase and decision',
          params: DisputeIdParams,
          response: { 200: AdminDisputeView, ...errors },
        },
      },
      async (request) => service.get(request.params.id),
    );

    app.post(
      '/v1/admin/disputes/:id/decision',
      {
        preHandler: hooks.requireAdmin,
        schema: {
          ...admin,
          summary: 'Decide an open dispute: refund (a ledger reversal of the purchase) or reject',
          params: DisputeIdParams,
          body: DecisionBody,
          response: { 200: AdminDisputeView, ...errors },
        },
      },
      async (request) => service.decide(request.params.id, request.body, request.user?.id ?? null),
    );
  };
}
