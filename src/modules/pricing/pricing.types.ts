import { type Static, Type } from 'typebox';

/** Listing types the marketplace sells; agent listings are kept for comps only and have no price. */
export const SELLABLE_TYPES = ['fsbo_sale', 'owner_rental', 'form_lead', 'contact_import'] as const;
export type SellableType = (typeof SELLABLE_TYPES)[number];

/** Demand signal kinds, each with its own weight in the demand score. */
export const DEMAND_KINDS = ['view', 'cart_add', 'purchase', 'saved_search_match'] as const;
export type DemandKind = (typeof DEMAND_KINDS)[number];

/** Factors an admin may pin to a value. */
export const OVERRIDABLE_FACTORS = ['market_base', 'quality', 'freshness', 'demand', 'exclusivity'] as const;
export type OverridableFactor = (typeof OVERRIDABLE_FACTORS)[number];

export const ReceiptFactor = Type.Object({
  code: Type.String(),
  label: Type.String(),
  value: Type.Union([Type.String(), Type.Number(), Type.Null()]),
  effect: Type.Object({ type: Type.Enum(['multiplier', 'credits']), by: Type.Number() }),
  detail: Type.String(),
});
export type ReceiptFactor = Static<typeof ReceiptFactor>;

/** Why a lead costs what it costs: every factor with its value and effect, in the order applied. */
export const PriceReceipt = Type.Object({
  version: Type.String(),
  factors: Type.Array(ReceiptFactor),
  base: Type.Number(),
  before_discount: Type.Integer(),
  discount: Type.Integer(),
  floor_or_ceiling_applied: Type.Union([Type.Enum(['floor', 'ceiling']), Type.Null()]),
  exclusive: Type.Boolean(),
  availability: Type.Enum(['available', 'sold_out', 'exclusive_unavailable']),
});
export type PriceReceipt = Static<typeof PriceReceipt>;

/** One day of demand in a market (or nationally, with the number of markets that saw demand that day). */
export interface DemandDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  views: number;
  cart_adds: number;
  purchases: number;
  saved_search_matches: number;
  markets?: number;
}

/** Recency-weighted demand: the lead's market and the national level per market, same units. */
export interface DemandLevel {
  market: number;
  nationalPerMarket: number;
}

/** An admin override as the engine sees it; the most specific target wins (lead, ZIP, city, state). */
export interface PriceOverride {
  id?: number;
  target: 'lead' | 'zip' | 'city' | 'state';
  kind: 'fixed_price' | 'multiplier' | 'factor';
  factor?: OverridableFactor | null;
  value: number;
  reason: string;
}

/** Everything the engine needs to price one lead; pure data, no database. */
export interface PriceInput {
  listingType: SellableType;
  propertyType: string | null;
  state: string | null;
  zip: string | null;
  qualityScore: number | null;
  /** When the owner posted; null falls back to when we first saw the lead (the caller decides). */
  postedAt: Date | null;
  now: Date;
  demand: DemandLevel;
  /** Buyers already holding the lead. */
  holders: number;
  /** Price of buying every slot (exclusively). */
  exclusive?: boolean;
  /** The buyer's plan discount, 0–90. */
  discountPercent?: number;
  overrides?: PriceOverride[];
}

export interface PriceResult {
  credits: number;
  receipt: PriceReceipt;
}

/** The tables and knobs of the engine; `defaultPricingRules(config)` builds the shipped ones. */
export interface PricingRules {
  version: string;
  baseCredits: Record<SellableType, number>;
  propertyTypeMultipliers: Record<string, number>;
  /** Market tiers by state and by ZIP3 (metro areas); a ZIP3 entry wins over its state. */
  stateTiers: Record<string, number>;
  zip3Tiers: Record<string, number>;
  tierMultipliers: Record<number, number>;
  defaultTier: number;
  quality: { min: number; max: number };
  freshness: { halfLifeDays: number; floor: number };
  demand: {
    halfLifeHours: number;
    windowDays: number;
    weights: Record<DemandKind, number>;
    /** Weighted events added to both sides of the ratio so thin markets stay near 1. */
    prior: number;
    elasticity: number;
    min: number;
    max: number;
  };
  exclusivity: { maxBuyers: number; holderDiscount: number; exclusiveMultiplier: number };
  floorCredits: number;
  ceilingCredits: number;
}
