import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { accountsModule } from '../../src/modules/accounts/index.js';
import {
  addMonth,
  billingModule,
  ledgerDiscrepancies,
  recoverPayments,
  type StripeEvent,
  signStripePayload,
  walletBalance,
} from '../../src/modules/billing/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { type LocalServer, startLocalServer } from '../support/local-server.js';
import { createTestPlatform } from '../support/test-platform.js';
import {
  chargeRefunded,
  checkoutCompleted,
  invoiceEvent,
  shuffled,
  subscriptionCheckoutCompleted,
} from './stripe-fixtures.js';

const SECRET = 'whsec_test_0123456789abcdef';
let stripe: LocalServer;
let platform: Platform;
let app: App;
let sessions = 0;
/** Payments whose grant "crashes" once, right after the confirmation committed. */
const crashOnce = new Set<string>();

beforeAll(async () => {
  stripe = await startLocalServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url === '/v1/checkout/sessions') {
      sessions += 1;
      response.end(
        JSON.stringify({
          id: `cs_test_${sessions}`,
          object: 'checkout.session',
          url: `https://checkout.stripe.test/c/${sessions}`,
        }),
      );
    } else if (request.url === '/v1/refunds') {
      response.end(JSON.stringify({ id: `re_${sessions}`, object: 'refund', status: 'succeeded' }));
    } else {
      response.statusCode = 404;
      response.end(
        JSON.stringify({ error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } }),
      );
    }
  });
  platform = await createTestPlatform({
    env: {
      BILLING_PROVIDER: 'stripe',
      STRIPE_API_URL: stripe.url,
      STRIPE_SECRET_KEY: 'sk_test_0123456789',
      STRIPE_WEBHOOK_SECRET: SECRET,
      STRIPE_PRICE_PRO: 'price_pro_monthly',
      FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
      FETCH_MIN_GAP_MS: '0',
    },
  });
  const billing = billingModule(platform, {
    afterConfirm: (paymentId) => {
      if (crashOnce.delete(paymentId)) throw new Error('process killed between confirmation and grant');
    },
  });
  app = await buildApp(platform, [accountsModule(platform), billing]);
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await platform.close();
  await stripe.close();
});

function deliver(event: StripeEvent, options: { secret?: string; at?: number } = {}) {
  const body = JSON.stringify(event);
  const timestamp = options.at ?? Math.floor(Date.now() / 1000);
  return app.inject({
    method: 'POST',
    url: '/v1/webhooks/stripe',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': signStripePayload(body, options.secret ?? SECRET, timestamp),
    },
    payload: body,
  });
}

async function startPurchase(buyer: SignedUp, key: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/credits/purchases',
    headers: { ...buyer.headers, 'idempotency-key': key },
    payload: { pack_id: 'starter' },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; status: string; checkout_url: string }>();
}

async function providerRef(paymentId: string): Promise<string> {
  const { rows } = await platform.db.query<{ provider_ref: string }>(
    'SELECT provider_ref FROM payments WHERE id = $1',
    [paymentId],
  );
  return rows[0]!.provider_ref;
}

async function paymentState(paymentId: string) {
  const { rows } = await platform.db.query<{
    status: string;
    credits_reversed: number | null;
    user_id: string;
  }>('SELECT status, credits_reversed, user_id FROM payments WHERE id = $1', [paymentId]);
  const row = rows[0]!;
  return {
    status: row.status,
    credits_reversed: row.credits_reversed,
    balance: await walletBalance(platform.db, row.user_id),
  };
}

