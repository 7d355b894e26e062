/** The same day next month in UTC, clamped to the month's last day (31 Jan → 28/29 Feb). */
export function addMonth(date: Date): Date {
  const next = new Date(date.getTime());
  const day = next.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}

export interface PlanTerms {
  id: string;
  rank: number;
  monthly_credits: number;
  price_cents: number;
}

export type PlanChange =
  | { kind: 'none' }
  | { kind: 'upgrade'; chargeCents: number; credits: number }
  | { kind: 'downgrade' };

/**
 * The proration rule. An upgrade takes effect at once: the buyer pays the price difference for the
 * unused share of the period (rounded to the cent) and receives that share of the extra monthly
 * credits (rounded down). A downgrade waits for the period's end: nothing is refunded and the credits
 * already granted stay.
 */
export function planChange(
  from: PlanTerms,
  to: PlanTerms,
  periodStart: Date,
  periodEnd: Date,
  now: Date,
): PlanChange {
  if (from.id === to.id) return { kind: 'none' };
  if (to.rank < from.rank) return { kind: 'downgrade' };
  const total = periodEnd.getTime() - periodStart.getTime();
  const left = Math.min(total, Math.max(0, periodEnd.getTime() - now.getTime()));
  const share = total > 0 ? left / total : 0;
  return {
    kind: 'upgrade',
    chargeCents: Math.max(0, Math.round(share * (to.price_cents - from.price_cents))),
    credits: Math.max(0, Math.floor(share * (to.monthly_credits - from.monthly_credits))),
  };
}
