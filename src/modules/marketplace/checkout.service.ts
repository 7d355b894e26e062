import { randomUUID } from 'node:crypto';
import type { Transaction } from '../../platform/db/index.js';
import {
  type IdempotentResponse,
  InsufficientCreditsError,
  spendCredits,
  walletBalance,
} from '../billing/index.js';
import { recordDemandEvent } from '../pricing/index.js';
import { deleteCartItems, lockCart, readLeadsForSale, requoteCartItems } from './cart.repository.js';
import { type MarketplaceDeps, quoteForCart } from './cart.service.js';
import { insertCheckout, insertPurchases, type NewPurchase } from './checkout.repository.js';
import { ensureInventory, readInventory, takeSlot } from './inventory.repository.js';
import { AlreadyPurchasedError, CartEmptyError, SoldOutError } from './marketplace.errors.js';
import type { CheckoutResult, Repriced } from './marketplace.schemas.js';
import { purchasedLeadIds } from './purchases.repository.js';
import { assertAvailable, assertOnSale } from './sale-rules.js';

export interface CheckoutDeps extends MarketplaceDeps {
  /**
   * Called after a checkout committed, with its purchase ids (CRM delivery hangs here). Its errors are
   * logged and never fail the checkout: the buyer has paid and holds the leads either way.
   */
  afterCheckout?: (purchaseIds: string[]) => Promise<void> | void;
}

/** What one checkout attempt did: the HTTP answer to store with the key, and what was bought. */
export interface CheckoutOutcome {
  response: IdempotentResponse;
  bought: { purchaseId: string; leadId: string }[];
  at: Date;
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;

/** Buys the whole cart or nothing; see docs/MARKETPLACE.md "Checkout" for the order of the steps. */
export function createCheckoutService(deps: CheckoutDeps) {
  return {
    /**
     * Runs inside the caller's transaction (the Idempotency-Key's). A refusal throws an AppError so every
     * write rolls back; an expired quote that got dearer answers 409 QUOTE_EXPIRED as a value instead,
     * because the new quotes it stores in the cart must survive.
     */
    async run(tx: Transaction, buyerId: string): Promise<CheckoutOutcome> {
      const now = deps.now();
      // Locks in one global order (this buyer's cart rows, slot rows by lead id, then the wallet), so
      // concurrent checkouts queue and never deadlock.
      const items = await lockCart(tx, buyerId);
      if (items.length === 0) throw new CartEmptyError();
      const leadIds = items.map((item) => item.lead_id);

      const leads = await readLeadsForSale(tx, leadIds);
      for (const item of items) assertOnSale(item.lead_id, leads.get(item.lead_id));
      const owned = await purchasedLeadIds(tx, buyerId, leadIds);
      const first = items.find((item) => owned.has(item.lead_id));
      if (first) throw new AlreadyPurchasedError(first.lead_id);
      await ensureInventory(tx, leadIds, deps.maxBuyers);
      const slots = await readInventory(tx, leadIds);
      for (const item of items) assertAvailable(item.lead_id, slots.get(item.lead_id), item.exclusive);

      const expired = items.filter((item) => item.locked_until.getTime() <= now.getTime());
      const repriced: Repriced[] = [];
      if (expired.length > 0) {
        const fresh = await quoteForCart(
          tx,
          deps,
          buyerId,
          expired.map((item) => ({ leadId: item.lead_id, exclusive: item.exclusive })),
          now,
        );
        const before = items.reduce((sum, item) => sum + item.credits, 0);
        let after = before;
        for (const item of expired) {
          const quote = fresh.get(item.lead_id)!;
          after += quote.credits - item.credits;
          repriced.push({ lead_id: item.lead_id, old_credits: item.credits, new_credits: quote.credits });
        }
        if (after > before) {
          await requoteCartItems(tx, buyerId, [...fresh.values()]);
          return {
            response: {
              status: 409,
              body: {
                error: {
                  code: 'QUOTE_EXPIRED',
                  message: `Price locks expired and the cart now costs ${after} credits instead of ${before}; review the new prices and check out again with a new Idempotency-Key`,
                  details: { old_total: before, new_total: after, repriced },
                },
              },
            },
            bought: [],
            at: now,
          };
        }
        for (const item of expired) {
          const quote = fresh.get(item.lead_id)!;
          Object.assign(item, {
            credits: quote.credits,
            price_version: quote.priceVersion,
            receipt: quote.receipt,
          });
        }
      }

      const total = items.reduce((sum, item) => sum + item.credits, 0);
      const balance = await walletBalance(tx, buyerId);
      if (balance < total) throw new InsufficientCreditsError(balance, total);

      for (const item of items) {
        const taken = await takeSlot(tx, { leadId: item.lead_id, buyerId, exclusive: item.exclusive });
        if (!taken) {
          // Another checkout took the slot after our read: say which refusal applies now.
          assertAvailable(
            item.lead_id,
            (await readInventory(tx, [item.lead_id])).get(item.lead_id),
            item.exclusive,
          );
          throw new SoldOutError(item.lead_id);
        }
      }

      const checkoutId = await insertCheckout(tx, {
        buyerId,
        totalCredits: total,
        itemCount: items.length,
        at: now,
      });
      const purchases: NewPurchase[] = [];
      let left = balance;
      for (const item of items) {
        const id = randomUUID();
        // One ledger transaction per purchase, so a refund reverses exactly one.
        const spent = await spendCredits(tx, {
          userId: buyerId,
          amount: item.credits,
          reference: `purchase:${id}`,
          description: `Lead purchase ${item.lead_id}${item.exclusive ? ' (exclusive)' : ''}`,
        });
        left = spent.balance;
        purchases.push({
          id,
          leadId: item.lead_id,
          exclusive: item.exclusive,
          credits: item.credits,
          priceVersion: item.price_version,
          receipt: item.receipt,
          spendTransactionId: spent.transactionId,
        });
      }
      await insertPurchases(tx, { checkoutId, buyerId, at: now, purchases });
      await deleteCartItems(tx, buyerId, leadIds);

      const body: CheckoutResult = {
        checkout_id: checkoutId,
        total_credits: total,
        balance: left,
        purchases: purchases.map((p) => ({
          id: p.id,
          lead_id: p.leadId,
          exclusive: p.exclusive,
          credits: p.credits,
          price_version: p.priceVersion,
        })),
        repriced,
      };
      return {
        response: { status: 201, body },
        bought: purchases.map((p) => ({ purchaseId: p.id, leadId: p.leadId })),
        at: now,
      };
    },

    /**
     * After commit: the sales as demand signals, then `afterCheckout`. Demand is counted here rather than
     * in the checkout's transaction because its per-market and national day rows are shared by every
     * checkout: locking them until commit would serialise all buyers (and invite deadlocks across
     * markets). Neither step can fail a checkout that has committed.
     */
    async afterCommit(outcome: CheckoutOutcome): Promise<void> {
      if (outcome.bought.length === 0) return;
      for (const { leadId } of outcome.bought) {
        await recordDemandEvent(deps.db, { leadId, kind: 'purchase', at: outcome.at }).catch(
          (error: unknown) => deps.log.warn({ err: error, leadId }, 'purchase demand event not recorded'),
        );
      }
      if (!deps.afterCheckout) return;
      try {
        await deps.afterCheckout(outcome.bought.map((b) => b.purchaseId));
      } catch (error) {
        deps.log.error({ err: error }, 'afterCheckout failed; the checkout stands');
      }
    },
  };
}
