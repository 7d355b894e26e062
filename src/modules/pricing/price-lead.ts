import {
  demandFactor,
  exclusivityFactor,
  type FactorValue,
  freshnessFactor,
  leadTypeBase,
  marketTier,
  qualityFactor,
  round4,
} from './factors.js';
import type {
  OverridableFactor,
  PriceInput,
  PriceOverride,
  PriceResult,
  PricingRules,
  ReceiptFactor,
} from './pricing.types.js';

const SPECIFICITY: Record<PriceOverride['target'], number> = { lead: 4, zip: 3, city: 2, state: 1 };

/** Picks, for the price and for each factor, the most specific override (lead, then ZIP, city, state). */
export function selectOverrides(overrides: PriceOverride[] = []): {
  price?: PriceOverride;
  factors: Partial<Record<OverridableFactor, PriceOverride>>;
} {
  let price: PriceOverride | undefined;
  const factors: Partial<Record<OverridableFactor, PriceOverride>> = {};
  const better = (a: PriceOverride | undefined, b: PriceOverride) =>
    !a || SPECIFICITY[b.target] > SPECIFICITY[a.target];
  for (const override of overrides) {
    if (override.kind === 'factor') {
      if (override.factor && better(factors[override.factor], override)) factors[override.factor] = override;
    } else if (better(price, override)) price = override;
  }
  return { price, factors };
}

const multiplierFactor = (code: string, label: string, value: ReceiptFactor['value'], f: FactorValue) => ({
  code,
  label,
  value,
  effect: { type: 'multiplier' as const, by: round4(f.multiplier) },
  detail: f.detail,
});

/**
 * Prices one lead in credits with a receipt. Order: type base × market tier × quality × freshness ×
 * demand × exclusivity; an admin multiplier or fixed price; floor and ceiling on that shared list price;
 * the exclusive option's multiple; the buyer's plan discount. Deterministic for the same input.
 */
export function priceLead(input: PriceInput, rules: PricingRules): PriceResult {
  const chosen = selectOverrides(input.overrides);
  const pinned = (code: OverridableFactor, computed: FactorValue): FactorValue => {
    const override = chosen.factors[code];
    if (!override) return computed;
    return {
      multiplier: override.value,
      detail: `set by admin (${override.target} override: ${override.reason}); computed ${round4(computed.multiplier)}: ${computed.detail}`,
    };
  };

  const typeBase = leadTypeBase(rules, input.listingType, input.propertyType);
  const tier = marketTier(rules, input.state, input.zip);
  const market = pinned('market_base', tier);
  const base = typeBase.credits * market.multiplier;
  const demand = demandFactor(rules, input.demand);
  const steps: [string, string, ReceiptFactor['value'], FactorValue][] = [
    [
      'QUALITY',
      'Lead quality',
      input.qualityScore,
      pinned('quality', qualityFactor(rules, input.qualityScore)),
    ],
    [
      'FRESHNESS',
      'Freshness',
      input.postedAt?.toISOString() ?? null,
      pinned('freshness', freshnessFactor(rules, input.postedAt, input.now)),
    ],
    ['DEMAND', 'Demand in this market', round4(demand.ratio), pinned('demand', demand)],
    [
      'EXCLUSIVITY',
      'Buyers already holding it',
      input.holders,
      pinned('exclusivity', exclusivityFactor(rules, input.holders)),
    ],
  ];
  const factors: ReceiptFactor[] = [
    {
      code: 'LEAD_TYPE',
      label: 'Lead and property type',
      value: `${input.listingType}/${input.propertyType ?? 'unknown'}`,
      effect: { type: 'credits', by: round4(typeBase.credits) },
      detail: typeBase.detail,
    },
    multiplierFactor('MARKET', 'Market', `tier ${tier.tier}`, market),
  ];
  let price = base;
  for (const [code, label, value, factor] of steps) {
    price *= factor.multiplier;
    factors.push(multiplierFactor(code, label, value, factor));
  }

  let boundApplied: 'floor' | 'ceiling' | null = null;
  if (chosen.price?.kind === 'fixed_price') {
    const fixed = chosen.price;
    factors.push({
      code: 'ADMIN_FIXED_PRICE',
      label: 'Fixed price (admin)',
      value: fixed.value,
      effect: { type: 'credits', by: round4(fixed.value - price) },
      detail: `${fixed.target} override: ${fixed.reason}; floor and ceiling do not apply`,
    });
    price = fixed.value;
  } else {
    if (chosen.price?.kind === 'multiplier') {
      const multiplier = chosen.price;
      price *= multiplier.value;
      factors.push(
        multiplierFactor('ADMIN_MULTIPLIER', 'Price multiplier (admin)', multiplier.value, {
          multiplier: multiplier.value,
          detail: `${multiplier.target} override: ${multiplier.reason}`,
        }),
      );
    }
    const bounded = Math.min(rules.ceilingCredits, Math.max(rules.floorCredits, price));
    if (bounded !== price) {
      boundApplied = bounded > price ? 'floor' : 'ceiling';
      factors.push({
        code: boundApplied === 'floor' ? 'FLOOR' : 'CEILING',
        label: boundApplied === 'floor' ? 'Price floor' : 'Price ceiling',
        value: bounded,
        effect: { type: 'credits', by: round4(bounded - price) },
        detail: `list prices stay between ${rules.floorCredits} and ${rules.ceilingCredits} credits`,
      });
      price = bounded;
    }
  }

  const exclusive = input.exclusive === true;
  if (exclusive) {
    const by = rules.exclusivity.exclusiveMultiplier;
    price *= by;
    factors.push(
      multiplierFactor('EXCLUSIVE', 'Exclusive purchase', rules.exclusivity.maxBuyers, {
        multiplier: by,
        detail: `buys all ${rules.exclusivity.maxBuyers} slots: no other buyer gets this lead`,
      }),
    );
  }

  const beforeDiscount = Math.max(1, Math.round(price));
  const percent = Math.min(90, Math.max(0, input.discountPercent ?? 0));
  const discount = Math.min(beforeDiscount - 1, Math.round((beforeDiscount * percent) / 100));
  if (percent > 0) {
    factors.push({
      code: 'PLAN_DISCOUNT',
      label: 'Your plan discount',
      value: percent,
      effect: { type: 'credits', by: -discount },
      detail: `${percent} % off the list price with your plan`,
    });
  }

  const holders = input.holders;
  const availability =
    holders >= rules.exclusivity.maxBuyers
      ? 'sold_out'
      : exclusive && holders > 0
        ? 'exclusive_unavailable'
        : 'available';
  return {
    credits: beforeDiscount - discount,
    receipt: {
      version: rules.version,
      factors,
      base: round4(base),
      before_discount: beforeDiscount,
      discount,
      floor_or_ceiling_applied: boundApplied,
      exclusive,
      availability,
    },
  };
}
