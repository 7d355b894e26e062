import type { Queryable } from '../../platform/db/index.js';

export interface Plan {
  id: string;
  name: string;
  monthly_credits: number;
  price_cents: number;
  currency: string;
  lead_discount_percent: number;
  limits: Record<string, number>;
  rank: number;
}

export type SubscriptionStatus = 'incomplete' | 'active' | 'past_due' | 'canceled';

export interface Subscription {
  id: string;
  user_id: string;
  plan_id: string;
  status: SubscriptionStatus;
  provider: 'sandbox' | 'stripe';
  provider_ref: string | null;
  current_period_start: Date;
  current_period_end: Date;
  cancel_at_period_end: boolean;
  next_plan_id: string | null;
  grace_until: Date | null;
}

export async function listPlans(db: Queryable): Promise<Plan[]> {
  const { rows } = await db.query<Plan>('SELECT * FROM plans ORDER BY rank');
  return rows;
}

export async function findPlan(db: Queryable, id: string): Promise<Plan | null> {
  const { rows } = await db.query<Plan>('SELECT * FROM plans WHERE id = $1', [id]);
  return rows[0] ?? null;
}

/** The user's subscription row, locked for this transaction. */
export async function lockSubscriptionOf(db: Queryable, userId: string): Promise<Subscription | null> {
  const { rows } = await db.query<Subscription>('SELECT * FROM subscriptions WHERE user_id = $1 FOR UPDATE', [
    userId,
  ]);
  return rows[0] ?? null;
}

export async function findSubscriptionOf(db: Queryable, userId: string): Promise<Subscription | null> {
  const { rows } = await db.query<Subscription>('SELECT * FROM subscriptions WHERE user_id = $1', [userId]);
  return rows[0] ?? null;
}

export async function lockSubscription(db: Queryable, id: string): Promise<Subscription | null> {
  const { rows } = await db.query<Subscription>('SELECT * FROM subscriptions WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ?? null;
}

export async function lockSubscriptionByProviderRef(
  db: Queryable,
  provider: Subscription['provider'],
  ref: string,
): Promise<Subscription | null> {
  const { rows } = await db.query<Subscription>(
    'SELECT * FROM subscriptions WHERE provider = $1 AND provider_ref = $2 FOR UPDATE',
    [provider, ref],
  );
  return rows[0] ?? null;
}

/** Creates or replaces the user's one subscription row (a canceled or free row is reused). */
export async function upsertSubscription(
  db: Queryable,
  input: {
    userId: string;
    planId: string;
    status: SubscriptionStatus;
    provider: Subscription['provider'];
    periodStart: Date;
    periodEnd: Date;
  },
): Promise<Subscription> {
  const { rows } = await db.query<Subscription>(
    `INSERT INTO subscriptions (user_id, plan_id, status, provider, current_period_start, current_period_end)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (user_id) DO UPDATE SET plan_id = EXCLUDED.plan_id, status = EXCLUDED.status,
       provider = EXCLUDED.provider, provider_ref = NULL,
       current_period_start = EXCLUDED.current_period_start, current_period_end = EXCLUDED.current_period_end,
       cancel_at_period_end = false, next_plan_id = NULL, grace_until = NULL, updated_at = now()
     RETURNING *`,
    [input.userId, input.planId, input.status, input.provider, input.periodStart, input.periodEnd],
  );
  return rows[0]!;
}

type SubscriptionChanges = Partial<
  Pick<
    Subscription,
    | 'plan_id'
    | 'status'
    | 'provider_ref'
    | 'current_period_start'
    | 'current_period_end'
    | 'cancel_at_period_end'
    | 'next_plan_id'
    | 'grace_until'
  >
>;

/** Sets the given columns (and updated_at); returns the row. */
export async function updateSubscription(
  db: Queryable,
  id: string,
  changes: SubscriptionChanges,
): Promise<Subscription> {
  const names = Object.keys(changes) as (keyof SubscriptionChanges)[];
  const sets = names.map((name, i) => `${name} = $${i + 2}`);
  const { rows } = await db.query<Subscription>(
    `UPDATE subscriptions SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING *`,
    [id, ...names.map((name) => changes[name] ?? null)],
  );
  return rows[0]!;
}

/** Paid subscriptions whose period has ended, locked; rows another worker holds are skipped. */
export async function lockDueSubscriptions(db: Queryable, now: Date, limit: number): Promise<Subscription[]> {
  const { rows } = await db.query<Subscription>(
    `SELECT * FROM subscriptions
      WHERE plan_id <> 'free' AND status IN ('active', 'past_due')
        AND (current_period_end <= $1 OR grace_until <= $1)
      ORDER BY current_period_end
      LIMIT $2
      FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return rows;
}
