import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { accountsModule } from '../../src/modules/accounts/index.js';
import {
  addMonth,
  billingModule,
  createSandboxProvider,
  findSubscriptionOf,
  grantPeriodCredits,
  ledgerDiscrepancies,
  listPlans,
  renewDueSubscriptions,
  walletBalance,
} from '../../src/modules/billing/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';

const DAY = 86_400_000;
let platform: Platform;
let app: App;
let clock = new Date('2026-03-01T12:00:00.000Z');
const declined = new Set<string>();
const provider = createSandboxProvider({ approveRenewal: (charge) => !declined.has(charge.userId) });
const deps = () => ({ db: platform.db, provider, graceDays: 7 });

beforeAll(async () => {
  platform = await createTestPlatform();
  app = await buildApp(platform, [
    accountsModule(platform),
    billingModule(platform, { provider, now: () => clock }),
  ]);
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await platform.close();
});

async function subscribe(buyer: SignedUp, planId: string, key: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/subscriptions',
    headers: { ...buyer.headers, 'idempotency-key': key },
    payload: { plan_id: planId },
  });
  return res;
}

async function eventTypes(userId: string): Promise<string[]> {
  const { rows } = await platform.db.query<{ type: string }>(
    `SELECT type FROM events WHERE aggregate_type = 'subscription' AND actor_id = $1 ORDER BY id`,
    [userId],
  );
  return rows.map((row) => row.type);
}

