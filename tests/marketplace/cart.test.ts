import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, type BuyingCtx, expireLock, makeBuyer, openBuyingApp } from './buying.helpers.js';
import { makeLeadWithContact, makePurchase } from './factories.js';

let ctx: BuyingCtx;

beforeAll(async () => {
  ctx = await openBuyingApp({ CART_MAX_ITEMS: '3', CART_PRICE_LOCK_MINUTES: '15' });
});
afterAll(async () => {
  await ctx.close();
});

const lead = (fields: Parameters<typeof makeLeadWithContact>[1] = {}) =>
  makeLeadWithContact(ctx.platform.db, fields);

async function cartAdds(leadId: string): Promise<number> {
  const { rows } = await ctx.platform.db.query<{ cart_adds: number }>(
    'SELECT cart_adds FROM lead_demand WHERE lead_id = $1',
    [leadId],
  );
  return rows[0]?.cart_adds ?? 0;
}

describe('cart', () => {
  it('needs a signed-in user', async () => {
    expect((await ctx.app.inject({ url: '/v1/cart' })).statusCode).toBe(401);
  });

  it('adds a lead with a quote locked for the configured minutes, and shows it with the total', async () => {
    const buyer = await makeBuyer(ctx);
    const leadId = await lead();
    const before = Date.now();
    const added = await addToCart(ctx, buyer, leadId);
    expect(added.statusCode).toBe(201);
    const item = added.json();
    expect(item).toMatchObject({ lead_id: leadId, exclusive: false, expired: false });
    expect(item.credits).toBeGreaterThan(0);
    expect(item.receipt.factors.length).toBeGreaterThan(0);
    expect(item.receipt.availability).toBe('available');
    const lockMs = Date.parse(item.locked_until) - Date.parse(item.quoted_at);
    expect(lockMs).toBe(15 * 60_000);
    expect(Date.parse(item.quoted_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(item.lead).toMatchObject({ city: 'Santa Fe', state: 'NM', listing_type: 'fsbo_sale' });
    expect(item.lead).not.toHaveProperty('phones');
    expect(await cartAdds(leadId)).toBe(1);

    const second = await lead({ zip: '87505' });
    await addToCart(ctx, buyer, second);
    const cart = await ctx.app.inject({ url: '/v1/cart', headers: buyer.headers });
    expect(cart.statusCode).toBe(200);
    const body = cart.json();
    expect(body.item_count).toBe(2);
    expect(body.total_credits).toBe(body.items[0].credits + body.items[1].credits);
    expect(body.expired_count).toBe(0);
    expect(body.max_items).toBe(3);
    // The cart carries no contact field at all.
    expect(cart.body).not.toContain('5550142');
    expect(cart.body).not.toContain('maria');
  });

  it('re-quotes an item already in the cart (200) and can switch it to exclusive', async () => {
    const buyer = await makeBuyer(ctx);
    const leadId = await lead();
    const shared = (await addToCart(ctx, buyer, leadId)).json();
    await expireLock(ctx, buyer.userId, leadId);
    const again = await addToCart(ctx, buyer, leadId, true);
    expect(again.statusCode).toBe(200);
    const item = again.json();
    expect(item.exclusive).toBe(true);
    expect(item.receipt.exclusive).toBe(true);
    expect(item.credits).toBeGreaterThan(shared.credits);
    expect(item.expired).toBe(false);
    // A re-quote is not a new cart add in the demand signals.
    expect(await cartAdds(leadId)).toBe(1);
    const cart = (await ctx.app.inject({ url: '/v1/cart', headers: buyer.headers })).json();
    expect(cart.item_count).toBe(1);
  });

  it('shows an item whose lock ran out as expired', async () => {
    const buyer = await makeBuyer(ctx);
    const leadId = await lead();
    await addToCart(ctx, buyer, leadId);
    await expireLock(ctx, buyer.userId, leadId);
    const cart = (await ctx.app.inject({ url: '/v1/cart', headers: buyer.headers })).json();
    expect(cart.items[0].expired).toBe(true);
    expect(cart.expired_count).toBe(1);
  });

  it('removes an item (204), and says CART_ITEM_NOT_FOUND for one that is not there', async () => {
    const buyer = await makeBuyer(ctx);
    const leadId = await lead();
    await addToCart(ctx, buyer, leadId);
    const removed = await ctx.app.inject({
      method: 'DELETE',
      url: `/v1/cart/items/${leadId}`,
      headers: buyer.headers,
    });
    expect(removed.statusCode).toBe(204);
    const again = await ctx.app.inject({
      method: 'DELETE',
      url: `/v1/cart/items/${leadId}`,
      headers: buyer.headers,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('CART_ITEM_NOT_FOUND');
    expect((await ctx.app.inject({ url: '/v1/cart', headers: buyer.headers })).json().item_count).toBe(0);
  });

  it("does not let one buyer remove another's item", async () => {
    const owner = await makeBuyer(ctx);
    const other = await makeBuyer(ctx);
    const leadId = await lead();
    await addToCart(ctx, owner, leadId);
    const res = await ctx.app.inject({
      method: 'DELETE',
      url: `/v1/cart/items/${leadId}`,
      headers: other.headers,
    });
    expect(res.statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/v1/cart', headers: owner.headers })).json().item_count).toBe(1);
  });
});

describe('cart refusals', () => {
  const refused = async (leadId: string, status: number, code: string, exclusive?: boolean) => {
    const buyer = await makeBuyer(ctx);
    const res = await addToCart(ctx, buyer, leadId, exclusive);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    const cart = (await ctx.app.inject({ url: '/v1/cart', headers: buyer.headers })).json();
    expect(cart.item_count, 'nothing was added').toBe(0);
  };

  it('LEAD_NOT_FOUND (404) for an unknown lead, 400 for a malformed id', async () => {
    await refused('00000000-0000-4000-8000-000000000000', 404, 'LEAD_NOT_FOUND');
    const buyer = await makeBuyer(ctx, 0);
    expect((await addToCart(ctx, buyer, 'not-a-uuid')).statusCode).toBe(400);
  });

  it('LEAD_NOT_FOR_SALE (422) for agent listings and unpublished drafts', async () => {
    await refused(await lead({ listing_type: 'agent_sale' }), 422, 'LEAD_NOT_FOR_SALE');
    await refused(await lead({ listing_type: 'agent_rental' }), 422, 'LEAD_NOT_FOR_SALE');
    await refused(await lead({ status: 'draft' }), 422, 'LEAD_NOT_FOR_SALE');
  });

  it('LEAD_WITHDRAWN (409) for withdrawn and merged leads', async () => {
    await refused(await lead({ status: 'withdrawn' }), 409, 'LEAD_WITHDRAWN');
    const survivor = await lead();
    const merged = await lead();
    await ctx.platform.db.query(`UPDATE leads SET status = 'merged', merged_into = $2 WHERE id = $1`, [
      merged,
      survivor,
    ]);
    const buyer = await makeBuyer(ctx);
    const res = await addToCart(ctx, buyer, merged);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'LEAD_WITHDRAWN', details: { merged_into: survivor } });
  });

  it('LEAD_IN_FRAUD_REVIEW (409)', async () => {
    await refused(await lead({ status: 'fraud_review' }), 409, 'LEAD_IN_FRAUD_REVIEW');
  });

  it('ALREADY_PURCHASED (409) for a lead the buyer holds, refunded or not', async () => {
    const buyer = await makeBuyer(ctx);
    const leadId = await lead();
    await makePurchase(ctx.platform.db, { buyerId: buyer.userId, leadId });
    const res = await addToCart(ctx, buyer, leadId);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ALREADY_PURCHASED');
  });

  it('SOLD_OUT (409) when every slot is taken or one buyer holds it exclusively', async () => {
    const full = await lead();
    await ctx.platform.db.query(
      'INSERT INTO lead_inventory (lead_id, max_buyers, holders) VALUES ($1, 2, 2)',
      [full],
    );
    await refused(full, 409, 'SOLD_OUT');
    const exclusive = await lead();
    const holder = await makeBuyer(ctx);
    await makePurchase(ctx.platform.db, { buyerId: holder.userId, leadId: exclusive, exclusive: true });
    await refused(exclusive, 409, 'SOLD_OUT');
  });

  it('EXCLUSIVE_UNAVAILABLE (409) when someone already holds the lead; a shared slot is still sold', async () => {
    const leadId = await lead();
    const first = await makeBuyer(ctx);
    await makePurchase(ctx.platform.db, { buyerId: first.userId, leadId });
    await refused(leadId, 409, 'EXCLUSIVE_UNAVAILABLE', true);
    const buyer = await makeBuyer(ctx);
    const shared = await addToCart(ctx, buyer, leadId);
    expect(shared.statusCode).toBe(201);
    // The quote saw the slot already taken (holders from the inventory, not from demand signals).
    const factor = shared.json().receipt.factors.find((f: { code: string }) => f.code === 'EXCLUSIVITY');
    expect(factor.value).toBe(1);
  });

  it('CART_FULL (409) past CART_MAX_ITEMS; re-quoting an item already in a full cart still works', async () => {
    const buyer = await makeBuyer(ctx);
    const ids = [await lead(), await lead(), await lead()];
    for (const id of ids) expect((await addToCart(ctx, buyer, id)).statusCode).toBe(201);
    const fourth = await addToCart(ctx, buyer, await lead());
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error).toMatchObject({ code: 'CART_FULL', details: { max_items: 3 } });
    expect((await addToCart(ctx, buyer, ids[0]!)).statusCode).toBe(200);
  });
});
