import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/index.js';
import { errorResponses } from '../../platform/http/errors.js';
import { type authHooks, currentUser } from '../accounts/index.js';
import { idempotencyKeyFrom, requestFingerprint, runIdempotent } from '../billing/index.js';
import type { CheckoutOutcome, CheckoutService } from './checkout.service.js';
import { CheckoutResult } from './marketplace.schemas.js';

const errors = errorResponses(400, 401, 402, 403, 404, 409, 422);

/** `POST /v1/checkout`: buys the caller's whole cart, once per Idempotency-Key. */
export function checkoutRoutes(deps: {
  db: Database;
  checkout: CheckoutService;
  hooks: ReturnType<typeof authHooks>;
}): FastifyPluginAsyncTypebox {
  const { db, checkout, hooks } = deps;
  return async (app) => {
    app.post(
      '/v1/checkout',
      {
        preHandler: hooks.requireUser,
        schema: {
          tags: ['marketplace'],
          security: [{ bearerAuth: [] }],
          summary:
            'Buy everything in the cart, all or nothing (Idempotency-Key required). Refusals: CART_EMPTY, ' +
            'SOLD_OUT, EXCLUSIVE_UNAVAILABLE, ALREADY_PURCHASED, LEAD_WITHDRAWN, LEAD_IN_FRAUD_REVIEW, ' +
            'LEAD_NOT_FOR_SALE, QUOTE_EXPIRED (409, new quotes stored in the cart), INSUFFICIENT_CREDITS (402)',
          response: { 201: CheckoutResult, ...errors },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        // replyIdempotent's steps, spelled out: the post-commit work (demand, afterCheckout) must run
        // after the commit and before the answer, and only for the first execution, not for replays.
        const key = idempotencyKeyFrom(request.headers);
        const fingerprint = requestFingerprint({
          method: request.method,
          route: request.routeOptions.url,
          body: request.body ?? null,
        });
        let outcome: CheckoutOutcome | undefined;
        const result = await runIdempotent(
          db,
          { scope: `checkout:${user.id}`, key, fingerprint },
          async (tx) => {
            outcome = await checkout.run(tx, user.id);
            return outcome.response;
          },
        );
        if (!result.replayed && outcome) await checkout.afterCommit(outcome);
        return reply
          .status(result.status)
          .header('idempotent-replayed', String(result.replayed))
          .send(result.body);
      },
    );
  };
}
