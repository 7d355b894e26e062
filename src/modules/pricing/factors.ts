import type { DemandDay, DemandKind, DemandLevel, PricingRules, SellableType } from './pricing.types.js';

// The pure factor rules. Each returns a multiplier (or a base in credits) and a one-line reason, so the
// receipt can say why; none reads a clock or a database.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface FactorValue {
  multiplier: number;
  detail: string;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
/** Rounds for display and storage, so receipts are stable across platforms. */
export const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/** The base in credits for a lead type and property type, before the market tier. */
export function leadTypeBase(
  rules: PricingRules,
  listingType: SellableType,
  propertyType: string | null,
): { credits: number; detail: string } {
  const base = rules.baseCredits[listingType];
  const byProperty = propertyType ? (rules.propertyTypeMultipliers[propertyType] ?? 1) : 1;
  return {
    credits: base * byProperty,
    detail: `${listingType} base ${base} cr × ${byProperty} for ${propertyType ?? 'unknown property type'}`,
  };
}

/** The market tier multiplier: a ZIP3 (metro) tier wins over the state's tier. */
export function marketTier(
  rules: PricingRules,
  state: string | null,
  zip: string | null,
): FactorValue & {
  tier: number;
} {
  const zip3 = zip?.slice(0, 3);
  const byZip = zip3 ? rules.zip3Tiers[zip3] : undefined;
  const byState = state ? rules.stateTiers[state] : undefined;
  const tier = byZip ?? byState ?? rules.defaultTier;
  const source =
    byZip !== undefined ? `metro ZIP3 ${zip3}` : byState !== undefined ? `state ${state}` : 'default';
  return { tier, multiplier: rules.tierMultipliers[tier] ?? 1, detail: `market tier ${tier} (${source})` };
}

/** Quality score 0–100 maps linearly onto [min, max]; an unscored lead is priced as average (1.0). */
export function qualityFactor(rules: PricingRules, score: number | null): FactorValue {
  if (score === null) return { multiplier: 1, detail: 'not scored yet: priced as average' };
  const { min, max } = rules.quality;
  const multiplier = min + ((max - min) * clamp(score, 0, 100)) / 100;
  return { multiplier, detail: `quality score ${score}/100` };
}

/**
 * Freshness halves the price above its floor every half-life of age since the owner posted:
 * floor + (1 − floor) · 2^(−age / half-life). A future posting date counts as age 0.
 */
export function freshnessFactor(rules: PricingRules, postedAt: Date | null, now: Date): FactorValue {
  if (!postedAt) return { multiplier: 1, detail: 'posting date unknown: priced as new' };
  const ageDays = Math.max(0, (now.getTime() - postedAt.getTime()) / DAY_MS);
  const { halfLifeDays, floor } = rules.freshness;
  const multiplier = floor + (1 - floor) * 2 ** (-ageDays / halfLifeDays);
  return { multiplier, detail: `${ageDays.toFixed(1)} days old (half-life ${halfLifeDays} days)` };
}

const KIND_COLUMNS: Record<DemandKind, keyof Omit<DemandDay, 'day' | 'markets'>> = {
  view: 'views',
  cart_add: 'cart_adds',
  purchase: 'purchases',
  saved_search_match: 'saved_search_matches',
};

/** One day's weighted events. */
export function weightedEvents(rules: PricingRules, day: DemandDay): number {
  let sum = 0;
  for (const [kind, column] of Object.entries(KIND_COLUMNS) as [DemandKind, keyof DemandDay][]) {
    sum += rules.demand.weights[kind] * Number(day[column] ?? 0);
  }
  return sum;
}

/**
 * The decay weight of a day's events: a day counts from its midpoint (today's at most at full weight);
 * days after the clock's day are not counted, so a quote for a past moment ignores later demand.
 */
function dayWeight(rules: PricingRules, day: string, now: Date): number {
  if (day > now.toISOString().slice(0, 10)) return 0;
  const midpoint = Date.parse(`${day}T12:00:00Z`);
  const ageHours = Math.max(0, (now.getTime() - midpoint) / HOUR_MS);
  if (ageHours > rules.demand.windowDays * 24) return 0;
  return 2 ** (-ageHours / rules.demand.halfLifeHours);
}

/**
 * Recency-weighted demand: Σ weight(kind) · count · 2^(−age / half-life) over the window, for the market
 * and for the nation per market (each national day divided by the markets that saw demand that day).
 */
export function demandLevel(
  rules: PricingRules,
  marketDays: DemandDay[],
  nationalDays: DemandDay[],
  now: Date,
): DemandLevel {
  let market = 0;
  for (const day of marketDays) market += dayWeight(rules, day.day, now) * weightedEvents(rules, day);
  let nationalPerMarket = 0;
  for (const day of nationalDays) {
    const markets = Math.max(1, day.markets ?? 1);
    nationalPerMarket += (dayWeight(rules, day.day, now) * weightedEvents(rules, day)) / markets;
  }
  return { market, nationalPerMarket };
}

/** Demand relative to the national level, smoothed by a prior and damped by an elasticity, then clamped. */
export function demandFactor(rules: PricingRules, demand: DemandLevel): FactorValue & { ratio: number } {
  const { prior, elasticity, min, max } = rules.demand;
  const ratio = (demand.market + prior) / (demand.nationalPerMarket + prior);
  const multiplier = clamp(ratio ** elasticity, min, max);
  return {
    ratio,
    multiplier,
    detail:
      `market demand ${demand.market.toFixed(1)} vs national ${demand.nationalPerMarket.toFixed(1)} per market ` +
      `(ratio ${ratio.toFixed(2)}, half-life ${rules.demand.halfLifeHours} h)`,
  };
}

/** Each buyer already holding the lead lowers the price; the last slot sells at (1 − holderDiscount). */
export function exclusivityFactor(rules: PricingRules, holders: number): FactorValue {
  const { maxBuyers, holderDiscount } = rules.exclusivity;
  const held = clamp(holders, 0, maxBuyers);
  const multiplier =
    maxBuyers > 1 ? 1 - (holderDiscount * Math.min(held, maxBuyers - 1)) / (maxBuyers - 1) : 1;
  return { multiplier, detail: `${holders} of ${maxBuyers} buyers already hold this lead` };
}