describe('Stripe payments', () => {
  it('refuses to start with BILLING_PROVIDER=stripe and no secret key', () => {
    expect(() => loadConfig({ BILLING_PROVIDER: 'stripe' })).toThrow(/STRIPE_SECRET_KEY is required/);
  });

  it('creates a Checkout Session with a form-encoded POST and leaves the payment pending', async () => {
    const buyer = await signUp(app, platform.db);
    const payment = await startPurchase(buyer, 'stripe-1');
    expect(payment).toMatchObject({
      status: 'pending',
      checkout_url: expect.stringMatching(/^https:\/\/checkout\.stripe\.test\//),
    });
    const call = stripe.requests.at(-1)!;
    expect(call.headers.authorization).toBe('Bearer sk_test_0123456789');
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call.headers['idempotency-key']).toBe(`checkout-${payment.id}`);
    const form = new URLSearchParams(call.body);
    expect(form.get('mode')).toBe('payment');
    expect(form.get('client_reference_id')).toBe(payment.id);
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('1000');
    expect(form.get('line_items[0][price_data][currency]')).toBe('usd');
    expect(form.get('metadata[payment_id]')).toBe(payment.id);
    expect(await walletBalance(platform.db, buyer.userId)).toBe(0);
  });

  it('refuses webhooks with a wrong signature or a stale timestamp', async () => {
    const event = checkoutCompleted('00000000-0000-4000-8000-000000000000', 'cs_x', 'pi_x');
    expect((await deliver(event, { secret: 'whsec_someone_else' })).statusCode).toBe(400);
    const stale = await deliver(event, { at: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.statusCode).toBe(400);
    expect(stale.json().error.code).toBe('INVALID_SIGNATURE');
    const unsigned = await app.inject({
      method: 'POST',
      url: '/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(event),
    });
    expect(unsigned.statusCode).toBe(400);
    expect((await deliver(event, { at: Math.floor(Date.now() / 1000) - 299 })).statusCode).toBe(200);
  });

  it('reaches the same final state when every event arrives 5 times in any order', async () => {
    const finals: unknown[] = [];
    for (const seed of [1, 2, 3]) {
      const keeper = await signUp(app, platform.db);
      const refunder = await signUp(app, platform.db);
      const kept = await startPurchase(keeper, `keep-${seed}`);
      const refunded = await startPurchase(refunder, `refund-${seed}`);
      const events = [
        checkoutCompleted(kept.id, await providerRef(kept.id), `pi_keep_${seed}`),
        checkoutCompleted(refunded.id, await providerRef(refunded.id), `pi_refund_${seed}`),
        chargeRefunded(`pi_refund_${seed}`),
      ];
      const deliveries = shuffled(
        events.flatMap((event) => Array(5).fill(event) as StripeEvent[]),
        seed,
      );
      for (const event of deliveries) expect((await deliver(event)).statusCode).toBe(200);
      finals.push({ kept: await paymentState(kept.id), refunded: await paymentState(refunded.id) });
    }
    expect(finals[0]).toEqual({
      kept: { status: 'granted', credits_reversed: null, balance: 100 },
      refunded: { status: 'refunded', credits_reversed: 100, balance: 0 },
    });
    expect(finals[1]).toEqual(finals[0]);
    expect(finals[2]).toEqual(finals[0]);
    expect(await ledgerDiscrepancies(platform.db)).toEqual([]);
  });

  it('completes a payment confirmed just before a crash: on restart, by the job, by the redelivered event', async () => {
    await platform.jobs.start({ work: false });
    for (const via of ['restart', 'recovery', 'redelivery'] as const) {
      const buyer = await signUp(app, platform.db);
      const payment = await startPurchase(buyer, `crash-${via}`);
      const event = checkoutCompleted(payment.id, await providerRef(payment.id), `pi_crash_${via}`);
      crashOnce.add(payment.id);
      expect((await deliver(event)).statusCode).toBe(500);
      expect(await paymentState(payment.id)).toEqual({
        status: 'confirmed',
        credits_reversed: null,
        balance: 0,
      });
      if (via === 'restart') {
        // A new process: the billing module's start hook completes what the killed one left.
        await billingModule(platform).afterStart!(platform.jobs);
      } else if (via === 'recovery') {
        expect(await recoverPayments({ db: platform.db, log: platform.log })).toBe(1);
      } else {
        expect((await deliver(event)).json()).toEqual({ received: true, duplicate: true });
      }
      expect(await paymentState(payment.id)).toEqual({
        status: 'granted',
        credits_reversed: null,
        balance: 100,
      });
      // Neither a second recovery nor another delivery grants twice.
      expect(await recoverPayments({ db: platform.db, log: platform.log })).toBe(0);
      await deliver(event);
      expect(await walletBalance(platform.db, buyer.userId)).toBe(100);
    }
  });

  it('refunds through Stripe when an admin refunds a Stripe payment', async () => {
    const buyer = await signUp(app, platform.db);
    const admin = await signUp(app, platform.db, { role: 'admin' });
    const payment = await startPurchase(buyer, 'admin-refund');
    await deliver(checkoutCompleted(payment.id, await providerRef(payment.id), 'pi_admin_refund'));
    const res = await app.inject({
      method: 'POST',
      url: `/v1/admin/payments/${payment.id}/refund`,
      headers: { ...admin.headers, 'idempotency-key': 'admin-refund-1' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'refunded', credits_reversed: 100, balance: 0 });
    const call = stripe.requests.at(-1)!;
    expect(call.url).toBe('/v1/refunds');
    expect(new URLSearchParams(call.body).get('payment_intent')).toBe('pi_admin_refund');
    // Stripe then reports the refund: nothing more moves.
    expect((await deliver(chargeRefunded('pi_admin_refund'))).statusCode).toBe(200);
    expect(await paymentState(payment.id)).toMatchObject({
      status: 'refunded',
      credits_reversed: 100,
      balance: 0,
    });
  });

  it('runs a Stripe subscription from its invoices, in any order: each period granted once', async () => {
    // Stripe's first invoice period starts when the buyer finishes Checkout, just after subscribing.
    const firstStart = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
    const periods = [{ start: firstStart, end: addMonth(firstStart) }];
    periods.push({ start: periods[0]!.end, end: addMonth(periods[0]!.end) });
    const finals: unknown[] = [];
    for (const seed of [7, 8, 9]) {
      const buyer = await signUp(app, platform.db);
      const res = await app.inject({
        method: 'POST',
        url: '/v1/subscriptions',
        headers: { ...buyer.headers, 'idempotency-key': `sub-${seed}` },
        payload: { plan_id: 'pro' },
      });
      expect(res.json()).toMatchObject({
        plan_id: 'pro',
        status: 'incomplete',
        checkout_url: expect.any(String),
      });
      const form = new URLSearchParams(stripe.requests.at(-1)!.body);
      expect([form.get('mode'), form.get('line_items[0][price]')]).toEqual([
        'subscription',
        'price_pro_monthly',
      ]);
      const stripeSub = `sub_${seed}`;
      const events = [
        subscriptionCheckoutCompleted(res.json().id, stripeSub),
        invoiceEvent('invoice.paid', `in_1_${seed}`, stripeSub, periods[0]!),
        invoiceEvent('invoice.payment_failed', `in_2_${seed}`, stripeSub, periods[1]!),
        invoiceEvent('invoice.paid', `in_2_${seed}`, stripeSub, periods[1]!),
      ];
      const deliveries = shuffled(
        events.flatMap((event) => Array(5).fill(event) as StripeEvent[]),
        seed,
      );
      for (const event of deliveries) expect((await deliver(event)).statusCode).toBe(200);
      const current = await app.inject({ url: '/v1/subscriptions/current', headers: buyer.headers });
      const { id: _id, ...state } = current.json();
      finals.push({ ...state, balance: await walletBalance(platform.db, buyer.userId) });
    }
    expect(finals[0]).toEqual({
      plan_id: 'pro',
      status: 'active',
      current_period_start: periods[1]!.start.toISOString(),
      current_period_end: periods[1]!.end.toISOString(),
      cancel_at_period_end: false,
      next_plan_id: null,
      grace_until: null,
      balance: 1000,
    });
    expect(finals[1]).toEqual(finals[0]);
    expect(finals[2]).toEqual(finals[0]);
  });
});
