import { concurrentReads, type Queryable } from '../../platform/db/index.js';
import { findSubscriptionOf, listPlans } from '../billing/index.js';
import type { Market } from './demand.repository.js';
import type { OverrideRow } from './overrides.repository.js';
import { priceLead } from './price-lead.js';
import {
  isSellable,
  type LeadPricingRow,
  readLeadsForPricing,
  storePriceVersions,
} from './prices.repository.js';
import { LeadNotForSaleError, PricingLeadNotFoundError } from './pricing.errors.js';
import {
  type PriceOverride,
  type PriceReceipt,
  type PricingRules,
  SELLABLE_TYPES,
  type SellableType,
} from './pricing.types.js';
import { type QuoteInputs, readQuoteInputs } from './quote-inputs.repository.js';

export interface QuoteOptions {
  now: Date;
  rules: PricingRules;
  /** Applies the buyer's plan discount. */
  buyerId?: string;
  /** Quotes the exclusive option (every slot) instead of one shared slot. */
  exclusive?: boolean;
  /** Buyers holding each lead; by default pricing's own count of purchase signals. */
  holdersOf?: (db: Queryable, leadIds: readonly string[]) => Promise<Map<string, number>>;
  /** Store a new price version when the list price changed (default true). */
  store?: boolean;
  /** The leads, demand and overrides already read (`quoteInputsSql` inside the caller's statement). */
  inputs?: QuoteInputs;
}

/** A quote: what this buyer pays now, why, and the stored list-price version it derives from. */
export interface Quote {
  lead_id: string;
  credits: number;
  receipt: PriceReceipt;
  /** The list price (one shared slot, no discount) and its version in the lead's price history. */
  list_credits: number;
  price_version: number;
}

const marketKey = (market: Market) => `${market.scope}:${market.area}`;

/** Every market an override may target for a lead: its ZIP, its city and its state. */
function overrideMarkets(lead: LeadPricingRow): Market[] {
  const markets: Market[] = [];
  if (lead.zip) markets.push({ scope: 'zip', area: lead.zip });
  if (lead.city && lead.state)
    markets.push({ scope: 'city', area: `${lead.city.toUpperCase()}|${lead.state}` });
  if (lead.state) markets.push({ scope: 'state', area: lead.state });
  return markets;
}

function overridesOf(lead: LeadPricingRow, rows: OverrideRow[]): PriceOverride[] {
  const keys = new Set(overrideMarkets(lead).map(marketKey));
  return rows
    .filter((row) =>
      row.target === 'lead' ? row.lead_id === lead.id : keys.has(`${row.market_scope}:${row.area}`),
    )
    .map((row) => ({
      id: row.id,
      target: row.target === 'lead' ? 'lead' : row.market_scope!,
      kind: row.kind,
      factor: row.factor,
      value: Number(row.value),
      reason: row.reason,
    }));
}

/** The buyer's plan discount in percent: active plans, and past-due ones still within their grace. */
export async function buyerDiscountPercent(db: Queryable, buyerId: string, now: Date): Promise<number> {
  const subscription = await findSubscriptionOf(db, buyerId);
  if (!subscription) return 0;
  const inGrace =
    subscription.status === 'past_due' && (subscription.grace_until?.getTime() ?? 0) > now.getTime();
  if (subscription.status !== 'active' && !inGrace) return 0;
  const plan = (await listPlans(db)).find((candidate) => candidate.id === subscription.plan_id);
  return plan?.lead_discount_percent ?? 0;
}

/**
 * Quotes many leads with set-based reads (leads + latest prices, demand levels and overrides in one
 * statement; holders and the buyer's discount beside it) and one write for the list prices that changed.
 * Leads that do not exist or are not for sale are absent from the result. Meant for a search page.
 */
export async function quoteLeads(
  db: Queryable,
  leadIds: readonly string[],
  options: QuoteOptions,
): Promise<Map<string, Quote>> {
  const { now, rules } = options;
  const unique = [...new Set(leadIds)];
  // The leads, demand and overrides in one statement; holders and the discount beside it.
  const [{ leads: rows, levels, overrides }, givenHolders, discount] = await concurrentReads(db, [
    async () => options.inputs ?? readQuoteInputs(db, unique, now, rules),
    () => (options.holdersOf ? options.holdersOf(db, unique) : Promise.resolve(null)),
    () => (options.buyerId ? buyerDiscountPercent(db, options.buyerId, now) : Promise.resolve(0)),
  ] as const);
  const leads = rows.filter((lead) => isSellable(lead.listing_type, SELLABLE_TYPES));
  if (leads.length === 0) return new Map();
  const holders = givenHolders ?? new Map(leads.map((lead) => [lead.id, lead.purchase_signals]));
  const nationalPerMarket = levels.get('national') ?? 0;

  const listed = leads.map((lead) => {
    const input = {
      listingType: lead.listing_type as SellableType,
      propertyType: lead.property_type,
      state: lead.state,
      zip: lead.zip,
      qualityScore: lead.quality_score,
      postedAt: lead.posted_at,
      now,
      demand: { market: (lead.market && levels.get(marketKey(lead.market))) || 0, nationalPerMarket },
      holders: holders.get(lead.id) ?? 0,
      overrides: overridesOf(lead, overrides),
    };
    return { lead, input, list: priceLead(input, rules) };
  });

  const changed = listed.filter(({ lead, list }) => lead.latest_credits !== list.credits);
  const stored =
    options.store === false
      ? new Map<string, number>()
      : await storePriceVersions(
          db,
          changed.map(({ lead, list }) => ({
            leadId: lead.id,
            credits: list.credits,
            receipt: list.receipt,
            rulesVersion: rules.version,
            computedAt: now,
          })),
        );

  const quotes = new Map<string, Quote>();
  for (const { lead, input, list } of listed) {
    const personal =
      discount > 0 || options.exclusive
        ? priceLead({ ...input, discountPercent: discount, exclusive: options.exclusive }, rules)
        : list;
    quotes.set(lead.id, {
      lead_id: lead.id,
      credits: personal.credits,
      receipt: personal.receipt,
      list_credits: list.credits,
      price_version: stored.get(lead.id) ?? lead.latest_version ?? 0,
    });
  }
  return quotes;
}

/** Quotes one lead for a buyer (or anonymously); stores a new list-price version when it changed. */
export async function quoteLead(db: Queryable, leadId: string, options: QuoteOptions): Promise<Quote> {
  const quote = (await quoteLeads(db, [leadId], options)).get(leadId);
  if (quote) return quote;
  const [lead] = await readLeadsForPricing(db, [leadId]);
  if (!lead) throw new PricingLeadNotFoundError(leadId);
  throw new LeadNotForSaleError(leadId, lead.listing_type);
}
