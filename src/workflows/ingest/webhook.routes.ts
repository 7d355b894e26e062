import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import {
  answerVerificationChallenge,
  FacebookWebhookError,
  parseLeadgenWebhook,
  verifyFacebookSignature,
} from '../../modules/sources/index.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/errors.js';
import type { JobRunner } from '../../platform/jobs/index.js';
import { enqueueLeadFetches } from './facebook-leads.js';

export interface WebhookDeps {
  config: Config;
  db: Database;
  jobs: JobRunner;
}

/** Facebook Lead Ads webhook: the GET subscription handshake and signed POST leadgen notifications. */
export function webhookRoutes(deps: WebhookDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    // The signature covers the exact bytes Meta sent, so this route keeps the raw body.
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    app.get(
      '/v1/webhooks/facebook',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Facebook webhook verification (hub.challenge)',
          querystring: Type.Record(Type.String(), Type.String()),
          response: { 200: Type.String(), 403: { $ref: 'ErrorResponse#' } },
        },
      },
      async (request, reply) => {
        const token = deps.config.FACEBOOK_VERIFY_TOKEN;
        if (!token) throw new AppError('WEBHOOK_NOT_CONFIGURED', 'FACEBOOK_VERIFY_TOKEN is not set', 503);
        const answer = answerVerificationChallenge(request.query, token);
        if (!answer.ok) throw new AppError('WEBHOOK_VERIFICATION_FAILED', answer.reason, 403);
        return reply.type('text/plain').send(answer.challenge);
      },
    );

    app.post(
      '/v1/webhooks/facebook',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Facebook leadgen notifications (X-Hub-Signature-256 over the raw body)',
          response: { 200: Type.Object({ received: Type.Integer() }) },
        },
      },
      async (request) => {
        const secret = deps.config.FACEBOOK_APP_SECRET;
        if (!secret) throw new AppError('WEBHOOK_NOT_CONFIGURED', 'FACEBOOK_APP_SECRET is not set', 503);
        const raw = request.body as Buffer | undefined;
        const signature = request.headers['x-hub-signature-256'];
        if (
          !raw ||
          !verifyFacebookSignature(raw, typeof signature === 'string' ? signature : undefined, secret)
        ) {
          throw new AppError('INVALID_SIGNATURE', 'X-Hub-Signature-256 does not match the body', 401);
        }
        let events: ReturnType<typeof parseLeadgenWebhook>;
        try {
          events = parseLeadgenWebhook(raw);
        } catch (error) {
          if (error instanceof FacebookWebhookError)
            throw new AppError('INVALID_WEBHOOK', error.message, 400);
          throw error;
        }
        const received = await deps.db.transaction((tx) => enqueueLeadFetches(deps.jobs, tx, events));
        return { received };
      },
    );
  };
}
