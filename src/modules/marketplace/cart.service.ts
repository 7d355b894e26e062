import type { Database, Queryable } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger/index.js';
import { type PricingRules, quoteLead, quoteLeads, recordDemandEvent } from '../pricing/index.js';
import {
  type CartQuote,
  type CartRow,
  type CartRowWithLead,
  countCartItems,
  deleteCartItems,
  hasCartItem,
  listCart,
  lockCartOwner,
  readLeadsForSale,
  upsertCartItem,
} from './cart.repository.js';
import { ensureInventory, holdersOf, readInventory } from './inventory.repository.js';
import { AlreadyPurchasedError, CartFullError, CartItemNotFoundError } from './marketplace.errors.js';
import type { AddCartItem, CartItem, CartView } from './marketplace.schemas.js';
import { purchasedLeadIds } from './purchases.repository.js';
import { assertAvailable, assertOnSale } from './sale-rules.js';

/** What the cart and checkout need; the module builds it from the platform and config. */
export interface MarketplaceDeps {
  db: Database;
  rules: PricingRules;
  now: () => Date;
  log: Logger;
  /** CART_PRICE_LOCK_MINUTES */
  lockMinutes: number;
  /** CART_MAX_ITEMS */
  maxItems: number;
  /** EXCLUSIVITY_MAX_BUYERS: slots of a lead's inventory row when it is created. */
  maxBuyers: number;
}

const MINUTE_MS = 60_000;

function toItem(row: CartRow, lead: CartItem['lead'], now: Date): CartItem {
  return {
    lead_id: row.lead_id,
    exclusive: row.exclusive,
    credits: row.credits,
    price_version: row.price_version,
    receipt: row.receipt,
    quoted_at: row.quoted_at.toISOString(),
    locked_until: row.locked_until.toISOString(),
    expired: row.locked_until.getTime() <= now.getTime(),
    added_at: row.added_at.toISOString(),
    lead,
  };
}

const leadSummary = (row: CartRowWithLead): CartItem['lead'] => ({
  status: row.lead_status,
  listing_type: row.listing_type,
  property_type: row.property_type,
  title: row.title,
  city: row.city,
  state: row.state,
  zip: row.zip,
  quality_score: row.quality_score,
});

/**
 * Fresh quotes for a buyer's items, locked for the configured time, with the lead's current holders.
 * Leads that stopped being sellable are absent (the caller has checked them first).
 */
export async function quoteForCart(
  db: Queryable,
  deps: Pick<MarketplaceDeps, 'rules' | 'lockMinutes'>,
  buyerId: string,
  items: { leadId: string; exclusive: boolean }[],
  now: Date,
): Promise<Map<string, CartQuote>> {
  const lockedUntil = new Date(now.getTime() + deps.lockMinutes * MINUTE_MS);
  const quotes = new Map<string, CartQuote>();
  for (const exclusive of [false, true]) {
    const ids = items.filter((item) => item.exclusive === exclusive).map((item) => item.leadId);
    if (ids.length === 0) continue;
    const priced = await quoteLeads(db, ids, { now, rules: deps.rules, buyerId, exclusive, holdersOf });
    for (const [leadId, quote] of priced) {
      quotes.set(leadId, {
        leadId,
        exclusive,
        credits: quote.credits,
        priceVersion: quote.price_version,
        receipt: quote.receipt,
        quotedAt: now,
        lockedUntil,
      });
    }
  }
  return quotes;
}

export type CartService = ReturnType<typeof createCartService>;

/** The buyer's cart: each item quoted and its price locked for `lockMinutes`. */
export function createCartService(deps: MarketplaceDeps) {
  const { db, rules } = deps;

  return {
    /** The cart with each item's lead summary, whether its lock expired, and the total. */
    async view(userId: string): Promise<CartView> {
      const now = deps.now();
      const items = (await listCart(db, userId)).map((row) => toItem(row, leadSummary(row), now));
      return {
        items,
        item_count: items.length,
        total_credits: items.reduce((sum, item) => sum + item.credits, 0),
        expired_count: items.filter((item) => item.expired).length,
        max_items: deps.maxItems,
      };
    },

    /**
     * Quotes a lead for the buyer and puts it in the cart (or re-quotes the item already there), after the
     * sale rules: on sale, not already bought, a slot left (every slot free when exclusive), room in the cart.
     */
    async add(userId: string, input: AddCartItem): Promise<{ item: CartItem; created: boolean }> {
      const now = deps.now();
      const leadId = input.lead_id;
      const exclusive = input.exclusive ?? false;
      const lead = (await readLeadsForSale(db, [leadId])).get(leadId);
      assertOnSale(leadId, lead);
      if ((await purchasedLeadIds(db, userId, [leadId])).has(leadId)) throw new AlreadyPurchasedError(leadId);
      assertAvailable(leadId, (await readInventory(db, [leadId])).get(leadId), exclusive);

      // Quoted before the transaction (pricing's reads then run at once on the pool), so the buyer's row
      // lock below is held for writes only.
      const price = await quoteLead(db, leadId, { now, rules, buyerId: userId, exclusive, holdersOf });
      const { created } = await db.transaction(async (tx) => {
        // Serialise this buyer's cart writes so two concurrent adds cannot both pass the size check.
        await lockCartOwner(tx, userId);
        if (!(await hasCartItem(tx, userId, leadId)) && (await countCartItems(tx, userId)) >= deps.maxItems) {
          throw new CartFullError(deps.maxItems);
        }
        await ensureInventory(tx, [leadId], deps.maxBuyers);
        return upsertCartItem(tx, userId, {
          leadId,
          exclusive,
          credits: price.credits,
          priceVersion: price.price_version,
          receipt: price.receipt,
          quotedAt: now,
          lockedUntil: new Date(now.getTime() + deps.lockMinutes * MINUTE_MS),
        });
      });
      // A demand signal, not part of the cart's truth: a failure to count it must not refuse the add.
      if (created) {
        await recordDemandEvent(db, { leadId, kind: 'cart_add', at: now }).catch((error: unknown) =>
          deps.log.warn({ err: error, leadId }, 'cart_add demand event not recorded'),
        );
      }
      const [stored] = await listCart(db, userId, leadId);
      return { item: toItem(stored!, leadSummary(stored!), now), created };
    },

    async remove(userId: string, leadId: string): Promise<void> {
      if ((await deleteCartItems(db, userId, [leadId])) === 0) throw new CartItemNotFoundError(leadId);
    },
  };
}
