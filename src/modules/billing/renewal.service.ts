import type { Queryable } from '../../platform/db/index.js';
import { appendEvent } from '../../platform/events.js';
import { addMonth } from './subscription.rules.js';
import {
  findPlan,
  lockDueSubscriptions,
  type Subscription,
  updateSubscription,
} from './subscriptions.repository.js';
import { grantPeriodCredits, type SubscriptionDeps } from './subscriptions.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export type RenewalOutcome = 'renewed' | 'payment_failed' | 'downgraded' | 'canceled' | 'waiting';

async function note(db: Queryable, sub: Subscription, type: string, payload: Record<string, unknown> = {}) {
  await appendEvent(db, {
    type,
    aggregateType: 'subscription',
    aggregateId: sub.id,
    actorId: sub.user_id,
    payload: { plan_id: sub.plan_id, ...payload },
  });
}

/** Ends a paid plan: the row stays, on Free, and no longer renews. */
async function toFree(db: Queryable, sub: Subscription, status: 'active' | 'canceled', type: string) {
  const updated = await updateSubscription(db, sub.id, {
    plan_id: 'free',
    status,
    next_plan_id: null,
    cancel_at_period_end: false,
    grace_until: null,
  });
  await note(db, updated, type, { previous_plan_id: sub.plan_id });
}

/**
 * One due subscription, inside the caller's transaction holding its row lock: cancel at period end,
 * downgrade after an expired grace period, or charge the next period and grant its credits (once per
 * period: the ledger reference is unique). A declined charge starts the grace period.
 */
export async function renewSubscription(
  deps: SubscriptionDeps,
  tx: Queryable,
  sub: Subscription,
  now: Date,
): Promise<RenewalOutcome> {
  if (sub.status === 'past_due' && sub.grace_until && new Date(sub.grace_until) <= now) {
    await toFree(tx, sub, 'active', 'subscription.downgraded');
    return 'downgraded';
  }
  if (new Date(sub.current_period_end) > now) return 'waiting';
  if (sub.cancel_at_period_end) {
    await toFree(tx, sub, 'canceled', 'subscription.canceled');
    return 'canceled';
  }
  const planId = sub.next_plan_id ?? sub.plan_id;
  if (planId === 'free') {
    await toFree(tx, sub, 'active', 'subscription.downgraded');
    return 'downgraded';
  }
  const plan = (await findPlan(tx, planId))!;
  const periodStart = new Date(sub.current_period_end);
  const charge = await deps.provider.chargeRenewal({
    subscriptionId: sub.id,
    userId: sub.user_id,
    planId,
    amountCents: plan.price_cents,
    currency: plan.currency,
    periodStart,
  });
  if (charge.outcome === 'external') return 'waiting';
  if (charge.outcome === 'declined') {
    if (sub.status === 'past_due') return 'payment_failed';
    const graceUntil = new Date(now.getTime() + deps.graceDays * DAY_MS);
    const updated = await updateSubscription(tx, sub.id, { status: 'past_due', grace_until: graceUntil });
    await note(tx, updated, 'subscription.payment_failed', { grace_until: graceUntil.toISOString() });
    return 'payment_failed';
  }
  const renewed = await updateSubscription(tx, sub.id, {
    plan_id: planId,
    status: 'active',
    next_plan_id: null,
    grace_until: null,
    current_period_start: periodStart,
    current_period_end: addMonth(periodStart),
  });
  await grantPeriodCredits(tx, renewed, plan, periodStart);
  await note(tx, renewed, 'subscription.renewed', {
    period_start: periodStart.toISOString(),
    credits: plan.monthly_credits,
  });
  return 'renewed';
}

/**
 * Renews every due subscription, one transaction each; rows another worker holds are skipped, so two
 * workers never renew the same period (and the ledger's unique reference would refuse it anyway).
 */
export async function renewDueSubscriptions(
  deps: SubscriptionDeps & { db: Queryable },
  now: Date,
  batch = 100,
): Promise<Record<RenewalOutcome, number>> {
  const counts: Record<RenewalOutcome, number> = {
    renewed: 0,
    payment_failed: 0,
    downgraded: 0,
    canceled: 0,
    waiting: 0,
  };
  const seen = new Set<string>();
  for (;;) {
    const outcome = await deps.db.transaction(async (tx) => {
      const [sub] = (await lockDueSubscriptions(tx, now, batch)).filter((s) => !seen.has(s.id));
      if (!sub) return null;
      seen.add(sub.id);
      return renewSubscription(deps, tx, sub, now);
    });
    if (outcome === null) return counts;
    counts[outcome] += 1;
  }
}

/** Stripe `invoice.paid`: the period it pays for becomes current and its credits are granted once. */
export async function applyInvoicePaid(
  tx: Queryable,
  sub: Subscription,
  period: { start: Date; end: Date },
): Promise<void> {
  const plan = (await findPlan(tx, sub.plan_id))!;
  const newer = period.start.getTime() >= new Date(sub.current_period_start).getTime();
  const updated = await updateSubscription(tx, sub.id, {
    status: sub.status === 'canceled' ? 'canceled' : 'active',
    grace_until: null,
    ...(newer ? { current_period_start: period.start, current_period_end: period.end } : {}),
  });
  await grantPeriodCredits(tx, updated, plan, period.start);
  await note(tx, updated, 'subscription.renewed', {
    period_start: period.start.toISOString(),
    credits: plan.monthly_credits,
  });
}

/** Stripe `invoice.payment_failed`: past due, with a grace period that a later failure does not extend. */
export async function applyInvoiceFailed(
  tx: Queryable,
  sub: Subscription,
  graceDays: number,
  now: Date,
): Promise<void> {
  if (sub.status !== 'active' && sub.status !== 'past_due') return;
  const graceUntil = sub.grace_until ?? new Date(now.getTime() + graceDays * DAY_MS);
  const updated = await updateSubscription(tx, sub.id, { status: 'past_due', grace_until: graceUntil });
  await note(tx, updated, 'subscription.payment_failed', { grace_until: new Date(graceUntil).toISOString() });
}
