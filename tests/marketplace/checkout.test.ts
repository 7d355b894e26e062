import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDiscrepancies, runIdempotent } from '../../src/modules/billing/index.js';
import { createCheckoutService } from '../../src/modules/marketplace/index.js';
import { defaultPricingRules } from '../../src/modules/pricing/index.js';
import { captureLogs } from '../support/test-platform.js';
import {
  addToCart,
  type BuyingCtx,
  balanceOf,
  checkout,
  expireLock,
  makeBuyer,
  openBuyingApp,
  purchaseCount,
} from './buying.helpers.js';
import { giveCredits, makeLeadWithContact } from './factories.js';

let ctx: BuyingCtx;

beforeAll(async () => {
  ctx = await openBuyingApp();
});
afterAll(async () => {
  await ctx.close();
});

const lead = (fields: Parameters<typeof makeLeadWithContact>[1] = {}) =>
  makeLeadWithContact(ctx.platform.db, fields);

async function slots(leadId: string) {
  const { rows } = await ctx.platform.db.query<{
    holders: number;
    max_buyers: number;
    exclusive_holder: string | null;
  }>('SELECT holders, max_buyers, exclusive_holder FROM lead_inventory WHERE lead_id = $1', [leadId]);
  return rows[0];
}

async function cartOf(buyer: { headers: Record<string, string> }) {
  return (await ctx.app.inject({ url: '/v1/cart', headers: buyer.headers })).json();
}

