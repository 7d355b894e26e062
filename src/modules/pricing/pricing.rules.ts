import type { Platform } from '../../platform/platform.js';
import type { PricingRules } from './pricing.types.js';

/** Bumped whenever a table or formula below changes, so stored receipts say which rules made them. */
export const PRICING_RULES_VERSION = 'pricing-v1';

// Market tiers: 1 = the costliest housing markets (owner leads there are worth most to investors and
// agents), 2 = large growth markets, 3 = everything else. A ZIP3 (metro area) entry wins over its state,
// so e.g. Santa Fe (875) is priced above the rest of New Mexico.
const STATE_TIERS: Record<string, number> = {
  CA: 1,
  NY: 1,
  MA: 1,
  WA: 1,
  NJ: 1,
  HI: 1,
  DC: 1,
  FL: 2,
  TX: 2,
  CO: 2,
  AZ: 2,
  NV: 2,
  OR: 2,
  VA: 2,
  MD: 2,
  IL: 2,
  CT: 2,
  GA: 2,
  NC: 2,
  UT: 2,
};
const ZIP3_TIERS: Record<string, number> = {
  '875': 2, // Santa Fe, NM
  '787': 1, // Austin, TX
  '331': 1, // Miami, FL
  '606': 1, // Chicago, IL
  '802': 1, // Denver, CO
};

type RulesConfig = Pick<
  Platform['config'],
  | 'PRICE_FLOOR_CREDITS'
  | 'PRICE_CEILING_CREDITS'
  | 'EXCLUSIVITY_MAX_BUYERS'
  | 'EXCLUSIVE_MULTIPLIER_PERCENT'
  | 'DEMAND_HALF_LIFE_HOURS'
  | 'FRESHNESS_HALF_LIFE_DAYS'
>;

/** The shipped rule tables with the configured floor, ceiling, slots and half-lives. */
export function defaultPricingRules(config: RulesConfig): PricingRules {
  return {
    version: PRICING_RULES_VERSION,
    // A seller lead is worth most; a rental owner or an imported contact far less.
    baseCredits: { fsbo_sale: 20, form_lead: 15, owner_rental: 8, contact_import: 6 },
    propertyTypeMultipliers: {
      multi_family: 1.25,
      house: 1.1,
      townhouse: 1.0,
      condo: 1.0,
      manufactured: 0.8,
      land: 0.8,
      apartment: 0.9,
      room: 0.5,
      other: 0.9,
    },
    stateTiers: STATE_TIERS,
    zip3Tiers: ZIP3_TIERS,
    tierMultipliers: { 1: 1.3, 2: 1.15, 3: 1.0 },
    defaultTier: 3,
    quality: { min: 0.6, max: 1.4 },
    freshness: { halfLifeDays: config.FRESHNESS_HALF_LIFE_DAYS, floor: 0.4 },
    demand: {
      halfLifeHours: config.DEMAND_HALF_LIFE_HOURS,
      // Seven half-lives at the default 72 h: older demand weighs under 1 % and is not read.
      windowDays: Math.max(1, Math.ceil((config.DEMAND_HALF_LIFE_HOURS * 7) / 24)),
      weights: { view: 1, saved_search_match: 2, cart_add: 4, purchase: 10 },
      prior: 20,
      elasticity: 0.3,
      min: 0.8,
      max: 1.6,
    },
    exclusivity: {
      maxBuyers: config.EXCLUSIVITY_MAX_BUYERS,
      // The last slot sells at half the first: two buyers already called this owner.
      holderDiscount: 0.5,
      exclusiveMultiplier: config.EXCLUSIVE_MULTIPLIER_PERCENT / 100,
    },
    floorCredits: config.PRICE_FLOOR_CREDITS,
    ceilingCredits: config.PRICE_CEILING_CREDITS,
  };
}

/** The rules with the config defaults: for tests, benches and the offline simulator. */
export const DEFAULT_RULES_CONFIG: RulesConfig = {
  PRICE_FLOOR_CREDITS: 3,
  PRICE_CEILING_CREDITS: 250,
  EXCLUSIVITY_MAX_BUYERS: 3,
  EXCLUSIVE_MULTIPLIER_PERCENT: 250,
  DEMAND_HALF_LIFE_HOURS: 72,
  FRESHNESS_HALF_LIFE_DAYS: 14,
};
