import type { Queryable } from '../../platform/db/index.js';
import { appendEvent } from '../../platform/events.js';
import { AppError } from '../../platform/http/errors.js';
import { BillingConflictError, PlanNotFoundError } from './billing.errors.js';
import { grantCredits } from './ledger.service.js';
import type { PaymentProvider } from './providers.js';
import { addMonth, planChange } from './subscription.rules.js';
import {
  findPlan,
  lockSubscriptionOf,
  type Plan,
  type Subscription,
  updateSubscription,
  upsertSubscription,
} from './subscriptions.repository.js';

export interface SubscriptionDeps {
  provider: PaymentProvider;
  /** Days a past-due subscription keeps its plan before it is downgraded to Free. */
  graceDays: number;
  /** Stripe recurring Price ids by plan id (Stripe Checkout needs one per paid plan). */
  stripePrices?: Record<string, string | undefined>;
  successUrl?: string;
}

/** A subscription as the API shows it. */
export interface SubscriptionView {
  id: string | null;
  plan_id: string;
  status: Subscription['status'];
  current_period_start: string | null;
  current_period_end: string | null;
  cancel_at_period_end: boolean;
  next_plan_id: string | null;
  grace_until: string | null;
  checkout_url?: string | null;
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/** The API view; a user without a row is on Free. */
export function subscriptionView(sub: Subscription | null): SubscriptionView {
  if (!sub) {
    return {
      id: null,
      plan_id: 'free',
      status: 'active',
      current_period_start: null,
      current_period_end: null,
      cancel_at_period_end: false,
      next_plan_id: null,
      grace_until: null,
    };
  }
  return {
    id: sub.id,
    plan_id: sub.plan_id,
    status: sub.status,
    current_period_start: iso(sub.current_period_start),
    current_period_end: iso(sub.current_period_end),
    cancel_at_period_end: sub.cancel_at_period_end,
    next_plan_id: sub.next_plan_id,
    grace_until: iso(sub.grace_until),
  };
}

async function event(db: Queryable, sub: Subscription, type: string, payload: Record<string, unknown>) {
  await appendEvent(db, {
    type,
    aggregateType: 'subscription',
    aggregateId: sub.id,
    actorId: sub.user_id,
    payload: { plan_id: sub.plan_id, ...payload },
  });
}

/** Grants a plan's credits for one period, exactly once per (subscription, period start). */
export async function grantPeriodCredits(db: Queryable, sub: Subscription, plan: Plan, periodStart: Date) {
  if (plan.monthly_credits <= 0) return null;
  return grantCredits(db, {
    userId: sub.user_id,
    amount: plan.monthly_credits,
    kind: 'subscription',
    reference: `subscription:${sub.id}:${new Date(periodStart).toISOString()}`,
    description: `${plan.name} plan: ${plan.monthly_credits} credits for the period from ${new Date(periodStart).toISOString().slice(0, 10)}`,
  });
}

class PaymentDeclinedError extends AppError {
  constructor() {
    super('PAYMENT_DECLINED', 'The payment provider declined the charge; nothing changed', 402);
  }
}

async function startPlan(
  deps: SubscriptionDeps,
  tx: Queryable,
  userId: string,
  email: string | undefined,
  plan: Plan,
  now: Date,
) {
  const periodEnd = addMonth(now);
  if (deps.provider.name === 'stripe') {
    const price = deps.stripePrices?.[plan.id];
    if (!price)
      throw new AppError('PLAN_NOT_PURCHASABLE', `No Stripe price configured for plan ${plan.id}`, 409);
    const sub = await upsertSubscription(tx, {
      userId,
      planId: plan.id,
      status: 'incomplete',
      provider: 'stripe',
      periodStart: now,
      periodEnd,
    });
    const checkout = await deps.provider.createCheckout({
      paymentId: sub.id,
      userId,
      email,
      description: `${plan.name} plan`,
      amountCents: plan.price_cents,
      currency: plan.currency,
      mode: 'subscription',
      priceRef: price,
      metadata: { subscription_id: sub.id, plan_id: plan.id },
      // The row is reused when a buyer subscribes again later: one key per attempt.
      idempotencyKey: `subscribe-${sub.id}-${now.getTime()}`,
    });
    return { ...subscriptionView(sub), checkout_url: checkout.checkoutUrl };
  }
  const sub = await upsertSubscription(tx, {
    userId,
    planId: plan.id,
    status: 'active',
    provider: 'sandbox',
    periodStart: now,
    periodEnd,
  });
  const charge = await deps.provider.chargeRenewal({
    subscriptionId: sub.id,
    userId,
    planId: plan.id,
    amountCents: plan.price_cents,
    currency: plan.currency,
    periodStart: now,
  });
  if (charge.outcome === 'declined') throw new PaymentDeclinedError();
  await grantPeriodCredits(tx, sub, plan, now);
  await event(tx, sub, 'subscription.started', { period_end: periodEnd.toISOString() });
  return subscriptionView(sub);
}

/**
 * Subscribes the user to a plan or changes it (see `planChange` for proration): an upgrade charges and
 * grants at once, a downgrade is scheduled for the end of the period, the current plan resumes a
 * pending cancellation. Runs inside the caller's idempotent transaction.
 */
export async function subscribe(
  deps: SubscriptionDeps,
  tx: Queryable,
  input: { userId: string; email?: string; planId: string; now: Date },
): Promise<SubscriptionView> {
  const plan = await findPlan(tx, input.planId);
  if (!plan) throw new PlanNotFoundError(input.planId);
  const current = await lockSubscriptionOf(tx, input.userId);
  const onPaidPlan =
    current && current.plan_id !== 'free' && current.status !== 'canceled' && current.status !== 'incomplete';
  if (!onPaidPlan) {
    if (plan.id === 'free') return subscriptionView(current);
    return startPlan(deps, tx, input.userId, input.email, plan, input.now);
  }
  const from = (await findPlan(tx, current.plan_id))!;
  const change = planChange(from, plan, current.current_period_start, current.current_period_end, input.now);
  switch (change.kind) {
    case 'none':
      return subscriptionView(
        await updateSubscription(tx, current.id, { cancel_at_period_end: false, next_plan_id: null }),
      );
    case 'downgrade': {
      const sub = await updateSubscription(tx, current.id, {
        next_plan_id: plan.id,
        cancel_at_period_end: false,
      });
      await event(tx, sub, 'subscription.downgrade_scheduled', { next_plan_id: plan.id });
      return subscriptionView(sub);
    }
    case 'upgrade': {
      if (current.provider !== 'sandbox') {
        throw new BillingConflictError(
          'PLAN_CHANGE_UNSUPPORTED',
          'Change a Stripe plan in the Stripe customer portal',
        );
      }
      if (change.chargeCents > 0) {
        const charge = await deps.provider.chargeRenewal({
          subscriptionId: current.id,
          userId: current.user_id,
          planId: plan.id,
          amountCents: change.chargeCents,
          currency: plan.currency,
          periodStart: current.current_period_start,
        });
        if (charge.outcome === 'declined') throw new PaymentDeclinedError();
      }
      const sub = await updateSubscription(tx, current.id, {
        plan_id: plan.id,
        next_plan_id: null,
        cancel_at_period_end: false,
      });
      if (change.credits > 0) {
        await grantCredits(tx, {
          userId: sub.user_id,
          amount: change.credits,
          kind: 'subscription',
          reference: `subscription:${sub.id}:upgrade:${plan.id}:${new Date(sub.current_period_start).toISOString()}`,
          description: `Upgrade to ${plan.name}: ${change.credits} prorated credits for the rest of the period`,
        });
      }
      await event(tx, sub, 'subscription.upgraded', {
        from_plan_id: from.id,
        charged_cents: change.chargeCents,
        credits: change.credits,
      });
      return subscriptionView(sub);
    }
    default: {
      const never: never = change;
      return never;
    }
  }
}

/** Cancels at the end of the period: the plan and its credits stay until then. */
export async function cancelSubscription(tx: Queryable, userId: string): Promise<SubscriptionView> {
  const current = await lockSubscriptionOf(tx, userId);
  if (!current || current.plan_id === 'free' || current.status === 'canceled') {
    throw new BillingConflictError('NO_ACTIVE_SUBSCRIPTION', 'There is no paid subscription to cancel');
  }
  const sub = await updateSubscription(tx, current.id, { cancel_at_period_end: true, next_plan_id: null });
  await event(tx, sub, 'subscription.cancel_scheduled', { period_end: iso(sub.current_period_end) });
  return subscriptionView(sub);
}
