import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/errors.js';
import type { authHooks } from '../accounts/index.js';
import { errorRefs, IdempotencyHeaders, RefundResponse } from './billing.schemas.js';
import { replyIdempotent } from './idempotent-reply.js';
import { refundPayment } from './payments.service.js';
import type { PaymentProvider } from './providers.js';
import { verifyStripeSignature } from './stripe-signature.js';
import { receiveStripeEvent, type StripeEvent, type WebhookDeps } from './stripe-webhook.service.js';

export interface PaymentRoutesDeps {
  db: Database;
  provider: PaymentProvider;
  hooks: ReturnType<typeof authHooks>;
}

/** Operator refunds of a payment. */
export function adminPaymentRoutes(deps: PaymentRoutesDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/admin/payments/:id/refund',
      {
        preHandler: deps.hooks.requireAdmin,
        schema: {
          tags: ['admin'],
          security: [{ bearerAuth: [] }],
          summary: 'Refund a payment in full; its credits are taken back as far as they are unspent',
          headers: IdempotencyHeaders,
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 200: RefundResponse, 502: { $ref: 'ErrorResponse' }, ...errorRefs },
        },
      },
      async (request, reply) => {
        const actorId = request.user?.id ?? null;
        return replyIdempotent(deps.db, request, reply, `admin:${actorId ?? 'token'}`, async (tx) => ({
          status: 200,
          body: await refundPayment(deps, tx, { paymentId: request.params.id, actorId, callProvider: true }),
        }));
      },
    );
  };
}

/** `POST /v1/webhooks/stripe`, verified with Stripe-Signature over the raw body. */
export function stripeWebhookRoutes(
  deps: WebhookDeps & { webhookSecret: string | undefined },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    // The signature covers the exact bytes Stripe sent: this plugin (only) keeps the raw body.
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    app.post(
      '/v1/webhooks/stripe',
      {
        schema: {
          tags: ['webhooks'],
          summary:
            'Stripe events (checkout.session.completed, charge.refunded, invoice.paid, invoice.payment_failed)',
          response: { 200: Type.Object({ received: Type.Boolean(), duplicate: Type.Boolean() }) },
        },
      },
      async (request) => {
        if (!deps.webhookSecret)
          throw new AppError('WEBHOOK_NOT_CONFIGURED', 'STRIPE_WEBHOOK_SECRET is not set', 503);
        const raw = request.body as Buffer | undefined;
        const header = request.headers['stripe-signature'];
        const check = verifyStripeSignature(
          raw ?? Buffer.alloc(0),
          typeof header === 'string' ? header : undefined,
          deps.webhookSecret,
          Math.floor(deps.now().getTime() / 1000),
        );
        if (!check.ok) throw new AppError('INVALID_SIGNATURE', check.reason, 400);
        let event: StripeEvent;
        try {
          event = JSON.parse(raw!.toString('utf8')) as StripeEvent;
        } catch {
          throw new AppError('INVALID_WEBHOOK', 'The body is not JSON', 400);
        }
        if (
          typeof event.id !== 'string' ||
          typeof event.type !== 'string' ||
          typeof event.data?.object !== 'object'
        ) {
          throw new AppError('INVALID_WEBHOOK', 'Not a Stripe event (id, type, data.object)', 400);
        }
        const { duplicate } = await receiveStripeEvent(deps, event);
        return { received: true, duplicate };
      },
    );
  };
}
