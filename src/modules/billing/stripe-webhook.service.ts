import type { Database, Queryable } from '../../platform/db/index.js';
import { lockPayment, lockPaymentByPaymentRef, markConfirmed } from './payments.repository.js';
import { grantConfirmedPayment, type PaymentDeps, refundPayment } from './payments.service.js';
import { applyInvoiceFailed, applyInvoicePaid } from './renewal.service.js';
import {
  lockSubscription,
  lockSubscriptionByProviderRef,
  updateSubscription,
} from './subscriptions.repository.js';

/** The part of a Stripe event we read. */
export interface StripeEvent {
  id: string;
  type: string;
  created?: number;
  data: { object: Record<string, unknown> };
}

/** What processing an event did; `waiting` leaves it for a later event it depends on. */
type Outcome = { done: string; confirmedPayment?: string } | { waiting: string };

export interface WebhookDeps extends Pick<PaymentDeps, 'provider' | 'afterConfirm' | 'log'> {
  db: Database;
  graceDays: number;
  now: () => Date;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const toDate = (seconds: unknown) => new Date(Number(seconds) * 1000);

async function checkoutCompleted(tx: Queryable, session: Record<string, unknown>): Promise<Outcome> {
  const metadata = (session.metadata ?? {}) as Record<string, unknown>;
  if (session.mode === 'subscription') {
    const subscriptionId = str(metadata.subscription_id) ?? str(session.client_reference_id);
    const sub = subscriptionId ? await lockSubscription(tx, subscriptionId) : null;
    if (!sub) return { done: 'unknown_subscription' };
    if (sub.status === 'incomplete') {
      await updateSubscription(tx, sub.id, { status: 'active', provider_ref: str(session.subscription) });
    }
    return { done: 'subscription_activated' };
  }
  const paymentId = str(session.client_reference_id) ?? str(metadata.payment_id);
  const payment = paymentId ? await lockPayment(tx, paymentId) : null;
  if (!payment) return { done: 'unknown_payment' };
  if (session.payment_status !== 'paid') return { done: 'not_paid' };
  await markConfirmed(tx, payment.id, str(session.payment_intent));
  return { done: 'payment_confirmed', confirmedPayment: payment.id };
}

async function chargeRefunded(
  deps: WebhookDeps,
  tx: Queryable,
  charge: Record<string, unknown>,
): Promise<Outcome> {
  const intent = str(charge.payment_intent);
  if (!intent) return { done: 'no_payment_intent' };
  const payment = await lockPaymentByPaymentRef(tx, 'stripe', intent);
  // Its checkout.session.completed has not arrived yet: wait for it.
  if (!payment || payment.status === 'pending') return { waiting: 'payment_not_confirmed' };
  // Partial refunds in Stripe's dashboard are left to an operator; a full refund takes credits back.
  if (charge.refunded !== true) return { done: 'partial_refund_ignored' };
  if (payment.status === 'failed') return { done: 'payment_failed_before' };
  await refundPayment(deps, tx, { paymentId: payment.id, actorId: null, callProvider: false });
  return { done: 'payment_refunded' };
}

async function invoiceEvent(deps: WebhookDeps, tx: Queryable, event: StripeEvent): Promise<Outcome> {
  const invoice = event.data.object;
  const ref = str(invoice.subscription);
  const sub = ref ? await lockSubscriptionByProviderRef(tx, 'stripe', ref) : null;
  if (!sub) return { waiting: 'subscription_not_activated' };
  const lines = (invoice.lines as { data?: { period?: { start?: number; end?: number } }[] } | undefined)
    ?.data;
  const period = lines?.[0]?.period;
  if (!period?.start || !period.end) return { done: 'no_period' };
  if (event.type === 'invoice.paid') {
    await applyInvoicePaid(tx, sub, { start: toDate(period.start), end: toDate(period.end) });
    return { done: 'period_granted' };
  }
  // A failure is stale once that invoice was paid or a later period is current (any order, one outcome).
  const paid = await tx.query(
    `SELECT 1 FROM payment_events WHERE provider = 'stripe' AND type = 'invoice.paid'
        AND payload -> 'data' -> 'object' ->> 'id' = $1 AND processed_at IS NOT NULL`,
    [str(invoice.id)],
  );
  if (paid.rows.length > 0 || toDate(period.start) < new Date(sub.current_period_start))
    return { done: 'stale_failure' };
  await applyInvoiceFailed(tx, sub, deps.graceDays, deps.now());
  return { done: 'grace_started' };
}

async function apply(deps: WebhookDeps, tx: Queryable, event: StripeEvent): Promise<Outcome> {
  switch (event.type) {
    case 'checkout.session.completed':
      return checkoutCompleted(tx, event.data.object);
    case 'charge.refunded':
      return chargeRefunded(deps, tx, event.data.object);
    case 'invoice.paid':
    case 'invoice.payment_failed':
      return invoiceEvent(deps, tx, event);
    default:
      return { done: 'ignored' };
  }
}

/** Processes stored events that have not been applied yet, oldest first, until none makes progress. */
async function processWaiting(deps: WebhookDeps): Promise<string[]> {
  const confirmed: string[] = [];
  for (let progress = true; progress; ) {
    progress = false;
    const { rows } = await deps.db.query<{ id: string }>(
      // An event still waiting after a week waits for something that is not coming (an operator looks at
      // payment_events); without the bound every delivery would retry it forever.
      `SELECT id FROM payment_events
        WHERE provider = 'stripe' AND processed_at IS NULL AND received_at > now() - interval '7 days'
        ORDER BY received_at, id LIMIT 500`,
    );
    for (const { id } of rows) {
      const result = await deps.db.transaction(async (tx) => {
        const locked = await tx.query<{ payload: StripeEvent }>(
          `SELECT payload FROM payment_events WHERE provider = 'stripe' AND id = $1 AND processed_at IS NULL
             FOR UPDATE SKIP LOCKED`,
          [id],
        );
        const event = locked.rows[0]?.payload;
        if (!event) return null;
        const outcome = await apply(deps, tx, event);
        if ('waiting' in outcome) return null;
        await tx.query(
          `UPDATE payment_events SET processed_at = now(), outcome = $2 WHERE provider = 'stripe' AND id = $1`,
          [id, outcome.done],
        );
        return outcome;
      });
      if (!result) continue;
      progress = true;
      if (result.confirmedPayment) confirmed.push(result.confirmedPayment);
    }
  }
  return confirmed;
}

/**
 * Stores a verified Stripe event once (by id) and applies every event that can be applied now, in any
 * arrival order. A confirmed payment's credits are granted right after the confirmation commits; a
 * crash in between leaves it `confirmed`, which `recoverPayments` completes.
 */
export async function receiveStripeEvent(
  deps: WebhookDeps,
  event: StripeEvent,
): Promise<{ duplicate: boolean }> {
  const stored = await deps.db.query(
    `INSERT INTO payment_events (provider, id, type, payload) VALUES ('stripe', $1, $2, $3::jsonb)
     ON CONFLICT (provider, id) DO NOTHING`,
    [event.id, event.type, JSON.stringify(event)],
  );
  const confirmed = await processWaiting(deps);
  // A redelivered checkout event finishes a grant that a crash interrupted (granting is idempotent).
  const session = event.data.object;
  if (event.type === 'checkout.session.completed' && session.mode !== 'subscription') {
    const paymentId = str(session.client_reference_id);
    if (paymentId && !confirmed.includes(paymentId)) confirmed.push(paymentId);
  }
  for (const paymentId of confirmed) {
    await deps.afterConfirm?.(paymentId);
    await grantConfirmedPayment(deps.db, paymentId);
  }
  return { duplicate: stored.rowCount === 0 };
}

/**
 * Applies stored events still waiting (e.g. their processing failed after they were stored) and grants
 * what they confirm; run by the recovery job. Returns how many payments it confirmed.
 */
export async function processStoredEvents(deps: WebhookDeps): Promise<number> {
  const confirmed = await processWaiting(deps);
  for (const paymentId of confirmed) await grantConfirmedPayment(deps.db, paymentId);
  return confirmed.length;
}
