import { PaymentProviderError } from './billing.errors.js';
import type { CheckoutRequest, PaymentProvider } from './providers.js';

/** One outbound HTTP call; wired to the platform's guarded client in the billing module. */
export type HttpSend = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ status: number; body: string }>;

export interface StripeOptions {
  apiUrl: string;
  secretKey: string;
  successUrl: string;
  cancelUrl: string;
  send: HttpSend;
}

type FormValue = string | number | boolean | FormObject | FormValue[];
interface FormObject {
  [key: string]: FormValue | undefined;
}

/** Stripe's form encoding of nested parameters: `line_items[0][price_data][currency]=usd`. */
export function stripeForm(params: FormObject): string {
  const pairs: string[] = [];
  const walk = (prefix: string, value: FormValue | undefined) => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(`${prefix}[${i}]`, item);
    } else if (typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(`${prefix}[${k}]`, v);
    else pairs.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`);
  };
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(`${key}[${k}]`, v);
    } else walk(key, value);
  }
  return pairs.join('&');
}

/** Stripe over its REST API: Checkout Sessions for packs and plans, refunds by PaymentIntent. */
export function createStripeProvider(options: StripeOptions): PaymentProvider {
  async function post(
    path: string,
    params: FormObject,
    idempotencyKey: string,
  ): Promise<Record<string, unknown>> {
    let response: { status: number; body: string };
    try {
      response = await options.send(`${options.apiUrl.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.secretKey}`,
          'content-type': 'application/x-www-form-urlencoded',
          // Stripe de-duplicates retries of the same call by this key.
          'idempotency-key': idempotencyKey,
        },
        body: stripeForm(params),
      });
    } catch (error) {
      throw new PaymentProviderError(`Stripe could not be reached: ${(error as Error).message}`);
    }
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(response.body) as Record<string, unknown>;
    } catch {
      // A non-JSON answer is reported by status below.
    }
    if (response.status >= 300) {
      const error = parsed.error as { message?: string; code?: string } | undefined;
      throw new PaymentProviderError(
        `Stripe refused ${path}: ${error?.message ?? `HTTP ${response.status}`}`,
        {
          status: response.status,
          code: error?.code,
        },
      );
    }
    return parsed;
  }

  function checkoutParams(request: CheckoutRequest): FormObject {
    const lineItem: FormObject =
      request.mode === 'subscription' && request.priceRef
        ? { price: request.priceRef, quantity: 1 }
        : {
            price_data: {
              currency: request.currency,
              unit_amount: request.amountCents,
              product_data: { name: request.description },
            },
            quantity: 1,
          };
    return {
      mode: request.mode,
      line_items: [lineItem],
      client_reference_id: request.paymentId,
      customer_email: request.email,
      success_url: options.successUrl,
      cancel_url: options.cancelUrl,
      metadata: request.metadata,
      ...(request.mode === 'subscription' ? { subscription_data: { metadata: request.metadata } } : {}),
    };
  }

  return {
    name: 'stripe',
    async createCheckout(request) {
      const session = await post(
        '/v1/checkout/sessions',
        checkoutParams(request),
        request.idempotencyKey ?? `checkout-${request.paymentId}`,
      );
      if (typeof session.id !== 'string')
        throw new PaymentProviderError('Stripe answered without a session id');
      return {
        providerRef: session.id,
        checkoutUrl: typeof session.url === 'string' ? session.url : null,
        paid: false,
      };
    },
    async refund(payment) {
      if (!payment.paymentRef) {
        throw new PaymentProviderError('Stripe payment has no PaymentIntent yet; it cannot be refunded');
      }
      const refund = await post(
        '/v1/refunds',
        { payment_intent: payment.paymentRef },
        `refund-${payment.id}`,
      );
      return { refundRef: String(refund.id) };
    },
    async chargeRenewal() {
      return { outcome: 'external' };
    },
  };
}