describe('plans and subscriptions', () => {
  it('lists Free, Pro and Team with credits, discount and limits', async () => {
    const res = await app.inject({ url: '/v1/plans' });
    expect(
      res
        .json()
        .items.map((p: { id: string; monthly_credits: number; lead_discount_percent: number }) => [
          p.id,
          p.monthly_credits,
          p.lead_discount_percent,
        ]),
    ).toEqual([
      ['free', 0, 0],
      ['pro', 500, 10],
      ['team', 2000, 20],
    ]);
    expect(res.json().items[2].limits).toMatchObject({ seats: 10 });
  });

  it('shows a buyer without a subscription on Free, and refuses an unknown plan', async () => {
    const buyer = await signUp(app, platform.db);
    const current = await app.inject({ url: '/v1/subscriptions/current', headers: buyer.headers });
    expect(current.json()).toMatchObject({ id: null, plan_id: 'free', status: 'active' });
    const unknown = await subscribe(buyer, 'platinum', 'u1');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'PLAN_NOT_FOUND']);
  });

  it('subscribes, upgrades with proration, schedules a downgrade and renews into it', async () => {
    clock = new Date('2026-03-01T12:00:00.000Z');
    const buyer = await signUp(app, platform.db);
    const started = await subscribe(buyer, 'pro', 's1');
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({
      plan_id: 'pro',
      status: 'active',
      current_period_end: '2026-04-01T12:00:00.000Z',
    });
    expect((await subscribe(buyer, 'pro', 's1')).json()).toEqual(started.json());
    expect(await walletBalance(platform.db, buyer.userId)).toBe(500);

    // Half way through a 31-day March (15.5 days in): half of Team's extra 1,500 credits.
    clock = new Date(clock.getTime() + 15.5 * DAY);
    expect((await subscribe(buyer, 'team', 's2')).json()).toMatchObject({ plan_id: 'team' });
    expect(await walletBalance(platform.db, buyer.userId)).toBe(500 + 750);

    expect((await subscribe(buyer, 'pro', 's3')).json()).toMatchObject({
      plan_id: 'team',
      next_plan_id: 'pro',
    });
    clock = new Date('2026-04-01T12:00:00.000Z');
    expect(await renewDueSubscriptions(deps(), clock)).toMatchObject({ renewed: 1 });
    const renewed = await findSubscriptionOf(platform.db, buyer.userId);
    expect(renewed).toMatchObject({ plan_id: 'pro', next_plan_id: null, status: 'active' });
    expect(renewed!.current_period_end).toEqual(addMonth(clock));
    expect(await walletBalance(platform.db, buyer.userId)).toBe(1250 + 500);
    expect(await eventTypes(buyer.userId)).toEqual([
      'subscription.started',
      'subscription.upgraded',
      'subscription.downgrade_scheduled',
      'subscription.renewed',
    ]);
  });

  it('cancels at the end of the period: the plan stays until then, then Free', async () => {
    clock = new Date('2026-05-10T00:00:00.000Z');
    const buyer = await signUp(app, platform.db);
    await subscribe(buyer, 'pro', 'c1');
    const canceled = await app.inject({
      method: 'DELETE',
      url: '/v1/subscriptions/current',
      headers: buyer.headers,
    });
    expect(canceled.json()).toMatchObject({ plan_id: 'pro', cancel_at_period_end: true });
    expect(await renewDueSubscriptions(deps(), new Date('2026-06-09T00:00:00.000Z'))).toMatchObject({
      canceled: 0,
    });
    expect(await renewDueSubscriptions(deps(), new Date('2026-06-10T00:00:00.000Z'))).toMatchObject({
      canceled: 1,
    });
    expect(await findSubscriptionOf(platform.db, buyer.userId)).toMatchObject({
      plan_id: 'free',
      status: 'canceled',
    });
    expect(await walletBalance(platform.db, buyer.userId)).toBe(500);
    const again = await app.inject({
      method: 'DELETE',
      url: '/v1/subscriptions/current',
      headers: buyer.headers,
    });
    expect(again.statusCode).toBe(409);
  });

  it('starts a grace period when a renewal is declined, then downgrades to Free', async () => {
    clock = new Date('2026-07-01T00:00:00.000Z');
    const buyer = await signUp(app, platform.db);
    await subscribe(buyer, 'pro', 'g1');
    declined.add(buyer.userId);
    const due = new Date('2026-08-01T00:00:00.000Z');
    expect(await renewDueSubscriptions(deps(), due)).toMatchObject({ payment_failed: 1 });
    expect(await findSubscriptionOf(platform.db, buyer.userId)).toMatchObject({
      plan_id: 'pro',
      status: 'past_due',
      grace_until: new Date(due.getTime() + 7 * DAY),
    });
    // Retried during the grace period, still declined: still past due, no credits.
    expect(await renewDueSubscriptions(deps(), new Date(due.getTime() + 3 * DAY))).toMatchObject({
      payment_failed: 1,
    });
    expect(await renewDueSubscriptions(deps(), new Date(due.getTime() + 7 * DAY))).toMatchObject({
      downgraded: 1,
    });
    expect(await findSubscriptionOf(platform.db, buyer.userId)).toMatchObject({
      plan_id: 'free',
      status: 'active',
    });
    expect(await walletBalance(platform.db, buyer.userId)).toBe(500);
    expect(await eventTypes(buyer.userId)).toEqual([
      'subscription.started',
      'subscription.payment_failed',
      'subscription.downgraded',
    ]);
    declined.delete(buyer.userId);
  });

  it('refuses a declined first payment with 402 and stores nothing but the answer', async () => {
    const buyer = await signUp(app, platform.db);
    declined.add(buyer.userId);
    const res = await subscribe(buyer, 'team', 'd1');
    expect(res.statusCode).toBe(402);
    expect(res.json().error.code).toBe('PAYMENT_DECLINED');
    expect(await findSubscriptionOf(platform.db, buyer.userId)).toBeNull();
    expect((await subscribe(buyer, 'team', 'd1')).json()).toEqual(res.json());
    declined.delete(buyer.userId);
  });

  it('grants a period once even when two workers renew at the same moment', async () => {
    clock = new Date('2026-09-01T00:00:00.000Z');
    const buyers = await Promise.all([1, 2, 3].map(() => signUp(app, platform.db)));
    for (const [i, buyer] of buyers.entries()) await subscribe(buyer, 'pro', `w${i}`);
    const due = new Date('2026-10-01T00:00:00.000Z');
    const [a, b] = await Promise.all([
      renewDueSubscriptions(deps(), due),
      renewDueSubscriptions(deps(), due),
    ]);
    // Earlier tests' subscriptions may be due too (and catch up one period per pass): check ours by balance.
    expect(a.renewed + b.renewed).toBeGreaterThanOrEqual(3);
    for (const buyer of buyers) expect(await walletBalance(platform.db, buyer.userId)).toBe(1000);
    // The ledger itself refuses a second grant for the same (subscription, period).
    const sub = (await findSubscriptionOf(platform.db, buyers[0]!.userId))!;
    const pro = (await listPlans(platform.db)).find((plan) => plan.id === 'pro')!;
    const twice = await Promise.all([
      grantPeriodCredits(platform.db, sub, pro, sub.current_period_start),
      grantPeriodCredits(platform.db, sub, pro, sub.current_period_start),
    ]);
    expect(twice.map((grant) => grant?.created)).toEqual([false, false]);
    expect(await walletBalance(platform.db, buyers[0]!.userId)).toBe(1000);
    expect(await ledgerDiscrepancies(platform.db)).toEqual([]);
  });
});