describe('checkout', () => {
  it('needs an Idempotency-Key and a non-empty cart', async () => {
    const buyer = await makeBuyer(ctx);
    const noKey = await checkout(ctx, buyer, null);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const empty = await checkout(ctx, buyer);
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.code).toBe('CART_EMPTY');
  });

  it('buys the whole cart: one ledger spend per purchase, slots taken, receipts kept, cart emptied', async () => {
    const buyer = await makeBuyer(ctx, 5_000);
    const a = await lead();
    const b = await lead({ zip: '87505', listing_type: 'owner_rental' });
    const quotes = [(await addToCart(ctx, buyer, a)).json(), (await addToCart(ctx, buyer, b)).json()];
    const total = quotes[0].credits + quotes[1].credits;

    const res = await checkout(ctx, buyer);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['idempotent-replayed']).toBe('false');
    const body = res.json();
    expect(body.total_credits).toBe(total);
    expect(body.balance).toBe(5_000 - total);
    expect(body.repriced).toEqual([]);
    expect(body.purchases).toHaveLength(2);
    expect(await balanceOf(ctx, buyer.userId)).toBe(5_000 - total);

    const { rows } = await ctx.platform.db.query<{
      id: string;
      lead_id: string;
      credits: number;
      price_version: number;
      receipt: { factors: unknown[] };
      reference: string;
      checkout_id: string;
    }>(
      `SELECT p.id, p.lead_id, p.credits, p.price_version, p.receipt, t.reference, p.checkout_id
         FROM purchases p JOIN credit_transactions t ON t.id = p.spend_transaction_id
        WHERE p.buyer_id = $1 ORDER BY p.lead_id`,
      [buyer.userId],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const quoted = quotes.find((q) => q.lead_id === row.lead_id);
      expect(row.credits).toBe(quoted.credits);
      expect(row.price_version).toBe(quoted.price_version);
      expect(row.receipt).toEqual(quoted.receipt);
      expect(row.reference).toBe(`purchase:${row.id}`);
      expect(row.checkout_id).toBe(body.checkout_id);
    }
    expect(new Set(rows.map((r) => r.reference)).size).toBe(2);
    expect(await slots(a)).toMatchObject({ holders: 1, max_buyers: 3, exclusive_holder: null });
    expect(await slots(b)).toMatchObject({ holders: 1 });
    expect((await cartOf(buyer)).item_count).toBe(0);
    const demand = await ctx.platform.db.query<{ purchases: number }>(
      'SELECT purchases FROM lead_demand WHERE lead_id = $1',
      [a],
    );
    expect(demand.rows[0]?.purchases).toBe(1);
  });

  it('replays the same Idempotency-Key: one purchase set, one debit, the same answer', async () => {
    const buyer = await makeBuyer(ctx, 5_000);
    const leadId = await lead();
    await addToCart(ctx, buyer, leadId);
    const key = randomUUID();
    const first = await checkout(ctx, buyer, key);
    expect(first.statusCode).toBe(201);
    const balance = await balanceOf(ctx, buyer.userId);
    // The buyer adds another lead, then retries the old request: it replays, it does not buy the new cart.
    await addToCart(ctx, buyer, await lead());
    const replay = await checkout(ctx, buyer, key);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expect(await purchaseCount(ctx, { buyerId: buyer.userId })).toBe(1);
    expect(await balanceOf(ctx, buyer.userId)).toBe(balance);
    expect((await cartOf(buyer)).item_count).toBe(1);
  });

  it('runs concurrent requests with one key once', async () => {
    const buyer = await makeBuyer(ctx, 5_000);
    await addToCart(ctx, buyer, await lead());
    await addToCart(ctx, buyer, await lead());
    const key = randomUUID();
    const answers = await Promise.all([
      checkout(ctx, buyer, key),
      checkout(ctx, buyer, key),
      checkout(ctx, buyer, key),
    ]);
    const statuses = answers.map((a) => a.statusCode);
    // Each either got the purchase (first or replayed) or was told the first is still running.
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(
      answers.filter((a) => a.statusCode === 201 && a.headers['idempotent-replayed'] === 'false'),
    ).toHaveLength(1);
    expect(await purchaseCount(ctx, { buyerId: buyer.userId })).toBe(2);
  });

  it('is all or nothing: one sold-out item means nothing is bought and no credit moves', async () => {
    const buyer = await makeBuyer(ctx, 5_000);
    const open = await lead();
    const soon = await lead();
    await addToCart(ctx, buyer, open);
    await addToCart(ctx, buyer, soon);
    // Others take the last slot of `soon` after it was carted.
    await ctx.platform.db.query('UPDATE lead_inventory SET holders = max_buyers WHERE lead_id = $1', [soon]);
    const res = await checkout(ctx, buyer);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'SOLD_OUT', details: { lead_id: soon } });
    expect(await purchaseCount(ctx, { buyerId: buyer.userId })).toBe(0);
    expect(await balanceOf(ctx, buyer.userId)).toBe(5_000);
    expect(await slots(open)).toMatchObject({ holders: 0 });
    const { rows } = await ctx.platform.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM checkouts WHERE buyer_id = $1',
      [buyer.userId],
    );
    expect(rows[0]!.n).toBe(0);
    expect((await cartOf(buyer)).item_count, 'the cart is left as it was').toBe(2);
  });

  it('refuses a lead withdrawn or sent to fraud review after it was carted, charging nothing', async () => {
    for (const [status, code] of [
      ['withdrawn', 'LEAD_WITHDRAWN'],
      ['fraud_review', 'LEAD_IN_FRAUD_REVIEW'],
    ] as const) {
      const buyer = await makeBuyer(ctx, 5_000);
      const leadId = await lead();
      await addToCart(ctx, buyer, leadId);
      await ctx.platform.db.query('UPDATE leads SET status = $2 WHERE id = $1', [leadId, status]);
      const res = await checkout(ctx, buyer);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe(code);
      expect(await balanceOf(ctx, buyer.userId)).toBe(5_000);
    }
  });

  it('concurrent checkouts of overlapping carts neither deadlock nor oversell: whole carts win or lose', async () => {
    const leads = [await lead(), await lead(), await lead()];
    const buyers = [];
    for (let i = 0; i < 7; i++) {
      const buyer = await makeBuyer(ctx, 5_000);
      // Each buyer carts the leads in a different order; checkout still locks them in lead id order.
      for (const leadId of i % 2 === 0 ? leads : [...leads].reverse()) await addToCart(ctx, buyer, leadId);
      buyers.push(buyer);
    }
    const answers = await Promise.all(buyers.map((buyer) => checkout(ctx, buyer)));
    const won = answers.filter((a) => a.statusCode === 201);
    // Three slots per lead and every cart wants all three leads: exactly three carts are bought whole.
    expect(won).toHaveLength(3);
    for (const lost of answers.filter((a) => a.statusCode !== 201)) {
      expect(lost.statusCode).toBe(409);
      expect(lost.json().error.code).toBe('SOLD_OUT');
    }
    for (const leadId of leads) {
      expect(await slots(leadId)).toMatchObject({ holders: 3 });
      expect(await purchaseCount(ctx, { leadId })).toBe(3);
    }
    for (const [i, buyer] of buyers.entries()) {
      const bought = await purchaseCount(ctx, { buyerId: buyer.userId });
      expect([0, 3]).toContain(bought);
      if (bought === 0) expect(await balanceOf(ctx, buyer.userId), `buyer ${i} paid nothing`).toBe(5_000);
    }
  });

  it('402 INSUFFICIENT_CREDITS rolls everything back; with credits and a new key it succeeds', async () => {
    const buyer = await makeBuyer(ctx, 1);
    const leadId = await lead();
    const quote = (await addToCart(ctx, buyer, leadId)).json();
    const poor = await checkout(ctx, buyer);
    expect(poor.statusCode).toBe(402);
    expect(poor.json().error).toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      details: { balance: 1, required: quote.credits },
    });
    expect(await slots(leadId)).toMatchObject({ holders: 0 });
    expect(await purchaseCount(ctx, { buyerId: buyer.userId })).toBe(0);
    expect(await balanceOf(ctx, buyer.userId)).toBe(1);
    await giveCredits(ctx.platform.db, buyer.userId, quote.credits);
    const paid = await checkout(ctx, buyer);
    expect(paid.statusCode).toBe(201);
    expect(await balanceOf(ctx, buyer.userId)).toBe(1);
  });

  it('an expired quote that got dearer fails with QUOTE_EXPIRED and stores the new quote in the cart', async () => {
    const buyer = await makeBuyer(ctx, 5_000);
    const leadId = await lead();
    const quoted = (await addToCart(ctx, buyer, leadId)).json();
    // The buyer had been quoted 1 credit; the lock ran out and the price is now the real one.
    await expireLock(ctx, buyer.userId, leadId, 1);
    const res = await checkout(ctx, buyer);
    expect(res.statusCode).toBe(409);
    const error = res.json().error;
    expect(error.code).toBe('QUOTE_EXPIRED');
    // The fresh quote is today's price (demand in this market may have moved it since the add).
    const fresh = error.details.new_total;
    expect(fresh).toBeGreaterThan(1);
    expect(Math.abs(fresh - quoted.credits)).toBeLessThanOrEqual(Math.ceil(quoted.credits * 0.2));
    expect(error.details).toEqual({
      old_total: 1,
      new_total: fresh,
      repriced: [{ lead_id: leadId, old_credits: 1, new_credits: fresh }],
    });
    expect(await purchaseCount(ctx, { buyerId: buyer.userId })).toBe(0);
    expect(await balanceOf(ctx, buyer.userId)).toBe(5_000);
    expect(await slots(leadId)).toMatchObject({ holders: 0 });
    const cart = await cartOf(buyer);
    expect(cart.items[0]).toMatchObject({ credits: fresh, expired: false });
    const again = await checkout(ctx, buyer);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ total_credits: fresh, repriced: [] });
  });

  it('an expired quote that got cheaper is bought at the new price and listed as repriced', async () => {
    const buyer = await makeBuyer(ctx, 5_000);
    const leadId = await lead();
    const quoted = (await addToCart(ctx, buyer, leadId)).json();
    await expireLock(ctx, buyer.userId, leadId, quoted.credits + 50);
    const res = await checkout(ctx, buyer);
    expect(res.statusCode).toBe(201);
    const [repriced] = res.json().repriced;
    expect(repriced).toMatchObject({ lead_id: leadId, old_credits: quoted.credits + 50 });
    expect(repriced.new_credits).toBeLessThan(quoted.credits + 50);
    expect(res.json().purchases[0].credits).toBe(repriced.new_credits);
    expect(res.json().total_credits).toBe(repriced.new_credits);
    expect(await balanceOf(ctx, buyer.userId)).toBe(5_000 - repriced.new_credits);
  });

  it('an exclusive purchase takes every slot; nobody else can then buy the lead', async () => {
    const buyer = await makeBuyer(ctx, 20_000);
    const leadId = await lead();
    const item = (await addToCart(ctx, buyer, leadId, true)).json();
    const res = await checkout(ctx, buyer);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().purchases[0]).toMatchObject({ exclusive: true, credits: item.credits });
    expect(await slots(leadId)).toEqual({ holders: 3, max_buyers: 3, exclusive_holder: buyer.userId });
    const other = await makeBuyer(ctx);
    const refused = await addToCart(ctx, other, leadId);
    expect(refused.json().error.code).toBe('SOLD_OUT');
  });

  it('an exclusive checkout fails with EXCLUSIVE_UNAVAILABLE when someone bought a slot after it was carted', async () => {
    const exclusiveBuyer = await makeBuyer(ctx, 20_000);
    const sharedBuyer = await makeBuyer(ctx, 5_000);
    const leadId = await lead();
    await addToCart(ctx, exclusiveBuyer, leadId, true);
    await addToCart(ctx, sharedBuyer, leadId);
    expect((await checkout(ctx, sharedBuyer)).statusCode).toBe(201);
    const res = await checkout(ctx, exclusiveBuyer);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('EXCLUSIVE_UNAVAILABLE');
    expect(await balanceOf(ctx, exclusiveBuyer.userId)).toBe(20_000);
    expect(await slots(leadId)).toMatchObject({ holders: 1, exclusive_holder: null });
  });

  it('calls afterCheckout with the purchase ids after commit; its failure is logged, not fatal', async () => {
    const { log, lines } = captureLogs('warn');
    const seen: string[][] = [];
    const deps = {
      db: ctx.platform.db,
      rules: defaultPricingRules(ctx.platform.config),
      now: () => new Date(),
      log,
      lockMinutes: 15,
      maxItems: 100,
      maxBuyers: 3,
    };
    const run = async (afterCheckout: (ids: string[]) => Promise<void>) => {
      const service = createCheckoutService({ ...deps, afterCheckout });
      const buyer = await makeBuyer(ctx, 5_000);
      await addToCart(ctx, buyer, await lead());
      let outcome: Awaited<ReturnType<typeof service.run>> | undefined;
      const result = await runIdempotent(
        ctx.platform.db,
        { scope: buyer.userId, key: 'k', fingerprint: 'f' },
        async (tx) => {
          outcome = await service.run(tx, buyer.userId);
          return outcome.response;
        },
      );
      await service.afterCommit(outcome!);
      return { buyer, result };
    };
    const ok = await run(async (ids) => {
      // Called after commit: the purchases are visible outside the checkout's transaction.
      const { rows } = await ctx.platform.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM purchases WHERE id = ANY($1::uuid[])',
        [ids],
      );
      expect(rows[0]!.n).toBe(ids.length);
      seen.push(ids);
    });
    expect(ok.result.status).toBe(201);
    expect(seen).toEqual([(ok.result.body as { purchases: { id: string }[] }).purchases.map((p) => p.id)]);

    const failing = await run(async () => {
      throw new Error('CRM down');
    });
    expect(failing.result.status).toBe(201);
    expect(await purchaseCount(ctx, { buyerId: failing.buyer.userId })).toBe(1);
    expect(lines().some((line) => String(line.msg).includes('afterCheckout failed'))).toBe(true);
  });

  it('leaves the ledger balanced', async () => {
    expect(await ledgerDiscrepancies(ctx.platform.db)).toEqual([]);
  });
});
