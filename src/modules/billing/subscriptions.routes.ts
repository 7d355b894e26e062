import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../platform/db/index.js';
import { type authHooks, currentUser } from '../accounts/index.js';
import { errorRefs, IdempotencyHeaders, PlanResponse, SubscriptionResponse } from './billing.schemas.js';
import { replyIdempotent } from './idempotent-reply.js';
import { findSubscriptionOf, listPlans } from './subscriptions.repository.js';
import {
  cancelSubscription,
  type SubscriptionDeps,
  subscribe,
  subscriptionView,
} from './subscriptions.service.js';

export interface SubscriptionRoutesDeps extends SubscriptionDeps {
  db: Database;
  hooks: ReturnType<typeof authHooks>;
  now: () => Date;
}

/** Plans, the buyer's subscription, subscribing or changing plan, cancelling at period end. */
export function subscriptionRoutes(deps: SubscriptionRoutesDeps): FastifyPluginAsyncTypebox {
  const { db, hooks } = deps;
  return async (app) => {
    app.get(
      '/v1/plans',
      {
        schema: {
          tags: ['billing'],
          summary: 'Plans: monthly credits, lead-price discount and limits',
          response: { 200: Type.Object({ items: Type.Array(PlanResponse) }) },
        },
      },
      async () => ({ items: await listPlans(db) }),
    );

    app.get(
      '/v1/subscriptions/current',
      {
        preHandler: hooks.requireUser,
        schema: {
          tags: ['billing'],
          summary: "The buyer's subscription (Free when none)",
          response: { 200: SubscriptionResponse, ...errorRefs },
        },
      },
      async (request) => subscriptionView(await findSubscriptionOf(db, currentUser(request).id)),
    );

    app.post(
      '/v1/subscriptions',
      {
        preHandler: hooks.requireUser,
        schema: {
          tags: ['billing'],
          summary:
            'Subscribe or change plan: upgrades are prorated at once, downgrades wait for the period end',
          headers: IdempotencyHeaders,
          body: Type.Object({ plan_id: Type.String({ minLength: 1, maxLength: 40 }) }),
          response: { 200: SubscriptionResponse, 402: { $ref: 'ErrorResponse' }, ...errorRefs },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        return replyIdempotent(db, request, reply, user.id, async (tx) => ({
          status: 200,
          body: await subscribe(deps, tx, {
            userId: user.id,
            email: user.email,
            planId: request.body.plan_id,
            now: deps.now(),
          }),
        }));
      },
    );

    app.delete(
      '/v1/subscriptions/current',
      {
        preHandler: hooks.requireUser,
        schema: {
          tags: ['billing'],
          summary: 'Cancel at the end of the current period (the plan and its credits stay until then)',
          response: { 200: SubscriptionResponse, ...errorRefs },
        },
      },
      async (request) => db.transaction((tx) => cancelSubscription(tx, currentUser(request).id)),
    );
  };
}
