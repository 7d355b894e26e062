import { randomBytes } from 'node:crypto';
import type { StripeEvent } from '../../src/modules/billing/index.js';

let counter = 0;
/** An event id as Stripe makes them. */
export const eventId = () => `evt_${randomBytes(8).toString('hex')}_${++counter}`;

/** `checkout.session.completed` for a one-off payment, as Stripe sends it (the fields we read and a few more). */
export function checkoutCompleted(paymentId: string, sessionId: string, intent: string): StripeEvent {
  return {
    id: eventId(),
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        client_reference_id: paymentId,
        payment_intent: intent,
        amount_total: 1000,
        currency: 'usd',
        metadata: { payment_id: paymentId },
      },
    },
  };
}

export function chargeRefunded(intent: string): StripeEvent {
  return {
    id: eventId(),
    type: 'charge.refunded',
    data: {
      object: {
        id: `ch_${randomBytes(6).toString('hex')}`,
        object: 'charge',
        payment_intent: intent,
        refunded: true,
        amount_refunded: 1000,
      },
    },
  };
}

export function subscriptionCheckoutCompleted(
  subscriptionId: string,
  stripeSubscription: string,
): StripeEvent {
  return {
    id: eventId(),
    type: 'checkout.session.completed',
    data: {
      object: {
        id: `cs_${randomBytes(6).toString('hex')}`,
        object: 'checkout.session',
        mode: 'subscription',
        payment_status: 'paid',
        client_reference_id: subscriptionId,
        subscription: stripeSubscription,
        metadata: { subscription_id: subscriptionId },
      },
    },
  };
}

export function invoiceEvent(
  type: 'invoice.paid' | 'invoice.payment_failed',
  invoiceId: string,
  stripeSubscription: string,
  period: { start: Date; end: Date },
): StripeEvent {
  return {
    id: eventId(),
    type,
    data: {
      object: {
        id: invoiceId,
        object: 'invoice',
        subscription: stripeSubscription,
        lines: {
          object: 'list',
          data: [{ period: { start: period.start.getTime() / 1000, end: period.end.getTime() / 1000 } }],
        },
      },
    },
  };
}

/** A deterministic shuffle (mulberry32), so a failing order can be replayed. */
export function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
