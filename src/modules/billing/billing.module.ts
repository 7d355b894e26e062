import { Type } from 'typebox';
import { defineJob } from '../../platform/jobs/index.js';
import type { AppModule } from '../../platform/module.types.js';
import type { Platform } from '../../platform/platform.js';
import { authHooks } from '../accounts/index.js';
import { creditsRoutes } from './credits.routes.js';
import { pruneIdempotencyKeys } from './idempotency.js';
import { adminPaymentRoutes, stripeWebhookRoutes } from './payments.routes.js';
import { recoverPayments } from './payments.service.js';
import { createSandboxProvider, type PaymentProvider } from './providers.js';
import { renewDueSubscriptions } from './renewal.service.js';
import { createStripeProvider, type HttpSend } from './stripe.provider.js';
import { processStoredEvents } from './stripe-webhook.service.js';
import { subscriptionRoutes } from './subscriptions.routes.js';

/** Renews due subscriptions (every 5 minutes); safe to run on many workers at once. */
export const renewSubscriptionsJob = defineJob({
  name: 'billing-renew-subscriptions',
  payload: Type.Object({}),
  retryLimit: 2,
});

/** Grants confirmed-but-ungranted payments and forgets old idempotency keys (every 5 minutes, and at start). */
export const recoverPaymentsJob = defineJob({
  name: 'billing-recover-payments',
  payload: Type.Object({}),
  retryLimit: 2,
});

const IDEMPOTENCY_KEY_DAYS = 7;

/** Stripe calls go out through the platform's one guarded client. */
function stripeSend(platform: Platform): HttpSend {
  return async (url, init) => {
    const result = await platform.fetch.fetch({
      url,
      source: 'stripe',
      kind: 'api',
      ...init,
      idempotent: true,
    });
    if (result.ok) return { status: result.status, body: result.body };
    if (result.status !== undefined) return { status: result.status, body: result.detail };
    throw new Error(`${result.kind}: ${result.detail}`);
  };
}

/** The provider the configuration selects. */
export function providerFor(platform: Platform): PaymentProvider {
  const { config } = platform;
  if (config.BILLING_PROVIDER === 'sandbox') return createSandboxProvider();
  // loadConfig refuses BILLING_PROVIDER=stripe without a secret key.
  if (!config.STRIPE_SECRET_KEY)
    throw new Error('STRIPE_SECRET_KEY is not set: build the config with loadConfig');
  return createStripeProvider({
    apiUrl: config.STRIPE_API_URL,
    secretKey: config.STRIPE_SECRET_KEY,
    successUrl: config.BILLING_SUCCESS_URL,
    cancelUrl: config.BILLING_CANCEL_URL,
    send: stripeSend(platform),
  });
}

export interface BillingOverrides {
  provider?: PaymentProvider;
  now?: () => Date;
  /** Test seam: runs between a payment's confirmation and its credit grant. */
  afterConfirm?: (paymentId: string) => Promise<void> | void;
}

/** Credits, payments and subscriptions as the app sees them: routes, renewal and recovery jobs. */
export function billingModule(platform: Platform, overrides: BillingOverrides = {}): AppModule {
  const { config, db, log } = platform;
  const provider = overrides.provider ?? providerFor(platform);
  const now = overrides.now ?? (() => new Date());
  const hooks = authHooks(platform);
  const subscriptionDeps = {
    provider,
    graceDays: config.SUBSCRIPTION_GRACE_DAYS,
    stripePrices: { pro: config.STRIPE_PRICE_PRO, team: config.STRIPE_PRICE_TEAM },
  };
  const webhookDeps = {
    db,
    provider,
    log,
    now,
    graceDays: config.SUBSCRIPTION_GRACE_DAYS,
    afterConfirm: overrides.afterConfirm,
  };
  const recover = async () => {
    await processStoredEvents(webhookDeps);
    await recoverPayments({ db, log });
    await pruneIdempotencyKeys(db, new Date(now().getTime() - IDEMPOTENCY_KEY_DAYS * 86_400_000));
  };
  return {
    name: 'billing',
    routes: async (app) => {
      await app.register(creditsRoutes({ db, provider, hooks }));
      await app.register(subscriptionRoutes({ ...subscriptionDeps, db, hooks, now }));
      await app.register(adminPaymentRoutes({ db, provider, hooks }));
      await app.register(
        stripeWebhookRoutes({ ...webhookDeps, webhookSecret: config.STRIPE_WEBHOOK_SECRET }),
      );
    },
    registerJobs(jobs) {
      jobs.register(renewSubscriptionsJob, async () => {
        const counts = await renewDueSubscriptions({ ...subscriptionDeps, db }, now());
        if (counts.renewed + counts.payment_failed + counts.downgraded + counts.canceled > 0) {
          log.info(counts, 'subscriptions renewed');
        }
      });
      jobs.register(recoverPaymentsJob, recover);
    },
    async afterStart(jobs) {
      // A payment confirmed just before a crash gets its credits as soon as a worker is back; a failure
      // here is logged (the scheduled run retries) rather than stopping the process from starting.
      await recover().catch((error: unknown) =>
        log.error({ err: error }, 'billing recovery at start failed'),
      );
      await jobs.schedule(renewSubscriptionsJob, '*/5 * * * *', {});
      await jobs.schedule(recoverPaymentsJob, '*/5 * * * *', {});
    },
  };
}
